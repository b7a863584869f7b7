/**
 * The `people` list: filters, keyset pagination over (family name, given name, id) and a total,
 * in two SQL statements whatever the page size.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { HUB_ID, rowKeysCondition, type RowGuard } from '../../kit/access/rows';
import type { IdentifierType } from '../../kit/identifiers';
import { badUserInput } from '../../kit/errors';
import { keysetPage, keysetRequest, type ConnectionShape, type Keyset } from '../../kit/pagination';
import { plainRowsOf } from '../../kit/loaders';
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

/** Alphabetical by family name, then given name. */
const PERSON_ORDER: Keyset<Person> = {
  columns: [{ property: 'familyName', column: 'family_name', type: 'text' }, { property: 'givenName', column: 'given_name', type: 'text' }, { property: 'id', column: 'id', type: 'uuid' }],
  direction: 'asc',
};

export async function searchPeople(
  em: EntityManager,
  rowGuard: RowGuard,
  filter: PersonSearch,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<ConnectionShape<Person>> {
  const page = keysetRequest(PERSON_ORDER, first, after);
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
  // The page's people are answered, never changed: plain rows, as the row loaders give them.
  return keysetPage(page, (alias) => {
    const qb = where(alias);
    return { orderBy: (order) => qb.orderBy(order), limit: (limit) => qb.limit(limit), andWhere: (sql, params) => qb.andWhere(sql, params), getCount: () => qb.getCount(), getResultList: () => plainRowsOf(em, Person, qb) };
  });
}
