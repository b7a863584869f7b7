import { Migration } from '@mikro-orm/migrations';

export class Migration20261130180000 extends Migration {

  override async up(): Promise<void> {
    // One successor per record: the database itself refuses a fork of the hash chain, which is
    // what lets several writers append without a lock (a writer with a stale head is refused and retries).
    this.addSql(`create unique index "audit_record_previous_hash_unique" on "audit_record" ("previous_hash");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "audit_record_previous_hash_unique";`);
  }

}
