/**
 * What the API does with candidate matches: the live candidates of a person, confirming
 * (merging), rejecting, and splitting a person back into the records it was made from. The
 * scoring and blocking are in match-scoring.ts and match-blocking.ts; the batch run and the queue
 * in match-store.ts.
 */
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { badUserInput } from '../../kit/errors';
import { englandDateAt } from '../../kit/dates';
import { HUB_ID } from '../../kit/access/rows';
import { Person } from '../entities/person.entity';
import { MatchDecision, MatchOutcome } from '../entities/match-decision.entity';
import type { PeopleLoaders } from './person-loaders';
import { blockingKeys, sharedRules, type BlockingRule } from './match-blocking';
import { bandOf, prepareRecord, scorePair, type FieldEvidence, type MatchRecord } from './match-scoring';
import type { MatchThresholds } from './match-model';
import { iomUnavailable, loadMatchRecords, mergeRecords, recordsOf, type Actor, type OpenCaseCheck } from './match-store';

export interface Candidate {
  candidate: Person;
  score: number;
  band: 'JOIN' | 'REVIEW';
  evidence: FieldEvidence[];
  blockedBy: BlockingRule[];
}

/** The rules pairing two records and their score; null when no rule pairs them. */
export function comparePair(a: MatchRecord, b: MatchRecord): { rules: BlockingRule[]; score: ReturnType<typeof scorePair> } | null {
  const [pa, pb] = [prepareRecord(a), prepareRecord(b)];
  const rules = sharedRules(blockingKeys(pa), blockingKeys(pb));
  return rules.length ? { rules, score: scorePair(pa, pb) } : null;
}

/** Other current records a blocking rule pairs with this person, scoring at or above the review threshold and not decided. */
export async function candidatesFor(loaders: PeopleLoaders, person: Person, thresholds: MatchThresholds): Promise<Candidate[]> {
  const [pool, decisions] = await Promise.all([loaders.matchPoolByBirthYear.load(Number(person.dateOfBirth.slice(0, 4))), loaders.decisionsByPersonId.load(person.id)]);
  const mine = pool.find((entry) => entry.person.id === person.id);
  if (!mine) return [];
  const decided = new Set(decisions.map((pair) => pair.otherId));
  const visible = await loaders.rows.visibleKeys(HUB_ID);
  const candidates: Candidate[] = [];
  for (const other of pool) {
    if (other.person.id === person.id || decided.has(other.person.id) || !visible.has(other.person.id)) continue;
    const compared = comparePair(mine.record, other.record);
    if (!compared) continue;
    const { band } = bandOf(compared.score, thresholds);
    if (band !== 'NONE') candidates.push({ candidate: other.person, score: compared.score.score, band, evidence: compared.score.evidence, blockedBy: compared.rules });
  }
  return candidates.sort((x, y) => y.score - x.score);
}

async function loadPair(loaders: PeopleLoaders, personId: string, candidateId: string): Promise<{ person: Person; candidate: Person }> {
  if (personId === candidateId) throw badUserInput('A person cannot be matched with themselves: personId and candidateId are the same.');
  const [person, candidate] = await Promise.all([loaders.personRecordById.load(personId), loaders.personRecordById.load(candidateId)]);
  // Someone the caller may not see is, to them, someone who does not exist.
  const rows = await loaders.rows.visibleKeys(HUB_ID);
  const visible = (record: Person | null): record is Person => !!record && rows.has(record.id);
  if (!visible(person)) throw badUserInput(`No person has id ${personId}.`, { argumentName: 'personId' });
  if (!visible(candidate)) throw badUserInput(`No person has id ${candidateId}.`, { argumentName: 'candidateId' });
  for (const record of [person, candidate]) {
    if (record.mergedInto) throw badUserInput(`Person ${record.id} has already been merged into ${record.mergedInto}; decide on that record instead.`);
  }
  return { person, candidate };
}

/** The database refused a second current decision for the pair: someone else decided it first. */
function decidedMeanwhile(error: unknown): never {
  // Through the ORM the violation is converted; through a plain statement it is PostgreSQL's 23505.
  if (error instanceof UniqueConstraintViolationException || (error as { code?: unknown } | null)?.code === '23505') {
    throw badUserInput('This pair was decided by someone else a moment ago; reload it to see their decision.');
  }
  throw error;
}

/** The row names this pair, whichever way round (parameters: the two ids, twice). */
const SAME_PAIR = 'least(person_id, candidate_id) = least(?::uuid, ?::uuid) and greatest(person_id, candidate_id) = greatest(?::uuid, ?::uuid)';

/** A pair may be decided when it is in the queue, or a blocking rule pairs it and it scores at or above the review threshold. */
async function requireOpenCandidate(em: EntityManager, loaders: PeopleLoaders, person: Person, candidate: Person, thresholds: MatchThresholds): Promise<number> {
  const decided = (await loaders.decisionsByPersonId.load(person.id)).find((pair) => pair.otherId === candidate.id);
  if (decided) {
    throw badUserInput(`This pair was already ${decided.decision.outcome.toLowerCase()} on ${englandDateAt(decided.decision.decidedAt)}.`);
  }
  const [mine, theirs] = await loadMatchRecords(em, [person.id, candidate.id]).then((records) => [person.id, candidate.id].map((id) => records.find((r) => r.id === id)!));
  const compared = comparePair(mine, theirs);
  const queued = await em.getConnection().execute<{ n: number }[]>(`select count(*)::int as n from match_review where status = 'PENDING' and ${SAME_PAIR}`, [person.id, candidate.id, person.id, candidate.id]);
  if (!queued[0].n && (!compared || bandOf(compared.score, thresholds).band === 'NONE')) {
    throw badUserInput(`Person ${candidate.id} is not a candidate match for ${person.id}: no blocking rule pairs them with a score at or above the review threshold, and they are not in the review queue.`);
  }
  return compared?.score.score ?? 0;
}

/** Refuses a merge while both people have an open IOM case: one must be closed first. */
async function refuseTwoOpenCases(em: EntityManager, personId: string, candidateId: string, openCases: OpenCaseCheck): Promise<void> {
  const clusters = await recordsOf(em, [personId, candidateId]);
  let open: ReadonlySet<string>;
  try {
    open = await openCases([...clusters.values()].flat());
  } catch {
    throw iomUnavailable();
  }
  if ([personId, candidateId].every((id) => (clusters.get(id) ?? []).some((record) => open.has(record)))) {
    throw badUserInput('Both people have an open IOM case: close one of the cases before merging them.');
  }
}

export function requireReason(reason: string | null | undefined): string {
  const trimmed = reason?.trim() ?? '';
  if (!trimmed) throw badUserInput('Say why: "reason" is required, and is kept with the decision.', { argumentName: 'reason' });
  if (trimmed.length > 1000) throw badUserInput('"reason" must be at most 1,000 characters.', { argumentName: 'reason' });
  return trimmed;
}

function clearLoaders(loaders: PeopleLoaders): void {
  loaders.personRecordById.clearAll();
  loaders.identifiersByPersonId.clearAll();
  loaders.decisionsByPersonId.clearAll();
  loaders.matchPoolByBirthYear.clearAll();
}

/** A person's decision about a pair: which pair, why, who, and the thresholds it is judged by. */
export interface PairDecisionRequest {
  personId: string;
  candidateId: string;
  reason: string;
  actor: Actor;
  thresholds: MatchThresholds;
}

/** Merges the candidate into the person (the person's id survives); see mergeRecords. */
export async function confirmMatch(em: EntityManager, loaders: PeopleLoaders, request: PairDecisionRequest, openCases: OpenCaseCheck): Promise<Person> {
  const { reason, actor } = request;
  const { person, candidate } = await loadPair(loaders, request.personId, request.candidateId);
  const score = await requireOpenCandidate(em, loaders, person, candidate, request.thresholds);
  await refuseTwoOpenCases(em, person.id, candidate.id, openCases);
  await em
    .transactional(async (tx) => {
      await mergeRecords(tx, [{ survivorId: person.id, recordId: candidate.id, automatic: false, score, reason, actor }]);
      await resolveReview(tx, person.id, candidate.id);
    })
    .catch(decidedMeanwhile);
  clearLoaders(loaders);
  return em.fork().findOneOrFail(Person, { id: person.id });
}

async function resolveReview(tx: EntityManager, a: string, b: string): Promise<void> {
  await tx.getConnection().execute(`update match_review set status = 'DECIDED', resolved_at = now() where status = 'PENDING' and ${SAME_PAIR}`, [a, b, a, b]);
}

export async function rejectMatch(em: EntityManager, loaders: PeopleLoaders, request: PairDecisionRequest): Promise<MatchDecision> {
  const { reason, actor } = request;
  const { person, candidate } = await loadPair(loaders, request.personId, request.candidateId);
  const score = await requireOpenCandidate(em, loaders, person, candidate, request.thresholds);
  const decision = await em
    .transactional(async (tx) => {
      const created = tx.create(MatchDecision, { personId: person.id, candidateId: candidate.id, outcome: MatchOutcome.REJECTED, reason, score, decidedBy: actor.subject, decidedByAgency: actor.agency });
      await tx.flush();
      await resolveReview(tx, person.id, candidate.id);
      return created;
    })
    .catch(decidedMeanwhile);
  loaders.decisionsByPersonId.clearAll();
  return decision;
}

/**
 * Splits a person back into the records it was made from: every record merged into it (at any
 * depth) stands alone again with the identifiers it brought, the names and postcode the merges
 * added are taken away, and each merge decision is superseded by a SPLIT decision for the same
 * pair — kept as history, and never offered or joined again.
 */
export async function splitPerson(em: EntityManager, loaders: PeopleLoaders, personId: string, reason: string, actor: Actor): Promise<Person[]> {
  const person = await loaders.personRecordById.load(personId);
  const rows = await loaders.rows.visibleKeys(HUB_ID);
  if (!person || !rows.has(person.id)) throw badUserInput(`No person has id ${personId}.`, { argumentName: 'personId' });
  if (person.mergedInto) throw badUserInput(`Person ${personId} has been merged into ${person.mergedInto}; split that person instead.`, { argumentName: 'personId' });
  const records = (await recordsOf(em, [personId])).get(personId) ?? [personId];
  if (records.length < 2) throw badUserInput(`Person ${personId} was not made from other records: there is nothing to split.`, { argumentName: 'personId' });
  await em.transactional(async (tx) => {
    const connection = tx.getConnection();
    const ids = JSON.stringify(records);
    const merges = await connection.execute<{ id: string; person_id: string; candidate_id: string; added_aliases: string[]; took_postcode: boolean }[]>(
      `select id, person_id, candidate_id, added_aliases, took_postcode from match_decision
        where outcome = 'CONFIRMED' and superseded_at is null and candidate_id in (select jsonb_array_elements_text(?::jsonb)::uuid) for update`,
      [ids],
    );
    for (const merge of merges) {
      await connection.execute(`update person set aliases = array(select a from unnest(aliases) a where a <> all(?::text[])), postcode = case when ? then null else postcode end where id = ?`, [
        `{${merge.added_aliases.map((name) => JSON.stringify(name)).join(',')}}`,
        merge.took_postcode,
        merge.person_id,
      ]);
      await connection.execute(`update match_decision set superseded_at = now() where id = ?`, [merge.id]);
      await connection.execute(
        `insert into match_decision (person_id, candidate_id, outcome, reason, decided_by, decided_by_agency) values (?, ?, 'SPLIT', ?, ?, ?)`,
        [merge.person_id, merge.candidate_id, reason, actor.subject, actor.agency],
      );
    }
    // Every record stands alone again; the matcher keys each one afresh.
    await connection.execute(`update person set merged_into = null, match_keys = null where id in (select jsonb_array_elements_text(?::jsonb)::uuid)`, [ids]);
    for (const table of ['person_identifier', 'reported_identifier']) {
      await connection.execute(`update ${table} set person_id = origin_record_id, origin_record_id = null where origin_record_id is not null and person_id in (select jsonb_array_elements_text(?::jsonb)::uuid)`, [ids]);
    }
    await connection.execute(`update person_identifier set link_method = 'EXACT' where person_id in (select jsonb_array_elements_text(?::jsonb)::uuid) and link_method <> 'EXACT'`, [ids]);
    await connection.execute(
      `update match_review set status = 'WITHDRAWN', resolved_at = now() where status = 'PENDING' and (person_id in (select jsonb_array_elements_text(?::jsonb)::uuid) or candidate_id in (select jsonb_array_elements_text(?::jsonb)::uuid))`,
      [ids, ids],
    );
  });
  clearLoaders(loaders);
  const fork = em.fork();
  const people = await fork.find(Person, { id: { $in: records } });
  return records.map((id) => people.find((p) => p.id === id)!);
}
