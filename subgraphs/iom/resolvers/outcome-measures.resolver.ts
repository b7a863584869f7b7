import { Arg, Args, Ctx, FieldResolver, Float, Int, Resolver, Root } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { shareOf, suppressPartition, SMALL_CELL_THRESHOLD } from '../../kit/disclosure';
import { badUserInput } from '../../kit/errors';
import { addDays, addMonths, type IsoDate } from '../../kit/dates';
import { followUpWindow, reoffendingFigures, returnedToCustodyWithin, withheldFigures, type PersonComparison } from '../services/reoffending';
import { restsOf } from '../services/partner-outcomes';
import { cohortMembers, countOffences, partnerFacts, supervisedMembers, windowsFor, type CohortFilter, type CohortMember, type MemberKeys } from '../services/reoffending-measure';
import { hubIdsInArea } from '../services/partner-asks';
import type { ComparisonWindows, DayRange } from '../services/reoffending';
import type { IomContext } from './context';
import { releaseAnswers, type AnswerSet } from '../services/released-sets';
import { AGE_BAND_RANGES, IomCohortFilter, ReoffendingMeasure, ReoffendingPopulation, ReoffendingOutcomes, ReoffendingSeriesPoint, SeriesInterval, WithheldReason, SeriesRangeArgs } from './outcome-types';
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
  const area = filter?.area ?? null;
  if (area !== null && !LOCAL_AUTHORITY_CODE.test(area)) throw badUserInput('"area" must be a local authority code such as E07000136.', { argumentName: 'filter' });
  return { adoptedFrom, adoptedTo, strand: filter?.strand ?? null, cohortCode: filter?.cohortCode ?? null, sex: filter?.sex ?? null, ageRange: ageBand ? AGE_BAND_RANGES[ageBand] : null, area };
}

/** ONS local authority district codes: a letter and eight digits. */
const LOCAL_AUTHORITY_CODE = /^[A-Z]\d{8}$/;

/**
 * Everyone each filter names: IOM's own SQL per filter, then, for those with an area, one read of
 * the person index and one of housing for all of them together (IOM holds no area).
 */
export async function cohortsOf(context: IomContext, filters: readonly CohortFilter[]): Promise<CohortMember[][]> {
  const lists: CohortMember[][] = [];
  for (const filter of filters) lists.push(await cohortMembers(context.em, filter));
  const areas = [...new Set(filters.flatMap((filter) => (filter.area === null ? [] : [filter.area])))];
  const inArea = new Map<string, Set<string>>();
  for (const area of areas) {
    const hubIds = [...new Set(lists.flatMap((list, i) => (filters[i].area === area ? list.map((member) => member.hubId) : [])))];
    inArea.set(area, await hubIdsInArea(context.askSubgraph, hubIds, area));
  }
  return lists.map((list, i) => {
    const area = filters[i].area;
    return area === null ? list : list.filter((member) => inArea.get(area)!.has(member.hubId));
  });
}

/** The filters of the wider groups a filter sits in: the same filter without one of its parts. */
export function widerFilters(filter: CohortFilter, asOf: IsoDate, includeRange: boolean): CohortFilter[] {
  const parents: CohortFilter[] = [];
  if (includeRange && (filter.adoptedFrom !== null || filter.adoptedTo !== asOf)) parents.push({ ...filter, adoptedFrom: null, adoptedTo: asOf });
  for (const part of ['strand', 'cohortCode', 'sex', 'ageRange', 'area'] as const) if (filter[part] !== null) parents.push({ ...filter, [part]: null });
  return parents;
}

/** The group a filter names and the rests of its wider groups (see `widerCohorts`), read together. */
export async function protectedGroupOf(context: IomContext, filter: CohortFilter, asOf: IsoDate): Promise<{ members: CohortMember[]; rests: CohortMember[][] }> {
  const [members, ...wider] = await cohortsOf(context, [filter, ...widerFilters(filter, asOf, true)]);
  return { members, rests: restsOf(members, wider) };
}

/**
 * Differencing between filters: the caller may ask for a group and for each wider group its
 * filter sits in (the same filter without one of its parts: the adoption range, strand, cohort,
 * sex, age band or area), and the wider answer minus this one describes the rest. So each wider group's
 * rest is measured too, and when any of its cells would be suppressed, this group's answer is
 * withheld whole (see README, Disclosure control). Returns everyone of each wider group; one SQL
 * statement per part of the filter that is set, whatever the cohort's size.
 */
export async function widerCohorts(context: IomContext, filter: CohortFilter, asOf: IsoDate, includeRange: boolean): Promise<CohortMember[][]> {
  return cohortsOf(context, widerFilters(filter, asOf, includeRange));
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

/** The periods of a series, refused when the range is backwards, reaches past `asOf` or holds too many points. */
export function requireSeries(from: IsoDate, to: IsoDate, interval: SeriesInterval, asOf: IsoDate): { start: IsoDate; end: IsoDate }[] {
  if (to > asOf) throw badUserInput('"to" may not be after "asOf".', { argumentName: 'to' });
  if (from > to) throw badUserInput('"from" may not be after "to".', { argumentName: 'from' });
  const periods = seriesPeriods(from, to, interval);
  if (periods.length > MAX_SERIES_POINTS) throw badUserInput(`At most ${MAX_SERIES_POINTS} points in a series.`, { argumentName: 'from' });
  return periods;
}

/**
 * The people adopted in each period of a series (within the filter's other parts), each with the
 * rests of its wider groups in the same period: a point is protected against the same period
 * without one part of the filter. Two SQL statements and one per part of the filter set.
 */
export async function seriesGroups(context: IomContext, filter: IomCohortFilter | null, periods: readonly { start: IsoDate; end: IsoDate }[], asOf: IsoDate): Promise<{ members: CohortMember[]; rests: CohortMember[][] }[]> {
  const last = periods[periods.length - 1].end;
  const cohort = requireCohortFilter({ ...filter, adoptedFrom: periods[0].start, adoptedTo: last < asOf ? last : asOf }, asOf);
  const [members, ...wider] = await cohortsOf(context, [cohort, ...widerFilters(cohort, asOf, false)]);
  return periods.map((period) => {
    const inPeriod = (member: CohortMember) => member.startDate >= period.start && member.startDate <= period.end;
    const group = members.filter(inPeriod);
    return { members: group, rests: restsOf(group, wider, inPeriod) };
  });
}

/** A measure and the sets of people its counts are of (see `releaseAnswers`). */
interface MeasureWithSets<T> {
  measure: T;
  sets: AnswerSet[];
}

/**
 * The measure for several groups of the cohort at once: one read of each partner for them all,
 * then each group's figures (and its suppression) on its own.
 */
async function reoffendingMeasures(
  context: IomContext,
  groups: CohortMember[][],
  months: number,
  target: number,
  asOf: IsoDate,
  population: ReoffendingPopulation,
  keys?: MemberKeys,
): Promise<MeasureWithSets<ReoffendingMeasure>[]> {
  const everyone = [...new Map(groups.flat().map((member) => [member.hubId, member])).values()];
  const facts = await partnerFacts(context.askSubgraph, everyone, keys);
  const windows = windowsFor(everyone, facts, months, asOf);
  // Police are asked two windows (before, after) per comparable person; `firstWindowOf` holds,
  // by position in `everyone`, where that person's are among them. Positions and arrays rather
  // than maps and an object per person: at scale 10 the per-person objects and lookups were a
  // measurable share of the hub's time and garbage.
  const asked: { pncId: string | undefined; ranges: DayRange[] }[] = [];
  const firstWindowOf = new Int32Array(windows.length).fill(-1);
  windows.forEach((entry, position) => {
    if (entry.windows.kind !== 'comparable') return;
    const pncId = facts.pncIdOf.get(entry.member.hubId);
    firstWindowOf[position] = asked.length;
    asked.push({ pncId, ranges: entry.windows.before }, { pncId, ranges: entry.windows.after });
  });
  const counts = await countOffences(context.askSubgraph, asked);
  const positionOf = new Map(everyone.map((member, position) => [member.hubId, position]));
  return groups.map((members) => {
    const detected: PersonComparison[] = [];
    const recorded: PersonComparison[] = [];
    let followUpIncomplete = 0;
    let tooLongInCustody = 0;
    for (const member of members) {
      const position = positionOf.get(member.hubId) ?? -1;
      const kind = windows[position].windows.kind;
      if (kind === 'follow-up-incomplete') followUpIncomplete++;
      else if (kind === 'too-long-in-custody') tooLongInCustody++;
      else {
        const before = counts[firstWindowOf[position]];
        const after = counts[firstWindowOf[position] + 1];
        detected.push({ before: before.detected, after: after.detected });
        recorded.push({ before: before.recorded, after: after.recorded });
      }
    }
    // Suppressing `measurable` would withhold every figure, so another cell goes first.
    const suppressed = suppressPartition('cohortSize', members.length, { measurable: detected.length, followUpIncomplete, tooLongInCustody }, ['measurable']);
    const show = (name: string, value: number) => (suppressed.has(name) ? null : value);
    // A suppressed measurable group withholds its figures too (they would add up to it).
    const figures = (people: PersonComparison[]) => (suppressed.has('measurable') ? withheldFigures() : reoffendingFigures(people, target));
    // Sorted once here, so each part (taken from it in order) is sorted already when the
    // earlier-answer check puts it in its canonical order: one sort of the cohort, not one per set.
    const hubIds = members.map((member) => member.hubId).sort();
    const ofKind: Record<ComparisonWindows['kind'], string[]> = { comparable: [], 'follow-up-incomplete': [], 'too-long-in-custody': [] };
    for (const hubId of hubIds) ofKind[windows[positionOf.get(hubId) ?? -1].windows.kind].push(hubId);
    // The cohort and its parts, each a count of people; the windows depend on the population and `months`.
    const parameters = `population=${population};months=${months}`;
    const sets: AnswerSet[] = [
      { kind: 'reoffending.cohort', parameters: `population=${population}`, members: hubIds },
      { kind: 'reoffending.measurable', parameters, members: ofKind.comparable },
      { kind: 'reoffending.followUpIncomplete', parameters, members: ofKind['follow-up-incomplete'] },
      { kind: 'reoffending.tooLongInCustody', parameters, members: ofKind['too-long-in-custody'] },
    ];
    const measure: ReoffendingMeasure = {
      months,
      targetReductionPercent: target,
      smallCellThreshold: SMALL_CELL_THRESHOLD,
      cohortSize: show('cohortSize', members.length),
      followUpIncomplete: show('followUpIncomplete', followUpIncomplete),
      tooLongInCustody: show('tooLongInCustody', tooLongInCustody),
      measurable: show('measurable', detected.length),
      detected: figures(detected),
      allRecorded: figures(recorded),
      suppressed: [...suppressed].sort(),
    };
    return { measure, sets };
  });
}

const MEASURE_COUNTS = ['cohortSize', 'followUpIncomplete', 'measurable', 'tooLongInCustody'] as const;

/** A measure with every figure withheld: a wider group minus this one would reveal a suppressed cell. */
function withheldMeasure(months: number, target: number, withheldBecause = WithheldReason.REST_OF_WIDER_GROUP): ReoffendingMeasure {
  return {
    months, targetReductionPercent: target, smallCellThreshold: SMALL_CELL_THRESHOLD,
    cohortSize: null, followUpIncomplete: null, tooLongInCustody: null, measurable: null,
    detected: withheldFigures(), allRecorded: withheldFigures(), suppressed: [...MEASURE_COUNTS], withheldBecause,
  };
}

/**
 * Each answer as it may be published: one withheld already stays so and records nothing; the
 * others are checked against the sets answered before (`releaseAnswers`), and one near an earlier
 * answer is replaced by `withheld()`.
 */
export async function releasedOf<T>(context: IomContext, answers: readonly { measure: T; sets: AnswerSet[]; withheld: boolean }[], withheld: () => T): Promise<T[]> {
  const released = await releaseAnswers(context.em, answers.map((answer) => (answer.withheld ? [] : answer.sets)));
  return answers.map((answer, i) => (released[i] ? answer.measure : withheld()));
}

const anySuppressed = (measure: ReoffendingMeasure) => measure.suppressed.length + measure.detected.suppressed.length + measure.allRecorded.suppressed.length > 0;

/**
 * Measures for groups, each withheld whole when any of its rests (see `restsOf`) has a cell
 * that would be suppressed: one read of each partner for the groups and their rests together.
 */
async function protectedMeasures(
  context: IomContext,
  groups: { members: CohortMember[]; rests: CohortMember[][] }[],
  months: number,
  target: number,
  asOf: IsoDate,
  population = ReoffendingPopulation.IOM_COHORT,
  keys?: MemberKeys,
): Promise<ReoffendingMeasure[]> {
  const all = groups.flatMap((group) => [group.members, ...group.rests]);
  const measures = await reoffendingMeasures(context, all, months, target, asOf, population, keys);
  let next = 0;
  const answers = groups.map((group) => {
    const { measure, sets } = measures[next++];
    const rests = measures.slice(next, (next += group.rests.length)).map((rest) => rest.measure);
    const withheld = rests.some(anySuppressed);
    return { measure: withheld ? withheldMeasure(months, target) : measure, sets, withheld };
  });
  return releasedOf(context, answers, () => withheldMeasure(months, target, WithheldReason.NEAR_EARLIER_ANSWER));
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
    @Arg('population', () => ReoffendingPopulation, { defaultValue: ReoffendingPopulation.IOM_COHORT }) population: ReoffendingPopulation,
    @Ctx() context: IomContext,
  ): Promise<ReoffendingMeasure> {
    requireWindow(months, target);
    const cohort = requireCohortFilter(filter, root.asOf);
    let members: CohortMember[];
    let rests: CohortMember[][];
    let keys: MemberKeys | undefined;
    if (population === ReoffendingPopulation.STATUTORY_SUPERVISION) {
      if (cohort.strand || cohort.cohortCode || cohort.sex || cohort.ageRange || cohort.area) {
        throw badUserInput('Everyone on statutory supervision can be filtered by the range of their start dates only: strand, cohort, sex, age band and area are IOM cohort filters.', { argumentName: 'filter' });
      }
      const supervised = await supervisedMembers(context.askSubgraph, root.asOf);
      const everyone = supervised.members;
      keys = supervised.keys;
      members = everyone.filter((member) => member.startDate <= cohort.adoptedTo && (cohort.adoptedFrom === null || member.startDate >= cohort.adoptedFrom));
      rests = restsOf(members, [everyone]);
    } else {
      ({ members, rests } = await protectedGroupOf(context, cohort, root.asOf));
    }
    const [measure] = await protectedMeasures(context, [{ members, rests }], months, target, root.asOf, population, keys);
    return measure;
  }

  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => [ReoffendingSeriesPoint], {
    nullable: true,
    description: 'The reoffending measure for the people adopted in each month or quarter from `from` to `to`, in one call (at most 60 points); each point is suppressed on its own.',
  })
  async reoffendingSeries(
    @Root() root: IomMeasures,
    @Args(() => SeriesRangeArgs) { from, to, interval }: SeriesRangeArgs,
    @Arg('months', () => Int, { defaultValue: 12, description: 'Window length, 1 to 36 months.' }) months: number,
    @Arg('targetReductionPercent', () => Float, { defaultValue: 17 }) target: number,
    @Arg('filter', () => IomCohortFilter, { nullable: true, description: 'Strand or cohort; the adoption range comes from the series.' }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<ReoffendingSeriesPoint[]> {
    requireWindow(months, target);
    const periods = requireSeries(from, to, interval, root.asOf);
    const groups = await seriesGroups(context, filter, periods, root.asOf);
    const measures = await protectedMeasures(context, groups, months, target, root.asOf);
    return periods.map((period, i) => ({ periodStart: period.start, periodEnd: period.end, measure: measures[i] }));
  }

  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => ReoffendingOutcomes, { nullable: true, description: 'Binary reoffending within 12 months (Lincolnshire), returns to custody within 12 months and desistance; counts only.' })
  async reoffendingOutcomes(
    @Root() root: IomMeasures,
    @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<ReoffendingOutcomes> {
    const cohort = requireCohortFilter(filter, root.asOf);
    const [outcomes] = await protectedOutcomesOf(context, [await protectedGroupOf(context, cohort, root.asOf)], root.asOf);
    return outcomes;
  }
}

/** Binary reoffending, returns to custody and desistance for several groups: one read of each partner for them all. */
async function outcomesOf(context: IomContext, groups: CohortMember[][], asOf: IsoDate): Promise<MeasureWithSets<ReoffendingOutcomes>[]> {
  const everyone = [...new Map(groups.flat().map((member) => [member.hubId, member])).values()];
  const facts = await partnerFacts(context.askSubgraph, everyone);
  const custodyOf = (hubId: string) => facts.custodyOf.get(hubId) ?? [];
  // 12 months have passed since the start date (the day after asOf is 12 months on, or later).
  const yearPassed = (start: IsoDate, end: IsoDate) => addMonths(start, OUTCOME_MONTHS) <= addDays(end, 1);
  const windows: { pncId: string | undefined; ranges: DayRange[] }[] = [];
  const person = new Map(
    everyone.map((member) => {
      const followUp = followUpWindow(member.startDate, OUTCOME_MONTHS, custodyOf(member.hubId), asOf);
      const followUpRef = followUp ? windows.push({ pncId: facts.pncIdOf.get(member.hubId), ranges: followUp }) - 1 : null;
      // A case's last day: the day it ended, or asOf while it is open (or ended after asOf).
      const end = member.endedOn !== null && member.endedOn <= asOf ? member.endedOn : asOf;
      const lastYearRef = yearPassed(member.startDate, end)
        ? windows.push({ pncId: facts.pncIdOf.get(member.hubId), ranges: [{ from: addDays(addMonths(end, -OUTCOME_MONTHS), 1), to: end }] }) - 1
        : null;
      const custodyEligible = yearPassed(member.startDate, asOf);
      const returned = custodyEligible && returnedToCustodyWithin(member.startDate, OUTCOME_MONTHS, custodyOf(member.hubId));
      return [member.hubId, { followUpRef, lastYearRef, custodyEligible, returned }] as const;
    }),
  );
  const counts = await countOffences(context.askSubgraph, windows);
  return groups.map((members) => {
    const mine = members.map((member) => person.get(member.hubId)!);
    const followUps = mine.flatMap((p) => (p.followUpRef === null ? [] : [counts[p.followUpRef]]));
    const lastYears = mine.flatMap((p) => (p.lastYearRef === null ? [] : [counts[p.lastYearRef]]));
    const eligible = mine.filter((p) => p.custodyEligible);
    // The people each share is over (its count is of a part of them).
    const whose = (keep: (p: (typeof mine)[number]) => boolean) => members.filter((_, i) => keep(mine[i])).map((member) => member.hubId);
    const sets: AnswerSet[] = [
      { kind: 'outcomes.followedUp', parameters: '', members: whose((p) => p.followUpRef !== null) },
      { kind: 'outcomes.custodyEligible', parameters: '', members: whose((p) => p.custodyEligible) },
      { kind: 'outcomes.lastedAYear', parameters: '', members: whose((p) => p.lastYearRef !== null) },
    ];
    const measure: ReoffendingOutcomes = {
      followUpMonths: OUTCOME_MONTHS,
      binaryDetected: shareOf(followUps.length, followUps.filter((count) => count.detected > 0).length),
      binaryRecorded: shareOf(followUps.length, followUps.filter((count) => count.recorded > 0).length),
      returnedToCustody: shareOf(eligible.length, eligible.filter((p) => p.returned).length),
      desisted: shareOf(lastYears.length, lastYears.filter((count) => count.recorded === 0).length),
    };
    return { measure, sets };
  });
}

/** Outcomes for groups, each withheld whole when a share of any of its rests has a suppressed cell. */
export async function protectedOutcomesOf(context: IomContext, groups: readonly { members: CohortMember[]; rests: CohortMember[][] }[], asOf: IsoDate): Promise<ReoffendingOutcomes[]> {
  const all = await outcomesOf(context, groups.flatMap((group) => [group.members, ...group.rests]), asOf);
  const nothing = () => ({ people: null, count: null, ratePercent: null, suppressed: ['count', 'people', 'ratePercent'] });
  const withheldOutcomes = (withheldBecause: WithheldReason): ReoffendingOutcomes => ({
    followUpMonths: OUTCOME_MONTHS, binaryDetected: nothing(), binaryRecorded: nothing(), returnedToCustody: nothing(), desisted: nothing(), withheldBecause,
  });
  let next = 0;
  const answers = groups.map((group) => {
    const { measure, sets } = all[next++];
    const rests = all.slice(next, (next += group.rests.length)).map((rest) => rest.measure);
    const withheld = rests.some((rest) => [rest.binaryDetected, rest.binaryRecorded, rest.returnedToCustody, rest.desisted].some((share) => share.suppressed.length > 0));
    return { measure: withheld ? withheldOutcomes(WithheldReason.REST_OF_WIDER_GROUP) : measure, sets, withheld };
  });
  return releasedOf(context, answers, () => withheldOutcomes(WithheldReason.NEAR_EARLIER_ANSWER));
}
