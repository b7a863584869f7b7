import { AccessPolicyName, RequiresPolicy } from '../../kit/access/directives';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Agency } from '../../kit/agency';
import { ConferenceActionStatus, RagRating } from './enums';

/** One person's review at one case conference: the RAG rating and why. */
@ObjectType('RagReview', { description: "A case conference's review of one person: RAG rating, rationale and actions." })
@Entity({ tableName: 'iom_rag_review' })
@Unique({ properties: ['caseId', 'conferenceId'] })
@Index({ properties: ['conferenceId'] })
@RequiresPolicy(AccessPolicyName.ROWS)
export class RagReview {
  [OptionalProps]?: 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'uuid' })
  caseId!: string;

  @Property({ type: 'uuid' })
  conferenceId!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The day of the conference.' })
  @Property({ type: 'date' })
  reviewedOn!: string;

  @Field(() => RagRating, { nullable: true })
  @Enum({ items: () => RagRating })
  rating!: RagRating;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text' })
  rationale!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'clock_timestamp()' })
  createdAt: Date = new Date();
}

/** An action agreed at a review: who owns it, by when, and how far it has got. */
@ObjectType('ConferenceAction', { description: 'An action agreed at a case conference review.' })
@Entity({ tableName: 'iom_conference_action' })
@Index({ properties: ['caseId'] })
@Index({ properties: ['reviewId'] })
@RequiresPolicy(AccessPolicyName.ROWS)
export class ConferenceAction {
  [OptionalProps]?: 'closedOn' | 'status';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'uuid' })
  reviewId!: string;

  @Property({ type: 'uuid' })
  caseId!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text' })
  description!: string;

  @Field(() => Agency, { nullable: true })
  @Enum({ items: () => Agency })
  ownerAgency!: Agency;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The day of the conference that agreed it.' })
  @Property({ type: 'date' })
  agreedOn!: string;

  @Field(() => LocalDateResolver, { nullable: true })
  @Property({ type: 'date' })
  dueOn!: string;

  @Field(() => ConferenceActionStatus, { nullable: true })
  @Enum({ items: () => ConferenceActionStatus })
  status: ConferenceActionStatus = ConferenceActionStatus.OPEN;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When it was done or cancelled.' })
  @Property({ type: 'date', nullable: true })
  closedOn: string | null = null;
}
