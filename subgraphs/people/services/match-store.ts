/**
 * Matching against the database: loads index records for the matcher, applies its plan
 * (automatic merges, the review queue), and merges and splits records with their history.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../kit/errors';
import { matchAll, matchOne, pairKey, type MatchPlan, type ScoredPair } from './match-engine';
import type { MatchRecord } from './match-scoring';
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
export async function loadMatchRecords(em: EntityManager, ids: readonly string[] | 'all'): Promise<StoredMatchRecord[]> {
  const connection = em.getConnection();
  const filter = ids === 'all' ? '' : 'and id in (select jsonb_array_elements_text(?::jsonb)::uuid)';
  const params = ids === 'all' ? [] : [JSON.stringify(ids)];
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

/** Every identifier these records hold or quote, in one statement. */
export async function identifiersOf(em: EntityManager, ids: readonly string[]): Promise<Map<string, { type: string; value: string }[]>> {
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
 * Merges one record into another inside the caller's transaction: its identifiers (kept and
 * quoted) move across remembering where they came from, its names become aliases, and the record
 * points at the survivor from then on. The decision row records what changed, for a split.
 */
export async function mergeRecord(tx: EntityManager, request: MergeRequest): Promise<void> {
  const connection = tx.getConnection();
  // Both rows locked in one statement, in id order, so two merges of one pair cannot deadlock.
  const locked = await connection.execute<{ id: string; given_name: string; family_name: string; aliases: string[]; postcode: string | null }[]>(
    'select id, given_name, family_name, aliases, postcode from person where id in (?, ?) order by id for update',
    [request.survivorId, request.recordId],
  );
  const survivor = locked.find((row) => row.id === request.survivorId)!;
  const record = locked.find((row) => row.id === request.recordId)!;
  const own = normaliseName(`${survivor.given_name} ${survivor.family_name}`);
  const known = new Set([own, ...survivor.aliases.map(normaliseName)]);
  const addedAliases: string[] = [];
  for (const name of [`${record.given_name} ${record.family_name}`, ...record.aliases]) {
    if (!known.has(normaliseName(name))) {
      known.add(normaliseName(name));
      addedAliases.push(name);
    }
  }
  const tookPostcode = !survivor.postcode && !!record.postcode;
  // The decision first: a concurrent decision on the same pair waits on it, then fails, before anything merges.
  await connection.execute(
    `insert into match_decision (person_id, candidate_id, outcome, reason, automatic, score, decided_by, decided_by_agency, added_aliases, took_postcode)
     values (?, ?, 'CONFIRMED', ?, ?, ?, ?, ?, ?::text[], ?)`,
    [request.survivorId, request.recordId, request.reason, request.automatic, request.score, request.actor.subject, request.actor.agency, `{${addedAliases.map((name) => JSON.stringify(name)).join(',')}}`, tookPostcode],
  );
  const method = request.automatic ? 'AUTOMATIC' : 'CONFIRMED';
  await connection.execute(
    `update person_identifier set origin_record_id = coalesce(origin_record_id, person_id), person_id = ?, link_method = ?, linked_at = now() where person_id = ?`,
    [request.survivorId, method, request.recordId],
  );
  await connection.execute(`update reported_identifier set origin_record_id = coalesce(origin_record_id, person_id), person_id = ? where person_id = ?`, [request.survivorId, request.recordId]);
  await connection.execute(`update person set aliases = aliases || ?::text[], postcode = coalesce(postcode, ?) where id = ?`, [
    `{${addedAliases.map((name) => JSON.stringify(name)).join(',')}}`,
    record.postcode,
    request.survivorId,
  ]);
  await connection.execute(`update person set merged_into = ? where id = ?`, [request.survivorId, request.recordId]);
  // Pairs naming the merged record no longer stand as they were scored.
  await connection.execute(`update match_review set status = 'WITHDRAWN', resolved_at = now() where status = 'PENDING' and (person_id = ? or candidate_id = ?)`, [request.recordId, request.recordId]);
}

function describe(pair: ScoredPair): string {
  const agreeing = pair.agreeingIdentifier ? `, agreeing ${pair.agreeingIdentifier}` : '';
  return `Joined automatically: score ${pair.score} at or above the join threshold${agreeing}; blocked by ${pair.rules.join(', ')}.`;
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
 * (held back OPEN_IOM_CASES); the rest merge, each in its own transaction; review pairs join the
 * queue unless the same pair is already pending.
 */
export async function applyPlan(em: EntityManager, plan: MatchPlan, openCases: OpenCaseCheck): Promise<MatchRunSummary> {
  const reviews = [...plan.reviews];
  let joined = 0;
  if (plan.merges.length) {
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
      await em.transactional(async (tx) => {
        for (const { recordId, pair } of merge.merged) {
          await mergeRecord(tx, { survivorId: merge.survivorId, recordId, automatic: true, score: pair.score, reason: describe(pair), actor: MATCHER });
        }
      });
      joined += merge.merged.length;
    }
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
export async function runMatching(em: EntityManager, thresholds: MatchThresholds, openCases: OpenCaseCheck): Promise<MatchRunSummary> {
  const [records, decided] = await Promise.all([loadMatchRecords(em, 'all'), decidedPairs(em)]);
  return applyPlan(em, matchAll(records, { thresholds, decided, survivorRank }), openCases);
}

/**
 * One record (new, or changed) against those it could match: people born the same year, at the
 * same postcode, with the same initials, or holding or quoting one of its identifiers — a
 * superset of what the blocking rules pair it with.
 */
export async function matchRecord(em: EntityManager, recordId: string, thresholds: MatchThresholds, openCases: OpenCaseCheck): Promise<MatchRunSummary & { plan: MatchPlan }> {
  const [record] = await loadMatchRecords(em, [recordId]);
  if (!record) throw new Error(`no current record ${recordId}`);
  const identifiers = JSON.stringify(record.identifiers.map(({ type, value }) => ({ type, value })));
  const pool = await em.getConnection().execute<{ id: string }[]>(
    `select id from person where merged_into is null and id <> ? and (
        extract(year from date_of_birth)::int = ?
        or upper(replace(postcode, ' ', '')) = upper(replace(?, ' ', ''))
        or (upper(left(given_name, 1)), upper(left(family_name, 1))) = (upper(left(?, 1)), upper(left(?, 1)))
        or id in (select i.person_id from person_identifier i join jsonb_to_recordset(?::jsonb) as k(type text, value text) on i.type = k.type and i.value = k.value)
        or id in (select i.person_id from reported_identifier i join jsonb_to_recordset(?::jsonb) as k(type text, value text) on i.type = k.type and i.value = k.value))`,
    [recordId, Number(record.dateOfBirth.slice(0, 4)), record.postcode ?? '', record.givenName, record.familyName, identifiers, identifiers],
  );
  const others = await loadMatchRecords(em, pool.map((row) => row.id));
  const decided = await decidedPairs(em, [recordId]);
  const plan = matchOne(record, others, { thresholds, decided, survivorRank });
  return { ...(await applyPlan(em, plan, openCases)), plan };
}
