import { Migration } from '@mikro-orm/migrations';

/** Each person's orders by start, covering the end: the statutory supervision starts read from the index without a sort. */
export class Migration20261130234000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "probation_order_crn_started_on_id_index" on "probation_order" ("crn", "started_on", "id") include ("terminated_on");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "probation_order_crn_started_on_id_index";`);
  }

}
