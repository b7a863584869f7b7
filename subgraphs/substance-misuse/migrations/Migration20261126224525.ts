import { Migration } from '@mikro-orm/migrations';

export class Migration20261126224525 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "treatment_client" add column "consent_to_share_recorded_on" date null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "treatment_client" drop column "consent_to_share_recorded_on";`);
  }

}
