import { Migration } from '@mikro-orm/migrations';

export class Migration20261130150100 extends Migration {

  override async up(): Promise<void> {
    // One open case per person, whatever races past the application's own check.
    this.addSql(`create unique index "iom_case_one_open_case_per_person" on "iom_case" ("person_id") where "status" in ('REFERRED', 'ACCEPTED', 'ADOPTED');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "iom_case_one_open_case_per_person";`);
  }

}
