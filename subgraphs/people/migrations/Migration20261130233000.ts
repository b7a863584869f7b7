import { Migration } from '@mikro-orm/migrations';

export class Migration20261130233000 extends Migration {

  override async up(): Promise<void> {
    // The version of everything that decides which keys are withheld from whom: restrictions,
    // merges and identifiers. Every statement that changes one of them raises it in its own
    // transaction, so a reader that sees a version sees every change up to it, and subgraphs can
    // keep a withheld-keys answer for as long as the version it was read at is current.
    this.addSql(`create table "withheld_version" ("only_row" boolean not null default true, "version" bigint not null, constraint "withheld_version_pkey" primary key ("only_row"), constraint "withheld_version_one_row" check ("only_row"));`);
    this.addSql(`insert into "withheld_version" ("only_row", "version") values (true, 1);`);
    this.addSql(`create function "raise_withheld_version"() returns trigger language plpgsql as $$ begin update "withheld_version" set "version" = "version" + 1; return null; end $$;`);
    this.addSql(`create trigger "person_restriction_raises_withheld_version" after insert or update or delete on "person_restriction" for each statement execute function "raise_withheld_version"();`);
    this.addSql(`create trigger "person_restriction_truncate_raises_withheld_version" after truncate on "person_restriction" for each statement execute function "raise_withheld_version"();`);
    // A merge moves a restriction onto the record merged into; a new person restricts no one.
    this.addSql(`create trigger "person_merge_raises_withheld_version" after update of "id", "merged_into" or delete on "person" for each statement execute function "raise_withheld_version"();`);
    this.addSql(`create trigger "person_truncate_raises_withheld_version" after truncate on "person" for each statement execute function "raise_withheld_version"();`);
    this.addSql(`create trigger "person_identifier_raises_withheld_version" after insert or update or delete on "person_identifier" for each statement execute function "raise_withheld_version"();`);
    this.addSql(`create trigger "person_identifier_truncate_raises_withheld_version" after truncate on "person_identifier" for each statement execute function "raise_withheld_version"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "person_identifier_truncate_raises_withheld_version" on "person_identifier";`);
    this.addSql(`drop trigger if exists "person_identifier_raises_withheld_version" on "person_identifier";`);
    this.addSql(`drop trigger if exists "person_truncate_raises_withheld_version" on "person";`);
    this.addSql(`drop trigger if exists "person_merge_raises_withheld_version" on "person";`);
    this.addSql(`drop trigger if exists "person_restriction_truncate_raises_withheld_version" on "person_restriction";`);
    this.addSql(`drop trigger if exists "person_restriction_raises_withheld_version" on "person_restriction";`);
    this.addSql(`drop function if exists "raise_withheld_version"();`);
    this.addSql(`drop table if exists "withheld_version";`);
  }

}
