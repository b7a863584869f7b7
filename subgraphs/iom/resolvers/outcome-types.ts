import { LocalDateResolver } from 'graphql-scalars';
import { ArgsType, Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Sex } from '../../kit/sex';
import { WithheldReason, WITHHELD_BECAUSE_DESCRIPTION } from '../../kit/withheld';
import { IomStrand } from '../entities/enums';

/** Age bands at referral the partnership reports by (the transitional-age cohort is 18–24). */
export enum IomAgeBand {
  AGE_18_TO_24 = 'AGE_18_TO_24',
  AGE_25_TO_34 = 'AGE_25_TO_34',
  AGE_35_TO_49 = 'AGE_35_TO_49',
  AGE_50_AND_OVER = 'AGE_50_AND_OVER',
}
registerEnumType(IomAgeBand, { name: 'IomAgeBand', description: 'Age at referral, in the bands measures are filtered by (under 18 is never on IOM).' });

/** Inclusive age range of each band. */
export const AGE_BAND_RANGES: Record<IomAgeBand, [number, number]> = {
  [IomAgeBand.AGE_18_TO_24]: [18, 24],
  [IomAgeBand.AGE_25_TO_34]: [25, 34],
  [IomAgeBand.AGE_35_TO_49]: [35, 49],
  [IomAgeBand.AGE_50_AND_OVER]: [50, 200],
};

const SUPPRESSED_NOTE = 'Null when suppressed (see `suppressed`).';

export { WithheldReason, WITHHELD_BECAUSE_DESCRIPTION };

@InputType('IomCohortFilter', { description: 'Which adopted people a measure counts: adopted in a range (by default, ever up to `asOf`), optionally one strand or cohort.' })
export class IomCohortFilter {
  @Field(() => LocalDateResolver, { nullable: true, description: 'Adopted on or after this day.' })
  adoptedFrom?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Adopted on or before this day (default and latest: `asOf`).' })
  adoptedTo?: string | null;

  @Field(() => IomStrand, { nullable: true })
  strand?: IomStrand | null;

  @Field(() => String, { nullable: true, description: 'A cohort code, e.g. FIXED or FREE_FEMALE.' })
  cohortCode?: string | null;

  @Field(() => Sex, { nullable: true, description: 'Sex as recorded at referral.' })
  sex?: Sex | null;

  @Field(() => IomAgeBand, { nullable: true, description: 'Age at referral.' })
  ageBand?: IomAgeBand | null;

  @Field(() => String, {
    nullable: true,
    description: "A local authority district code (e.g. E07000136): people whose housing case that authority holds, as housing records it (IOM holds no area; someone with no housing case is in no area).",
  })
  area?: string | null;
}

@ObjectType('ReoffendingFigures', { description: "A cohort's offences before and after its start dates, by one way of counting offences. Counts of people from 1 to 4 are suppressed." })
export class ReoffendingFigures {
  @Field(() => Int, { nullable: true, description: `People with full windows and at least one offence before: those compared. ${SUPPRESSED_NOTE}` })
  peopleCompared!: number | null;

  @Field(() => Int, { nullable: true, description: `People with full windows but no offence before (they cannot show a reduction). ${SUPPRESSED_NOTE}` })
  noOffenceBefore!: number | null;

  @Field(() => Int, { nullable: true, description: `Offences of the people compared in their windows before. ${SUPPRESSED_NOTE}` })
  offencesBefore!: number | null;

  @Field(() => Int, { nullable: true, description: `Offences of the people compared in their windows after. ${SUPPRESSED_NOTE}` })
  offencesAfter!: number | null;

  @Field(() => Float, { nullable: true, description: `(before − after) / before × 100, two decimals; negative for a rise. ${SUPPRESSED_NOTE}` })
  reductionPercent!: number | null;

  @Field(() => Int, { nullable: true, description: `People whose own offences fell by at least the target percentage. ${SUPPRESSED_NOTE}` })
  metTarget!: number | null;

  @Field(() => Float, { nullable: true, description: `metTarget / peopleCompared × 100, two decimals. ${SUPPRESSED_NOTE}` })
  metTargetPercent!: number | null;

  @Field(() => Int, { nullable: true, description: `People compared with any offence after. ${SUPPRESSED_NOTE}` })
  reoffenders!: number | null;

  @Field(() => Float, { nullable: true, description: `Offences after per reoffender (frequency), two decimals. ${SUPPRESSED_NOTE}` })
  offencesPerReoffender!: number | null;

  @Field(() => [String], { description: 'The fields above suppressed by disclosure control (a small count, or one that would give a small one away).' })
  suppressed!: string[];
}

@ObjectType('ReoffendingMeasure', {
  description:
    "Leicestershire's reoffending measure: each person's offences in the N months after their start date (first adoption in the filter's range) against the same length of time before it, time in custody left out of both windows. No person-level row.",
})
export class ReoffendingMeasure {
  @Field(() => Int, { description: 'Window length in months.' })
  months!: number;

  @Field(() => Float, { description: 'The reduction a person must reach to meet the target, in percent.' })
  targetReductionPercent!: number;

  @Field(() => Int, { description: 'Counts of people from 1 to this minus one are suppressed.' })
  smallCellThreshold!: number;

  @Field(() => Int, { nullable: true, description: `People adopted within the filter. ${SUPPRESSED_NOTE}` })
  cohortSize!: number | null;

  @Field(() => Int, { nullable: true, description: `People whose after window is not over by \`asOf\`. ${SUPPRESSED_NOTE}` })
  followUpIncomplete!: number | null;

  @Field(() => Int, { nullable: true, description: `People whose windows could not find their days at liberty within twice their length. ${SUPPRESSED_NOTE}` })
  tooLongInCustody!: number | null;

  @Field(() => Int, { nullable: true, description: `People with both windows complete. ${SUPPRESSED_NOTE}` })
  measurable!: number | null;

  @Field(() => ReoffendingFigures, { description: 'Counting detected offences (charge, caution, conditional caution, community resolution), as Leicestershire did.' })
  detected!: ReoffendingFigures;

  @Field(() => ReoffendingFigures, { description: 'Counting every recorded offence, whatever its outcome.' })
  allRecorded!: ReoffendingFigures;

  @Field(() => [String], { description: 'The cohort counts above suppressed by disclosure control.' })
  suppressed!: string[];

  @Field(() => WithheldReason, { nullable: true, description: WITHHELD_BECAUSE_DESCRIPTION })
  withheldBecause?: WithheldReason | null;
}

@ObjectType('IomShare', { description: 'How many of a group have an outcome, and the rate. Counts of people from 1 to 4 are suppressed, with whatever would give them away.' })
export class IomShare {
  @Field(() => Int, { nullable: true, description: `The people the rate is over. ${SUPPRESSED_NOTE}` })
  people!: number | null;

  @Field(() => Int, { nullable: true, description: `Those with the outcome. ${SUPPRESSED_NOTE}` })
  count!: number | null;

  @Field(() => Float, { nullable: true, description: `count / people × 100, two decimals. ${SUPPRESSED_NOTE}` })
  ratePercent!: number | null;

  @Field(() => [String])
  suppressed!: string[];
}

@ObjectType('ReoffendingOutcomes', { description: 'Binary reoffending, returns to custody and desistance of the people adopted within a filter. No person-level row.' })
export class ReoffendingOutcomes {
  @Field(() => Int, { description: 'Follow-up length in months (12, as the Ministry of Justice and Lincolnshire measure).' })
  followUpMonths!: number;

  @Field(() => IomShare, { description: "Lincolnshire's binary measure, detected offences: of those whose follow-up after their start date is over (time in custody left out), how many offended in it." })
  binaryDetected!: IomShare;

  @Field(() => IomShare, { description: 'The binary measure counting every recorded offence.' })
  binaryRecorded!: IomShare;

  @Field(() => IomShare, { description: 'Of those adopted at least 12 months before `asOf`, how many began a spell in custody within 12 months of their start date.' })
  returnedToCustody!: IomShare;

  @Field(() => IomShare, {
    description: 'Desisted: of cases that lasted 12 months or more (open ones up to `asOf`), how many had no recorded offence in their last 12 months.',
  })
  desisted!: IomShare;

  @Field(() => WithheldReason, { nullable: true, description: WITHHELD_BECAUSE_DESCRIPTION })
  withheldBecause?: WithheldReason | null;
}

export enum ReoffendingPopulation {
  IOM_COHORT = 'IOM_COHORT',
  STATUTORY_SUPERVISION = 'STATUTORY_SUPERVISION',
}

registerEnumType(ReoffendingPopulation, {
  name: 'ReoffendingPopulation',
  description: 'Whose reoffending is measured, and from which start date.',
  valuesConfig: {
    IOM_COHORT: { description: 'People adopted onto IOM, from their first adoption in the filter\'s range.' },
    STATUTORY_SUPERVISION: { description: "Everyone probation supervises on a statutory order (community order, suspended sentence order, licence, post-sentence supervision), from their first order's start; the filter's adoption range is then the range of those starts." },
  },
});

export enum SeriesInterval {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
}

registerEnumType(SeriesInterval, { name: 'SeriesInterval', description: 'The length of each point of a series: calendar months or quarters (January–March…).' });

/** The range and step every series takes, in that order (`from`, `to`, `interval`). */
@ArgsType()
export class SeriesRangeArgs {
  @Field(() => LocalDateResolver, { description: 'The first period is the one holding this day.' })
  from!: string;

  @Field(() => LocalDateResolver, { description: 'The last period is the one holding this day; no later than `asOf`.' })
  to!: string;

  @Field(() => SeriesInterval, { defaultValue: SeriesInterval.QUARTER })
  interval!: SeriesInterval;
}

// Not in the schema itself: no field returns it; the series points inherit its two fields.
@ObjectType()
export abstract class SeriesPeriod {
  @Field(() => LocalDateResolver)
  periodStart!: string;

  @Field(() => LocalDateResolver)
  periodEnd!: string;
}

@ObjectType('ReoffendingSeriesPoint', { description: 'The reoffending measure for the people adopted in one period.' })
export class ReoffendingSeriesPoint extends SeriesPeriod {

  @Field(() => ReoffendingMeasure)
  measure!: ReoffendingMeasure;
}
