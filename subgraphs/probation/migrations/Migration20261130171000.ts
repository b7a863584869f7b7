import { Migration } from '@mikro-orm/migrations';

/** When the probation data about each person last changed, and custody spells with the expected release date. */
export class Migration20261130171000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "probation_case" add column "record_changed_at" timestamptz not null default now();`);
    this.addSql(`create table "probation_custody" ("id" uuid not null default gen_random_uuid(), "crn" text not null, "started_on" date not null, "expected_release_on" date null, "released_on" date null, constraint "probation_custody_pkey" primary key ("id"));`);
    this.addSql(`create index "probation_custody_crn_started_on_index" on "probation_custody" ("crn", "started_on");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "probation_custody" cascade;`);
    this.addSql(`alter table "probation_case" drop column if exists "record_changed_at";`);
  }

}
