/**
 * The people subgraph's DataLoaders, made fresh for each request. Every lookup a resolver makes
 * goes through one of these, so a page of 100 people costs the same number of SQL statements as
 * a page of 10.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { loaderOfMany, loaderOfOne, rowByKey, rowsByKey } from '../../kit/loaders';
import type { Caller } from '../../kit/access/caller';
import { HUB_ID, type RowGuard } from '../../kit/access/rows';
import type { IdentifierType } from '../../kit/identifiers';
import { Person } from '../entities/person.entity';
import { PersonIdentifier } from '../entities/person-identifier.entity';
import { MatchDecision } from '../entities/match-decision.entity';

export interface IdentifierKey {
  type: IdentifierType;
  value: string;
}

/** A match decision as seen from one of the two records it names. */
export interface PairDecision {
  recordId: string;
  otherId: string;
  decision: MatchDecision;
}

const identifierCacheKey = (key: IdentifierKey): string => `${key.type}:${key.value}`;

export function createPeopleLoaders(em: EntityManager, caller: Caller, rows: RowGuard) {
  /** Index records by id, merged ones included (callers follow `mergedInto`). */
  const personRecordById = rowByKey(em, Person, 'id');

  const identifiersByPersonId = rowsByKey(em, PersonIdentifier, 'personId', { orderBy: { linkedAt: 'asc', id: 'asc' } });

  /** Any mix of identifier types in one statement: `(type, value) IN (...)`. */
  const identifierByKey = loaderOfOne<IdentifierKey, PersonIdentifier, string>(
    (keys) => em.find(PersonIdentifier, { $or: keys.map((key) => ({ type: key.type, value: key.value })) }),
    (identifier) => identifierCacheKey(identifier),
    identifierCacheKey,
  );

  /** Current decisions naming any of these records, seen from each side of the pair. */
  const decisionsByPersonId = loaderOfMany<string, PairDecision>(
    async (ids) => {
      const decisions = await em.find(MatchDecision, { supersededAt: null, $or: [{ personId: { $in: [...ids] } }, { candidateId: { $in: [...ids] } }] });
      return decisions.flatMap((decision) => [
        { recordId: decision.personId, otherId: decision.candidateId, decision },
        { recordId: decision.candidateId, otherId: decision.personId, decision },
      ]);
    },
    (pair) => pair.recordId,
  );

  /** Unmerged records born on any of these dates: the pool candidate matches are drawn from. */
  const peopleByDateOfBirth = rowsByKey(em, Person, 'dateOfBirth', { where: { mergedInto: null } });

  return { caller, rows, personRecordById, identifiersByPersonId, identifierByKey, decisionsByPersonId, peopleByDateOfBirth };
}

export type PeopleLoaders = ReturnType<typeof createPeopleLoaders>;

/**
 * Follows merges to the record that survives, still batched (one statement per merge depth).
 * Someone outside the caller's row rule is answered as if they did not exist.
 */
export async function loadCurrentPerson(loaders: PeopleLoaders, id: string): Promise<Person | null> {
  let person = await loaders.personRecordById.load(id);
  for (let hops = 0; person?.mergedInto && hops < 10; hops++) {
    person = await loaders.personRecordById.load(person.mergedInto);
  }
  return person && (await loaders.rows.allows(HUB_ID, person.id)) ? person : null;
}

export async function loadPersonByIdentifier(loaders: PeopleLoaders, key: IdentifierKey): Promise<Person | null> {
  const identifier = await loaders.identifierByKey.load(key);
  return identifier ? loadCurrentPerson(loaders, identifier.personId) : null;
}
