import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, Directive, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { badUserInput } from '../../kit/errors';
import { continuityCountsByClient } from '../services/continuity-of-care';
import type { TreatmentContext } from './treatment-person.resolver';

const MAX_CLIENTS = 50_000;

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
@ObjectType('TreatmentContinuityCountsAnswer')
class TreatmentContinuityCountsAnswer {
  @Field(() => TreatmentContinuityCounts)
  everyone!: TreatmentContinuityCounts;

  @Field(() => [TreatmentContinuityCounts], { description: 'One per client asked about (zeros when released in the period never).' })
  byClient!: TreatmentContinuityCounts[];
}

@Resolver()
export class TreatmentCohortMeasuresResolver {
  /**
   * For the hub's cohort measures, not for callers (@inaccessible keeps it out of the API): the
   * measure supplies the cohort's client ids and gets counts back; only a caller holding aggregate
   * statistics may cause it, and the measure's own answer holds totals alone.
   */
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Directive('@inaccessible')
  @Query(() => TreatmentContinuityCountsAnswer, {
    nullable: true,
    description: 'Continuity-of-care counts for releases from `from` to `to`, as they stood at the end of `asOf`: of everyone, and of each client (aggregate measures only).',
  })
  async continuityOfCareCountsOf(
    @Arg('treatmentClientIds', () => [String]) clientIds: string[],
    @Arg('from', () => LocalDateResolver) from: string,
    @Arg('to', () => LocalDateResolver) to: string,
    @Arg('asOf', () => LocalDateResolver) asOf: string,
    @Ctx() context: TreatmentContext,
  ): Promise<TreatmentContinuityCountsAnswer> {
    if (clientIds.length > MAX_CLIENTS) throw badUserInput(`At most ${MAX_CLIENTS} clients at once.`, { argumentName: 'treatmentClientIds' });
    if (from > to) throw badUserInput('"from" may not be after "to".', { argumentName: 'from' });
    if (asOf > context.today) throw badUserInput('"asOf" may not be after today.', { argumentName: 'asOf' });
    const { everyone, byClient } = await continuityCountsByClient(context.em, [...new Set(clientIds)], { from, to }, asOf);
    return {
      everyone: { treatmentClientId: null, ...everyone },
      byClient: [...byClient].map(([treatmentClientId, counts]) => ({ treatmentClientId, ...counts })),
    };
  }
}
