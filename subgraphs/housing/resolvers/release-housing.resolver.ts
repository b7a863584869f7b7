import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { ReportingPeriodArgs, reportingPeriodOf } from '../../kit/reporting-period';
import { ReleaseHousingTarget } from '../entities/release-housing-target.entity';
import { releaseHousingPerformance } from '../services/release-outcomes';
import type { HousingContext } from './housing-person.resolver';
import { ReleaseHousingPerformance } from './types';
import { Authenticated, RequiresScope, Scope } from '../../kit/access/directives';
import { releaseAnswers } from '../../kit/released-sets';
import { WithheldReason } from '../../kit/withheld';

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
    description: "The partnership's prison-release housing rates against their targets, for releases from `from` to `to` (default: the 12 months to today); withheld whole when its releases differ by 1 to 4 from an earlier answer's.",
  })
  async releaseHousingPerformance(
    @Args(() => ReportingPeriodArgs) args: ReportingPeriodArgs,
    @Ctx() context: HousingContext,
  ): Promise<ReleaseHousingPerformance> {
    const today = context.today;
    const period = reportingPeriodOf(args, today);
    const answer = await releaseHousingPerformance(context.em, period, today);
    const [released] = await releaseAnswers(context.em, 'housing_released_set', [answer.sets]);
    if (released) return { ...period, measures: answer.measures, withheldBecause: null };
    // Every count, rate and verdict goes: the answer says neither which releases nor how many differ.
    const withheld = answer.measures.map((measure) => ({ ...measure, releasesCounted: null, met: null, rate: null, meetsTarget: null, suppressed: ['meetsTarget', 'met', 'rate', 'releasesCounted'] }));
    return { ...period, measures: withheld, withheldBecause: WithheldReason.NEAR_EARLIER_ANSWER };
  }
}
