import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { requireReportingPeriod } from '../../kit/dates';
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
import type { CohortMember } from '../services/reoffending-measure';
import { continuityCounts, releaseHousingCounts } from '../services/partner-asks';
import type { IomContext } from './context';
import { protectedGroupOf, requireCohortFilter } from './outcome-measures.resolver';
import { IomCohortFilter } from './outcome-types';
import { IomContinuityOfCare, IomReleaseHousing } from './release-measure-types';
import { IomMeasures } from './types';

const hubIdsOf = (members: readonly CohortMember[]) => members.map((member) => member.hubId);

/**
 * The after-release measures for the IOM cohort a filter names. Housing and the treatment provider
 * count where their data lives, for the references and client ids the person index links the cohort
 * to; each answers everyone's counts too, so the cohort's answer is withheld whole when everyone
 * minus the cohort — or any wider filter minus this one — would show a small count.
 */
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
    const group = await protectedGroupOf(context, requireCohortFilter(filter, root.asOf), root.asOf);
    const everyoneAsked = [...new Set([...hubIdsOf(group.members), ...group.rests.flatMap(hubIdsOf)])];
    const counts = await releaseHousingCounts(context.askSubgraph, everyoneAsked, period.from, period.to, root.asOf);
    const zero = { releases: 0, accommodatedOnRelease: 0, settledCounted: 0, settledThreeMonthsAfter: 0 };
    const mine = sumCounts(hubIdsOf(group.members), counts.of, zero);
    const rests = [...group.rests.map((rest) => sumCounts(hubIdsOf(rest), counts.of, zero)), minusCounts(counts.everyone, mine)];
    const withheld = rests.some((rest) => anyReleaseHousingSuppressed(releaseHousingFigures(rest)));
    return { from: period.from, to: period.to, ...(withheld ? withheldReleaseHousing() : releaseHousingFigures(mine)) };
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
    const group = await protectedGroupOf(context, requireCohortFilter(filter, root.asOf), root.asOf);
    const everyoneAsked = [...new Set([...hubIdsOf(group.members), ...group.rests.flatMap(hubIdsOf)])];
    const counts = await continuityCounts(context.askSubgraph, everyoneAsked, period.from, period.to, root.asOf);
    const zero = { releases: 0, engagedWithin21Days: 0, stillWithin21Days: 0 };
    const mine = sumCounts(hubIdsOf(group.members), counts.of, zero);
    const rests = [...group.rests.map((rest) => sumCounts(hubIdsOf(rest), counts.of, zero)), minusCounts(counts.everyone, mine)];
    const withheld = rests.some((rest) => continuityFigures(rest).suppressed.length > 0);
    return { from: period.from, to: period.to, ...(withheld ? withheldContinuity() : continuityFigures(mine)) };
  }
}
