import { Migration } from '@mikro-orm/migrations';

export class Migration20261130160000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "iom_case_conference" add column "status" text check ("status" in ('PLANNED', 'HELD', 'CLOSED')) not null default 'PLANNED';`);
    // A conference with attendance or reviews recorded was held.
    this.addSql(`update "iom_case_conference" c set "status" = 'HELD' where exists (select 1 from "iom_conference_attendance" a where a."conference_id" = c."id") or exists (select 1 from "iom_rag_review" r where r."conference_id" = c."id");`);
    // One conference per partnership per day: the application's own check cannot see a parallel insert.
    this.addSql(`alter table "iom_case_conference" add constraint "iom_case_conference_one_per_day" unique ("held_on");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "iom_case_conference" drop constraint if exists "iom_case_conference_one_per_day";`);
    this.addSql(`alter table "iom_case_conference" drop column if exists "status";`);
  }

}
