import { Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { IomCohort } from '../entities/cohort.entity';
import { IomCase } from '../entities/case.entity';
import type { IomContext } from './context';
import { Authenticated, RequiresScope, Scope } from '../../kit/access/directives';
import { hasScope } from '../../kit/access/caller';
import { currentCaseloadMembers, protectedCaseload } from '../services/measures';
import { releaseAnswers } from '../services/released-sets';
import { caseloadSets } from './measures.resolver';
import { WithheldReason } from './outcome-types';

interface Caseloads {
  of: Map<string, number | null>;
  withheldBecause: WithheldReason | null;
}

/**
 * Every cohort's caseload as the caller may see it: exact for a caller holding `case-conference`
 * (who manages the places and sees the people on them anyway), otherwise through disclosure
 * control like every other count of people: suppressed within its strand (see `protectedCaseload`)
 * and compared with the caseloads answered before (see `caseloadSets`), every cohort's withheld
 * when one is near an earlier answer. One statement per request (and the check's).
 */
function caseloadsFor(context: IomContext): Promise<Caseloads> {
  let caseloads = caseloadAnswers.get(context);
  if (!caseloads) {
    caseloads = (async (): Promise<Caseloads> => {
      if (hasScope(context.caller, Scope.CASE_CONFERENCE)) {
        const cohorts = await context.em.find(IomCohort, {}, { orderBy: { displayOrder: 'asc' } });
        const counts = await context.loaders.caseloadByCohort.loadMany(cohorts.map((cohort) => cohort.code));
        return {
          of: new Map(
            cohorts.map((cohort, i) => {
              const count = counts[i];
              if (count instanceof Error) throw count;
              return [cohort.code, count?.caseload ?? 0];
            }),
          ),
          withheldBecause: null,
        };
      }
      const rows = await currentCaseloadMembers(context.em);
      const [released] = await releaseAnswers(context.em, [caseloadSets(rows)]);
      if (!released) return { of: new Map(rows.map((row) => [row.cohortCode, null])), withheldBecause: WithheldReason.NEAR_EARLIER_ANSWER };
      return { of: new Map(protectedCaseload(rows).cohorts.map((row) => [row.cohortCode, row.adopted])), withheldBecause: null };
    })();
    caseloadAnswers.set(context, caseloads);
  }
  return caseloads;
}
const caseloadAnswers = new WeakMap<IomContext, Promise<Caseloads>>();

@Resolver(() => IomCohort)
export class IomCohortResolver {
  @Authenticated()
  @Query(() => [IomCohort], { nullable: true, description: 'Every IOM cohort with its criteria, capacity and caseload.' })
  iomCohorts(@Ctx() context: IomContext): Promise<IomCohort[]> {
    return context.em.find(IomCohort, {}, { orderBy: { displayOrder: 'asc' } });
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'People adopted onto the cohort now. Exact with `case-conference`; otherwise a count from 1 to 4 (or one that would give such a count away within its strand) is null and named in `suppressed`.',
  })
  async caseload(@Root() cohort: IomCohort, @Ctx() context: IomContext): Promise<number | null> {
    const caseloads = (await caseloadsFor(context)).of;
    // Null is a suppressed count; a cohort created since the caseloads were read has none.
    return caseloads.has(cohort.code) ? caseloads.get(cohort.code)! : 0;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Places free now (never below 0); null when the caseload is suppressed (capacity minus it would give it away).' })
  async placesAvailable(@Root() cohort: IomCohort, @Ctx() context: IomContext): Promise<number | null> {
    const caseload = await this.caseload(cohort, context);
    return caseload === null ? null : Math.max(0, cohort.capacity - caseload);
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'No place is free: an accepted referral waits. Null when the caseload is suppressed.' })
  async full(@Root() cohort: IomCohort, @Ctx() context: IomContext): Promise<boolean | null> {
    const places = await this.placesAvailable(cohort, context);
    return places === null ? null : places === 0;
  }

  @FieldResolver(() => [String], { description: 'The fields above withheld by disclosure control (`caseload`, `placesAvailable`, `full`).' })
  async suppressed(@Root() cohort: IomCohort, @Ctx() context: IomContext): Promise<string[]> {
    return (await this.caseload(cohort, context)) === null ? ['caseload', 'full', 'placesAvailable'] : [];
  }

  @FieldResolver(() => WithheldReason, {
    nullable: true,
    description: 'Null when the caseload is answered (or suppressed alone); NEAR_EARLIER_ANSWER when every cohort\'s is withheld because the people counted are 1 to 4 from those of an earlier answer.',
  })
  async withheldBecause(@Ctx() context: IomContext): Promise<WithheldReason | null> {
    return (await caseloadsFor(context)).withheldBecause;
  }

  @RequiresScope(Scope.CASE_CONFERENCE)
  @FieldResolver(() => [IomCase], { nullable: true, description: 'Accepted referrals waiting for a place, in the order they will be adopted.' })
  waitingList(@Root() cohort: IomCohort, @Ctx() context: IomContext): Promise<IomCase[]> {
    return context.loaders.waitingListByCohort.load(cohort.code);
  }
}
