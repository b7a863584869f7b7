import { Migration } from '@mikro-orm/migrations';

export class Migration20261201020000 extends Migration {

  override async up(): Promise<void> {
    // The sets of releases partner-wide measures were answered over, for the check between answers; never in the API.
    this.addSql(`create table "treatment_released_set" ("id" bigserial primary key, "kind" text not null, "parameters" text not null, "size" int not null check ("size" >= 0), "members_hash" text not null, "members" uuid[] not null, "released_at" timestamptz not null default now());`);
    this.addSql(`create index "treatment_released_set_kind_parameters_size_index" on "treatment_released_set" ("kind", "parameters", "size");`);
    this.addSql(`alter table "treatment_released_set" add constraint "treatment_released_set_kind_parameters_members_hash_unique" unique ("kind", "parameters", "members_hash");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "treatment_released_set";`);
  }

}
