import { Migration } from '@mikro-orm/migrations';

export class Migration20261130180000 extends Migration {

  override async up(): Promise<void> {
    // Scored matching: who decided and how, what a merge changed (so a split can undo it), where
    // each identifier came from, identifiers quoted as evidence, and the review queue.
    this.addSql(`alter table "match_decision" drop constraint if exists "match_decision_outcome_check";`);
    this.addSql(`alter table "match_decision" add constraint "match_decision_outcome_check" check ("outcome" in ('CONFIRMED', 'REJECTED', 'SPLIT'));`);
    this.addSql(`alter table "match_decision" add column "automatic" boolean not null default false, add column "score" double precision null, add column "decided_by" text null, add column "decided_by_agency" text null, add column "added_aliases" text[] not null default '{}', add column "took_postcode" boolean not null default false;`);

    this.addSql(`alter table "person_identifier" drop constraint if exists "person_identifier_link_method_check";`);
    this.addSql(`alter table "person_identifier" add constraint "person_identifier_link_method_check" check ("link_method" in ('EXACT', 'CONFIRMED', 'AUTOMATIC'));`);
    this.addSql(`alter table "person_identifier" add column "origin_record_id" uuid null;`);

    this.addSql(`create table "reported_identifier" ("id" uuid not null default gen_random_uuid(), "person_id" uuid not null, "origin_record_id" uuid null, "type" text check ("type" in ('PNC_ID', 'CRN', 'PRISON_NUMBER', 'HOUSING_REFERENCE', 'TREATMENT_CLIENT_ID', 'NHS_NUMBER')) not null, "value" text not null, constraint "reported_identifier_pkey" primary key ("id"));`);
    this.addSql(`create index "reported_identifier_type_value_index" on "reported_identifier" ("type", "value");`);
    this.addSql(`create index "reported_identifier_person_id_index" on "reported_identifier" ("person_id");`);

    this.addSql(`create table "match_review" ("id" uuid not null default gen_random_uuid(), "person_id" uuid not null, "candidate_id" uuid not null, "score" double precision not null, "evidence" jsonb not null, "blocked_by" text[] not null, "held_back" text[] not null default '{}', "found_at" timestamptz not null default date_trunc('milliseconds', now()), "status" text check ("status" in ('PENDING', 'DECIDED', 'WITHDRAWN')) not null default 'PENDING', "resolved_at" timestamptz null, constraint "match_review_pkey" primary key ("id"));`);
    this.addSql(`create index "match_review_person_id_index" on "match_review" ("person_id");`);
    this.addSql(`create index "match_review_candidate_id_index" on "match_review" ("candidate_id");`);
    this.addSql(`create index "match_review_status_found_at_id_index" on "match_review" ("status", "found_at", "id");`);
    this.addSql(`create unique index "match_review_one_pending_per_pair" on "match_review" (least("person_id", "candidate_id"), greatest("person_id", "candidate_id")) where "status" = 'PENDING';`);

    // Each record's blocking keys, so one new record finds the records it shares a key with by index.
    this.addSql(`alter table "person" add column "match_keys" text[] null;`);
    this.addSql(`create index "person_match_keys_index" on "person" using gin ("match_keys") where "merged_into" is null;`);
    this.addSql(`create index "person_unkeyed_index" on "person" ("id") where "match_keys" is null and "merged_into" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "person_unkeyed_index";`);
    this.addSql(`drop index if exists "person_match_keys_index";`);
    this.addSql(`alter table "person" drop column "match_keys";`);
    this.addSql(`drop table if exists "match_review";`);
    this.addSql(`drop table if exists "reported_identifier";`);
    this.addSql(`alter table "person_identifier" drop column "origin_record_id";`);
    this.addSql(`alter table "match_decision" drop column "automatic", drop column "score", drop column "decided_by", drop column "decided_by_agency", drop column "added_aliases", drop column "took_postcode";`);
  }

}
