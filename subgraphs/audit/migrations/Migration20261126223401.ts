import { Migration } from '@mikro-orm/migrations';

export class Migration20261126223401 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_record" ("id" bigserial primary key, "recorded_at" timestamptz not null, "subject" text not null, "agency" text not null, "role" text not null, "purpose" text not null, "operation_name" text null, "operation_hash" text not null, "people" text[] not null, "disclosed" text[] not null, "refused" text[] not null, "outcome" text check ("outcome" in ('DISCLOSED', 'REFUSED', 'PARTIAL', 'NO_PERSONAL_DATA', 'ERROR')) not null, "correlation_id" text not null, "previous_hash" text not null, "hash" text not null);`);
    this.addSql(`create index "audit_record_people_index" on "audit_record" using gin ("people");`);
    this.addSql(`create index "audit_record_agency_index" on "audit_record" ("agency");`);
    this.addSql(`create index "audit_record_subject_index" on "audit_record" ("subject");`);
    this.addSql(`create index "audit_record_recorded_at_index" on "audit_record" ("recorded_at");`);

    // Append-only in the database itself, whatever code or person connects: UPDATE, DELETE and
    // TRUNCATE raise an exception. Only someone who can disable triggers (the table owner or a
    // superuser) gets past this, and the hash chain then shows what they changed.
    this.addSql(`create function "audit_record_refuse_change"() returns trigger language plpgsql as $$
begin
  raise exception 'audit_record is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end;
$$;`);
    this.addSql(`create trigger "audit_record_append_only" before update or delete on "audit_record" for each row execute function "audit_record_refuse_change"();`);
    this.addSql(`create trigger "audit_record_no_truncate" before truncate on "audit_record" for each statement execute function "audit_record_refuse_change"();`);
  }

}
