import { Migration } from '@mikro-orm/migrations';

/** When the treatment data about each person last changed, and each appointment kept or missed. */
export class Migration20261130171000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "treatment_client" add column "record_changed_at" timestamptz not null default now();`);
    this.addSql(`create table "treatment_appointment" ("id" uuid not null default gen_random_uuid(), "treatment_client_id" text not null, "episode_id" uuid not null, "appointment_on" date not null, "kept" boolean not null, constraint "treatment_appointment_pkey" primary key ("id"));`);
    this.addSql(`create index "treatment_appointment_treatment_client_id_appointment_on_index" on "treatment_appointment" ("treatment_client_id", "appointment_on");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "treatment_appointment" cascade;`);
    this.addSql(`alter table "treatment_client" drop column if exists "record_changed_at";`);
  }

}
