import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Agency } from '../../kit/agency';
import { HomelessnessDuty, HomelessnessOutcome, HomelessnessReferralRoute } from './enums';

@ObjectType('HomelessnessCase', { description: 'A homelessness duty the housing authority owed a person: how it was referred, which duty, and how it ended.' })
@Entity({ tableName: 'homelessness_case' })
@Index({ properties: ['housingReference', 'referralDate'] })
export class HomelessnessCase {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text' })
  housingReference!: string;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  referralDate!: string;

  @Field(() => HomelessnessReferralRoute)
  @Enum({ items: () => HomelessnessReferralRoute })
  referralRoute!: HomelessnessReferralRoute;

  @Field(() => Agency, { nullable: true, description: 'The public authority that made a Duty to Refer referral; null for a self-application.' })
  @Enum({ items: () => Agency, nullable: true })
  referringAgency: Agency | null = null;

  @Field(() => HomelessnessDuty)
  @Enum({ items: () => HomelessnessDuty })
  duty!: HomelessnessDuty;

  @Field(() => LocalDateResolver)
  @Property({ type: 'date' })
  dutyStartDate!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Null while the duty is still owed.' })
  @Property({ type: 'date', nullable: true })
  dutyEndDate: string | null = null;

  @Field(() => HomelessnessOutcome, { nullable: true, description: 'Null while the duty is still owed.' })
  @Enum({ items: () => HomelessnessOutcome, nullable: true })
  outcome: HomelessnessOutcome | null = null;

  @Property({ type: 'text' })
  localAuthorityCode!: string;

  @Property({ type: 'text' })
  localAuthorityName!: string;
}
