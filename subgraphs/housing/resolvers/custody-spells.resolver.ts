import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { unpackRows } from '../../kit/packed-rows';
import { packedBySql } from '../../kit/bound-sql';
import { AccommodationStatus } from '../entities/enums';
import type { HousingContext } from './housing-person.resolver';
import { MAX_KEYS_PER_ASK } from '../../kit/ask-limits';

@Resolver()
export class HousingCustodySpellResolver {
  /**
   * For the hub's aggregate measures, not for callers (@inaccessible keeps it out of the API):
   * the custody spells (IN_CUSTODY periods, the shared custody episodes) of the references the
   * measure supplies, so it can leave time in custody out of its windows. Only a caller holding
   * aggregate statistics may cause it, and the measure's own answer holds no person-level row.
   */
  @RequiresScope(Scope.AGGREGATE_STATISTICS)
  @Directive('@inaccessible')
  @Query(() => String, {
    nullable: true,
    description: 'Custody spells of these housing references, one line per spell, oldest first for each: `housingReference<TAB>start<TAB>release` (release empty while still in custody; aggregate measures only).',
  })
  async custodySpellsOf(@Arg('housingReferences', { description: 'One housing reference per line.' }) packed: string, @Ctx() context: HousingContext): Promise<string> {
    // Packed rows both ways (subgraphs/kit/packed-rows.ts): thousands of references as GraphQL lists cost more than the query.
    const references = unpackRows(packed, { argumentName: 'housingReferences', maxRows: MAX_KEYS_PER_ASK, fields: { min: 1, max: 1 } }).map(([reference]) => reference);
    if (references.length === 0) return '';
    return packedBySql(
      context.em,
      `select count(*)::int as rows,
         coalesce(string_agg(housing_reference || E'\\t' || to_char(start_date, 'YYYY-MM-DD') || E'\\t' || coalesce(to_char(end_date, 'YYYY-MM-DD'), ''), E'\\n' order by housing_reference, start_date), '') as packed
       from accommodation_period where status = ? and housing_reference in (select jsonb_array_elements_text(?::jsonb))`,
      [AccommodationStatus.IN_CUSTODY, JSON.stringify(references)],
      3,
    );
  }
}
