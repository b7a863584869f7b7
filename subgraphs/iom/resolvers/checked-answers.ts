import DataLoader from 'dataloader';
import { releaseAnswers, type AnswerSet } from '../services/released-sets';
import { derivedId } from '../../kit/released-sets';
import type { IomContext } from './context';

/** An answer as computed, the sets of people its counts are of, and whether another rule withheld it already (it then records nothing). */
export interface CheckedAnswer<T> {
  measure: T;
  sets: AnswerSet[];
  withheld: boolean;
}

export interface CheckedMeasure<K, T> {
  /** Names the measure's loader in a request. */
  name: string;
  /** Answers with equal keys are one answer: computed and checked once a request. */
  keyOf: (key: K) => string;
  /** The order answers asked together are checked in (a series' points, oldest first). */
  orderOf: (key: K) => string;
  compute: (context: IomContext, keys: readonly K[]) => Promise<CheckedAnswer<T>[]>;
  /** The answer computed, with every figure withheld as near an earlier one. */
  near: (measure: T, key: K) => T;
}

const loaders = new WeakMap<IomContext, Map<string, DataLoader<unknown, unknown, string>>>();

/**
 * A measure's answers through the check between answers (`releaseAnswers`), once per request:
 * every answer of the measure a request asks for at once — a series' points, both caseload tables,
 * a point and a single answer for the same day — is computed once and checked in one call, so the
 * check's statements do not grow with the points and the points are checked against each other.
 */
export function checkedAnswer<K, T>(context: IomContext, measure: CheckedMeasure<K, T>, key: K): Promise<T> {
  let mine = loaders.get(context);
  if (!mine) loaders.set(context, (mine = new Map()));
  let loader = mine.get(measure.name) as DataLoader<K, T, string> | undefined;
  if (!loader) {
    loader = new DataLoader<K, T, string>(
      async (keys) => {
        const order = keys.map((_, i) => i).sort((a, b) => measure.orderOf(keys[a]).localeCompare(measure.orderOf(keys[b])) || a - b);
        const sorted = order.map((i) => keys[i]);
        const answers = await measure.compute(context, sorted);
        const released = await releaseAnswers(context.em, answers.map((answer) => (answer.withheld ? [] : answer.sets)));
        const results: T[] = new Array<T>(keys.length);
        order.forEach((i, j) => (results[i] = released[j] ? answers[j].measure : measure.near(answers[j].measure, sorted[j])));
        return results;
      },
      { cacheKeyFn: measure.keyOf },
    );
    // One loader per measure name; each name is used with one key and answer type.
    mine.set(measure.name, loader as DataLoader<unknown, unknown, string>);
  }
  return loader.load(key);
}

/**
 * Each person once for every time they are counted: a count of releases counts a person released
 * twice in the period twice, so the set it is compared as holds the person's own id and, for each
 * further release, an id derived from it. Two periods one inside the other then differ by as many
 * ids as releases.
 */
export function eachOccurrence(countOf: ReadonlyMap<string, number>, hubIds: readonly string[]): string[] {
  return hubIds.flatMap((hubId) =>
    Array.from({ length: Math.max(0, countOf.get(hubId) ?? 0) }, (_, k) => {
      if (k === 0) return hubId;
      return derivedId(`${hubId.toLowerCase()}#${k + 1}`);
    }),
  );
}
