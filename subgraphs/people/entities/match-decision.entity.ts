import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum MatchOutcome {
  CONFIRMED = 'CONFIRMED',
  REJECTED = 'REJECTED',
}
registerEnumType(MatchOutcome, { name: 'MatchOutcome', description: 'What was decided about a candidate match.' });

/**
 * A decision about a pair of index records. Rejections are remembered so the same pair is never
 * offered again; confirmations record the merge. Decisions are history: at most one per pair is
 * current (not superseded), whichever way round the pair is named — the database enforces it
 * (`match_decision_one_current_per_pair`), so two people deciding at once cannot both win.
 */
@ObjectType('MatchDecision', { description: 'A recorded decision about a candidate match.' })
@Entity({ tableName: 'match_decision' })
@Index({ name: 'match_decision_one_current_per_pair', expression: 'create unique index "match_decision_one_current_per_pair" on "match_decision" (least("person_id", "candidate_id"), greatest("person_id", "candidate_id")) where "superseded_at" is null' })
export class MatchDecision {
  [OptionalProps]?: 'decidedAt' | 'reason' | 'supersededAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Field(() => ID, { description: 'The record kept.' })
  @Property({ type: 'uuid', index: true })
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

  /** When a later decision about the same pair replaced this one; null while it is the current one. */
  @Property({ type: 'timestamptz', nullable: true })
  supersededAt: Date | null = null;
}
