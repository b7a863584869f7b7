import { Migration } from '@mikro-orm/migrations';

export class Migration20261126223439 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "accommodation_period" ("id" uuid not null default gen_random_uuid(), "housing_reference" text not null, "status" text check ("status" in ('SETTLED', 'TEMPORARY', 'SUPPORTED', 'APPROVED_PREMISES', 'NO_FIXED_ABODE', 'ROUGH_SLEEPING', 'IN_CUSTODY')) not null, "start_date" date not null, "end_date" date null, "local_authority_code" text null, "local_authority_name" text null, constraint "accommodation_period_pkey" primary key ("id"));`);
    this.addSql(`create index "accommodation_period_status_end_date_index" on "accommodation_period" ("status", "end_date");`);
    this.addSql(`create index "accommodation_period_housing_reference_start_date_index" on "accommodation_period" ("housing_reference", "start_date");`);

    this.addSql(`create table "homelessness_case" ("id" uuid not null default gen_random_uuid(), "housing_reference" text not null, "referral_date" date not null, "referral_route" text check ("referral_route" in ('DUTY_TO_REFER', 'SELF_APPLICATION')) not null, "referring_agency" text check ("referring_agency" in ('POLICE', 'PROBATION', 'PRISON', 'HOUSING', 'SUBSTANCE_MISUSE', 'HEALTH', 'IOM')) null, "duty" text check ("duty" in ('PREVENTION', 'RELIEF')) not null, "duty_start_date" date not null, "duty_end_date" date null, "outcome" text check ("outcome" in ('ACCOMMODATION_SECURED', 'BECAME_HOMELESS', 'MAIN_DUTY_ACCEPTED', 'CONTACT_LOST', 'WITHDRAWN', 'ENTERED_CUSTODY')) null, "local_authority_code" text not null, "local_authority_name" text not null, constraint "homelessness_case_pkey" primary key ("id"));`);
    this.addSql(`create index "homelessness_case_housing_reference_referral_date_index" on "homelessness_case" ("housing_reference", "referral_date");`);

    this.addSql(`create table "housing_client" ("housing_reference" text not null, "local_authority_code" text not null, "local_authority_name" text not null, constraint "housing_client_pkey" primary key ("housing_reference"));`);

    this.addSql(`create table "release_housing_target" ("measure" text not null, "target" double precision not null, "source" text not null, constraint "release_housing_target_pkey" primary key ("measure"));`);

    // Reference data, not synthetic: the national targets the Lincolnshire Prisoner Release Housing Protocol adopts.
    this.addSql(`insert into "release_housing_target" ("measure", "target", "source") values
      ('ACCOMMODATED_ON_RELEASE', 0.9, 'National target: at least 90% of people in accommodation on release from prison (Lincolnshire Prisoner Release Housing Protocol).'),
      ('SETTLED_THREE_MONTHS_AFTER_RELEASE', 0.8, 'National target: at least 80% of people in settled accommodation three months after release (Lincolnshire Prisoner Release Housing Protocol).');`);
  }

}
