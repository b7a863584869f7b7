import { Migration } from '@mikro-orm/migrations';

export class Migration20261130171600 extends Migration {

  override async up(): Promise<void> {
    // Restricted people a request asked about and was answered as no one; empty for older records.
    this.addSql(`alter table "audit_record" add column "withheld" text[] not null default '{}';`);
    this.addSql(`create index "audit_record_withheld_index" on "audit_record" using gin ("withheld");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "audit_record_withheld_index";`);
    this.addSql(`alter table "audit_record" drop column "withheld";`);
  }

}
