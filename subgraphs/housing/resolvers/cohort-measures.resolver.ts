import { Arg, Ctx, Directive, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { releaseCountsByReference } from '../services/release-outcomes';
import type { HousingContext } from './housing-person.resolver';
import { requireCountPeriods, requireKeysWithinLimit, type CountPeriod } from '../../kit/ask-limits';
import { countPeriodInput } from '../../kit/count-period-input';

@Directive('@inaccessible')
@ObjectType('HousingAreaMembers', { description: 'Which of the references asked about are held by a local authority.' })
class HousingAreaMembers {
  @Field({ description: 'Whether housing holds any case under this local authority code at all.' })
  areaKnown!: boolean;

  @Field(() => [String])
  housingReferences!: string[];
}

@Directive('@inaccessible')
@ObjectType('HousingReleaseCounts', { description: 'Release housing counts of one reference, or of everyone housing holds (reference null).' })
class HousingReleaseCounts {
  @Field(() => String, { nullable: true })
  housingReference!: string | null;

  @Field(() => Int)
  releases!: number;

  @Field(() => Int)
  accommodatedOnRelease!: number;

  @Field(() => Int)
  settledCounted!: number;

  @Field(() => Int)
  settledThreeMonthsAfter!: number;
}

@Directive('@inaccessible')
@ObjectType('HousingReleaseCountsAnswer', { description: 'The counts for one of the periods asked about, in the order asked.' })
class HousingReleaseCountsAnswer {
  @Field(() => HousingReleaseCounts)
  everyone!: HousingReleaseCounts;

  @Field(() => [HousingReleaseCounts], { description: 'One per reference asked about that had a release in the period (the others had none).' })
  byReference!: HousingReleaseCounts[];
}

const HousingCountPeriodInput = countPeriodInput('HousingCountPeriodInput');

/**
 * For the hub's cohort measures, not for callers (@inaccessible keeps them out of the API): the
 * measure supplies the cohort's references and gets back which are in an area, or counts. Only a
 * caller holding aggregate statistics may cause them, and the measure's answer holds totals alone.
 */
@Resolver()
export class HousingCohortMeasuresResolver {
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Directive('@inaccessible')
  @Query(() => HousingAreaMembers, { nullable: true, description: 'Of these references, those whose housing case the local authority holds (aggregate measures only).' })
  async housingReferencesInArea(
    @Arg('housingReferences', () => [String]) references: string[],
    @Arg('localAuthorityCode') localAuthorityCode: string,
    @Ctx() context: HousingContext,
  ): Promise<HousingAreaMembers> {
    requireKeysWithinLimit(references, 'housingReferences', 'references');
    const rows: { housing_reference: string | null; known: boolean }[] = await context.em.getConnection().execute(
      `select c.housing_reference, exists (select 1 from housing_client k where k.local_authority_code = ?) as known
       from (select 1) one left join housing_client c on c.local_authority_code = ? and c.housing_reference in (select jsonb_array_elements_text(?::jsonb))
       order by c.housing_reference`,
      [localAuthorityCode, localAuthorityCode, JSON.stringify(references)],
    );
    return { areaKnown: rows[0]?.known ?? false, housingReferences: rows.flatMap((row) => (row.housing_reference ? [row.housing_reference] : [])) };
  }

  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Directive('@inaccessible')
  @Query(() => [HousingReleaseCountsAnswer], {
    nullable: true,
    description: 'Release housing counts for each period (releases from `from` to `to`, as they stood at the end of `asOf`), in the order asked: of everyone, and of each reference with a release in it (aggregate measures only).',
  })
  async releaseHousingCountsOf(
    @Arg('housingReferences', () => [String]) references: string[],
    @Arg('periods', () => [HousingCountPeriodInput]) periods: CountPeriod[],
    @Ctx() context: HousingContext,
  ): Promise<HousingReleaseCountsAnswer[]> {
    requireKeysWithinLimit(references, 'housingReferences', 'references');
    requireCountPeriods(periods, context.today);
    const answers = await releaseCountsByReference(context.em, [...new Set(references)], periods);
    return answers.map(({ everyone, byReference }) => ({
      everyone: { housingReference: null, ...everyone },
      byReference: [...byReference].map(([housingReference, counts]) => ({ housingReference, ...counts })),
    }));
  }

}


