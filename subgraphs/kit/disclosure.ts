/**
 * Disclosure control for aggregate measures: a count of people from 1 to 4 could point at
 * someone, so it is suppressed (answered null and named in the answer's `suppressed` list).
 * Secondary suppression: when parts of a total are shown and exactly one is suppressed, the total
 * minus the others would give it away, so the smallest other non-zero part is suppressed too; a
 * part the caller can work out (total minus a shown part) counts as shown. A total that is itself
 * small suppresses every part. Zero is shown: it says nobody, which points at no one.
 */

/** Counts of people below this (and above zero) are suppressed. */
export const SMALL_CELL_THRESHOLD = 5;

export function isSmallCell(count: number): boolean {
  return count > 0 && count < SMALL_CELL_THRESHOLD;
}

/**
 * Which of a total and its parts (which together make up the total) must be suppressed. Parts
 * named with a leading `~` are not shown but can be worked out; they are suppressed only in the
 * sense that a shown part must then be suppressed to protect them.
 */
export function suppressPartition(totalName: string, total: number, parts: Record<string, number>, keepIfPossible: readonly string[] = []): Set<string> {
  const names = Object.keys(parts);
  const shown = names.filter((name) => !name.startsWith('~'));
  if (isSmallCell(total)) return new Set([totalName, ...shown]);
  const suppressed = new Set(shown.filter((name) => isSmallCell(parts[name])));
  // What the caller cannot read: hidden parts and suppressed ones. One alone is total minus the rest.
  const unknown = names.filter((name) => name.startsWith('~') || suppressed.has(name));
  if (unknown.length === 1 && isSmallCell(parts[unknown[0]])) {
    // The smallest other part, sparing those the measure most needs (`keepIfPossible`) while another will do.
    const kept = (name: string) => (keepIfPossible.includes(name) ? 1 : 0);
    const next = shown.filter((name) => !suppressed.has(name) && parts[name] > 0).sort((a, b) => kept(a) - kept(b) || parts[a] - parts[b] || a.localeCompare(b))[0];
    if (next) suppressed.add(next);
  }
  return suppressed;
}

/** Rounds to two decimal places (percentages and averages in measures). */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export interface Share {
  people: number | null;
  count: number | null;
  ratePercent: number | null;
  suppressed: string[];
}

/** How many of a group have an outcome, and the rate, with the group's complement protected too. */
export function shareOf(people: number, count: number): Share {
  const suppressed = suppressPartition('people', people, { count, '~without': people - count });
  if (suppressed.has('count')) suppressed.add('ratePercent');
  return {
    people: suppressed.has('people') ? null : people,
    count: suppressed.has('count') ? null : count,
    ratePercent: suppressed.has('ratePercent') || people === 0 ? null : round2((count / people) * 100),
    suppressed: [...suppressed].sort(),
  };
}

/*
 * Differencing between answers. Every published count of people is the size of a set of people,
 * and two answers over sets that differ by a few people tell, by subtraction, about those few
 * (January–June minus January–May is June's adoptions; today minus yesterday is whoever's window
 * completed today). A set an answer is computed over is therefore compared with the sets of the
 * same kind already released: one differing by 1 to `SMALL_CELL_THRESHOLD − 1` people withholds
 * the answer. The comparison works on sorted, duplicate-free lists of ids.
 */

/** A set of people as the comparison needs it: ids sorted and without repeats. */
export function canonicalMembers(ids: Iterable<string>): string[] {
  const list = [...ids];
  // The measures give their sets sorted: one pass finds them in order and without repeats, where
  // a set and a sort cost several milliseconds for a cohort of thousands.
  let ordered = true;
  for (let i = 1; i < list.length && ordered; i++) ordered = list[i - 1] < list[i];
  return ordered ? list : [...new Set(list)].sort();
}

/**
 * How many ids are in one sorted list and not the other, counting no further than `stopAt`
 * (the caller needs only to know whether it is small): one pass over both lists.
 */
export function symmetricDifferenceSize(a: readonly string[], b: readonly string[], stopAt = Number.POSITIVE_INFINITY): number {
  let i = 0;
  let j = 0;
  let differ = 0;
  while (i < a.length && j < b.length && differ < stopAt) {
    if (a[i] === b[j]) {
      i++;
      j++;
    } else if (a[i] < b[j]) {
      i++;
      differ++;
    } else {
      j++;
      differ++;
    }
  }
  return Math.min(stopAt, differ + (a.length - i) + (b.length - j));
}

/** Two sets whose difference is a small cell: answering over both would point at the people between them. */
export function isNearSet(a: readonly string[], b: readonly string[]): boolean {
  // Sizes differing by the threshold or more differ by at least as many people.
  if (Math.abs(a.length - b.length) >= SMALL_CELL_THRESHOLD) return false;
  return isSmallCell(symmetricDifferenceSize(a, b, SMALL_CELL_THRESHOLD));
}

/**
 * Whether a set is worth comparing at all: one smaller than the threshold has every figure over it
 * suppressed already (the small-cell rule), so it neither withholds a later answer nor is withheld.
 */
export function isComparableSet(members: readonly string[]): boolean {
  return members.length >= SMALL_CELL_THRESHOLD;
}
