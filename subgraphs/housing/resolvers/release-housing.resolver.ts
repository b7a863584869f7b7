import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { ReportingPeriodArgs, reportingPeriodOf } from '../../kit/reporting-period';
import { ReleaseHousingTarget } from '../entities/release-housing-target.entity';
import { releaseHousingPerformance } from '../services/release-outcomes';
import type { HousingContext } from './housing-person.resolver';
import { ReleaseHousingPerformance } from './types';
import { Authenticated, RequiresScope, Scope } from '../../kit/access/directives';

@Resolver()
export class ReleaseHousingResolver {
  @Authenticated()
  @Query(() => [ReleaseHousingTarget], { nullable: true, description: 'The targets prison-release housing is measured against.' })
  async releaseHousingTargets(@Ctx() context: HousingContext): Promise<ReleaseHousingTarget[]> {
    return context.em.find(ReleaseHousingTarget, {}, { orderBy: { measure: 'asc' } });
  }

  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Query(() => ReleaseHousingPerformance, {
    nullable: true,
    description: "The partnership's prison-release housing rates against their targets, for releases from `from` to `to` (default: the 12 months to today).",
  })
  async releaseHousingPerformance(
    @Args(() => ReportingPeriodArgs) args: ReportingPeriodArgs,
    @Ctx() context: HousingContext,
  ): Promise<ReleaseHousingPerformance> {
    const today = context.today;
    const period = reportingPeriodOf(args, today);
    return { ...period, measures: await releaseHousingPerformance(context.em, period, today) };
  }
}
