import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import type { FieldEvidence } from '../services/match-scoring';

export enum MatchReviewStatus {
  PENDING = 'PENDING',
  DECIDED = 'DECIDED',
  /** One of its records was merged or split by another decision: the pair no longer stands as it was scored. */
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(MatchReviewStatus, { name: 'MatchReviewStatus', description: 'Where a pair in the review queue stands.' });

/**
 * A pair the matcher scored between the review and join thresholds (or at the join threshold but
 * held back: no agreeing identifier, a conflicting one, the twins guard, open IOM cases), waiting
 * for the coordinator. At most one pending entry per pair, whichever way round it is named.
 */
@ObjectType('MatchReview', { description: 'A pair of index records waiting for a person to decide whether they are one person.' })
@Entity({ tableName: 'match_review' })
@Index({ name: 'match_review_one_pending_per_pair', expression: `create unique index "match_review_one_pending_per_pair" on "match_review" (least("person_id", "candidate_id"), greatest("person_id", "candidate_id")) where "status" = 'PENDING'` })
@Index({ properties: ['status', 'foundAt', 'id'] })
export class MatchReview {
  [OptionalProps]?: 'foundAt' | 'status' | 'heldBack' | 'resolvedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'uuid', index: true })
  personId!: string;

  @Property({ type: 'uuid', index: true })
  candidateId!: string;

  @Field(() => Number, { nullable: true, description: 'The match score: log2 of the odds that the two records are one person.' })
  @RequiresScope(Scope.IDENTITY_LINKING)
  @Property({ type: 'double precision' })
  score!: number;

  /** Per-field evidence as the scorer gave it. */
  @Property({ type: 'jsonb' })
  evidence!: FieldEvidence[];

  @Field(() => [String], { nullable: true, description: 'The blocking rules that paired the two records.' })
  @RequiresScope(Scope.IDENTITY_LINKING)
  @Property({ type: 'text[]' })
  blockedBy!: string[];

  @Field(() => [String], { nullable: true, description: 'Why a pair scoring at or above the join threshold was not joined automatically (empty when it scored below).' })
  @RequiresScope(Scope.IDENTITY_LINKING)
  @Property({ type: 'text[]', default: '{}' })
  heldBack: string[] = [];

  @Field({ description: 'When the matcher put the pair in the queue.' })
  @Property({ type: 'timestamptz', defaultRaw: `date_trunc('milliseconds', now())` })
  foundAt: Date = new Date();

  @Field(() => MatchReviewStatus)
  @Enum({ items: () => MatchReviewStatus, default: MatchReviewStatus.PENDING })
  status: MatchReviewStatus = MatchReviewStatus.PENDING;

  @Property({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null = null;
}
