import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { badUserInput } from '../../kit/errors';
import { IdentifierType, requireHubId } from '../../kit/identifiers';
import type { PeopleContext } from './person.resolver';

const MAX_PEOPLE = 50_000;

@Directive('@inaccessible')
@ObjectType('CohortPersonKey', { description: "One of a person's partner identifiers." })
class CohortPersonKey {
  @Field(() => ID)
  hubId!: string;

  @Field(() => IdentifierType)
  type!: IdentifierType;

  @Field()
  value!: string;
}

@Resolver()
export class CohortKeysResolver {
  /**
   * For the hub's aggregate measures, not for callers (@inaccessible keeps it out of the API):
   * the partner identifiers of a cohort the measure supplies by hub id, so it can ask each
   * partner in its own keys. Only a caller holding aggregate statistics may cause it; the
   * measure's own answer holds no person-level row, so the row rule does not narrow it.
   */
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Directive('@inaccessible')
  @Query(() => [CohortPersonKey], { nullable: true, description: 'Identifiers of these kinds held by these people (aggregate measures only).' })
  async cohortPersonKeys(
    @Arg('hubIds', () => [ID]) hubIds: string[],
    @Arg('types', () => [IdentifierType]) types: IdentifierType[],
    @Ctx() context: PeopleContext,
  ): Promise<CohortPersonKey[]> {
    if (hubIds.length > MAX_PEOPLE) throw badUserInput(`At most ${MAX_PEOPLE} people at once.`, { argumentName: 'hubIds' });
    if (hubIds.length === 0 || types.length === 0) return [];
    const ids = hubIds.map((id) => requireHubId(id));
    const rows: { person_id: string; type: IdentifierType; value: string }[] = await context.em
      .getConnection()
      .execute('select person_id, type, value from person_identifier where person_id in (select jsonb_array_elements_text(?::jsonb)::uuid) and type in (select jsonb_array_elements_text(?::jsonb)) order by person_id, type, value', [JSON.stringify(ids), JSON.stringify(types)]);
    return rows.map((row) => ({ hubId: row.person_id, type: row.type, value: row.value }));
  }

  /**
   * For the hub's aggregate measures (@inaccessible): the hub ids of the people holding these
   * identifiers of one kind, so a measure over a partner's population (say, everyone on
   * statutory supervision, by CRN) can ask the other partners in their own keys.
   */
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Directive('@inaccessible')
  @Query(() => [CohortPersonKey], { nullable: true, description: 'The hub ids holding these identifiers, each with the identifier (aggregate measures only).' })
  async cohortHubIdsOf(@Arg('type', () => IdentifierType) type: IdentifierType, @Arg('values', () => [String]) values: string[], @Ctx() context: PeopleContext): Promise<CohortPersonKey[]> {
    if (values.length > MAX_PEOPLE) throw badUserInput(`At most ${MAX_PEOPLE} people at once.`, { argumentName: 'values' });
    if (values.length === 0) return [];
    const rows: { person_id: string; value: string }[] = await context.em
      .getConnection()
      .execute('select person_id, value from person_identifier where type = ? and value in (select jsonb_array_elements_text(?::jsonb)) order by value, person_id', [type, JSON.stringify(values)]);
    return rows.map((row) => ({ hubId: row.person_id, type, value: row.value }));
  }
}
