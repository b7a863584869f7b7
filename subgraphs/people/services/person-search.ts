/**
 * The `people` list: filters, keyset pagination over (family name, given name, id) and a total,
 * in two SQL statements whatever the page size.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { HUB_ID, rowKeysCondition, type RowGuard } from '../../kit/access/rows';
import type { IdentifierType } from '../../kit/identifiers';
import { badUserInput } from '../../kit/errors';
import { pageRequest, toConnection, type ConnectionShape } from '../../kit/pagination';
import { Person } from '../entities/person.entity';

export interface PersonSearch {
  /** Matches given name, family name or an alias, ignoring case, anywhere in the name. */
  name?: string | null;
  dateOfBirth?: string | null;
  /** Only people holding every one of these identifier types. */
  hasIdentifiers?: IdentifierType[] | null;
  /** Only people holding none of these identifier types. */
  lacksIdentifiers?: IdentifierType[] | null;
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchPeople(
  em: EntityManager,
  rowGuard: RowGuard,
  filter: PersonSearch,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<ConnectionShape<Person>> {
  const page = pageRequest(first, after, ['text', 'text', 'uuid']);
  const visible = await rowGuard.visibleKeys(HUB_ID);
  const where = (alias: string) => {
    const qb = em.createQueryBuilder(Person, alias).where({ mergedInto: null });
    const visibleRows = rowKeysCondition(`${alias}.id`, visible, '::uuid');
    if (visibleRows) qb.andWhere(visibleRows.sql, visibleRows.params);
    const name = filter.name?.trim();
    if (name) {
      if (name.length > 100) throw badUserInput('"name" must be at most 100 characters.', { argumentName: 'filter.name' });
      const pattern = `%${escapeLike(name)}%`;
      qb.andWhere(
        `(${alias}.given_name ilike ? or ${alias}.family_name ilike ? or (${alias}.given_name || ' ' || ${alias}.family_name) ilike ? or exists (select 1 from unnest(${alias}.aliases) as alias where alias ilike ?))`,
        [pattern, pattern, pattern, pattern],
      );
    }
    if (filter.dateOfBirth) qb.andWhere({ dateOfBirth: filter.dateOfBirth });
    for (const type of filter.hasIdentifiers ?? []) {
      qb.andWhere(`exists (select 1 from person_identifier pi where pi.person_id = ${alias}.id and pi.type = ?)`, [type]);
    }
    for (const type of filter.lacksIdentifiers ?? []) {
      qb.andWhere(`not exists (select 1 from person_identifier pi where pi.person_id = ${alias}.id and pi.type = ?)`, [type]);
    }
    return qb;
  };

  const pageQuery = where('p').orderBy({ familyName: 'asc', givenName: 'asc', id: 'asc' }).limit(page.limit + 1);
  if (page.after) pageQuery.andWhere('(p.family_name, p.given_name, p.id) > (?, ?, ?)', page.after);
  const [rows, totalCount] = await Promise.all([pageQuery.getResultList(), where('c').getCount()]);
  return toConnection(rows, page, totalCount, (person) => [person.familyName, person.givenName, person.id], (person) => person);
}
