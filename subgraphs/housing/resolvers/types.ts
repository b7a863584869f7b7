import { LocalDateResolver } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { AccommodationStatus, ReleaseHousingMeasure } from '../entities/enums';
import { IdentifierType } from '../../kit/identifiers';
import { WithheldReason, WITHHELD_BECAUSE_DESCRIPTION } from '../../kit/withheld';
import { PartnerPerson, type PartnerPersonFields, type PartnerPersonOptions } from '../../kit/partner-person';

/** The housing authority's view of a person, joined by its own case reference only. */
export const HOUSING_PERSON: PartnerPersonOptions<'housingReference'> = { identifier: IdentifierType.HOUSING_REFERENCE, key: 'housingReference' };

export const HousingPerson = PartnerPerson(HOUSING_PERSON);
export type HousingPerson = PartnerPersonFields<'housingReference'>;

@ObjectType('ReleaseHousingOutcome', { description: 'Where a person lived on the day they left prison and three months later.' })
export class ReleaseHousingOutcome {
  @Field(() => LocalDateResolver)
  releaseDate!: string;

  @Field(() => AccommodationStatus, { nullable: true, description: 'Status on the day of release; null if the authority recorded none.' })
  statusOnRelease!: AccommodationStatus | null;

  @Field({ description: 'In accommodation on the day of release (national target 90%).' })
  accommodatedOnRelease!: boolean;

  @Field(() => LocalDateResolver, { description: 'Three calendar months after release: when settled accommodation is measured.' })
  threeMonthsAfter!: string;

  @Field(() => AccommodationStatus, { nullable: true, description: 'Status three months after release; null until that date has passed.' })
  statusThreeMonthsAfter!: AccommodationStatus | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'In settled accommodation three months after release (national target 80%); null until then, or when back in custody by then (not counted).',
  })
  settledThreeMonthsAfter!: boolean | null;
}

@ObjectType('ReleaseHousingMeasureResult', { description: 'One release housing measure for a period, against its target.' })
export class ReleaseHousingMeasureResult {
  @Field(() => ReleaseHousingMeasure)
  measure!: ReleaseHousingMeasure;

  @Field(() => Int, { nullable: true, description: 'Releases the measure counts (for three months after: those due and not back in custody). Null when suppressed (see `suppressed`).' })
  releasesCounted!: number | null;

  @Field(() => Int, { nullable: true, description: 'Releases that met the measure. Null when suppressed.' })
  met!: number | null;

  @Field(() => Float, { nullable: true, description: 'met / releasesCounted, 0 to 1; null when nothing was counted, or suppressed.' })
  rate!: number | null;

  @Field(() => Float, { nullable: true, description: 'The target rate, 0 to 1.' })
  target!: number | null;

  @Field(() => String, { nullable: true })
  targetSource!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'rate ≥ target; null when either is unknown, or suppressed.' })
  meetsTarget!: boolean | null;

  @Field(() => [String], { description: 'The fields above withheld by disclosure control: releases from 1 to 4, or what would give such a count away.' })
  suppressed!: string[];
}

@ObjectType('ReleaseHousingPerformance', { description: "The partnership's prison-release housing outcomes for releases in a period (aggregate: no personal data)." })
export class ReleaseHousingPerformance {
  @Field(() => LocalDateResolver)
  from!: string;

  @Field(() => LocalDateResolver)
  to!: string;

  @Field(() => [ReleaseHousingMeasureResult])
  measures!: ReleaseHousingMeasureResult[];

  @Field(() => WithheldReason, { nullable: true, description: WITHHELD_BECAUSE_DESCRIPTION })
  withheldBecause!: WithheldReason | null;
}
