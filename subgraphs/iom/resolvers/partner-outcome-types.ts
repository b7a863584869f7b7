import { LocalDateResolver } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { ProtectedGroup } from './partner-outcome-measures.resolver';
import { SeriesPeriod, WITHHELD_BECAUSE_DESCRIPTION, WithheldReason } from './outcome-types';

const SUPPRESSED_NOTE = 'Null when suppressed (see `suppressed`).';

@ObjectType('IomTreatmentRequirementYear', {
  description: "Havering's DRR or ATR return (seed 003): starts and completions in a financial year against its annual targets, and the share not reoffending six months after completion. No person-level row.",
})
export class IomTreatmentRequirementYear {
  @Field({ description: 'DRUG_REHABILITATION (DRR) or ALCOHOL_TREATMENT (ATR).' })
  requirementType!: string;

  @Field(() => Int, { description: 'The year the financial year starts in (2025: April 2025 to March 2026).' })
  financialYear!: number;

  @Field(() => LocalDateResolver)
  periodStart!: string;

  @Field(() => LocalDateResolver, { description: 'The last day counted: the year-end, or `asOf` while the year is still running.' })
  countedThrough!: string;

  @Field({ description: 'Whether the whole year is counted (otherwise the year to date, as Havering\'s "Q2" rows).' })
  yearComplete!: boolean;

  @Field(() => Int, { nullable: true, description: `Requirements started in the period. ${SUPPRESSED_NOTE}` })
  starts!: number | null;

  @Field(() => Int, { nullable: true, description: 'The annual starts target; null when none is held for the year.' })
  startsTarget!: number | null;

  @Field(() => Boolean, { nullable: true, description: `starts ≥ startsTarget. ${SUPPRESSED_NOTE}` })
  startsTargetMet!: boolean | null;

  @Field(() => Int, { nullable: true, description: `Requirements completed successfully in the period. ${SUPPRESSED_NOTE}` })
  completions!: number | null;

  @Field(() => Int, { nullable: true })
  completionsTarget!: number | null;

  @Field(() => Boolean, { nullable: true, description: `completions ≥ completionsTarget. ${SUPPRESSED_NOTE}` })
  completionsTargetMet!: boolean | null;

  @Field(() => Int, { nullable: true, description: `Completions whose six months after completion had passed by \`asOf\`, with a PNC ID to check. ${SUPPRESSED_NOTE}` })
  followedUp!: number | null;

  @Field(() => Int, { nullable: true, description: `Of those, how many had no detected offence in the six months. ${SUPPRESSED_NOTE}` })
  notReoffending!: number | null;

  @Field(() => Float, { nullable: true, description: `notReoffending / followedUp × 100, two decimals. ${SUPPRESSED_NOTE}` })
  notReoffendingPercent!: number | null;

  @Field(() => String, { nullable: true, description: 'Where the targets come from.' })
  targetSource!: string | null;

  @Field(() => [String])
  suppressed!: string[];

  @Field(() => WithheldReason, { nullable: true, description: WITHHELD_BECAUSE_DESCRIPTION })
  withheldBecause!: WithheldReason | null;
}

@ObjectType('IomPredictorTrend', {
  description: "Of the cohort, whose latest reoffending predictor (OGRS) is lower than at their start date. The baseline is the latest assessment on or before the start date (or the first within 91 days after it); the latest is the newest on or before `asOf`. No person-level row.",
})
export class IomPredictorTrend {
  @Field(() => Int, { nullable: true, description: `People in the cohort. ${SUPPRESSED_NOTE}` })
  cohortSize!: number | null;

  @Field(() => Int, { nullable: true, description: `No assessment to start from (none by the start date or within 91 days after it; or no probation record). ${SUPPRESSED_NOTE}` })
  noBaseline!: number | null;

  @Field(() => Int, { nullable: true, description: `A baseline but no later assessment by \`asOf\`. ${SUPPRESSED_NOTE}` })
  notReassessed!: number | null;

  @Field(() => Int, { nullable: true, description: `Assessed at the start and again since: the people the share is over. ${SUPPRESSED_NOTE}` })
  reassessed!: number | null;

  @Field(() => Int, { nullable: true, description: `Their latest predictor is lower than the baseline. ${SUPPRESSED_NOTE}` })
  fell!: number | null;

  @Field(() => Int, { nullable: true, description: SUPPRESSED_NOTE })
  rose!: number | null;

  @Field(() => Int, { nullable: true, description: SUPPRESSED_NOTE })
  unchanged!: number | null;

  @Field(() => Float, { nullable: true, description: `fell / reassessed × 100, two decimals. ${SUPPRESSED_NOTE}` })
  fellPercent!: number | null;

  @Field(() => [String])
  suppressed!: string[];

  @Field(() => WithheldReason, { nullable: true, description: WITHHELD_BECAUSE_DESCRIPTION })
  withheldBecause?: WithheldReason | null;
}

@ObjectType('IomCrimeCostCategory', { description: "Offences and their cost in one of the source's cost categories." })
export class IomCrimeCostCategory {
  @Field()
  costCategory!: string;

  @Field(() => Int)
  unitCostPounds!: number;

  @Field(() => Int)
  offencesBefore!: number;

  @Field(() => Int)
  offencesAfter!: number;

  @Field(() => Float, { description: 'Pounds.' })
  costBefore!: number;

  @Field(() => Float, { description: 'Pounds.' })
  costAfter!: number;
}

@ObjectType('IomCostOfCrime', {
  description: "The cost of the cohort's crime before and after their start dates: offences in the reoffending measure's windows (time in custody left out) weighted by unit costs per crime type held as data. No person-level row.",
})
export class IomCostOfCrime {
  @Field(() => Int)
  months!: number;

  @Field({ description: 'Whether only detected offences are counted.' })
  detectedOnly!: boolean;

  @Field(() => Int, { nullable: true, description: `People with both windows complete: those counted. ${SUPPRESSED_NOTE}` })
  measurable!: number | null;

  @Field(() => Int, { nullable: true, description: SUPPRESSED_NOTE })
  offencesBefore!: number | null;

  @Field(() => Int, { nullable: true, description: SUPPRESSED_NOTE })
  offencesAfter!: number | null;

  @Field(() => Int, { nullable: true, description: `Offences of types the source gives no unit cost for: counted, not costed. ${SUPPRESSED_NOTE}` })
  uncostedOffencesBefore!: number | null;

  @Field(() => Int, { nullable: true, description: SUPPRESSED_NOTE })
  uncostedOffencesAfter!: number | null;

  @Field(() => Float, { nullable: true, description: `Pounds, at the source's prices. ${SUPPRESSED_NOTE}` })
  costBefore!: number | null;

  @Field(() => Float, { nullable: true, description: `Pounds. ${SUPPRESSED_NOTE}` })
  costAfter!: number | null;

  @Field(() => Float, { nullable: true, description: `(costBefore − costAfter) / costBefore × 100, two decimals. ${SUPPRESSED_NOTE}` })
  reductionPercent!: number | null;

  @Field(() => [IomCrimeCostCategory], { nullable: true, description: `Per cost category, highest cost first. ${SUPPRESSED_NOTE}` })
  byCategory!: IomCrimeCostCategory[] | null;

  @Field(() => [String], { description: 'The sources of the unit costs.' })
  sources!: string[];

  @Field(() => [String])
  suppressed!: string[];

  @Field(() => WithheldReason, { nullable: true, description: WITHHELD_BECAUSE_DESCRIPTION })
  withheldBecause?: WithheldReason | null;
}

@ObjectType('IomPositiveOutcomes', {
  description:
    "Seed 001's female cohort table: the cohort's collective positive criminal-justice outcomes (charge, caution, conditional caution, community resolution) over the two years before each person's start date, and over the two years to `asOf`. No person-level row.",
})
export class IomPositiveOutcomes {
  @Field(() => Int)
  years!: number;

  @Field(() => Int, { nullable: true, description: `People in the cohort. ${SUPPRESSED_NOTE}` })
  cohortSize!: number | null;

  @Field(() => Int, { nullable: true, description: `Positive outcomes in the two years before each start date (on entry). ${SUPPRESSED_NOTE}` })
  onEntry!: number | null;

  @Field(() => Int, { nullable: true, description: `Positive outcomes in the two years to \`asOf\`. ${SUPPRESSED_NOTE}` })
  asOfDay!: number | null;

  @Field(() => Int, { nullable: true, description: `asOfDay − onEntry. ${SUPPRESSED_NOTE}` })
  change!: number | null;

  @Field(() => Float, { nullable: true, description: `(onEntry − asOfDay) / onEntry × 100, two decimals. ${SUPPRESSED_NOTE}` })
  reductionPercent!: number | null;

  @Field(() => [String])
  suppressed!: string[];

  @Field(() => WithheldReason, { nullable: true, description: WITHHELD_BECAUSE_DESCRIPTION })
  withheldBecause?: WithheldReason | null;
}

/** What every point of one outcomes series shares: its groups, and each measure once for them all (asked only when selected). */
export interface OutcomesSeriesShared {
  groups: ProtectedGroup[];
  months: number;
  asOf: string;
  computed: Map<string, Promise<unknown[]>>;
}

@ObjectType('IomOutcomesSeriesPoint', { description: 'The outcome measures for the people adopted in one month or quarter. Each is suppressed on its own, and withheld when a wider group minus it would show a small cell.' })
export class IomOutcomesSeriesPoint extends SeriesPeriod {

  shared!: OutcomesSeriesShared;
  index!: number;
}
