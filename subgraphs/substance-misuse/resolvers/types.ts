import { LocalDateResolver } from 'graphql-scalars';
import { WithheldReason, WITHHELD_BECAUSE_DESCRIPTION } from '../../kit/withheld';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { IdentifierType } from '../../kit/identifiers';
import { PartnerPerson, type PartnerPersonFields, type PartnerPersonOptions } from '../../kit/partner-person';

/** The treatment provider's view of a person, joined by its own client ID only. */
export const TREATMENT_PERSON: PartnerPersonOptions<'treatmentClientId'> = { identifier: IdentifierType.TREATMENT_CLIENT_ID, key: 'treatmentClientId' };

export const TreatmentPerson = PartnerPerson(TREATMENT_PERSON);
export type TreatmentPerson = PartnerPersonFields<'treatmentClientId'>;

@ObjectType('TreatmentContinuityOfCare', {
  description: 'Engagement. Whether a person released from prison and referred on by prison treatment services started community treatment within 21 days.',
})
export class TreatmentContinuityOfCare {
  @Field(() => LocalDateResolver)
  releaseDate!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Start of the first community treatment episode after this release; null if none started.' })
  communityTreatmentStart!: string | null;

  @Field(() => Int, { nullable: true })
  daysToCommunityTreatment!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Null while the 21 days are still running and treatment has not started.' })
  engagedWithin21Days!: boolean | null;
}

@ObjectType('ContinuityOfCarePerformance', {
  description: "The partnership's continuity of care from custody to community treatment for releases in a period (aggregate: no personal data).",
})
export class ContinuityOfCarePerformance {
  @Field(() => LocalDateResolver)
  from!: string;

  @Field(() => LocalDateResolver)
  to!: string;

  @Field(() => Int, { nullable: true, description: 'Releases referred on by prison treatment services. Null when suppressed (see `suppressed`).' })
  releases!: number | null;

  @Field(() => Int, { nullable: true, description: 'Of those, engaged in community treatment within 21 days. Null when suppressed.' })
  engagedWithin21Days!: number | null;

  @Field(() => Int, { nullable: true, description: 'Released less than 21 days ago and not yet engaged: not counted in the rate. Null when suppressed.' })
  stillWithin21Days!: number | null;

  @Field(() => Float, { nullable: true, description: 'engagedWithin21Days / (releases − stillWithin21Days), 0 to 1; null when nothing was counted, or suppressed.' })
  rate!: number | null;

  @Field(() => [String], { description: 'The fields above withheld by disclosure control: releases from 1 to 4, or what would give such a count away.' })
  suppressed!: string[];
  @Field(() => WithheldReason, { nullable: true, description: WITHHELD_BECAUSE_DESCRIPTION })
  withheldBecause!: WithheldReason | null;
}
