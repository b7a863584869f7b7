/**
 * Matching against the database: loads index records for the matcher, applies its plan
 * (automatic merges, the review queue), and merges and splits records with their history.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../kit/errors';
import { matchAll, matchOne, pairKey, type MatchPlan, type ScoredPair } from './match-engine';
import { prepareRecord, type MatchRecord } from './match-scoring';
import { blockingKeys, flatKeys } from './match-blocking';
import type { MatchThresholds } from './match-model';
import { normaliseName } from './name-variants';

/** Who made a decision, for the history: a caller, or the matcher itself. */
export interface Actor {
  subject: string;
  agency: string | null;
}

export const MATCHER: Actor = { subject: 'hub-matcher', agency: null };

/** Which of these hub ids have an open IOM case (referred, accepted or adopted): IOM answers. */
export type OpenCaseCheck = (hubIds: string[]) => Promise<ReadonlySet<string>>;

/** When IOM cannot be asked, nothing merges: the caller is told to try again. */
export function iomUnavailable(): GraphQLError {
  return new GraphQLError('The IOM service cannot be asked about open cases just now, so no records were merged; please try again shortly.', {
    extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE },
  });
}

interface PersonRow {
  id: string;
  given_name: string;
  family_name: string;
  aliases: string[];
  date_of_birth: string;
  sex: string | null;
  postcode: string | null;
  keys: number;
}

export type StoredMatchRecord = MatchRecord & { keyCount: number };

/** Current (unmerged) records, with every identifier they hold or quote: two statements whatever the count. */
export async function loadMatchRecords(em: EntityManager, ids: readonly string[] | 'all' | 'unkeyed' | { sharingKeys: readonly string[] }): Promise<StoredMatchRecord[]> {
  const connection = em.getConnection();
  const filter =
    ids === 'all' ? '' : ids === 'unkeyed' ? 'and match_keys is null' : 'sharingKeys' in ids ? 'and match_keys && ?::text[]' : 'and id in (select jsonb_array_elements_text(?::jsonb)::uuid)';
  const params = typeof ids === 'string' ? [] : 'sharingKeys' in ids ? [toTextArray(ids.sharingKeys)] : [JSON.stringify(ids)];
  const people = await connection.execute<PersonRow[]>(
    `select id, given_name, family_name, aliases, to_char(date_of_birth, 'YYYY-MM-DD') as date_of_birth, sex, postcode,
            (select count(*) from person_identifier i where i.person_id = person.id)::int as keys
       from person where merged_into is null ${filter} order by created_at, id`,
    params,
  );
  const identifiers = await identifiersOf(em, people.map((row) => row.id));
  return people.map((row) => ({
    id: row.id,
    givenName: row.given_name,
    familyName: row.family_name,
    aliases: row.aliases,
    dateOfBirth: row.date_of_birth,
    sex: row.sex,
    postcode: row.postcode,
    identifiers: identifiers.get(row.id) ?? [],
    keyCount: row.keys,
  }));
}

/** A PostgreSQL text[] literal. */
const toTextArray = (values: readonly string[]): string => `{${values.map((value) => JSON.stringify(value)).join(',')}}`;

/** Stores records' blocking keys, 5,000 records a statement. */
async function storeMatchKeys(em: EntityManager, keys: Map<string, string[]>): Promise<void> {
  const rows = [...keys].map(([id, values]) => ({ id, keys: values }));
  for (let i = 0; i < rows.length; i += 5000) {
    await em.getConnection().execute(
      `update person set match_keys = array(select jsonb_array_elements_text(r.keys)) from jsonb_to_recordset(?::jsonb) as r(id uuid, keys jsonb) where person.id = r.id`,
      [JSON.stringify(rows.slice(i, i + 5000))],
    );
  }
}

/** Every identifier these records hold or quote, in one statement. */
export async function identifiersOf(em: EntityManager, ids: readonly string[]): Promise<Map<string, { type: string; value: string }[]>> {
  if (ids.length === 0) return new Map();
  const idList = JSON.stringify(ids);
  const rows = await em.getConnection().execute<{ person_id: string; type: string; value: string }[]>(
    `select person_id, type, value from person_identifier where person_id in (select jsonb_array_elements_text(?::jsonb)::uuid)
     union all select person_id, type, value from reported_identifier where person_id in (select jsonb_array_elements_text(?::jsonb)::uuid)`,
    [idList, idList],
  );
  const byPerson = new Map<string, { type: string; value: string }[]>();
  for (const row of rows) {
    if (!byPerson.has(row.person_id)) byPerson.set(row.person_id, []);
    byPerson.get(row.person_id)!.push({ type: row.type, value: row.value });
  }
  return byPerson;
}

const survivorRank = (record: MatchRecord): number => (record as StoredMatchRecord).keyCount ?? 0;

/** Pairs a person rejected or split apart (current decisions): never offered or joined again. */
export async function decidedPairs(em: EntityManager, ids?: readonly string[]): Promise<Set<string>> {
  const filter = ids ? 'and (person_id in (select jsonb_array_elements_text(?::jsonb)::uuid) or candidate_id in (select jsonb_array_elements_text(?::jsonb)::uuid))' : '';
  const rows = await em
    .getConnection()
    .execute<{ person_id: string; candidate_id: string }[]>(
      `select person_id, candidate_id from match_decision where superseded_at is null and outcome in ('REJECTED', 'SPLIT') ${filter}`,
      ids ? [JSON.stringify(ids), JSON.stringify(ids)] : [],
    );
  return new Set(rows.map((row) => pairKey(row.person_id, row.candidate_id)));
}

/** Every record making up each of these people (the person's own and every record merged into it, at any depth). */
export async function recordsOf(em: EntityManager, personIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await em.getConnection().execute<{ root: string; id: string }[]>(
    `with recursive cluster(root, id) as (
       select id, id from person where id in (select jsonb_array_elements_text(?::jsonb)::uuid)
       union all select cluster.root, person.id from person join cluster on person.merged_into = cluster.id)
     select root, id from cluster`,
    [JSON.stringify(personIds)],
  );
  const clusters = new Map<string, string[]>(personIds.map((id) => [id, []]));
  for (const row of rows) clusters.get(row.root)?.push(row.id);
  return clusters;
}

export interface MergeRequest {
  survivorId: string;
  recordId: string;
  automatic: boolean;
  score: number | null;
  reason: string;
  actor: Actor;
}

/**
 * Merges records into others inside the caller's transaction, in a fixed number of statements
 * however many: each record's identifiers (kept and quoted) move to its survivor remembering where
 * they came from, its names become the survivor's aliases, and the record points at the survivor
 * from then on. Each decision row records what its merge changed, for a split to undo.
 */
export async function mergeRecords(tx: EntityManager, requests: readonly MergeRequest[]): Promise<void> {
  if (requests.length === 0) return;
  const connection = tx.getConnection();
  const ids = [...new Set(requests.flatMap((request) => [request.survivorId, request.recordId]))];
  // Every row locked in one statement, in id order, so two merges of one pair cannot deadlock.
  const locked = await connection.execute<{ id: string; given_name: string; family_name: string; aliases: string[]; postcode: string | null }[]>(
    'select id, given_name, family_name, aliases, postcode from person where id in (select jsonb_array_elements_text(?::jsonb)::uuid) order by id for update',
    [JSON.stringify(ids)],
  );
  const rows = new Map(locked.map((row) => [row.id, row]));
  const survivors = new Map<string, { known: Set<string>; added: string[]; postcode: string | null }>();
  const decisions = requests.map((request) => {
    const record = rows.get(request.recordId)!;
    let survivor = survivors.get(request.survivorId);
    if (!survivor) {
      const row = rows.get(request.survivorId)!;
      survivor = { known: new Set([`${row.given_name} ${row.family_name}`, ...row.aliases].map(normaliseName)), added: [], postcode: row.postcode };
      survivors.set(request.survivorId, survivor);
    }
    const addedAliases: string[] = [];
    for (const name of [`${record.given_name} ${record.family_name}`, ...record.aliases]) {
      if (survivor.known.has(normaliseName(name))) continue;
      survivor.known.add(normaliseName(name));
      addedAliases.push(name);
    }
    survivor.added.push(...addedAliases);
    const tookPostcode = !survivor.postcode && !!record.postcode;
    if (tookPostcode) survivor.postcode = record.postcode;
    return {
      person_id: request.survivorId,
      candidate_id: request.recordId,
      reason: request.reason,
      automatic: request.automatic,
      score: request.score,
      decided_by: request.actor.subject,
      decided_by_agency: request.actor.agency,
      added_aliases: addedAliases,
      took_postcode: tookPostcode,
    };
  });
  // The decisions first: a concurrent decision on the same pair waits on them, then fails, before anything merges.
  await connection.execute(
    `insert into match_decision (person_id, candidate_id, outcome, reason, automatic, score, decided_by, decided_by_agency, added_aliases, took_postcode)
     select d.person_id, d.candidate_id, 'CONFIRMED', d.reason, d.automatic, d.score, d.decided_by, d.decided_by_agency, array(select jsonb_array_elements_text(d.added_aliases)), d.took_postcode
       from jsonb_to_recordset(?::jsonb) as d(person_id uuid, candidate_id uuid, reason text, automatic boolean, score double precision, decided_by text, decided_by_agency text, added_aliases jsonb, took_postcode boolean)`,
    [JSON.stringify(decisions)],
  );
  const moves = JSON.stringify(requests.map((request) => ({ record_id: request.recordId, survivor_id: request.survivorId, method: request.automatic ? 'AUTOMATIC' : 'CONFIRMED' })));
  const MOVES = 'jsonb_to_recordset(?::jsonb) as m(record_id uuid, survivor_id uuid, method text)';
  await connection.execute(
    `update person_identifier i set origin_record_id = coalesce(i.origin_record_id, i.person_id), person_id = m.survivor_id, link_method = m.method, linked_at = now() from ${MOVES} where i.person_id = m.record_id`,
    [moves],
  );
  await connection.execute(`update reported_identifier i set origin_record_id = coalesce(i.origin_record_id, i.person_id), person_id = m.survivor_id from ${MOVES} where i.person_id = m.record_id`, [moves]);
  // The survivors' keys change with the names and identifiers they gained: the matcher writes them again.
  await connection.execute(
    `update person p set aliases = p.aliases || array(select jsonb_array_elements_text(s.added)), postcode = s.postcode, match_keys = null
       from jsonb_to_recordset(?::jsonb) as s(id uuid, added jsonb, postcode text) where p.id = s.id`,
    [JSON.stringify([...survivors].map(([id, survivor]) => ({ id, added: survivor.added, postcode: survivor.postcode })))],
  );
  await connection.execute(`update person p set merged_into = m.survivor_id from ${MOVES} where p.id = m.record_id`, [moves]);
  // Pairs naming a merged record no longer stand as they were scored.
  await connection.execute(
    `update match_review set status = 'WITHDRAWN', resolved_at = now() where status = 'PENDING' and (person_id in (select m.record_id from ${MOVES}) or candidate_id in (select m.record_id from ${MOVES}))`,
    [moves, moves],
  );
}

function describe(pair: ScoredPair, startedBy: Actor): string {
  const agreeing = pair.agreeingIdentifier ? `, agreeing ${pair.agreeingIdentifier}` : '';
  const by = `${startedBy.subject}${startedBy.agency ? ` (${startedBy.agency})` : ''}`;
  return `Joined automatically: score ${pair.score} at or above the join threshold${agreeing}; blocked by ${pair.rules.join(', ')}; in a run started by ${by}.`;
}

// Found at is kept to the millisecond: the queue's cursor carries it as an ISO time.
const REVIEW_INSERT = `insert into match_review (person_id, candidate_id, score, evidence, blocked_by, held_back, found_at)
  select r.person_id, r.candidate_id, r.score, r.evidence, array(select jsonb_array_elements_text(r.blocked_by)), array(select jsonb_array_elements_text(r.held_back)), date_trunc('milliseconds', now())
    from jsonb_to_recordset(?::jsonb) as r(person_id uuid, candidate_id uuid, score double precision, evidence jsonb, blocked_by jsonb, held_back jsonb)
  on conflict do nothing`;

export interface MatchRunSummary {
  comparedPairs: number;
  joined: number;
  queued: number;
  skippedBlocks: number;
}

/**
 * Applies a plan: clusters where two records or more have an open IOM case go to the queue
 * (held back OPEN_IOM_CASES); the rest merge, all in one transaction; review pairs join the
 * queue unless the same pair is already pending.
 */
export async function applyPlan(em: EntityManager, plan: MatchPlan, openCases: OpenCaseCheck, startedBy: Actor): Promise<MatchRunSummary> {
  const reviews = [...plan.reviews];
  let joined = 0;
  if (plan.merges.length) {
    const requests: MergeRequest[] = [];
    const roots = plan.merges.flatMap((merge) => [merge.survivorId, ...merge.merged.map((item) => item.recordId)]);
    const clusters = await recordsOf(em, roots);
    let open: ReadonlySet<string>;
    try {
      open = await openCases([...new Set([...clusters.values()].flat())]);
    } catch {
      throw iomUnavailable();
    }
    const withOpenCase = (id: string): boolean => (clusters.get(id) ?? [id]).some((record) => open.has(record));
    for (const merge of plan.merges) {
      const members = [merge.survivorId, ...merge.merged.map((item) => item.recordId)];
      if (members.filter(withOpenCase).length > 1) {
        reviews.push(...merge.merged.map(({ pair }) => ({ ...pair, band: 'REVIEW' as const, held: [...pair.held, 'OPEN_IOM_CASES' as const] })));
        continue;
      }
      requests.push(...merge.merged.map(({ recordId, pair }) => ({ survivorId: merge.survivorId, recordId, automatic: true, score: pair.score, reason: describe(pair, startedBy), actor: MATCHER })));
    }
    await em.transactional((tx) => mergeRecords(tx, requests));
    joined = requests.length;
  }
  const rows = reviews.map((pair) => ({
    person_id: pair.a.id,
    candidate_id: pair.b.id,
    score: pair.score,
    evidence: pair.evidence,
    blocked_by: pair.rules,
    held_back: pair.held,
  }));
  let queued = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const result = await em.getConnection().execute(REVIEW_INSERT, [JSON.stringify(rows.slice(i, i + 1000))], 'run');
    queued += (result as { affectedRows?: number }).affectedRows ?? 0;
  }
  return { comparedPairs: plan.comparedPairs, joined, queued, skippedBlocks: plan.skippedBlocks };
}

/** Every current record against every other. */
export async function runMatching(em: EntityManager, thresholds: MatchThresholds, openCases: OpenCaseCheck, startedBy: Actor): Promise<MatchRunSummary> {
  const [records, decided] = await Promise.all([loadMatchRecords(em, 'all'), decidedPairs(em)]);
  const plan = matchAll(records, { thresholds, decided, survivorRank });
  await storeMatchKeys(em, plan.keys);
  const summary = await applyPlan(em, plan, openCases, startedBy);
  await keyUnkeyedRecords(em);
  return summary;
}

/** Writes the keys of every current record the matcher has not keyed (new, seeded, or changed by a merge or split). */
async function keyUnkeyedRecords(em: EntityManager): Promise<{ keys: Map<string, string[]>; records: StoredMatchRecord[] }> {
  const records = await loadMatchRecords(em, 'unkeyed');
  const keys = new Map(records.map((record) => [record.id, flatKeys(blockingKeys(prepareRecord(record)))]));
  await storeMatchKeys(em, keys);
  return { keys, records };
}

/**
 * One record (new, or changed) against every current record sharing a blocking key with it, found
 * by the stored keys (a GIN index), so it is paired exactly as a batch run would pair it. Records
 * the matcher has not keyed yet (new, seeded, or changed by a merge or split) are keyed first.
 */
export async function matchRecord(em: EntityManager, recordId: string, thresholds: MatchThresholds, openCases: OpenCaseCheck, startedBy: Actor): Promise<MatchRunSummary & { plan: MatchPlan }> {
  const { keys, records } = await keyUnkeyedRecords(em);
  // A new record is among those just keyed: it is not read twice.
  const record = records.find((candidate) => candidate.id === recordId) ?? (await loadMatchRecords(em, [recordId]))[0];
  if (!record) throw new Error(`no current record ${recordId}`);
  if (!keys.has(recordId)) keys.set(recordId, flatKeys(blockingKeys(prepareRecord(record))));
  const [pool, decided] = await Promise.all([loadMatchRecords(em, { sharingKeys: keys.get(recordId)! }), decidedPairs(em, [recordId])]);
  const plan = matchOne(record, pool, { thresholds, decided, survivorRank });
  return { ...(await applyPlan(em, plan, openCases, startedBy)), plan };
}
