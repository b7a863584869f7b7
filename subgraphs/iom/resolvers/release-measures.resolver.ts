import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { requireReportingPeriod, type IsoDate } from '../../kit/dates';
import { DEFAULT_REPORTING_DAYS } from '../../kit/reporting-period';
import {
  anyReleaseHousingSuppressed,
  continuityFigures,
  minusCounts,
  releaseHousingFigures,
  sumCounts,
  withheldContinuity,
  withheldReleaseHousing,
} from '../services/release-measures';
import type { CohortFilter, CohortMember } from '../services/reoffending-measure';
import { continuityCounts, releaseHousingCounts, type AskSubgraph, type ContinuityCounts, type ReleaseHousingCounts } from '../services/partner-asks';
import type { AnswerSet } from '../services/released-sets';
import { checkedAnswer, eachOccurrence, type CheckedAnswer, type CheckedMeasure } from './checked-answers';
import type { IomContext } from './context';
import { protectedGroupOf, requireCohortFilter, requireSeries } from './outcome-measures.resolver';
import { IomCohortFilter, SeriesInterval, WithheldReason, SeriesRangeArgs } from './outcome-types';
import { IomContinuityOfCare, IomContinuityOfCarePoint, IomReleaseHousing, IomReleaseHousingPoint } from './release-measure-types';
import { IomMeasures } from './types';

const hubIdsOf = (members: readonly CohortMember[]) => members.map((member) => member.hubId);

/** One answer of an after-release measure: releases from `from` to `to`, as they stood at the end of `asOf`, of the group a filter names. */
interface ReleaseKey {
  from: IsoDate;
  to: IsoDate;
  asOf: IsoDate;
  filter: CohortFilter;
}

const byPeriod = { keyOf: (key: ReleaseKey) => JSON.stringify(key), orderOf: (key: ReleaseKey) => `${key.from} ${key.to}` };

/**
 * The groups (and their rests) of the filters asked about, one read of IOM (and of the area's
 * partners) per distinct filter: a series' points share theirs.
 */
async function groupsOf(context: IomContext, keys: readonly ReleaseKey[]): Promise<Map<string, { members: CohortMember[]; rests: CohortMember[][] }>> {
  const groups = new Map<string, { members: CohortMember[]; rests: CohortMember[][] }>();
  for (const key of keys) {
    const id = JSON.stringify([key.filter, key.asOf]);
    if (!groups.has(id)) groups.set(id, await protectedGroupOf(context, key.filter, key.asOf));
  }
  return groups;
}

/**
 * The sets an after-release answer is compared as: for each count it shows or lets be worked out
 * (a total minus its parts), the people counted, each once per release (see `eachOccurrence`); of
 * a kind with the same count in every answer of the measure, whatever its period, day or filter —
 * so January–June and January–May, or a series point and a single answer for its month, are
 * compared.
 */
function releaseSets<C extends object>(measure: string, hubIds: readonly string[], of: ReadonlyMap<string, C>, counts: Record<string, (counts: C) => number>): AnswerSet[] {
  return Object.entries(counts).map(([name, count]) => {
    const countOf = new Map([...of.entries()].map(([hubId, mine]) => [hubId, count(mine)]));
    return { kind: `${measure}.${name}`, parameters: '', members: eachOccurrence(countOf, hubIds) };
  });
}

const HOUSING_SETS: Record<string, (counts: ReleaseHousingCounts) => number> = {
  releases: (c) => c.releases,
  accommodatedOnRelease: (c) => c.accommodatedOnRelease,
  notAccommodatedOnRelease: (c) => c.releases - c.accommodatedOnRelease,
  settledCounted: (c) => c.settledCounted,
  notDueThreeMonthsOn: (c) => c.releases - c.settledCounted,
  settledThreeMonthsAfter: (c) => c.settledThreeMonthsAfter,
  notSettledThreeMonthsAfter: (c) => c.settledCounted - c.settledThreeMonthsAfter,
};

const CONTINUITY_SETS: Record<string, (counts: ContinuityCounts) => number> = {
  releases: (c) => c.releases,
  engagedWithin21Days: (c) => c.engagedWithin21Days,
  stillWithin21Days: (c) => c.stillWithin21Days,
  notEngaged: (c) => c.releases - c.engagedWithin21Days - c.stillWithin21Days,
};

/** What distinguishes one after-release measure from the other: the partner that counts, its counts, their figures. */
interface ReleaseMeasureSpec<C extends object, F extends object> {
  name: string;
  zero: C;
  countsOf: (ask: AskSubgraph, hubIds: readonly string[], periods: readonly ReleaseKey[]) => Promise<{ everyone: C; of: Map<string, C> }[]>;
  figures: (counts: C) => F;
  anySuppressed: (figures: F) => boolean;
  withheldFigures: () => F;
  /** The sets each answer is compared as (see `releaseSets`). */
  sets: Record<string, (counts: C) => number>;
}

type ReleaseAnswer<F> = F & { from: IsoDate; to: IsoDate; withheldBecause?: WithheldReason | null };

/**
 * An after-release measure for the IOM cohort a filter names. The partner counts where its data
 * lives, for the identifiers the person index links the cohort to, and answers everyone's counts
 * too, so the cohort's answer is withheld whole when everyone minus the cohort — or any wider
 * filter minus this one — would show a small count, and when the releases it counts are near an
 * earlier answer's. One read of the person index and one of the partner for every answer a
 * request asks at once (a series' points and single answers alike).
 */
function releaseMeasure<C extends object, F extends object>(spec: ReleaseMeasureSpec<C, F>): CheckedMeasure<ReleaseKey, ReleaseAnswer<F>> {
  return {
    name: spec.name,
    ...byPeriod,
    compute: async (context, keys) => {
      const groups = await groupsOf(context, keys);
      const everyoneAsked = [...new Set([...groups.values()].flatMap((group) => [...hubIdsOf(group.members), ...group.rests.flatMap(hubIdsOf)]))];
      const countsOfKey = await spec.countsOf(context.askSubgraph, everyoneAsked, keys);
      return keys.map((key, k): CheckedAnswer<ReleaseAnswer<F>> => {
        const group = groups.get(JSON.stringify([key.filter, key.asOf]))!;
        const mineIds = hubIdsOf(group.members);
        const counts = countsOfKey[k];
        const mine = sumCounts(mineIds, counts.of, spec.zero);
        const rests = [...group.rests.map((rest) => sumCounts(hubIdsOf(rest), counts.of, spec.zero)), minusCounts(counts.everyone, mine)];
        const withheld = rests.some((rest) => spec.anySuppressed(spec.figures(rest)));
        return {
          measure: { from: key.from, to: key.to, ...(withheld ? { ...spec.withheldFigures(), withheldBecause: WithheldReason.REST_OF_WIDER_GROUP } : spec.figures(mine)) },
          sets: withheld ? [] : releaseSets(spec.name, mineIds, counts.of, spec.sets),
          withheld,
        };
      });
    },
    near: (answer) => ({ from: answer.from, to: answer.to, ...spec.withheldFigures(), withheldBecause: WithheldReason.NEAR_EARLIER_ANSWER }),
  };
}

/** Release housing: housing counts. */
const RELEASE_HOUSING: CheckedMeasure<ReleaseKey, IomReleaseHousing> = releaseMeasure({
  name: 'releaseHousing',
  zero: { releases: 0, accommodatedOnRelease: 0, settledCounted: 0, settledThreeMonthsAfter: 0 },
  countsOf: releaseHousingCounts,
  figures: releaseHousingFigures,
  anySuppressed: anyReleaseHousingSuppressed,
  withheldFigures: withheldReleaseHousing,
  sets: HOUSING_SETS,
});

/** Continuity of care: the treatment provider counts. */
const CONTINUITY: CheckedMeasure<ReleaseKey, IomContinuityOfCare> = releaseMeasure({
  name: 'continuityOfCare',
  zero: { releases: 0, engagedWithin21Days: 0, stillWithin21Days: 0 },
  countsOf: continuityCounts,
  figures: continuityFigures,
  anySuppressed: (figures) => figures.suppressed.length > 0,
  withheldFigures: withheldContinuity,
  sets: CONTINUITY_SETS,
});

/** Each period of a series as an answer's key: releases in the period (to `asOf` at most), as they stood at the end of `asOf`. */
function seriesKeys(from: IsoDate, to: IsoDate, interval: SeriesInterval, filter: IomCohortFilter | null, asOf: IsoDate): { period: { start: IsoDate; end: IsoDate }; key: ReleaseKey }[] {
  const periods = requireSeries(from, to, interval, asOf);
  const cohort = requireCohortFilter(filter, asOf);
  return periods.map((period) => ({ period, key: { from: period.start, to: period.end < asOf ? period.end : asOf, asOf, filter: cohort } }));
}

@Resolver(() => IomMeasures)
export class IomReleaseMeasuresResolver {
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => IomReleaseHousing, {
    nullable: true,
    description: "Release housing for the IOM cohort `filter` names (default: everyone adopted up to `asOf`): releases from `from` to `to` (default: the 12 months to `asOf`), as they stood at the end of `asOf`.",
  })
  async releaseHousing(
    @Root() root: IomMeasures,
    @Arg('from', () => LocalDateResolver, { nullable: true }) from: string | null,
    @Arg('to', () => LocalDateResolver, { nullable: true, description: 'No later than `asOf`.' }) to: string | null,
    @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<IomReleaseHousing> {
    const period = requireReportingPeriod(from, to, DEFAULT_REPORTING_DAYS, root.asOf);
    return checkedAnswer(context, RELEASE_HOUSING, { from: period.from, to: period.to, asOf: root.asOf, filter: requireCohortFilter(filter, root.asOf) });
  }

  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => [IomReleaseHousingPoint], {
    nullable: true,
    description: 'Release housing for the releases in each month or quarter from `from` to `to` (at most 60 points), as they stood at the end of `asOf`, in one call; each point is protected as `releaseHousing` is.',
  })
  async releaseHousingSeries(
    @Root() root: IomMeasures,
    @Args(() => SeriesRangeArgs) { from, to, interval }: SeriesRangeArgs,
    @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<IomReleaseHousingPoint[]> {
    const points = seriesKeys(from, to, interval, filter, root.asOf);
    const measures = await Promise.all(points.map(({ key }) => checkedAnswer(context, RELEASE_HOUSING, key)));
    return points.map(({ period }, i) => ({ periodStart: period.start, periodEnd: period.end, measure: measures[i] }));
  }

  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => IomContinuityOfCare, {
    nullable: true,
    description: "Continuity of care for the IOM cohort `filter` names (default: everyone adopted up to `asOf`): releases from `from` to `to` (default: the 12 months to `asOf`), as they stood at the end of `asOf`.",
  })
  async continuityOfCare(
    @Root() root: IomMeasures,
    @Arg('from', () => LocalDateResolver, { nullable: true }) from: string | null,
    @Arg('to', () => LocalDateResolver, { nullable: true, description: 'No later than `asOf`.' }) to: string | null,
    @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<IomContinuityOfCare> {
    const period = requireReportingPeriod(from, to, DEFAULT_REPORTING_DAYS, root.asOf);
    return checkedAnswer(context, CONTINUITY, { from: period.from, to: period.to, asOf: root.asOf, filter: requireCohortFilter(filter, root.asOf) });
  }

  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @FieldResolver(() => [IomContinuityOfCarePoint], {
    nullable: true,
    description: 'Continuity of care for the releases in each month or quarter from `from` to `to` (at most 60 points), as they stood at the end of `asOf`, in one call; each point is protected as `continuityOfCare` is.',
  })
  async continuityOfCareSeries(
    @Root() root: IomMeasures,
    @Args(() => SeriesRangeArgs) { from, to, interval }: SeriesRangeArgs,
    @Arg('filter', () => IomCohortFilter, { nullable: true }) filter: IomCohortFilter | null,
    @Ctx() context: IomContext,
  ): Promise<IomContinuityOfCarePoint[]> {
    const points = seriesKeys(from, to, interval, filter, root.asOf);
    const measures = await Promise.all(points.map(({ key }) => checkedAnswer(context, CONTINUITY, key)));
    return points.map(({ period }, i) => ({ periodStart: period.start, periodEnd: period.end, measure: measures[i] }));
  }
}
