/**
 * Restricted persons: restricting, lifting and reading restrictions, and which of a caller's keys
 * belong to restricted people they are not named on (every subgraph's row guard asks this of the
 * person index for every request, so a restriction holds everywhere from the moment it is made).
 */
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../kit/access/caller';
import { HUB_ID, type RowKeyType, type WithheldKeyStore, type WithheldRead } from '../../kit/access/rows';
import { badUserInput } from '../../kit/errors';
import type { SingleConnection } from '../../kit/single-connection';
import { keysetPage, keysetRequest, type ConnectionShape, type Keyset } from '../../kit/pagination';
import { Person } from '../entities/person.entity';
import { PersonRestriction } from '../entities/person-restriction.entity';

/** The gateway's own caller (naming people for the audit record) must find restricted people too. */
const GATEWAY_PROFILE = 'gateway';

export const MAX_REASON_LENGTH = 1000;
export const MAX_ALLOWED_ENTRIES = 100;
const MAX_NAME_LENGTH = 200;

export interface RestrictionRequest {
  personId: string;
  reason: string;
  allowedPeople: readonly string[];
  allowedTeams: readonly string[];
}

export function requireReason(raw: string, argumentName: string): string {
  const reason = raw.trim();
  if (!reason) throw badUserInput(`"${argumentName}" is required: say why.`, { argumentName });
  if (reason.length > MAX_REASON_LENGTH) throw badUserInput(`"${argumentName}" must be at most 1,000 characters.`, { argumentName });
  return reason;
}

/** Names as given, trimmed and de-duplicated; an empty or overlong name is refused, not dropped. */
export function requireNames(raw: readonly string[], argumentName: string): string[] {
  if (raw.length > MAX_ALLOWED_ENTRIES) throw badUserInput(`"${argumentName}" may name at most ${MAX_ALLOWED_ENTRIES}.`, { argumentName });
  const names = raw.map((name) => name.trim());
  if (names.some((name) => !name || name.length > MAX_NAME_LENGTH)) throw badUserInput(`Every entry of "${argumentName}" must be 1 to ${MAX_NAME_LENGTH} characters.`, { argumentName });
  return [...new Set(names)].sort();
}

/** The record restrictions are made on: it must exist and not have been merged into another. */
async function requireCurrentRecord(em: EntityManager, personId: string): Promise<Person> {
  const person = await em.findOne(Person, { id: personId });
  if (!person) throw badUserInput(`No person has id ${personId}.`, { argumentName: 'personId' });
  if (person.mergedInto) throw badUserInput(`Person ${personId} has been merged into ${person.mergedInto}; restrict that record instead.`, { argumentName: 'personId' });
  return person;
}

function changedMeanwhile(error: unknown): never {
  if (error instanceof UniqueConstraintViolationException) throw badUserInput("This person's restriction was changed by someone else a moment ago; read it again.");
  throw error;
}

/**
 * Restricts a person, replacing (and stamping) any restriction already holding, in one
 * transaction; the restriction holds for every request that starts after it returns.
 */
export async function restrictPerson(em: EntityManager, caller: Caller, request: RestrictionRequest): Promise<PersonRestriction> {
  await requireCurrentRecord(em, request.personId);
  return em
    .transactional(async (tx) => {
      await tx.nativeUpdate(PersonRestriction, { personId: request.personId, liftedAt: null }, { liftedAt: new Date(), liftedBy: caller.subject, liftReason: 'Replaced by a new restriction.' });
      const restriction = tx.create(PersonRestriction, {
        personId: request.personId,
        reason: request.reason,
        allowedPeople: [...request.allowedPeople],
        allowedTeams: [...request.allowedTeams],
        restrictedBy: caller.subject,
      });
      await tx.flush();
      return restriction;
    })
    .catch(changedMeanwhile);
}

export async function liftRestriction(em: EntityManager, caller: Caller, personId: string, reason: string): Promise<PersonRestriction> {
  const current = await em.findOne(PersonRestriction, { personId, liftedAt: null });
  if (!current) throw badUserInput(`Person ${personId} is not restricted.`, { argumentName: 'personId' });
  const lifted = await em.nativeUpdate(PersonRestriction, { id: current.id, liftedAt: null }, { liftedAt: new Date(), liftedBy: caller.subject, liftReason: reason });
  if (lifted === 0) throw badUserInput("This person's restriction was changed by someone else a moment ago; read it again.");
  return em.fork().findOneOrFail(PersonRestriction, { id: current.id });
}

export interface RestrictionSearch {
  personId?: string | null;
  includeLifted?: boolean | null;
}

/** Newest first. */
const RESTRICTION_ORDER: Keyset<PersonRestriction> = { columns: [{ property: 'restrictedAt', column: 'restricted_at', type: 'timestamp' }, { property: 'id', column: 'id', type: 'uuid' }], direction: 'desc' };

/** Newest first, cursor-paged: two statements whatever the page size. */
export async function searchRestrictions(em: EntityManager, filter: RestrictionSearch, first: number | null | undefined, after: string | null | undefined): Promise<ConnectionShape<PersonRestriction>> {
  const page = keysetRequest(RESTRICTION_ORDER, first, after);
  const where = (alias: string) => {
    const qb = em.createQueryBuilder(PersonRestriction, alias);
    if (filter.personId) qb.andWhere({ personId: filter.personId });
    if (!filter.includeLifted) qb.andWhere({ liftedAt: null });
    return qb;
  };
  return keysetPage(page, where);
}

/** How many merges a restriction is followed through (lookups follow at most as many). */
const MAX_MERGE_HOPS = 10;

/** The version of the restrictions, merges and identifiers (raised by triggers on each change). */
const VERSION_SQL = 'select version::text as version from withheld_version';

/**
 * Keys of one kind held by restricted people the caller is not named on (by subject or team),
 * with the version of the data they were read from, in one statement (one snapshot). A
 * restriction follows its record through merges: the record it was merged into (and so on) is
 * restricted too, since that is the record lookups of the old one now answer with.
 */
export async function readWithheldKeys(em: EntityManager, caller: Caller, type: RowKeyType): Promise<WithheldRead> {
  if (caller.profile === GATEWAY_PROFILE) return { keys: [], version: await withheldVersion(em) };
  const restricted = `with recursive merge_chain(person_id, merged_into, hops) as (
        select r.person_id, p.merged_into, 0
          from person_restriction r join person p on p.id = r.person_id
         where r.lifted_at is null and not (? = any(r.allowed_people)) and not (? = any(r.allowed_teams))
        union all
        select p.id, p.merged_into, merge_chain.hops + 1
          from merge_chain join person p on p.id = merge_chain.merged_into
         where merge_chain.hops < ${MAX_MERGE_HOPS})
      select person_id from merge_chain`;
  // A caller without a team matches no team: '' is never a stored team name.
  const params = [caller.subject, caller.team ?? ''];
  const keys =
    type === HUB_ID
      ? { sql: `select distinct person_id::text as key from (${restricted}) restricted`, params }
      : { sql: `select distinct pi.value as key from person_identifier pi where pi.type = ? and pi.person_id in (${restricted})`, params: [type, ...params] };
  const [row] = await em
    .getConnection()
    .execute<{ version: string; keys: string[] }[]>(`select (${VERSION_SQL}) as version, coalesce((select array_agg(key order by key) from (${keys.sql}) withheld), '{}') as keys`, keys.params);
  if (!row?.version) throw new Error('the person index has no withheld-keys version');
  return { keys: row.keys, version: row.version };
}

export async function withheldKeys(em: EntityManager, caller: Caller, type: RowKeyType): Promise<string[]> {
  return [...(await readWithheldKeys(em, caller, type)).keys];
}

function versionIn(row: { version: string } | undefined): string {
  if (!row?.version) throw new Error('the person index has no withheld-keys version');
  return row.version;
}

export async function withheldVersion(em: EntityManager): Promise<string> {
  return versionIn((await em.getConnection().execute<{ version: string }[]>(VERSION_SQL))[0]);
}

/** The version alone, on the connection kept for it outside the pool. */
async function withheldVersionOn(connection: SingleConnection): Promise<string> {
  return versionIn((await connection.query<{ version: string }>(VERSION_SQL))[0]);
}

/** The person index reads withheld keys from its own database, for its own row guard and for the others. */
export function localWithheldKeys(em: EntityManager, versionConnection: SingleConnection): WithheldKeyStore {
  return { read: (caller, type) => readWithheldKeys(em, caller, type), version: () => withheldVersionOn(versionConnection) };
}
