import { Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { IomCohort } from '../entities/cohort.entity';
import { IomCase } from '../entities/case.entity';
import type { IomContext } from './context';
import { Authenticated, RequiresScope, Scope } from '../../kit/access/directives';

@Resolver(() => IomCohort)
export class IomCohortResolver {
  @Authenticated()
  @Query(() => [IomCohort], { nullable: true, description: 'Every IOM cohort with its criteria, capacity and caseload.' })
  iomCohorts(@Ctx() context: IomContext): Promise<IomCohort[]> {
    return context.em.find(IomCohort, {}, { orderBy: { displayOrder: 'asc' } });
  }

  @FieldResolver(() => Int, { description: 'People adopted onto the cohort now.' })
  async caseload(@Root() cohort: IomCohort, @Ctx() context: IomContext): Promise<number> {
    return (await context.loaders.caseloadByCohort.load(cohort.code))?.caseload ?? 0;
  }

  @FieldResolver(() => Int, { description: 'Places free now (never below 0).' })
  async placesAvailable(@Root() cohort: IomCohort, @Ctx() context: IomContext): Promise<number> {
    return Math.max(0, cohort.capacity - (await this.caseload(cohort, context)));
  }

  @FieldResolver(() => Boolean, { description: 'No place is free: an accepted referral waits.' })
  async full(@Root() cohort: IomCohort, @Ctx() context: IomContext): Promise<boolean> {
    return (await this.placesAvailable(cohort, context)) === 0;
  }

  @RequiresScope(Scope.CASE_CONFERENCE)

  @FieldResolver(() => [IomCase], { nullable: true, description: 'Accepted referrals waiting for a place, in the order they will be adopted.' })
  waitingList(@Root() cohort: IomCohort, @Ctx() context: IomContext): Promise<IomCase[]> {
    return context.loaders.waitingListByCohort.load(cohort.code);
  }
}
