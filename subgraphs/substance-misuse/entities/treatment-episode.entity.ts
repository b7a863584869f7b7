import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { TreatmentDischargeReason, TreatmentReferralRoute, TreatmentSubstance } from './enums';
import { AccessPolicyName, RequiresPolicy, RequiresScope, Scope } from '../../kit/access/directives';

/**
 * A treatment episode. Engagement facts (provider, route, dates, appointments, last contact) and
 * clinical facts (`substances`) sit on separate fields so access rules can treat them apart.
 */
@ObjectType('TreatmentEpisode', { description: 'A substance-misuse treatment episode: engagement facts, plus the substances treated (special category, clinical).' })
@Entity({ tableName: 'treatment_episode' })
@Index({ properties: ['treatmentClientId', 'startDate'] })
export class TreatmentEpisode {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text' })
  treatmentClientId!: string;

  @Field({ description: 'Engagement. The treatment provider.' })
  @Property({ type: 'text' })
  provider!: string;

  @Field(() => TreatmentReferralRoute, { description: 'Engagement. How the person was referred; DRR and ATR agree with the probation requirement.' })
  @Enum({ items: () => TreatmentReferralRoute })
  referralRoute!: TreatmentReferralRoute;

  @Field(() => LocalDateResolver, { description: 'Engagement. First day of treatment.' })
  @Property({ type: 'date' })
  startDate!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Engagement. Null while in treatment.' })
  @Property({ type: 'date', nullable: true })
  dischargeDate: string | null = null;

  @Field(() => TreatmentDischargeReason, { nullable: true, description: 'Engagement. Null while in treatment.' })
  @Enum({ items: () => TreatmentDischargeReason, nullable: true })
  dischargeReason: TreatmentDischargeReason | null = null;

  @Field(() => Int, { description: 'Engagement. Appointments attended.' })
  @Property({ type: 'integer' })
  appointmentsKept!: number;

  @Field(() => Int, { description: 'Engagement. Appointments missed.' })
  @Property({ type: 'integer' })
  appointmentsMissed!: number;

  @Field(() => LocalDateResolver, { description: 'Engagement. Last contact with the provider in this episode.' })
  @Property({ type: 'date' })
  lastContactDate!: string;

  @RequiresScope(Scope.TREATMENT_CLINICAL)
  @RequiresPolicy(AccessPolicyName.CLINICAL_CONSENT)
  @Field(() => [TreatmentSubstance], { nullable: true, description: 'Special category (clinical). The substances treated, the problem substance first.' })
  @Enum({ items: () => TreatmentSubstance, array: true })
  substances!: TreatmentSubstance[];
}
