import { AccessPolicyName, RequiresPolicy } from '../../kit/access/directives';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Agency } from '../../kit/agency';
import { Sex } from '../../kit/sex';
import { IomCaseBasis, IomCaseEndReason, IomCaseStatus } from './enums';

/**
 * One person's IOM case, from referral to its end. Personal data hangs off `Person`, so every
 * field but the id is nullable: the access rules answer null where a caller may not see it.
 */
@RequiresPolicy(AccessPolicyName.ROWS)
@ObjectType('IomCase', { description: "A person's IOM case from referral to deselection or another end." })
@Entity({ tableName: 'iom_case' })
@Index({ properties: ['personId'] })
@Index({ properties: ['cohortCode', 'status'] })
@Index({ properties: ['referredOn', 'id'] })
export class IomCase {
  [OptionalProps]?: 'createdAt' | 'decidedOn' | 'decisionReason' | 'adoptedOn' | 'caseBasis' | 'leadAgency' | 'keyWorker' | 'endedOn' | 'endReason' | 'exitPlan' | 'deselectionOverrideReason' | 'endNote';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  /** The hub id: the person index resolves it. */
  @Property({ type: 'uuid' })
  personId!: string;

  @Property({ type: 'text' })
  cohortCode!: string;

  @Field(() => IomCaseStatus, { nullable: true })
  @Enum({ items: () => IomCaseStatus })
  status!: IomCaseStatus;

  @Field(() => Sex, { nullable: true, description: 'As recorded at referral: decides which pathways are assessed and which cohorts apply.' })
  @Enum({ items: () => Sex })
  sex!: Sex;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer' })
  ageAtReferral!: number;

  @Field(() => Agency, { nullable: true, description: 'The agency that referred the person.' })
  @Enum({ items: () => Agency })
  sourceAgency!: Agency;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text' })
  referralReason!: string;

  @Field(() => LocalDateResolver, { nullable: true })
  @Property({ type: 'date' })
  referredOn!: string;

  @Property({ type: 'boolean' })
  neighbourhoodCrime!: boolean;

  @Property({ type: 'boolean' })
  domesticAbusePerpetrator!: boolean;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When the referral was accepted or declined.' })
  @Property({ type: 'date', nullable: true })
  decidedOn: string | null = null;

  @Field(() => String, { nullable: true, description: 'Why the referral was accepted or declined.' })
  @Property({ type: 'text', nullable: true })
  decisionReason: string | null = null;

  @Field(() => LocalDateResolver, { nullable: true })
  @Property({ type: 'date', nullable: true })
  adoptedOn: string | null = null;

  @Field(() => IomCaseBasis, { nullable: true })
  @Enum({ items: () => IomCaseBasis, nullable: true })
  caseBasis: IomCaseBasis | null = null;

  @Field(() => Agency, { nullable: true })
  @Enum({ items: () => Agency, nullable: true })
  leadAgency: Agency | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  keyWorker: string | null = null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When the case was deselected or otherwise ended.' })
  @Property({ type: 'date', nullable: true })
  endedOn: string | null = null;

  @Field(() => IomCaseEndReason, { nullable: true, description: 'Why the case ended, when it ended other than by deselection.' })
  @Enum({ items: () => IomCaseEndReason, nullable: true })
  endReason: IomCaseEndReason | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  endNote: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  exitPlan: string | null = null;

  @Field(() => String, { nullable: true, description: 'Why the person was deselected without three consecutive greens.' })
  @Property({ type: 'text', nullable: true })
  deselectionOverrideReason: string | null = null;

  /** Breaks ties in the waiting list between referrals accepted on the same day. */
  @Property({ type: 'timestamptz', defaultRaw: 'clock_timestamp()' })
  createdAt: Date = new Date();
}
