import { Migration } from '@mikro-orm/migrations';

export class Migration20261126223747 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "treatment_client" ("treatment_client_id" text not null, "provider" text not null, constraint "treatment_client_pkey" primary key ("treatment_client_id"));`);

    this.addSql(`create table "treatment_custody_release" ("id" uuid not null default gen_random_uuid(), "treatment_client_id" text not null, "release_date" date not null, constraint "treatment_custody_release_pkey" primary key ("id"));`);
    this.addSql(`create index "treatment_custody_release_release_date_index" on "treatment_custody_release" ("release_date");`);
    this.addSql(`create index "treatment_custody_release_treatment_client_id_rele_4fa17_index" on "treatment_custody_release" ("treatment_client_id", "release_date");`);

    this.addSql(`create table "treatment_drug_test" ("id" uuid not null default gen_random_uuid(), "treatment_client_id" text not null, "episode_id" uuid not null, "test_date" date not null, "method" text check ("method" in ('URINE', 'ORAL_FLUID', 'BREATH')) not null, "court_ordered" boolean not null, "result" text check ("result" in ('NEGATIVE', 'POSITIVE', 'REFUSED')) not null, "substances_detected" text[] not null, constraint "treatment_drug_test_pkey" primary key ("id"));`);
    this.addSql(`create index "treatment_drug_test_treatment_client_id_test_date_index" on "treatment_drug_test" ("treatment_client_id", "test_date");`);

    this.addSql(`create table "treatment_episode" ("id" uuid not null default gen_random_uuid(), "treatment_client_id" text not null, "provider" text not null, "referral_route" text check ("referral_route" in ('DRR', 'ATR', 'CUSTODY', 'ARREST_REFERRAL', 'SELF', 'OTHER')) not null, "start_date" date not null, "discharge_date" date null, "discharge_reason" text check ("discharge_reason" in ('COMPLETED_DRUG_FREE', 'COMPLETED_ALCOHOL_FREE', 'COMPLETED_OCCASIONAL_USER', 'DROPPED_OUT', 'TRANSFERRED_COMMUNITY', 'TRANSFERRED_IN_CUSTODY', 'TREATMENT_DECLINED')) null, "appointments_kept" int not null, "appointments_missed" int not null, "last_contact_date" date not null, "substances" text[] not null, constraint "treatment_episode_pkey" primary key ("id"));`);
    this.addSql(`create index "treatment_episode_treatment_client_id_start_date_index" on "treatment_episode" ("treatment_client_id", "start_date");`);

    this.addSql(`create table "treatment_outcome_review" ("id" uuid not null default gen_random_uuid(), "treatment_client_id" text not null, "episode_id" uuid not null, "review_date" date not null, "stage" text check ("stage" in ('START', 'REVIEW', 'EXIT')) not null, "substance_use_days" int not null, "injecting" boolean not null, "housing_situation" text check ("housing_situation" in ('NO_PROBLEM', 'HOUSING_PROBLEM', 'URGENT_HOUSING_PROBLEM')) not null, "employment_status" text check ("employment_status" in ('EMPLOYED', 'UNEMPLOYED', 'EDUCATION_OR_TRAINING', 'UNABLE_TO_WORK')) not null, constraint "treatment_outcome_review_pkey" primary key ("id"));`);
    this.addSql(`create index "treatment_outcome_review_treatment_client_id_review_date_index" on "treatment_outcome_review" ("treatment_client_id", "review_date");`);
  }

}
