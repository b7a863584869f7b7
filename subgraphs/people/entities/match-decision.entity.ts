import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';

export enum MatchOutcome {
  CONFIRMED = 'CONFIRMED',
  REJECTED = 'REJECTED',
  SPLIT = 'SPLIT',
}
registerEnumType(MatchOutcome, {
  name: 'MatchOutcome',
  description: 'What was decided about a candidate match.',
  valuesConfig: {
    CONFIRMED: { description: 'The two records are one person: the candidate was merged into the person (by a person, or automatically).' },
    REJECTED: { description: 'Not the same person; the pair is not offered again.' },
    SPLIT: { description: 'A merge undone: the records were split apart again, and the pair is not offered or joined again.' },
  },
});

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
  [OptionalProps]?: 'decidedAt' | 'reason' | 'supersededAt' | 'automatic' | 'score' | 'decidedBy' | 'decidedByAgency' | 'addedAliases' | 'tookPostcode';

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
  @Field(() => Date, { nullable: true, description: 'When a later decision about the same pair replaced this one (a split replaces a merge); null while current.' })
  @Property({ type: 'timestamptz', nullable: true })
  supersededAt: Date | null = null;

  @Field({ description: 'Made by the matcher (score at or above the join threshold with an agreeing identifier), not by a person.' })
  @Property({ type: 'boolean', default: false })
  automatic: boolean = false;

  @RequiresScope(Scope.IDENTITY_LINKING)
  @Field(() => Number, { nullable: true, description: 'The match score (log2 odds) when the decision was made.' })
  @Property({ type: 'double precision', nullable: true })
  score: number | null = null;

  @RequiresScope(Scope.IDENTITY_LINKING)
  @Field(() => String, { nullable: true, description: "Who decided: the caller's subject, or `hub-matcher` for an automatic link." })
  @Property({ type: 'text', nullable: true })
  decidedBy: string | null = null;

  @RequiresScope(Scope.IDENTITY_LINKING)
  @Field(() => String, { nullable: true, description: 'The agency of whoever decided.' })
  @Property({ type: 'text', nullable: true })
  decidedByAgency: string | null = null;

  /** Names the merge added to the kept record's aliases: a split takes them away again. */
  @Property({ type: 'text[]', default: '{}' })
  addedAliases: string[] = [];

  /** The merge gave the kept record the candidate's postcode (it had none): a split takes it away again. */
  @Property({ type: 'boolean', default: false })
  tookPostcode: boolean = false;
}
