import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { packRows, sqlTextArray, unpackRows } from '../../kit/packed-rows';
import { packedBySql } from '../../kit/bound-sql';
import { IdentifierType, requireHubId } from '../../kit/identifiers';
import type { PeopleContext } from './person.resolver';
import { MAX_KEYS_PER_ASK } from '../../kit/ask-limits';

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
    const ids = unpackRows(packed, { argumentName: 'hubIds', maxRows: MAX_KEYS_PER_ASK, fields: { min: 1, max: 1 } }).map(([id]) => requireHubId(id, 'hubIds'));
    if (ids.length === 0 || types.length === 0) return '';
    // A JSON array here, not `sqlTextArray`: for an IOM cohort's 1,300 hub ids the planner then
    // looks each up in the index, where an array made it hash every identifier of those kinds.
    const rows: { person_id: string; type: IdentifierType; value: string }[] = await context.em
      .getConnection()
      .execute('select person_id, type, value from person_identifier where person_id in (select jsonb_array_elements_text(?::jsonb)::uuid) and type in (select jsonb_array_elements_text(?::jsonb)) order by person_id, type, value', [JSON.stringify(ids), JSON.stringify(types)]);
    return packRows(rows.map((row) => [row.person_id, row.type, row.value]));
  }

  /**
   * For the hub's aggregate measures (@inaccessible): the hub ids of the people holding these
   * identifiers of one kind, with their identifiers of the kinds asked, so a measure over a
   * partner's population (everyone on statutory supervision, by CRN) can ask the other partners
   * in their own keys — one call and one statement, where asking for the hub ids and then for
   * their keys took two of each and sent the hub ids back.
   */
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Directive('@inaccessible')
  @Query(() => String, {
    nullable: true,
    description:
      'For the people holding these identifiers of one kind: each of those identifiers, and their identifiers of the other kinds asked, one line each: `hubId<TAB>type<TAB>value`, in no particular order (aggregate measures only).',
  })
  async cohortKeysByIdentifier(
    @Arg('type', () => IdentifierType) type: IdentifierType,
    @Arg('values', { description: 'One identifier per line.' }) packed: string,
    @Arg('types', () => [IdentifierType]) types: IdentifierType[],
    @Ctx() context: PeopleContext,
  ): Promise<string> {
    const values = unpackRows(packed, { argumentName: 'values', maxRows: MAX_KEYS_PER_ASK, fields: { min: 1, max: 1 } }).map(([value]) => value);
    if (values.length === 0) return '';
    // Packed by PostgreSQL (`packedBySql`): 17,700 lines for everyone on statutory supervision at scale 10.
    return packedBySql(
      context.em,
      `with linked as (select i.person_id, i.value from unnest(?::text[]) v(value) join person_identifier i on i.type = ? and i.value = v.value),
       keyed as (
         select person_id, ?::text as type, value from linked
         union all
         select k.person_id, k.type, k.value from person_identifier k where k.type = any(?::text[]) and k.type <> ? and k.person_id in (select person_id from linked))
       select count(*)::int as rows, coalesce(string_agg(person_id || E'\\t' || type || E'\\t' || value, E'\\n'), '') as packed from keyed`,
      // The array is joined, not searched, so a value asked twice is asked once.
      [sqlTextArray([...new Set(values)]), type, type, sqlTextArray(types), type],
      3,
    );
  }
}
