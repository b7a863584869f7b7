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
/** The identifier a record was found by, read beside its columns (and taken off the row after). */
const MATCHED_TYPE = 'matched_identifier_type';
const MATCHED_VALUE = 'matched_identifier_value';

export function createPeopleLoaders(em: EntityManager, caller: Caller, rows: RowGuard) {
  /** Index records by id, merged ones included (callers follow `mergedInto`). */
  const personRecordById = rowByKey(em, Person, 'id');

  const identifiersByPersonId = rowsByKey(em, PersonIdentifier, 'personId', { orderBy: { linkedAt: 'asc', id: 'asc' } });

  /**
   * The record holding each identifier (before following merges), any mix of identifier types in
   * one statement that reads the identifiers through their unique index on type and value and
   * the records they belong to. The records are handed to `personRecordById` as well, so
   * following them costs no statement of its own (a lookup by PNC ID had been two in a row, and
   * the audit's naming of everyone disclosed two more). Plain rows, as the row loaders give.
   */
  const personRecordByIdentifier = loaderOfOne<IdentifierKey, { key: string; person: Person }, string>(
    async (keys) => {
      const found = await plainRowsBySql(em, Person, (table, columns) => ({
        sql:
          `select ${columns}, held.type as ${MATCHED_TYPE}, held.value as ${MATCHED_VALUE} from ${table} ` +
          `join (select person_id, type, value from person_identifier where (type, value) in (select t, v from unnest(?::text[], ?::text[]) as k(t, v))) held on held.person_id = ${table}.id`,
        bindings: [keys.map((key) => key.type), keys.map((key) => key.value)],
      }));
      return found.map((row) => {
        const matched = row as Person & Record<typeof MATCHED_TYPE | typeof MATCHED_VALUE, string>;
        const key = identifierCacheKey({ type: matched[MATCHED_TYPE] as IdentifierType, value: matched[MATCHED_VALUE] });
        delete (matched as Partial<typeof matched>)[MATCHED_TYPE];
        delete (matched as Partial<typeof matched>)[MATCHED_VALUE];
        personRecordById.prime(row.id, row);
        return { key, person: row };
      });
    },
    (found) => found.key,
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

  return { caller, rows, personRecordById, identifiersByPersonId, personRecordByIdentifier, decisionsByPersonId, matchPoolByBirthYear, historyByPersonId };
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
  const found = await loaders.personRecordByIdentifier.load(key);
  return found ? loadCurrentPerson(loaders, found.person.id) : null;
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
