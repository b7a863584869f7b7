/**
 * Differencing between answers (see README, "Differencing between answers"): before an aggregate
 * measure is published, each set of people it is computed over is compared with the sets of the
 * same kind already published, by anyone; one differing by 1 to 4 people withholds the answer
 * whole. The sets of an answer that is published are recorded, in a table of the subgraph's own
 * (`iom_released_set`, `housing_released_set`, `treatment_released_set`: each service remembers
 * what it answered). Checking and recording happen in one transaction under one advisory lock per
 * table, so of two requests at once over near sets the first to take the lock is answered and the
 * other sees its record and is withheld.
 */
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canonicalMembers, isComparableSet, isNearSet, SMALL_CELL_THRESHOLD } from './disclosure';
import { ErrorCode, isDatabaseUnavailable, errorForLog } from './errors';
import { logger } from './logger';

/** The tables answers' sets are recorded in, one per subgraph that checks its answers (created by its migrations). */
export type ReleasedSetTable = 'iom_released_set' | 'housing_released_set' | 'treatment_released_set';

/** One set an answer is computed over: `kind` names the measure and the set's role in it. */
export interface AnswerSet {
  kind: string;
  /** What changes who is in the set, e.g. `months=12`; sets are compared only with those of the same kind and parameters. */
  parameters: string;
  members: Iterable<string>;
}

/**
 * The most earlier sets one new set is compared with (those of its kind whose size is within
 * 4 of it). Beyond this the check cannot judge in bounded time, so the answer is refused.
 */
export const MAX_SETS_COMPARED = 500;
/** The most earlier sets one check reads for all the sets of its answers (a 60-point series has up to 240). */
export const MAX_SETS_COMPARED_PER_CHECK = 1000;
/** How long a request waits for another's check to finish before it is refused. */
const LOCK_TIMEOUT = '3s';

export const DISCLOSURE_CHECK_UNAVAILABLE_MESSAGE = 'This measure cannot be checked against earlier answers just now, so it is not answered; please try again shortly.';

function refusal(): GraphQLError {
  return new GraphQLError(DISCLOSURE_CHECK_UNAVAILABLE_MESSAGE, { extensions: { code: ErrorCode.DISCLOSURE_CHECK_UNAVAILABLE } });
}

interface PreparedSet {
  answer: number;
  kind: string;
  parameters: string;
  members: string[];
  hash: string;
}

function prepare(answers: readonly (readonly AnswerSet[])[]): PreparedSet[] {
  return answers.flatMap((sets, answer) =>
    sets.flatMap((set) => {
      const members = canonicalMembers([...set.members].map((id) => id.toLowerCase()));
      if (!isComparableSet(members)) return [];
      return [{ answer, kind: set.kind, parameters: set.parameters, members, hash: createHash('sha256').update(members.join(',')).digest('hex') }];
    }),
  );
}

/**
 * A uuid standing for one counted thing that has no uuid of its own (a release: a partner's
 * reference and the day), so it can be a member of a set: the same thing always gets the same id.
 */
export function derivedId(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const keyOf = (set: { kind: string; parameters: string }) => `${set.kind}\u0000${set.parameters}`;

/** The sets among these already recorded, as `keyOf` + hash. */
async function alreadyRecorded(em: EntityManager, table: ReleasedSetTable, sets: readonly PreparedSet[]): Promise<Set<string>> {
  const rows: { kind: string; parameters: string; members_hash: string }[] = await em.execute(
    `select s.kind, s.parameters, s.members_hash from ${table} s
     join jsonb_to_recordset(?::jsonb) as q(kind text, parameters text, hash text) on s.kind = q.kind and s.parameters = q.parameters and s.members_hash = q.hash`,
    [JSON.stringify(sets.map((set) => ({ kind: set.kind, parameters: set.parameters, hash: set.hash })))],
  );
  return new Set(rows.map((row) => `${keyOf(row)}\u0000${row.members_hash}`));
}

/**
 * For each answer (the sets it is computed over), whether it may be published: false when any of
 * its sets is near one already published or one published earlier in the same call (the points of
 * a series are checked in order). Records the sets of every answer published. Throws
 * DISCLOSURE_CHECK_UNAVAILABLE (or DATABASE_UNAVAILABLE) when the check cannot run: never lets an
 * answer through unchecked. At most five SQL statements whatever the number of answers.
 *
 * No two recorded sets of one kind are near (each was checked against those before it, and every
 * later one against it), so a set already recorded is near none: an answer asked again, every set
 * of it recorded, is released after one statement, without the lock.
 */
export async function releaseAnswers(em: EntityManager, table: ReleasedSetTable, answers: readonly (readonly AnswerSet[])[]): Promise<boolean[]> {
  const sets = prepare(answers);
  const released = answers.map(() => true);
  try {
    if (sets.length === 0) return released;
    const recorded = await alreadyRecorded(em, table, sets);
    const fresh = sets.filter((set) => !recorded.has(`${keyOf(set)}\u0000${set.hash}`));
    if (fresh.length === 0) return released;
    await em.transactional(async (tx) => {
      await tx.execute(`select set_config('lock_timeout', ?, true), pg_advisory_xact_lock(hashtext(?))`, [LOCK_TIMEOUT, table]);
      // Members come back as one string each: far cheaper to split than an array to parse.
      const earlier: { ord: number; members: string }[] = await tx.execute(
        `select q.ord, r.members
         from jsonb_to_recordset(?::jsonb) as q(ord int, kind text, parameters text, size int, hash text)
         cross join lateral (
           select array_to_string(s.members, ',') as members from ${table} s
           where s.kind = q.kind and s.parameters = q.parameters and s.size between q.size - ? and q.size + ? and s.members_hash <> q.hash
           limit ?) r
         limit ?`,
        [
          JSON.stringify(fresh.map((set) => ({ ord: sets.indexOf(set), kind: set.kind, parameters: set.parameters, size: set.members.length, hash: set.hash }))),
          SMALL_CELL_THRESHOLD - 1,
          SMALL_CELL_THRESHOLD - 1,
          MAX_SETS_COMPARED + 1,
          MAX_SETS_COMPARED_PER_CHECK + 1,
        ],
      );
      const earlierOf = new Map<number, string[][]>();
      for (const row of earlier) earlierOf.set(row.ord, [...(earlierOf.get(row.ord) ?? []), row.members.split(',')]);
      if (earlier.length > MAX_SETS_COMPARED_PER_CHECK || [...earlierOf.values()].some((list) => list.length > MAX_SETS_COMPARED)) {
        logger.warn({ limit: MAX_SETS_COMPARED }, 'too many earlier answers to compare a measure with: refused');
        throw refusal();
      }
      // Sets published earlier in this call, by kind: a series' points are checked against each other too.
      const thisCall = new Map<string, string[][]>();
      const setsOf = new Map<number, { set: PreparedSet; ord: number }[]>();
      sets.forEach((set, ord) => setsOf.set(set.answer, [...(setsOf.get(set.answer) ?? []), { set, ord }]));
      for (const [answer, mine] of [...setsOf.entries()].sort(([a], [b]) => a - b)) {
        const near = mine.some(({ set, ord }) => [...(earlierOf.get(ord) ?? []), ...(thisCall.get(keyOf(set)) ?? [])].some((other) => isNearSet(set.members, other)));
        if (near) {
          released[answer] = false;
          continue;
        }
        for (const { set } of mine) thisCall.set(keyOf(set), [...(thisCall.get(keyOf(set)) ?? []), set.members]);
      }
      const toRecord = fresh.filter((set) => released[set.answer]);
      if (toRecord.length === 0) return;
      await tx.execute(
        `insert into ${table} (kind, parameters, size, members_hash, members)
         select q.kind, q.parameters, q.size, q.hash, array(select jsonb_array_elements_text(q.members))::uuid[]
         from jsonb_to_recordset(?::jsonb) as q(kind text, parameters text, size int, hash text, members jsonb)
         on conflict (kind, parameters, members_hash) do nothing`,
        [JSON.stringify(toRecord.map((set) => ({ kind: set.kind, parameters: set.parameters, size: set.members.length, hash: set.hash, members: set.members })))],
      );
    });
  } catch (error) {
    if (error instanceof GraphQLError || isDatabaseUnavailable(error)) throw error;
    // A lock or statement timeout, or anything else: the check did not run, so nothing is answered.
    logger.warn({ error: errorForLog(error) }, 'a measure could not be checked against earlier answers: refused');
    throw refusal();
  }
  return released;
}
