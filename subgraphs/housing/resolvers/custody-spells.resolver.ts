import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, Directive, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { badUserInput } from '../../kit/errors';
import { AccommodationStatus } from '../entities/enums';
import type { HousingContext } from './housing-person.resolver';

const MAX_REFERENCES = 50_000;

@Directive('@inaccessible')
@ObjectType('HousingCustodySpell', { description: 'A spell in custody: from the day it began to the day of release (null while still in custody).' })
class HousingCustodySpell {
  @Field()
  housingReference!: string;

  @Field(() => LocalDateResolver)
  start!: string;

  @Field(() => LocalDateResolver, { nullable: true })
  release!: string | null;
}

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
  @Query(() => [HousingCustodySpell], { nullable: true, description: 'Custody spells of these housing references, oldest first (aggregate measures only).' })
  async custodySpellsOf(@Arg('housingReferences', () => [String]) references: string[], @Ctx() context: HousingContext): Promise<HousingCustodySpell[]> {
    if (references.length > MAX_REFERENCES) throw badUserInput(`At most ${MAX_REFERENCES} references at once.`, { argumentName: 'housingReferences' });
    if (references.length === 0) return [];
    const rows: { housing_reference: string; start_date: string; end_date: string | null }[] = await context.em.getConnection().execute(
      `select housing_reference, to_char(start_date, 'YYYY-MM-DD') as start_date, to_char(end_date, 'YYYY-MM-DD') as end_date
       from accommodation_period where status = ? and housing_reference in (select jsonb_array_elements_text(?::jsonb)) order by housing_reference, start_date`,
      [AccommodationStatus.IN_CUSTODY, JSON.stringify(references)],
    );
    return rows.map((row) => ({ housingReference: row.housing_reference, start: row.start_date, release: row.end_date }));
  }
}
