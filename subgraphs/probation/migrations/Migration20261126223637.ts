import { Migration } from '@mikro-orm/migrations';

export class Migration20261126223637 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "probation_appointment" ("id" uuid not null default gen_random_uuid(), "crn" text not null, "order_id" uuid not null, "appointment_on" date not null, "outcome" text check ("outcome" in ('ATTENDED', 'FAILED_TO_ATTEND_ACCEPTABLE', 'FAILED_TO_ATTEND_UNACCEPTABLE')) not null, constraint "probation_appointment_pkey" primary key ("id"));`);
    this.addSql(`create index "probation_appointment_crn_appointment_on_index" on "probation_appointment" ("crn", "appointment_on");`);

    this.addSql(`create table "probation_case" ("crn" text not null, "pnc_id" text null, "prison_number" text null, "delivery_unit" text not null, constraint "probation_case_pkey" primary key ("crn"));`);

    this.addSql(`create table "probation_crs_referral" ("id" uuid not null default gen_random_uuid(), "crn" text not null, "service" text check ("service" in ('ACCOMMODATION', 'EDUCATION_TRAINING_EMPLOYMENT', 'FINANCE_BENEFIT_DEBT', 'WOMENS_SERVICES')) not null, "provider" text not null, "referred_on" date not null, "started_on" date null, "completed_on" date null, constraint "probation_crs_referral_pkey" primary key ("id"));`);
    this.addSql(`create index "probation_crs_referral_crn_index" on "probation_crs_referral" ("crn");`);

    this.addSql(`create table "probation_enforcement_action" ("id" uuid not null default gen_random_uuid(), "crn" text not null, "order_id" uuid not null, "kind" text check ("kind" in ('WARNING_LETTER', 'BREACH', 'RECALL')) not null, "action_on" date not null, "reason" text not null, constraint "probation_enforcement_action_pkey" primary key ("id"));`);
    this.addSql(`create index "probation_enforcement_action_crn_index" on "probation_enforcement_action" ("crn");`);

    this.addSql(`create table "probation_order" ("id" uuid not null, "crn" text not null, "type" text check ("type" in ('COMMUNITY_ORDER', 'SUSPENDED_SENTENCE_ORDER', 'LICENCE', 'POST_SENTENCE_SUPERVISION')) not null, "started_on" date not null, "expected_end_on" date not null, "terminated_on" date null, "termination_reason" text check ("termination_reason" in ('COMPLETED', 'EARLY_FOR_GOOD_PROGRESS', 'REVOKED_FOR_BREACH', 'RESENTENCED_FOR_FURTHER_OFFENCE', 'RECALLED')) null, "practitioner" text not null, "team" text not null, constraint "probation_order_pkey" primary key ("id"));`);
    this.addSql(`create index "probation_order_crn_index" on "probation_order" ("crn");`);

    this.addSql(`create table "probation_requirement" ("id" uuid not null default gen_random_uuid(), "crn" text not null, "order_id" uuid not null, "type" text check ("type" in ('DRUG_REHABILITATION', 'ALCOHOL_TREATMENT', 'MENTAL_HEALTH_TREATMENT', 'ALCOHOL_ABSTINENCE_MONITORING', 'ACCREDITED_PROGRAMME', 'REHABILITATION_ACTIVITY', 'UNPAID_WORK', 'CURFEW')) not null, "status" text check ("status" in ('NOT_STARTED', 'ACTIVE', 'COMPLETED', 'TERMINATED_EARLY', 'BREACHED')) not null, "started_on" date null, "planned_end_on" date null, "ended_on" date null, "provider" text null, constraint "probation_requirement_pkey" primary key ("id"));`);
    this.addSql(`create index "probation_requirement_crn_index" on "probation_requirement" ("crn");`);

    this.addSql(`create table "probation_risk_assessment" ("id" uuid not null default gen_random_uuid(), "crn" text not null, "assessed_on" date not null, "risk_of_serious_harm" text check ("risk_of_serious_harm" in ('LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH')) not null, "reoffending_predictor_percentage" smallint not null, constraint "probation_risk_assessment_pkey" primary key ("id"));`);
    this.addSql(`create index "probation_risk_assessment_crn_index" on "probation_risk_assessment" ("crn");`);
  }

}
