import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { packRows, unpackRows } from '../../kit/packed-rows';
import { IdentifierType, requireHubId } from '../../kit/identifiers';
import type { PeopleContext } from './person.resolver';

const MAX_PEOPLE = 50_000;

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
  @Query(() => String, {
    nullable: true,
    description: 'Identifiers of these kinds held by these people, one line each: `hubId<TAB>type<TAB>value` (aggregate measures only).',
  })
  async cohortPersonKeys(
    @Arg('hubIds', { description: 'One hub id per line.' }) packed: string,
    @Arg('types', () => [IdentifierType]) types: IdentifierType[],
    @Ctx() context: PeopleContext,
  ): Promise<string> {
    const ids = unpackRows(packed, { argumentName: 'hubIds', maxRows: MAX_PEOPLE, fields: { min: 1, max: 1 } }).map(([id]) => requireHubId(id, 'hubIds'));
    if (ids.length === 0 || types.length === 0) return '';
    const rows: { person_id: string; type: IdentifierType; value: string }[] = await context.em
      .getConnection()
      .execute('select person_id, type, value from person_identifier where person_id in (select jsonb_array_elements_text(?::jsonb)::uuid) and type in (select jsonb_array_elements_text(?::jsonb)) order by person_id, type, value', [JSON.stringify(ids), JSON.stringify(types)]);
    return packRows(rows.map((row) => [row.person_id, row.type, row.value]));
  }

  /**
   * For the hub's aggregate measures (@inaccessible): the hub ids of the people holding these
   * identifiers of one kind, so a measure over a partner's population (say, everyone on
   * statutory supervision, by CRN) can ask the other partners in their own keys.
   */
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Directive('@inaccessible')
  @Query(() => String, { nullable: true, description: 'The hub ids holding these identifiers, one line each with the identifier: `hubId<TAB>value` (aggregate measures only).' })
  async cohortHubIdsOf(@Arg('type', () => IdentifierType) type: IdentifierType, @Arg('values', { description: 'One identifier per line.' }) packed: string, @Ctx() context: PeopleContext): Promise<string> {
    const values = unpackRows(packed, { argumentName: 'values', maxRows: MAX_PEOPLE, fields: { min: 1, max: 1 } }).map(([value]) => value);
    if (values.length === 0) return '';
    const rows: { person_id: string; value: string }[] = await context.em
      .getConnection()
      .execute('select person_id, value from person_identifier where type = ? and value in (select jsonb_array_elements_text(?::jsonb)) order by value, person_id', [type, JSON.stringify(values)]);
    return packRows(rows.map((row) => [row.person_id, row.value]));
  }
}
