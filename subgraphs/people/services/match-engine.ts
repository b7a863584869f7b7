/**
 * The matching run, without the database: candidate pairs by blocking, each scored and banded,
 * then automatic joins grouped into clusters. A cluster joins only when every two records in it
 * could join (no twins, no conflicting identifiers between any two): otherwise its pairs go to
 * the review queue. Used by the batch run, the single-record match and the benchmark alike.
 */
import { blockingKeys, candidatePairs, flatKeys, sharedRules, type BlockingRule } from './match-blocking';
import { bandOf, prepareRecord, scorePair, type HoldReason, type MatchRecord, type PairScore, type PreparedRecord } from './match-scoring';
import type { MatchThresholds } from './match-model';

export interface ScoredPair extends PairScore {
  a: MatchRecord;
  b: MatchRecord;
  rules: BlockingRule[];
  band: 'JOIN' | 'REVIEW';
  /** Why a pair at or above the join threshold went to the queue instead (see README). */
  held: (HoldReason | 'CLUSTER_CONFLICT' | 'OPEN_IOM_CASES')[];
}

export interface PlannedMerge {
  survivorId: string;
  /** The records merging into the survivor, each with the pair that linked it into the cluster. */
  merged: { recordId: string; pair: ScoredPair }[];
}

export interface MatchPlan {
  /** Each compared record's blocking keys (flatKeys), for the index to store. */
  keys: Map<string, string[]>;
  merges: PlannedMerge[];
  reviews: ScoredPair[];
  comparedPairs: number;
  skippedBlocks: number;
}

/** An unordered pair's key, whichever way round it is named. */
export const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

export interface MatchOptions {
  thresholds: MatchThresholds;
  /** Pairs a person already decided (rejected, or split apart): never offered or joined again. */
  decided: ReadonlySet<string>;
  /** Identifier count per record, to choose which record of a cluster survives (more, then older). */
  survivorRank?: (record: MatchRecord) => number;
}

function bandPair(a: PreparedRecord, b: PreparedRecord, rules: BlockingRule[], options: MatchOptions): ScoredPair | null {
  if (options.decided.has(pairKey(a.record.id, b.record.id))) return null;
  const score = scorePair(a, b);
  const { band, held } = bandOf(score, options.thresholds);
  if (band === 'NONE') return null;
  return { ...score, a: a.record, b: b.record, rules, band, held };
}

/** Every record against every other it blocks with. */
export function matchAll(records: readonly MatchRecord[], options: MatchOptions): MatchPlan {
  const prepared = records.map(prepareRecord);
  const keys = prepared.map(blockingKeys);
  const { pairs, skippedBlocks } = candidatePairs(keys);
  const scored = pairs.flatMap((pair) => bandPair(prepared[pair.a], prepared[pair.b], pair.rules, options) ?? []);
  const stored = new Map(records.map((record, index) => [record.id, flatKeys(keys[index])]));
  return { ...planJoins(scored, prepared, options), keys: stored, comparedPairs: pairs.length, skippedBlocks };
}

/** One new (or changed) record against a pool of others (at least every record sharing a blocking key with it). */
export function matchOne(record: MatchRecord, pool: readonly MatchRecord[], options: MatchOptions): MatchPlan {
  const mine = prepareRecord(record);
  const myKeys = blockingKeys(mine);
  const prepared = [mine];
  const scored: ScoredPair[] = [];
  let compared = 0;
  for (const other of pool) {
    if (other.id === record.id) continue;
    const theirs = prepareRecord(other);
    const rules = sharedRules(myKeys, blockingKeys(theirs));
    if (rules.length === 0) continue;
    compared++;
    prepared.push(theirs);
    const pair = bandPair(mine, theirs, rules, options);
    if (pair) scored.push(pair);
  }
  return { ...planJoins(scored, prepared, options), keys: new Map([[record.id, flatKeys(myKeys)]]), comparedPairs: compared, skippedBlocks: 0 };
}

function planJoins(scored: ScoredPair[], prepared: PreparedRecord[], options: MatchOptions): Pick<MatchPlan, 'merges' | 'reviews'> {
  const byId = new Map(prepared.map((record) => [record.record.id, record]));
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const joins = scored.filter((pair) => pair.band === 'JOIN');
  for (const pair of joins) {
    const [ra, rb] = [find(pair.a.id), find(pair.b.id)];
    if (ra !== rb) parent.set(ra, rb);
  }
  const clusters = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    if (!clusters.has(root)) clusters.set(root, []);
    clusters.get(root)!.push(id);
  }
  const reviews = scored.filter((pair) => pair.band === 'REVIEW');
  const merges: PlannedMerge[] = [];
  const rank = options.survivorRank ?? (() => 0);
  for (const members of clusters.values()) {
    const pairs = joins.filter((pair) => members.includes(pair.a.id));
    if (!clusterHolds(members, byId, options)) {
      reviews.push(...pairs.map((pair) => ({ ...pair, band: 'REVIEW' as const, held: [...pair.held, 'CLUSTER_CONFLICT' as const] })));
      continue;
    }
    // The survivor keeps its id: the record with most identifiers, then the first given.
    const survivorId = [...members].sort((x, y) => rank(byId.get(y)!.record) - rank(byId.get(x)!.record) || members.indexOf(x) - members.indexOf(y))[0];
    // Each other member with the strongest pair that joined it.
    const merged = members
      .filter((id) => id !== survivorId)
      .map((recordId) => ({ recordId, pair: pairs.filter((pair) => pair.a.id === recordId || pair.b.id === recordId).sort((x, y) => y.score - x.score)[0] }));
    merges.push({ survivorId, merged });
  }
  return { merges, reviews };
}

/** Every two records of a cluster (not only the pairs that linked it) must be free of a guard. */
function clusterHolds(members: string[], byId: Map<string, PreparedRecord>, options: MatchOptions): boolean {
  if (members.length === 2) return true;
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      if (options.decided.has(pairKey(members[i], members[j]))) return false;
      const score = scorePair(byId.get(members[i])!, byId.get(members[j])!);
      if (score.twinsGuard || score.conflictingIdentifier) return false;
    }
  }
  return true;
}
