import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Float, Int, Resolver, Root } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { shareOf, suppressPartition, SMALL_CELL_THRESHOLD } from '../../kit/disclosure';
import { badUserInput } from '../../kit/errors';
import { addDays, addMonths, type IsoDate } from '../../kit/dates';
import { followUpWindow, reoffendingFigures, returnedToCustodyWithin, withheldFigures, type PersonComparison } from '../services/reoffending';
import { cohortMembers, countOffences, partnerFacts, windowsFor, type CohortFilter, type CohortMember } from '../services/reoffending-measure';
import type { IomContext } from './context';
import { AGE_BAND_RANGES, IomCohortFilter, ReoffendingMeasure, ReoffendingOutcomes, ReoffendingSeriesPoint, SeriesInterval } from './outcome-types';
import { IomMeasures } from './types';

export const MAX_WINDOW_MONTHS = 36;
/** The most points one series may hold (five years by month); the gateway costs the list at this size. */
export const MAX_SERIES_POINTS = 60;
/** Binary reoffending, returns to custody and desistance all look 12 months on (or back). */
export const OUTCOME_MONTHS = 12;

/** The filter with its defaults, refused when it cannot be right. */
export function requireCohortFilter(filter: IomCohortFilter | null, asOf: IsoDate): CohortFilter {
  const adoptedTo = filter?.adoptedTo ?? asOf;
  const adoptedFrom = filter?.adoptedFrom ?? null;
  if (adoptedTo > asOf) throw badUserInput('"adoptedTo" may not be after "asOf".', { argumentName: 'filter' });
  if (adoptedFrom !== null && adoptedFrom > adoptedTo) throw badUserInput('"adoptedFrom" may not be after "adoptedTo".', { argumentName: 'filter' });
  const ageBand = filter?.ageBand ?? null;
  return { adoptedFrom, adoptedTo, strand: filter?.strand ?? null, cohortCode: filter?.cohortCode ?? null, sex: filter?.sex ?? null, ageRange: ageBand ? AGE_BAND_RANGES[ageBand] : null };
}

function requireWindow(months: number, target: number): void {
  if (!Number.isInteger(months) || months < 1 || months > MAX_WINDOW_MONTHS) throw badUserInput(`"months" must be from 1 to ${MAX_WINDOW_MONTHS}.`, { argumentName: 'months' });
  if (!(target >= 0 && target <= 100)) throw badUserInput('"targetReductionPercent" must be from 0 to 100.', { argumentName: 'targetReductionPercent' });
}

/** The month or quarter holding each day from `from` to `to`, in order. */
export function seriesPeriods(from: IsoDate, to: IsoDate, interval: SeriesInterval): { start: IsoDate; end: IsoDate }[] {
  const step = interval === SeriesInterval.MONTH ? 1 : 3;
  const [year, month] = from.split('-').map(Number);
  const firstMonth = interval === SeriesInterval.MONTH ? month : Math.floor((month - 1) / 3) * 3 + 1;
  const periods: { start: IsoDate; end: IsoDate }[] = [];
  for (let start = `${year}-${String(firstMonth).padStart(2, '0')}-01`; start <= to && periods.length <= MAX_SERIES_POINTS; start = addMonths(start, step)) {
    periods.push({ start, end: addDays(addMonths(start, step), -1) });
  }
  return periods;
}

/**
 * The measure for several groups of the cohort at once: one read of each partner for them all,
 * then each group's figures (and its suppression) on its own.
 */
async function reoffendingMeasures(context: IomContext, groups: CohortMember[][], months: number, target: number, asOf: IsoDate): Promise<ReoffendingMeasure[]> {
  const everyone = [...new Map(groups.flat().map((member) => [member.hubId, member])).values()];
  const facts = await partnerFacts(context.askSubgraph, everyone);
  const windows = windowsFor(everyone, facts, months, asOf);
  const comparable = windows.flatMap((entry) => (entry.windows.kind === 'comparable' ? [{ hubId: entry.member.hubId, before: entry.windows.before, after: entry.windows.after }] : []));
  const counts = await countOffences(
    context.askSubgraph,
    comparable.flatMap((person) => [
      { pncId: facts.pncIdOf.get(person.hubId), ranges: person.before },
      { pncId: facts.pncIdOf.get(person.hubId), ranges: person.after },
    ]),
  );
  const countsOf = new Map(comparable.map((person, i) => [person.hubId, { before: counts[2 * i], after: counts[2 * i + 1] }]));
  const kindOf = new Map(windows.map((entry) => [entry.member.hubId, entry.windows.kind]));
  return groups.map((members) => {
    const kinds = members.map((member) => kindOf.get(member.hubId));
    const compared = members.flatMap((member) => countsOf.get(member.hubId) ?? []);
    const detected: PersonComparison[] = compared.map((c) => ({ before: c.before.detected, after: c.after.detected }));
    const recorded: PersonComparison[] = compared.map((c) => ({ before: c.before.recorded, after: c.after.recorded }));
    const followUpIncomplete = kinds.filter((kind) => kind === 'follow-up-incomplete').length;
    const tooLongInCustody = kinds.filter((kind) => kind === 'too-long-in-custody').length;
    // Suppressing `measurable` would withhold every figure, so another cell goes first.
    const suppressed = suppressPartition('cohortSize', members.length, { measurable: compared.length, followUpIncomplete, tooLongInCustody }, ['measurable']);
    const show = (name: string, value: number) => (suppressed.has(name) ? null : value);
    // A suppressed measurable group withholds its figures too (they would add up to it).
    const figures = (people: PersonComparison[]) => (suppressed.has('measurable') ? withheldFigures() : reoffendingFigures(people, target));
    return {
      months,
      targetReductionPercent: target,
      smallCellThreshold: SMALL_CELL_THRESHOLD,
      cohortSize: show('cohortSize', members.length),
      followUpIncomplete: show('followUpIncomplete', followUpIncomplete),
      tooLongInCustody: show('tooLongInCustody', tooLongInCustody),
      measurable: show('measurable', compared.length),
      detected: figures(detected),
      allRecorded: figures(recorded),
      suppressed: [...suppressed].sort(),
    };
  });
}

@Resolver(() => IomMeasures)
export class IomOutcomeMeasuresResolver {
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => ReoffendingMeasure, {
    nullable: true,
    description: "Reoffending (Leicestershire): offences in the `months` after each person's first adoption in the filter's range against as long before, time in custody left out; counts only.",
  })
  async reoffending(
    @Root() root: IomMeasures,
    @Arg('months', () => Int, { defaultValue: 12, description: 'Window length, 1 to 36 months.' }) months: number,
    @Arg('targetReductionPercent', () => Float, { defaultValue: 17, description: 'The reduction a person must reach, 0 to 100 (Leicestershire: 17).' }) target: number,
    @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<ReoffendingMeasure> {
    requireWindow(months, target);
    const members = await cohortMembers(context.em, requireCohortFilter(filter, root.asOf));
    const [measure] = await reoffendingMeasures(context, [members], months, target, root.asOf);
    return measure;
  }

  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => [ReoffendingSeriesPoint], {
    nullable: true,
    description: 'The reoffending measure for the people adopted in each month or quarter from `from` to `to`, in one call (at most 60 points); each point is suppressed on its own.',
  })
  async reoffendingSeries(
    @Root() root: IomMeasures,
    @Arg('from', () => LocalDateResolver, { description: 'The first period is the one holding this day.' }) from: string,
    @Arg('to', () => LocalDateResolver, { description: 'The last period is the one holding this day; no later than `asOf`.' }) to: string,
    @Arg('interval', () => SeriesInterval, { defaultValue: SeriesInterval.QUARTER }) interval: SeriesInterval,
    @Arg('months', () => Int, { defaultValue: 12, description: 'Window length, 1 to 36 months.' }) months: number,
    @Arg('targetReductionPercent', () => Float, { defaultValue: 17 }) target: number,
    @Arg('filter', () => IomCohortFilter, { nullable: true, description: 'Strand or cohort; the adoption range comes from the series.' }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<ReoffendingSeriesPoint[]> {
    requireWindow(months, target);
    if (to > root.asOf) throw badUserInput('"to" may not be after "asOf".', { argumentName: 'to' });
    if (from > to) throw badUserInput('"from" may not be after "to".', { argumentName: 'from' });
    const periods = seriesPeriods(from, to, interval);
    if (periods.length > MAX_SERIES_POINTS) throw badUserInput(`At most ${MAX_SERIES_POINTS} points in a series.`, { argumentName: 'from' });
    const last = periods[periods.length - 1].end;
    const cohort = requireCohortFilter({ ...filter, adoptedFrom: periods[0].start, adoptedTo: last < root.asOf ? last : root.asOf }, root.asOf);
    const members = await cohortMembers(context.em, cohort);
    const groups = periods.map((period) => members.filter((member) => member.startDate >= period.start && member.startDate <= period.end));
    const measures = await reoffendingMeasures(context, groups, months, target, root.asOf);
    return periods.map((period, i) => ({ periodStart: period.start, periodEnd: period.end, measure: measures[i] }));
  }

  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => ReoffendingOutcomes, { nullable: true, description: 'Binary reoffending within 12 months (Lincolnshire), returns to custody within 12 months and desistance; counts only.' })
  async reoffendingOutcomes(
    @Root() root: IomMeasures,
    @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<ReoffendingOutcomes> {
    const asOf = root.asOf;
    const members = await cohortMembers(context.em, requireCohortFilter(filter, asOf));
    const facts = await partnerFacts(context.askSubgraph, members);
    const custodyOf = (hubId: string) => facts.custodyOf.get(hubId) ?? [];
    // 12 months have passed since the start date (the day after asOf is 12 months on, or later).
    const yearPassed = (start: IsoDate, end: IsoDate) => addMonths(start, OUTCOME_MONTHS) <= addDays(end, 1);

    const followedUp = members.flatMap((member) => {
      const window = followUpWindow(member.startDate, OUTCOME_MONTHS, custodyOf(member.hubId), asOf);
      return window ? [{ pncId: facts.pncIdOf.get(member.hubId), ranges: window }] : [];
    });
    const custodyEligible = members.filter((member) => yearPassed(member.startDate, asOf));
    const returned = custodyEligible.filter((member) => returnedToCustodyWithin(member.startDate, OUTCOME_MONTHS, custodyOf(member.hubId))).length;
    // A case's last day: the day it ended, or asOf while it is open (or ended after asOf).
    const lastYears = members.flatMap((member) => {
      const end = member.endedOn !== null && member.endedOn <= asOf ? member.endedOn : asOf;
      if (!yearPassed(member.startDate, end)) return [];
      return [{ pncId: facts.pncIdOf.get(member.hubId), ranges: [{ from: addDays(addMonths(end, -OUTCOME_MONTHS), 1), to: end }] }];
    });

    const counts = await countOffences(context.askSubgraph, [...followedUp, ...lastYears]);
    const followUpCounts = counts.slice(0, followedUp.length);
    const lastYearCounts = counts.slice(followedUp.length);
    return {
      followUpMonths: OUTCOME_MONTHS,
      binaryDetected: shareOf(followedUp.length, followUpCounts.filter((count) => count.detected > 0).length),
      binaryRecorded: shareOf(followedUp.length, followUpCounts.filter((count) => count.recorded > 0).length),
      returnedToCustody: shareOf(custodyEligible.length, returned),
      desisted: shareOf(lastYears.length, lastYearCounts.filter((count) => count.recorded === 0).length),
    };
  }
}
