import { Entity, Enum, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum MatchOutcome {
  CONFIRMED = 'CONFIRMED',
  REJECTED = 'REJECTED',
}
registerEnumType(MatchOutcome, { name: 'MatchOutcome', description: 'What was decided about a candidate match.' });

/**
 * A decision about a pair of index records. Rejections are remembered so the same pair is never
 * offered again; confirmations record the merge.
 */
@ObjectType('MatchDecision', { description: 'A recorded decision about a candidate match.' })
@Entity({ tableName: 'match_decision' })
@Unique({ properties: ['personId', 'candidateId'] })
export class MatchDecision {
  [OptionalProps]?: 'decidedAt' | 'reason';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Field(() => ID, { description: 'The record kept.' })
  @Property({ type: 'uuid' })
  personId!: string;

  @Field(() => ID, { description: 'The record offered as a match.' })
  @Property({ type: 'uuid', index: true })
  candidateId!: string;

  @Field(() => MatchOutcome)
  @Enum({ items: () => MatchOutcome })
  outcome!: MatchOutcome;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  reason: string | null = null;

  @Field()
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  decidedAt: Date = new Date();
}
