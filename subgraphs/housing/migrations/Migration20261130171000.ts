import { Migration } from '@mikro-orm/migrations';

/** When the housing data about each person last changed. */
export class Migration20261130171000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "housing_client" add column "record_changed_at" timestamptz not null default now();`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "housing_client" drop column if exists "record_changed_at";`);
  }

}
