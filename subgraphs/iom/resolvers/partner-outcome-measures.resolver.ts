import { Arg, Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { isSmallCell, round2 } from '../../kit/disclosure';
import { addDays, addMonths } from '../../kit/dates';
import { badUserInput } from '../../kit/errors';
import { IdentifierType } from '../../kit/identifiers';
import { IomCrimeUnitCost, IomRequirementTarget } from '../entities/measure-reference.entity';
import { afterCompletionWindow, crimeCostFigures, financialYearPeriod, predictorTrendFigures, treatmentYearFigures, type TreatmentYearFigures, type TreatmentYearInput } from '../services/partner-outcomes';
import { countOffences, type CohortMember, countOffencesByType, partnerFacts, personKeysOf, predictorDirections, requirementActivity, windowsFor } from '../services/reoffending-measure';
import type { IomContext } from './context';
import type { AnswerSet } from '../services/released-sets';
import { cohortsOf, MAX_WINDOW_MONTHS, protectedGroupOf, protectedOutcomesOf, releasedOf, requireCohortFilter, requireSeries, seriesGroups } from './outcome-measures.resolver';
import { IomCohortFilter, ReoffendingOutcomes, WithheldReason, SeriesRangeArgs } from './outcome-types';
import { IomCostOfCrime, IomOutcomesSeriesPoint, IomPositiveOutcomes, IomPredictorTrend, IomTreatmentRequirementYear } from './partner-outcome-types';
import { IomMeasures } from './types';

const TREATMENT_REQUIREMENTS = ['DRUG_REHABILITATION', 'ALCOHOL_TREATMENT'] as const;
/** Seed 001 counts positive outcomes over two years. */
const POSITIVE_OUTCOME_YEARS = 2;

/** A group measured, and the rests of its wider groups (see `restsOf`) that decide whether it may be shown. */
export interface ProtectedGroup {
  members: CohortMember[];
  rests: CohortMember[][];
}

/** The cohort a filter names, with the rests of its wider groups. */
async function protectedCohort(context: IomContext, filter: IomCohortFilter | null, asOf: string): Promise<ProtectedGroup> {
  return protectedGroupOf(context, requireCohortFilter(filter, asOf), asOf);
}

/** Everyone in the groups or their rests, once; a person's own group's start date comes first (a second adoption may differ). */
function everyoneIn(groups: readonly ProtectedGroup[]): CohortMember[] {
  const all = groups.flatMap((group) => [...group.rests.flat()]).concat(groups.flatMap((group) => group.members));
  return [...new Map(all.map((member) => [member.hubId, member])).values()];
}

/** The predictor trend of each group: one person-index read and one probation read for them all. */
export async function predictorTrendsOf(context: IomContext, groups: readonly ProtectedGroup[], asOf: string): Promise<IomPredictorTrend[]> {
  const everyone = everyoneIn(groups);
  const crnOf = await personKeysOf(context.askSubgraph, everyone.map((m) => m.hubId), IdentifierType.CRN);
  const withCrn = everyone.flatMap((member) => {
    const crn = crnOf.get(member.hubId);
    return crn ? [{ hubId: member.hubId, crn, since: member.startDate }] : [];
  });
  const directions = await predictorDirections(context.askSubgraph, withCrn, asOf);
  const directionOf = new Map(withCrn.map((person, i) => [person.hubId, directions[i]]));
  // Someone probation holds no record of has no baseline.
  const figuresOf = (members: CohortMember[]) => predictorTrendFigures(members.map((member) => directionOf.get(member.hubId) ?? 'NO_BASELINE'));
  const withheld = (withheldBecause: WithheldReason): IomPredictorTrend => ({
    ...(Object.fromEntries(PREDICTOR_FIGURES.map((name) => [name, null])) as Record<(typeof PREDICTOR_FIGURES)[number], null>),
    suppressed: [...PREDICTOR_FIGURES],
    withheldBecause,
  });
  const reassessed = new Set(['FELL', 'ROSE', 'UNCHANGED']);
  const answers = groups.map((group) => {
    const hubIds = group.members.map((member) => member.hubId);
    // The cohort, and those reassessed: the people the shares of fell, rose and unchanged are over.
    const sets = [
      { kind: 'predictorTrend.cohort', parameters: '', members: hubIds },
      { kind: 'predictorTrend.reassessed', parameters: '', members: hubIds.filter((hubId) => reassessed.has(directionOf.get(hubId) ?? 'NO_BASELINE')) },
    ];
    if (group.rests.some((rest) => figuresOf(rest).suppressed.length > 0)) return { measure: withheld(WithheldReason.REST_OF_WIDER_GROUP), sets, withheld: true };
    return { measure: figuresOf(group.members), sets, withheld: false };
  });
  return releasedOf(context, answers, () => withheld(WithheldReason.NEAR_EARLIER_ANSWER));
}

/** The cost of each group's crime: one read of each partner for them all. */
export async function crimeCostsOf(context: IomContext, groups: readonly ProtectedGroup[], months: number, detectedOnly: boolean, asOf: string): Promise<IomCostOfCrime[]> {
  const everyone = everyoneIn(groups);
  const facts = await partnerFacts(context.askSubgraph, everyone);
  const comparable = windowsFor(everyone, facts, months, asOf).flatMap((entry) =>
    entry.windows.kind === 'comparable' ? [{ hubId: entry.member.hubId, pncId: facts.pncIdOf.get(entry.member.hubId), before: entry.windows.before, after: entry.windows.after }] : [],
  );
  const counts = await countOffencesByType(context.askSubgraph, comparable.flatMap((person) => [{ pncId: person.pncId, ranges: person.before }, { pncId: person.pncId, ranges: person.after }]));
  const countsOf = new Map(comparable.map((person, i) => [person.hubId, { before: counts[2 * i], after: counts[2 * i + 1] }]));
  const unitCosts = await context.em.find(IomCrimeUnitCost, {}, { orderBy: { crimeType: 'asc' } });
  const sources = [...new Set(unitCosts.map((cost) => `${cost.source} (${cost.priceYear} prices)`))];
  const measurable = (members: CohortMember[]) => members.filter((member) => countsOf.has(member.hubId));
  const withheld = (withheldBecause: WithheldReason | null): IomCostOfCrime => {
    const names = ['measurable', 'offencesBefore', 'offencesAfter', 'uncostedOffencesBefore', 'uncostedOffencesAfter', 'costBefore', 'costAfter', 'reductionPercent', 'byCategory'];
    return { months, detectedOnly, measurable: null, offencesBefore: null, offencesAfter: null, uncostedOffencesBefore: null, uncostedOffencesAfter: null, costBefore: null, costAfter: null, reductionPercent: null, byCategory: null, sources, suppressed: names.sort(), withheldBecause };
  };
  const answers = groups.map((group) => {
    const mine = measurable(group.members);
    // The measurable people: every total is over them, with windows of `months`.
    const sets = [{ kind: 'costOfCrime.measurable', parameters: `months=${months}`, members: mine.map((member) => member.hubId) }];
    // Totals of offences and costs add up to a group of people: a small group, or a small rest, withholds them all.
    if (isSmallCell(mine.length)) return { measure: withheld(null), sets, withheld: true };
    if (group.rests.some((rest) => isSmallCell(measurable(rest).length))) return { measure: withheld(WithheldReason.REST_OF_WIDER_GROUP), sets, withheld: true };
    const sum = (side: 'before' | 'after') => {
      const total = new Map<string, number>();
      for (const member of mine) for (const [type, count] of countsOf.get(member.hubId)![side]) total.set(type, (total.get(type) ?? 0) + (detectedOnly ? count.detected : count.recorded));
      return total;
    };
    return { measure: { months, detectedOnly, measurable: mine.length, ...crimeCostFigures(sum('before'), sum('after'), unitCosts), sources, suppressed: [] }, sets, withheld: false };
  });
  return releasedOf(context, answers, () => withheld(WithheldReason.NEAR_EARLIER_ANSWER));
}

/** Positive outcomes over two years for each group: one person-index read and one police read for them all. */
export async function positiveOutcomesOf(context: IomContext, groups: readonly ProtectedGroup[], asOf: string): Promise<IomPositiveOutcomes[]> {
  const everyone = everyoneIn(groups);
  const pncIdOf = await personKeysOf(context.askSubgraph, everyone.map((m) => m.hubId), IdentifierType.PNC_ID);
  const lastYears = { from: addDays(addMonths(asOf, -12 * POSITIVE_OUTCOME_YEARS), 1), to: asOf };
  const counts = await countOffences(
    context.askSubgraph,
    everyone.flatMap((member) => {
      const pncId = pncIdOf.get(member.hubId);
      return [
        { pncId, ranges: [{ from: addMonths(member.startDate, -12 * POSITIVE_OUTCOME_YEARS), to: addDays(member.startDate, -1) }] },
        { pncId, ranges: [lastYears] },
      ];
    }),
  );
  const countsOf = new Map(everyone.map((member, i) => [member.hubId, { onEntry: counts[2 * i].detected, asOfDay: counts[2 * i + 1].detected }]));
  const withheld = (withheldBecause: WithheldReason | null): IomPositiveOutcomes => ({
    years: POSITIVE_OUTCOME_YEARS, cohortSize: null, onEntry: null, asOfDay: null, change: null, reductionPercent: null, suppressed: ['asOfDay', 'change', 'cohortSize', 'onEntry', 'reductionPercent'], withheldBecause,
  });
  const answers = groups.map((group) => {
    const sets = [{ kind: 'positiveOutcomes.cohort', parameters: '', members: group.members.map((member) => member.hubId) }];
    if (isSmallCell(group.members.length)) return { measure: withheld(null), sets, withheld: true };
    if (group.rests.some((rest) => isSmallCell(rest.length))) return { measure: withheld(WithheldReason.REST_OF_WIDER_GROUP), sets, withheld: true };
    const onEntry = group.members.reduce((sum, member) => sum + countsOf.get(member.hubId)!.onEntry, 0);
    const asOfDay = group.members.reduce((sum, member) => sum + countsOf.get(member.hubId)!.asOfDay, 0);
    const measure: IomPositiveOutcomes = {
      years: POSITIVE_OUTCOME_YEARS,
      cohortSize: group.members.length,
      onEntry,
      asOfDay,
      change: asOfDay - onEntry,
      reductionPercent: onEntry ? round2(((onEntry - asOfDay) / onEntry) * 100) : null,
      suppressed: [],
    };
    return { measure, sets, withheld: false };
  });
  return releasedOf(context, answers, () => withheld(WithheldReason.NEAR_EARLIER_ANSWER));
}

type TreatmentCounts = Pick<TreatmentYearInput, 'starts' | 'completions' | 'followedUp' | 'notReoffending'>;

/** The requirements (probation's ids) each count is of, and those worked out by subtraction. */
interface TreatmentSets {
  starts: string[];
  completions: string[];
  followedUp: string[];
  notFollowedUp: string[];
  notReoffending: string[];
  reoffended: string[];
}

/** Starts, completions and six-month outcomes per requirement type: one probation read and one police read. */
async function treatmentInputs(context: IomContext, from: string, to: string, crns: string[] | null, asOf: string): Promise<Map<string, TreatmentCounts & { sets: TreatmentSets }>> {
  const activity = crns && crns.length === 0 ? { starts: [], completions: [] } : await requirementActivity(context.askSubgraph, from, to, crns);
  const followed = activity.completions.flatMap((completion) => {
    const window = completion.pncId ? afterCompletionWindow(completion.completedOn, asOf) : null;
    return window ? [{ type: completion.type, requirementId: completion.requirementId, pncId: completion.pncId ?? undefined, ranges: [window] }] : [];
  });
  const counts = await countOffences(context.askSubgraph, followed);
  return new Map(
    TREATMENT_REQUIREMENTS.map((type) => {
      const completions = activity.completions.filter((c) => c.type === type).map((c) => c.requirementId);
      const mine = followed.flatMap((window, i) => (window.type === type ? [{ id: window.requirementId, clean: counts[i].detected === 0 }] : []));
      const followedUp = mine.map((m) => m.id);
      const sets: TreatmentSets = {
        starts: activity.starts.find((s) => s.type === type)?.requirementIds ?? [],
        completions,
        followedUp,
        notFollowedUp: completions.filter((id) => !followedUp.includes(id)),
        notReoffending: mine.filter((m) => m.clean).map((m) => m.id),
        reoffended: mine.filter((m) => !m.clean).map((m) => m.id),
      };
      return [type, { starts: sets.starts.length, completions: completions.length, followedUp: followedUp.length, notReoffending: sets.notReoffending.length, sets }];
    }),
  );
}

/**
 * The sets a year's DRR/ATR rows are compared as (see README, "Differencing between answers"): per
 * requirement type, the requirements started, completed, followed up and not (completions minus
 * followed up), not reoffending and reoffended — of one kind per count and type whatever the year,
 * `asOf` or population, so a year on two days, or a cohort and everyone probation supervises, are
 * compared. Two answers a few requirements apart would tell of those few people's orders.
 */
function treatmentSets(inputs: Map<string, { sets: TreatmentSets }>): AnswerSet[] {
  return [...inputs.entries()].flatMap(([type, { sets }]) =>
    (Object.keys(sets) as (keyof TreatmentSets)[]).map((name) => ({ kind: `treatmentRequirements.${name}`, parameters: `type=${type}`, members: sets[name] })),
  );
}

function withheldTreatmentFigures(): TreatmentYearFigures {
  const names = ['completions', 'completionsTargetMet', 'followedUp', 'notReoffending', 'notReoffendingPercent', 'starts', 'startsTargetMet'];
  return { starts: null, startsTargetMet: null, completions: null, completionsTargetMet: null, followedUp: null, notReoffending: null, notReoffendingPercent: null, suppressed: names };
}

const PREDICTOR_FIGURES = ['cohortSize', 'fell', 'fellPercent', 'noBaseline', 'notReassessed', 'reassessed', 'rose', 'unchanged'] as const;

@Resolver(() => IomMeasures)
export class IomPartnerOutcomeMeasuresResolver {
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => [IomTreatmentRequirementYear], {
    nullable: true,
    description:
      "DRR and ATR starts and completions in a financial year against the annual targets, and the share not reoffending six months after completion (Havering). Everyone probation supervises; with `filter`, only the IOM cohort it names.",
  })
  async treatmentRequirements(
    @Root() root: IomMeasures,
    @Arg('financialYear', () => Int, { description: 'The year the financial year starts in: 2025 is April 2025 to March 2026.' }) financialYear: number,
    @Arg('filter', () => IomCohortFilter, { nullable: true, description: 'Limit to the IOM cohort adopted within this filter.' }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<IomTreatmentRequirementYear[]> {
    const period = financialYearPeriod(financialYear, root.asOf);
    if (!Number.isInteger(financialYear) || period.start > root.asOf || financialYear < 2000) {
      throw badUserInput(`"financialYear" must be a year from 2000 whose April has begun by "asOf" (${root.asOf}).`, { argumentName: 'financialYear' });
    }
    const everyone = await treatmentInputs(context, period.start, period.through, null, root.asOf);
    let inputs = everyone;
    let withheldBecause: WithheldReason | null = null;
    if (filter) {
      const [members] = await cohortsOf(context, [requireCohortFilter(filter, root.asOf)]);
      const crns = [...new Set((await personKeysOf(context.askSubgraph, members.map((m) => m.hubId), IdentifierType.CRN)).values())];
      inputs = await treatmentInputs(context, period.start, period.through, crns, root.asOf);
      // Everyone probation supervises minus the cohort is the rest: a small count there would show by subtraction.
      const restSmall = TREATMENT_REQUIREMENTS.some((type) =>
        (['starts', 'completions', 'followedUp', 'notReoffending'] as const).some((name) => isSmallCell(everyone.get(type)![name] - inputs.get(type)![name])),
      );
      if (restSmall) withheldBecause = WithheldReason.REST_OF_WIDER_GROUP;
    }
    // Both rows are one answer: a near set in either withholds both.
    const [released] = await releasedOf(context, [{ measure: true, sets: treatmentSets(inputs), withheld: withheldBecause !== null }], () => false);
    if (withheldBecause === null && !released) withheldBecause = WithheldReason.NEAR_EARLIER_ANSWER;
    const targets = await context.em.find(IomRequirementTarget, { financialYear });
    return TREATMENT_REQUIREMENTS.map((type) => {
      const target = targets.find((t) => t.requirementType === type) ?? null;
      const counts = inputs.get(type)!;
      const figures = treatmentYearFigures({ ...counts, startsTarget: target?.startsTarget ?? null, completionsTarget: target?.completionsTarget ?? null });
      return {
        requirementType: type,
        financialYear,
        periodStart: period.start,
        countedThrough: period.through,
        yearComplete: period.complete,
        startsTarget: target?.startsTarget ?? null,
        completionsTarget: target?.completionsTarget ?? null,
        targetSource: target?.source ?? null,
        ...(withheldBecause ? withheldTreatmentFigures() : figures),
        withheldBecause,
      };
    });
  }

  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => IomPredictorTrend, { nullable: true, description: 'Of the cohort, whose latest reoffending predictor (OGRS) fell since their start date; counts only.' })
  async reoffendingPredictorTrend(
    @Root() root: IomMeasures,
    @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<IomPredictorTrend> {
    const [trend] = await predictorTrendsOf(context, [await protectedCohort(context, filter, root.asOf)], root.asOf);
    return trend;
  }

  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => IomCostOfCrime, {
    nullable: true,
    description: "The cost of the cohort's offences in the reoffending measure's windows before and after their start dates, by the unit costs held as data (`crimeUnitCosts`).",
  })
  async costOfCrime(
    @Root() root: IomMeasures,
    @Arg('months', () => Int, { defaultValue: 12, description: 'Window length, 1 to 36 months.' }) months: number,
    @Arg('detectedOnly', () => Boolean, { defaultValue: false, description: 'Count detected offences only (default: every recorded one: the cost falls on victims either way).' }) detectedOnly: boolean,
    @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<IomCostOfCrime> {
    if (!Number.isInteger(months) || months < 1 || months > MAX_WINDOW_MONTHS) throw badUserInput(`"months" must be from 1 to ${MAX_WINDOW_MONTHS}.`, { argumentName: 'months' });
    const [cost] = await crimeCostsOf(context, [await protectedCohort(context, filter, root.asOf)], months, detectedOnly, root.asOf);
    return cost;
  }

  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => IomPositiveOutcomes, {
    nullable: true,
    description: "The cohort's positive criminal-justice outcomes over two years, on entry and as of the day (seed 001's female cohort table: ask with `filter: { cohortCode: \"FREE_FEMALE\" }`).",
  })
  async positiveOutcomes(
    @Root() root: IomMeasures,
    @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<IomPositiveOutcomes> {
    const [outcomes] = await positiveOutcomesOf(context, [await protectedCohort(context, filter, root.asOf)], root.asOf);
    return outcomes;
  }

  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => [IomOutcomesSeriesPoint], {
    nullable: true,
    description:
      'Binary reoffending, returns to custody, desistance, the predictor trend, the cost of crime and positive outcomes for the people adopted in each month or quarter from `from` to `to`, in one call (at most 60 points; the reoffending measure itself is `reoffendingSeries`).',
  })
  async outcomesSeries(
    @Root() root: IomMeasures,
    @Args(() => SeriesRangeArgs) { from, to, interval }: SeriesRangeArgs,
    @Arg('months', () => Int, { defaultValue: 12, description: "The cost of crime's window length, 1 to 36 months." }) months: number,
    @Arg('filter', () => IomCohortFilter, { nullable: true, description: 'Strand, cohort, sex or age band; the adoption range comes from the series.' }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<IomOutcomesSeriesPoint[]> {
    if (!Number.isInteger(months) || months < 1 || months > MAX_WINDOW_MONTHS) throw badUserInput(`"months" must be from 1 to ${MAX_WINDOW_MONTHS}.`, { argumentName: 'months' });
    const periods = requireSeries(from, to, interval, root.asOf);
    const groups = await seriesGroups(context, filter, periods, root.asOf);
    const shared = { groups, months, asOf: root.asOf, computed: new Map<string, Promise<unknown[]>>() };
    return periods.map((period, index) => Object.assign(new IomOutcomesSeriesPoint(), { periodStart: period.start, periodEnd: period.end, shared, index }));
  }

  @FieldResolver(() => [IomRequirementTarget], { description: 'The annual DRR and ATR targets held as data, newest year first.' })
  requirementTargets(@Ctx() context: IomContext): Promise<IomRequirementTarget[]> {
    return context.em.find(IomRequirementTarget, {}, { orderBy: { financialYear: 'desc', requirementType: 'asc' } });
  }

  @FieldResolver(() => [IomCrimeUnitCost], { description: 'The unit costs per crime type the cost of crime is weighed by, with their source.' })
  crimeUnitCosts(@Ctx() context: IomContext): Promise<IomCrimeUnitCost[]> {
    return context.em.find(IomCrimeUnitCost, {}, { orderBy: { crimeType: 'asc' } });
  }
}

/**
 * Each point's measures, computed once for every point of the series together (one read of each
 * partner per measure, whatever the number of points) and only when the caller selected them.
 */
@Resolver(() => IomOutcomesSeriesPoint)
export class IomOutcomesSeriesPointResolver {
  private static once<T>(point: IomOutcomesSeriesPoint, name: string, compute: () => Promise<T[]>): Promise<T> {
    let all = point.shared.computed.get(name) as Promise<T[]> | undefined;
    if (!all) point.shared.computed.set(name, (all = compute()));
    return all.then((values) => values[point.index]);
  }

  @FieldResolver(() => ReoffendingOutcomes, { description: 'Binary reoffending, returns to custody and desistance.' })
  outcomes(@Root() point: IomOutcomesSeriesPoint, @Ctx() context: IomContext): Promise<ReoffendingOutcomes> {
    return IomOutcomesSeriesPointResolver.once(point, 'outcomes', () => protectedOutcomesOf(context, point.shared.groups, point.shared.asOf));
  }

  @FieldResolver(() => IomPredictorTrend)
  predictorTrend(@Root() point: IomOutcomesSeriesPoint, @Ctx() context: IomContext): Promise<IomPredictorTrend> {
    return IomOutcomesSeriesPointResolver.once(point, 'predictorTrend', () => predictorTrendsOf(context, point.shared.groups, point.shared.asOf));
  }

  @FieldResolver(() => IomCostOfCrime, { description: "All recorded offences in the reoffending measure's windows of the series' `months`." })
  costOfCrime(@Root() point: IomOutcomesSeriesPoint, @Ctx() context: IomContext): Promise<IomCostOfCrime> {
    return IomOutcomesSeriesPointResolver.once(point, 'costOfCrime', () => crimeCostsOf(context, point.shared.groups, point.shared.months, false, point.shared.asOf));
  }

  @FieldResolver(() => IomPositiveOutcomes)
  positiveOutcomes(@Root() point: IomOutcomesSeriesPoint, @Ctx() context: IomContext): Promise<IomPositiveOutcomes> {
    return IomOutcomesSeriesPointResolver.once(point, 'positiveOutcomes', () => positiveOutcomesOf(context, point.shared.groups, point.shared.asOf));
  }
}
