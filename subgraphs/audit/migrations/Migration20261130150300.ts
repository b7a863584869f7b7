import { Migration } from '@mikro-orm/migrations';

export class Migration20261130150300 extends Migration {

  override async up(): Promise<void> {
    // The document the gateway ran, beside the one the client sent (operation_hash); older records have none.
    this.addSql(`alter table "audit_record" add column "executed_operation_hash" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "audit_record" drop column "executed_operation_hash";`);
  }

}
