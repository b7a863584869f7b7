import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Connection } from '../../kit/pagination';
import { AuditOutcome, AuditRecord } from '../entities/audit-record.entity';

@InputType({ description: 'Narrows the audit log; every filter given must hold.' })
export class AuditRecordFilter {
  @Field(() => ID, { nullable: true, description: 'Only requests that returned data about this person (hub id).' })
  personId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only requests by this caller (token subject).' })
  subject?: string | null;

  @Field(() => String, { nullable: true })
  agency?: string | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Recorded at or after this instant.' })
  from?: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Recorded before this instant.' })
  to?: Date | null;

  @Field(() => AuditOutcome, { nullable: true })
  outcome?: AuditOutcome | null;
}

@ObjectType({ description: 'A page of audit records, newest first.' })
export class AuditRecordConnection extends Connection(AuditRecord, 'AuditRecord') {}
