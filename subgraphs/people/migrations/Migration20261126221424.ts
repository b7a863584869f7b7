import { Migration } from '@mikro-orm/migrations';

export class Migration20261126221424 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "match_decision" ("id" uuid not null default gen_random_uuid(), "person_id" uuid not null, "candidate_id" uuid not null, "outcome" text check ("outcome" in ('CONFIRMED', 'REJECTED')) not null, "reason" text null, "decided_at" timestamptz not null default now(), constraint "match_decision_pkey" primary key ("id"));`);
    this.addSql(`create index "match_decision_candidate_id_index" on "match_decision" ("candidate_id");`);
    this.addSql(`alter table "match_decision" add constraint "match_decision_person_id_candidate_id_unique" unique ("person_id", "candidate_id");`);

    this.addSql(`create table "person" ("id" uuid not null default gen_random_uuid(), "given_name" text not null, "family_name" text not null, "aliases" text[] not null default '{}', "date_of_birth" date not null, "sex" text check ("sex" in ('FEMALE', 'MALE')) not null, "postcode" text null, "merged_into" uuid null, "created_at" timestamptz not null default now(), constraint "person_pkey" primary key ("id"));`);
    this.addSql(`create index "person_merged_into_index" on "person" ("merged_into");`);
    this.addSql(`create index "person_date_of_birth_index" on "person" ("date_of_birth");`);
    this.addSql(`create index "person_family_name_given_name_id_index" on "person" ("family_name", "given_name", "id");`);

    this.addSql(`create table "person_identifier" ("id" uuid not null default gen_random_uuid(), "person_id" uuid not null, "type" text check ("type" in ('PNC_ID', 'CRN', 'PRISON_NUMBER', 'HOUSING_REFERENCE', 'TREATMENT_CLIENT_ID', 'NHS_NUMBER')) not null, "value" text not null, "source_agency" text check ("source_agency" in ('POLICE', 'PROBATION', 'PRISON', 'HOUSING', 'SUBSTANCE_MISUSE', 'HEALTH', 'IOM')) not null, "link_method" text check ("link_method" in ('EXACT', 'CONFIRMED')) not null, "linked_at" timestamptz not null default now(), constraint "person_identifier_pkey" primary key ("id"));`);
    this.addSql(`create index "person_identifier_person_id_index" on "person_identifier" ("person_id");`);
    this.addSql(`alter table "person_identifier" add constraint "person_identifier_type_value_unique" unique ("type", "value");`);
  }

}
