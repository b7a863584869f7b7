import { LocalDateResolver } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { SeriesPeriod, WITHHELD_BECAUSE_DESCRIPTION, WithheldReason } from './outcome-types';

const SUPPRESSED_NOTE = 'Null when suppressed (see `suppressed`).';

@ObjectType('IomReleaseRate', { description: 'Releases a housing measure counts and those that met it. A release is a person leaving custody: counts from 1 to 4 are suppressed.' })
export class IomReleaseRate {
  @Field(() => Int, { nullable: true, description: `Releases the measure counts. ${SUPPRESSED_NOTE}` })
  releasesCounted!: number | null;

  @Field(() => Int, { nullable: true, description: `Releases that met it. ${SUPPRESSED_NOTE}` })
  met!: number | null;

  @Field(() => Float, { nullable: true, description: `met / releasesCounted, 0 to 1, three decimals; null when nothing was counted. ${SUPPRESSED_NOTE}` })
  rate!: number | null;

  @Field(() => [String], { description: 'The fields above suppressed by disclosure control.' })
  suppressed!: string[];
}

@ObjectType('IomReleaseHousing', {
  description: "The cohort's prison-release housing, computed by housing for the cohort's housing references: accommodated on the day of release, and settled three months on (targets: `releaseHousingTargets`).",
})
export class IomReleaseHousing {
  @Field(() => LocalDateResolver, { description: 'Releases on or after this day are counted.' })
  from!: string;

  @Field(() => LocalDateResolver, { description: 'Releases on or before this day are counted.' })
  to!: string;

  @Field(() => IomReleaseRate, { description: 'In accommodation on the day of release (national target 90%).' })
  accommodatedOnRelease!: IomReleaseRate;

  @Field(() => IomReleaseRate, { description: 'Settled three months after release, of the releases whose three months had passed by `asOf` with the person out of custody.' })
  settledThreeMonthsAfter!: IomReleaseRate;

  @Field(() => WithheldReason, { nullable: true, description: WITHHELD_BECAUSE_DESCRIPTION })
  withheldBecause?: WithheldReason | null;
}

@ObjectType('IomContinuityOfCare', {
  description: "The cohort's continuity of care from custody to community treatment, computed by the treatment provider for the cohort's treatment client ids: engaged within 21 days of release.",
})
export class IomContinuityOfCare {
  @Field(() => LocalDateResolver)
  from!: string;

  @Field(() => LocalDateResolver)
  to!: string;

  @Field(() => Int, { nullable: true, description: `Releases in the period the provider was told of. ${SUPPRESSED_NOTE}` })
  releases!: number | null;

  @Field(() => Int, { nullable: true, description: `Releases followed by a community treatment start within 21 days. ${SUPPRESSED_NOTE}` })
  engagedWithin21Days!: number | null;

  @Field(() => Int, { nullable: true, description: `Releases whose 21 days were still running at the end of \`asOf\` with no treatment yet. ${SUPPRESSED_NOTE}` })
  stillWithin21Days!: number | null;

  @Field(() => Float, { nullable: true, description: `engagedWithin21Days / the releases decided (not still within 21 days), 0 to 1, three decimals. ${SUPPRESSED_NOTE}` })
  rate!: number | null;

  @Field(() => [String], { description: 'The fields above suppressed by disclosure control.' })
  suppressed!: string[];

  @Field(() => WithheldReason, { nullable: true, description: WITHHELD_BECAUSE_DESCRIPTION })
  withheldBecause?: WithheldReason | null;
}

@ObjectType('IomReleaseHousingPoint', { description: 'Release housing for the releases in one month or quarter.' })
export class IomReleaseHousingPoint extends SeriesPeriod {
  @Field(() => IomReleaseHousing)
  measure!: IomReleaseHousing;
}

@ObjectType('IomContinuityOfCarePoint', { description: 'Continuity of care for the releases in one month or quarter.' })
export class IomContinuityOfCarePoint extends SeriesPeriod {
  @Field(() => IomContinuityOfCare)
  measure!: IomContinuityOfCare;
}
