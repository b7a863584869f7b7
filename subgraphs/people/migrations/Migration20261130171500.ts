import { Migration } from '@mikro-orm/migrations';

export class Migration20261130171500 extends Migration {

  override async up(): Promise<void> {
    // Restricted persons: history of restrictions, at most one holding (not lifted) per person.
    this.addSql(`create table "person_restriction" ("id" uuid not null default gen_random_uuid(), "person_id" uuid not null, "reason" text not null, "allowed_people" text[] not null default '{}', "allowed_teams" text[] not null default '{}', "restricted_by" text not null, "restricted_at" timestamptz not null default now(), "lifted_at" timestamptz null, "lifted_by" text null, "lift_reason" text null, constraint "person_restriction_pkey" primary key ("id"));`);
    this.addSql(`create index "person_restriction_person_id_index" on "person_restriction" ("person_id");`);
    this.addSql(`create unique index "person_restriction_one_current_per_person" on "person_restriction" ("person_id") where "lifted_at" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "person_restriction" cascade;`);
  }

}
