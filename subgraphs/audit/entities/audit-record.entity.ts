import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum AuditOutcome {
  DISCLOSED = 'DISCLOSED',
  REFUSED = 'REFUSED',
  PARTIAL = 'PARTIAL',
  NO_PERSONAL_DATA = 'NO_PERSONAL_DATA',
  ERROR = 'ERROR',
}
registerEnumType(AuditOutcome, {
  name: 'AuditOutcome',
  description: 'What a request came to, as far as personal data goes.',
  valuesConfig: {
    DISCLOSED: { description: 'Every personal-data field asked for was returned.' },
    REFUSED: { description: 'Every personal-data field asked for was refused.' },
    PARTIAL: { description: 'Some personal-data fields were returned, others refused.' },
    NO_PERSONAL_DATA: { description: 'The request touched no personal data.' },
    ERROR: { description: 'The request failed before personal data could be returned.' },
  },
});

/**
 * One request that disclosed or refused personal data. Rows are only ever inserted: a trigger
 * refuses UPDATE, DELETE and TRUNCATE, and each row carries the hash of the one before it, so a
 * change made behind the trigger's back shows up in `npm run audit:verify`.
 */
@ObjectType('AuditRecord', { description: 'Who saw (or was refused) what about whom, when and why.' })
@Directive('@requiresScopes(scopes: [["audit"]])')
@Entity({ tableName: 'audit_record' })
@Index({ properties: ['recordedAt'] })
@Index({ properties: ['subject'] })
@Index({ properties: ['agency'] })
// One successor per record: the chain cannot fork, whichever writer appends (see audit-trail/audit-log.ts).
@Unique({ name: 'audit_record_previous_hash_unique', properties: ['previousHash'] })
@Index({ name: 'audit_record_people_index', expression: 'create index "audit_record_people_index" on "audit_record" using gin ("people")' })
@Index({ name: 'audit_record_withheld_index', expression: 'create index "audit_record_withheld_index" on "audit_record" using gin ("withheld")' })
export class AuditRecord {
  @Field(() => ID, { description: 'Position in the log: ascending in the order records were written.' })
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field(() => DateTimeResolver)
  @Property({ type: 'timestamptz' })
  recordedAt!: Date;

  @Field(() => String, { nullable: true, description: "The caller: the subject of their identity provider's token." })
  @Property({ type: 'text' })
  subject!: string;

  @Field()
  @Property({ type: 'text' })
  agency!: string;

  @Field()
  @Property({ type: 'text' })
  role!: string;

  @Field({ description: 'The purpose the caller declared (case management, case conference, analysis, audit).' })
  @Property({ type: 'text' })
  purpose!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  operationName!: string | null;

  @Field({ description: 'SHA-256 of the operation document the client sent, to find every run of the same query.' })
  @Property({ type: 'text' })
  operationHash!: string;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the document the gateway ran after removing refused fields; null when nothing ran.' })
  @Property({ type: 'text', nullable: true })
  executedOperationHash!: string | null;

  @Field(() => [ID], { nullable: true, description: 'Hub ids of the people whose data was returned.' })
  @Property({ type: 'text[]' })
  people!: string[];

  @Field(() => [ID], { nullable: true, description: 'Hub ids of restricted people the caller asked about and was answered as if they did not exist (nothing about them left).' })
  @Property({ type: 'text[]', default: '{}' })
  withheld: string[] = [];

  @Field(() => [String], { description: 'Schema coordinates disclosed, e.g. `Person.offences`.' })
  @Property({ type: 'text[]' })
  disclosed!: string[];

  @Field(() => [String], { description: 'Schema coordinates refused.' })
  @Property({ type: 'text[]' })
  refused!: string[];

  @Field(() => AuditOutcome)
  @Enum({ items: () => AuditOutcome })
  outcome!: AuditOutcome;

  @Field({ description: 'The correlation id the caller was given, to match a record with their complaint or log.' })
  @Property({ type: 'text' })
  correlationId!: string;

  @Field({ description: 'Hash of the record before this one (64 zeros for the first).' })
  @Property({ type: 'text' })
  previousHash!: string;

  @Field({ description: 'SHA-256 of previousHash and this record; see the README for the exact serialisation.' })
  @Property({ type: 'text' })
  hash!: string;
}
