import { Migration } from '@mikro-orm/migrations';

export class Migration20261130150200 extends Migration {

  override async up(): Promise<void> {
    // Decisions are history: a newer one supersedes an older one instead of replacing it, and only
    // one may be current for a pair, in whichever order its two records are named.
    this.addSql(`alter table "match_decision" drop constraint "match_decision_person_id_candidate_id_unique";`);
    this.addSql(`alter table "match_decision" add column "superseded_at" timestamptz null;`);
    this.addSql(`create index "match_decision_person_id_index" on "match_decision" ("person_id");`);
    this.addSql(`create unique index "match_decision_one_current_per_pair" on "match_decision" (least("person_id", "candidate_id"), greatest("person_id", "candidate_id")) where "superseded_at" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "match_decision_one_current_per_pair";`);
    this.addSql(`drop index if exists "match_decision_person_id_index";`);
    this.addSql(`alter table "match_decision" drop column "superseded_at";`);
    this.addSql(`alter table "match_decision" add constraint "match_decision_person_id_candidate_id_unique" unique ("person_id", "candidate_id");`);
  }

}
