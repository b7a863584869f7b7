import { Migration } from '@mikro-orm/migrations';

export class Migration20261126223821 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "iom_case_conference" ("id" uuid not null default gen_random_uuid(), "held_on" date not null, "chair_agencies" text[] not null, "created_at" timestamptz not null default now(), constraint "iom_case_conference_pkey" primary key ("id"));`);
    this.addSql(`create index "iom_case_conference_held_on_id_index" on "iom_case_conference" ("held_on", "id");`);

    this.addSql(`create table "iom_conference_action" ("id" uuid not null default gen_random_uuid(), "review_id" uuid not null, "case_id" uuid not null, "description" text not null, "owner_agency" text check ("owner_agency" in ('POLICE', 'PROBATION', 'PRISON', 'HOUSING', 'SUBSTANCE_MISUSE', 'HEALTH', 'IOM')) not null, "agreed_on" date not null, "due_on" date not null, "status" text check ("status" in ('OPEN', 'IN_PROGRESS', 'DONE', 'CANCELLED')) not null default 'OPEN', "closed_on" date null, constraint "iom_conference_action_pkey" primary key ("id"));`);
    this.addSql(`create index "iom_conference_action_review_id_index" on "iom_conference_action" ("review_id");`);
    this.addSql(`create index "iom_conference_action_case_id_index" on "iom_conference_action" ("case_id");`);

    this.addSql(`create table "iom_conference_attendance" ("conference_id" uuid not null, "agency" text check ("agency" in ('POLICE', 'PROBATION', 'PRISON', 'HOUSING', 'SUBSTANCE_MISUSE', 'HEALTH', 'IOM')) not null, "attendees" int not null, constraint "iom_conference_attendance_pkey" primary key ("conference_id", "agency"));`);

    this.addSql(`create table "iom_case" ("id" uuid not null default gen_random_uuid(), "person_id" uuid not null, "cohort_code" text not null, "status" text check ("status" in ('REFERRED', 'DECLINED', 'ACCEPTED', 'ADOPTED', 'DESELECTED', 'ENDED')) not null, "sex" text check ("sex" in ('FEMALE', 'MALE')) not null, "age_at_referral" int not null, "source_agency" text check ("source_agency" in ('POLICE', 'PROBATION', 'PRISON', 'HOUSING', 'SUBSTANCE_MISUSE', 'HEALTH', 'IOM')) not null, "referral_reason" text not null, "referred_on" date not null, "neighbourhood_crime" boolean not null, "domestic_abuse_perpetrator" boolean not null, "decided_on" date null, "decision_reason" text null, "adopted_on" date null, "case_basis" text check ("case_basis" in ('STATUTORY', 'NON_STATUTORY')) null, "lead_agency" text check ("lead_agency" in ('POLICE', 'PROBATION', 'PRISON', 'HOUSING', 'SUBSTANCE_MISUSE', 'HEALTH', 'IOM')) null, "key_worker" text null, "ended_on" date null, "end_reason" text check ("end_reason" in ('CUSTODY', 'MOVED_AWAY', 'DIED')) null, "end_note" text null, "exit_plan" text null, "deselection_override_reason" text null, "created_at" timestamptz not null default clock_timestamp(), constraint "iom_case_pkey" primary key ("id"));`);
    this.addSql(`create index "iom_case_referred_on_id_index" on "iom_case" ("referred_on", "id");`);
    this.addSql(`create index "iom_case_cohort_code_status_index" on "iom_case" ("cohort_code", "status");`);
    this.addSql(`create index "iom_case_person_id_index" on "iom_case" ("person_id");`);

    this.addSql(`create table "iom_cohort" ("code" text not null, "name" text not null, "strand" text check ("strand" in ('FIXED', 'FLEX', 'FREE')) not null, "entry_criteria" text not null, "capacity" int not null, "sex" text check ("sex" in ('FEMALE', 'MALE')) null, "min_age" int null, "max_age" int null, "requires_neighbourhood_crime" boolean not null, "requires_domestic_abuse" boolean not null, "display_order" int not null, constraint "iom_cohort_pkey" primary key ("code"));`);

    this.addSql(`create table "iom_pathway_assessment" ("id" uuid not null default gen_random_uuid(), "case_id" uuid not null, "assessed_on" date not null, "checkpoint" smallint not null, "total" smallint not null, "accommodation" smallint not null, "education_training_employment" smallint not null, "finance_benefit_debt" smallint not null, "children_and_families" smallint not null, "drugs_and_alcohol" smallint not null, "health" smallint not null, "attitudes_thinking_behaviour" smallint not null, "abuse_domestic_violence" smallint null, "sex_work" smallint null, constraint "iom_pathway_assessment_pkey" primary key ("id"));`);
    this.addSql(`create index "iom_pathway_assessment_case_id_assessed_on_index" on "iom_pathway_assessment" ("case_id", "assessed_on");`);
    this.addSql(`alter table "iom_pathway_assessment" add constraint "iom_pathway_assessment_case_id_checkpoint_unique" unique ("case_id", "checkpoint");`);

    this.addSql(`create table "iom_rag_review" ("id" uuid not null default gen_random_uuid(), "case_id" uuid not null, "conference_id" uuid not null, "reviewed_on" date not null, "rating" text check ("rating" in ('RED', 'AMBER', 'GREEN')) not null, "rationale" text not null, "created_at" timestamptz not null default clock_timestamp(), constraint "iom_rag_review_pkey" primary key ("id"));`);
    this.addSql(`create index "iom_rag_review_conference_id_index" on "iom_rag_review" ("conference_id");`);
    this.addSql(`alter table "iom_rag_review" add constraint "iom_rag_review_case_id_conference_id_unique" unique ("case_id", "conference_id");`);
  }

}
