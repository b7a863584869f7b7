import { Arg, Ctx, Directive, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { continuityCountsByClient } from '../services/continuity-of-care';
import type { TreatmentContext } from './treatment-person.resolver';
import { requireCountPeriods, requireKeysWithinLimit, type CountPeriod } from '../../kit/ask-limits';
import { countPeriodInput } from '../../kit/count-period-input';

@Directive('@inaccessible')
@ObjectType('TreatmentContinuityCounts', { description: 'Continuity-of-care counts of one client, or of everyone the provider holds (client null).' })
class TreatmentContinuityCounts {
  @Field(() => String, { nullable: true })
  treatmentClientId!: string | null;

  @Field(() => Int)
  releases!: number;

  @Field(() => Int)
  engagedWithin21Days!: number;

  @Field(() => Int)
  stillWithin21Days!: number;
}

@Directive('@inaccessible')
@ObjectType('TreatmentContinuityCountsAnswer', { description: 'The counts for one of the periods asked about, in the order asked.' })
class TreatmentContinuityCountsAnswer {
  @Field(() => TreatmentContinuityCounts)
  everyone!: TreatmentContinuityCounts;

  @Field(() => [TreatmentContinuityCounts], { description: 'One per client asked about with a release in the period (the others had none).' })
  byClient!: TreatmentContinuityCounts[];
}

const TreatmentCountPeriodInput = countPeriodInput('TreatmentCountPeriodInput');

@Resolver()
export class TreatmentCohortMeasuresResolver {
  /**
   * For the hub's cohort measures, not for callers (@inaccessible keeps it out of the API): the
   * measure supplies the cohort's client ids and gets counts back; only a caller holding aggregate
   * statistics may cause it, and the measure's own answer holds totals alone.
   */
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Directive('@inaccessible')
  @Query(() => [TreatmentContinuityCountsAnswer], {
    nullable: true,
    description: 'Continuity-of-care counts for each period (releases from `from` to `to`, as they stood at the end of `asOf`), in the order asked: of everyone, and of each client with a release in it (aggregate measures only).',
  })
  async continuityOfCareCountsOf(
    @Arg('treatmentClientIds', () => [String]) clientIds: string[],
    @Arg('periods', () => [TreatmentCountPeriodInput]) periods: CountPeriod[],
    @Ctx() context: TreatmentContext,
  ): Promise<TreatmentContinuityCountsAnswer[]> {
    requireKeysWithinLimit(clientIds, 'treatmentClientIds', 'clients');
    requireCountPeriods(periods, context.today);
    const answers = await continuityCountsByClient(context.em, [...new Set(clientIds)], periods);
    return answers.map(({ everyone, byClient }) => ({
      everyone: { treatmentClientId: null, ...everyone },
      byClient: [...byClient].map(([treatmentClientId, counts]) => ({ treatmentClientId, ...counts })),
    }));
  }

}
