/**
 * The people subgraph's DataLoaders, made fresh for each request. Every lookup a resolver makes
 * goes through one of these, so a page of 100 people costs the same number of SQL statements as
 * a page of 10.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { loaderOfMany, loaderOfOne, plainRowsBySql, rowByKey, rowsByKey } from '../../kit/loaders';
import type { Caller } from '../../kit/access/caller';
import { HUB_ID, type RowGuard } from '../../kit/access/rows';
import { IdentifierType } from '../../kit/identifiers';
import { Person } from '../entities/person.entity';
import { PersonIdentifier } from '../entities/person-identifier.entity';
import { MatchDecision } from '../entities/match-decision.entity';
import { identifiersOf, recordsOf } from './match-store';
import type { MatchRecord } from './match-scoring';

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

  /**
   * Any mix of identifier types in one statement, the pairs as two array parameters (read through
   * the unique index on type and value). Plain rows, as the row loaders give: building the
   * `$or` of every pair and hydrating managed entities was most of the index's CPU on an agenda.
   */
  const identifierByKey = loaderOfOne<IdentifierKey, PersonIdentifier, string>(
    (keys) =>
      plainRowsBySql(em, PersonIdentifier, (table, columns) => ({
        sql: `select ${columns} from ${table} where (type, value) in (select t, v from unnest(?::text[], ?::text[]) as k(t, v))`,
        bindings: [keys.map((key) => key.type), keys.map((key) => key.value)],
      })),
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

  /**
   * Current records born in any of these years, as the matcher compares them: the pool a
   * person's live candidates are drawn from (the person included). Two statements, whatever the
   * number of people or years.
   */
  const matchPoolByBirthYear = loaderOfMany<number, { person: Person; record: MatchRecord }>(
    async (years) => {
      const people = await em.find(Person, { mergedInto: null, $or: years.map((year) => ({ dateOfBirth: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } })) });
      const identifiers = await identifiersOf(em, people.map((person) => person.id));
      return people.map((person) => ({ person, record: { ...person, identifiers: identifiers.get(person.id) ?? [] } }));
    },
    (entry) => Number(entry.person.dateOfBirth.slice(0, 4)),
  );

  /** Every decision naming a person or a record it was made from (superseded ones too), newest first. */
  const historyByPersonId = loaderOfMany<string, { personId: string; decision: MatchDecision }>(
    async (ids) => {
      const clusters = await recordsOf(em, ids);
      const records = [...new Set([...clusters.values()].flat())];
      const decisions = await em.find(MatchDecision, { $or: [{ personId: { $in: records } }, { candidateId: { $in: records } }] }, { orderBy: { decidedAt: 'desc', id: 'asc' } });
      return [...clusters].flatMap(([personId, members]) =>
        decisions.filter((decision) => members.includes(decision.personId) || members.includes(decision.candidateId)).map((decision) => ({ personId, decision })),
      );
    },
    (row) => row.personId,
  );

  return { caller, rows, personRecordById, identifiersByPersonId, identifierByKey, decisionsByPersonId, matchPoolByBirthYear, historyByPersonId };
}

export type PeopleLoaders = ReturnType<typeof createPeopleLoaders>;

/** The record a hub id leads to after its merges (one statement per merge depth), whoever may see it; null when the index never held it. */
export async function followMerges(loaders: PeopleLoaders, id: string): Promise<Person | null> {
  let person = await loaders.personRecordById.load(id);
  for (let hops = 0; person?.mergedInto && hops < 10; hops++) {
    person = await loaders.personRecordById.load(person.mergedInto);
  }
  return person;
}

/**
 * Follows merges to the record that survives, still batched (one statement per merge depth).
 * Someone outside the caller's row rule is answered as if they did not exist.
 */
export async function loadCurrentPerson(loaders: PeopleLoaders, id: string): Promise<Person | null> {
  const person = await followMerges(loaders, id);
  return person && (await loaders.rows.allows(HUB_ID, person.id)) ? person : null;
}

export async function loadPersonByIdentifier(loaders: PeopleLoaders, key: IdentifierKey): Promise<Person | null> {
  const identifier = await loaders.identifierByKey.load(key);
  return identifier ? loadCurrentPerson(loaders, identifier.personId) : null;
}

/**
 * For the gateway's audit record (served at `POST /audit/hub-ids`, kit/access/audit-hub-ids.ts):
 * the hub ids of the people holding these keys ("PNC_ID:2019/0123456X"), each key found as
 * `personByIdentifier` finds it; keys of no known type, or that no one holds, are left out.
 */
export async function hubIdsForKeys(loaders: PeopleLoaders, keys: string[]): Promise<string[]> {
  const parsed = keys.flatMap((key) => {
    const at = key.indexOf(':');
    const type = key.slice(0, at);
    return at > 0 && (Object.values(IdentifierType) as string[]).includes(type) ? [{ type: type as IdentifierType, value: key.slice(at + 1) }] : [];
  });
  const people = await Promise.all(parsed.map((key) => loadPersonByIdentifier(loaders, key)));
  return [...new Set(people.flatMap((person) => (person ? [person.id] : [])))];
}
