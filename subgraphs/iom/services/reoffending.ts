/**
 * Reoffending of a cohort, as Leicestershire measures it (seed 002): each person's offences in
 * the N months after their start date against the same length of time before it, with time in
 * custody left out of both windows — a window holds N months' worth of days at liberty, reaching
 * past spells in custody to find them. Pure logic: the measure supplies the custody spells and
 * the offence counts.
 */
import { addMonths, daysBetween, dateOfEpochDay, epochDayOf, epochDayPlusMonths, type IsoDate } from '../../kit/dates';
import { round2, suppressPartition } from '../../kit/disclosure';

export interface CustodySpell {
  start: IsoDate;
  /** The day of release (at liberty again); null while still in custody. */
  release: IsoDate | null;
}

export interface DayRange {
  from: IsoDate;
  to: IsoDate;
}

/** A window reaches at most this many times its length in calendar time before it is given up. */
export const WINDOW_REACH_FACTOR = 2;

const dayNumber = epochDayOf;
const dateOf = dateOfEpochDay;

/** No custody: shared, never written to (most people have no spell). */
const NO_CUSTODY: readonly (readonly [number, number])[] = [];

/** Days in custody as merged inclusive day-number intervals: from the day a spell begins to the day before release. */
function custodyDays(spells: readonly CustodySpell[]): readonly (readonly [number, number])[] {
  if (spells.length === 0) return NO_CUSTODY;
  const intervals = spells
    .map((spell): [number, number] => [dayNumber(spell.start), spell.release === null ? Number.MAX_SAFE_INTEGER : dayNumber(spell.release) - 1])
    .filter(([from, to]) => to >= from)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const interval of intervals) {
    const last = merged[merged.length - 1];
    if (last && interval[0] <= last[1] + 1) last[1] = Math.max(last[1], interval[1]);
    else merged.push([...interval]);
  }
  return merged;
}

/**
 * The window after a start date: from the start day on, the first `libertyDays` days not in
 * custody. Null when it reaches past `lastDay` (not yet complete, or too long in custody). The
 * day ranges are written as found, checked against `lastDay` first: a window of a person never
 * in custody is one range and two dates, and no arrays in between (13,000 windows at scale 10).
 */
function forwardWindow(start: number, libertyDays: number, custody: readonly (readonly [number, number])[], lastDay: number): DayRange[] | null {
  if (custody.length === 0) return start + libertyDays - 1 > lastDay ? null : libertyDays > 0 ? [{ from: dateOf(start), to: dateOf(start + libertyDays - 1) }] : [];
  const ranges: [number, number][] = [];
  let position = start;
  let needed = libertyDays;
  for (const [from, to] of custody) {
    if (needed === 0) break;
    if (to < position) continue;
    if (from > position) {
      const take = Math.min(needed, from - position);
      ranges.push([position, position + take - 1]);
      needed -= take;
      position += take;
      if (needed === 0) break;
    }
    position = Math.max(position, to + 1);
  }
  if (needed > 0) ranges.push([position, position + needed - 1]);
  const end = ranges.length ? ranges[ranges.length - 1][1] : start - 1;
  if (end > lastDay) return null;
  return ranges.map(([from, to]) => ({ from: dateOf(from), to: dateOf(to) }));
}

/** The window before a start date: back from the day before it, the first `libertyDays` days not in custody. */
function backwardWindow(start: number, libertyDays: number, custody: readonly (readonly [number, number])[], firstDay: number): DayRange[] | null {
  if (custody.length === 0) return start - libertyDays < firstDay ? null : libertyDays > 0 ? [{ from: dateOf(start - libertyDays), to: dateOf(start - 1) }] : [];
  const ranges: [number, number][] = [];
  let position = start - 1;
  let needed = libertyDays;
  for (let i = custody.length - 1; i >= 0; i--) {
    const [from, to] = custody[i];
    if (needed === 0) break;
    if (from > position) continue;
    if (to < position) {
      const take = Math.min(needed, position - to);
      ranges.push([position - take + 1, position]);
      needed -= take;
      position -= take;
      if (needed === 0) break;
    }
    position = Math.min(position, from - 1);
  }
  if (needed > 0) ranges.push([position - needed + 1, position]);
  const begin = ranges.length ? ranges[ranges.length - 1][0] : start;
  if (begin < firstDay) return null;
  return ranges.reverse().map(([from, to]) => ({ from: dateOf(from), to: dateOf(to) }));
}

export type ComparisonWindows =
  | { kind: 'comparable'; before: DayRange[]; after: DayRange[] }
  | { kind: 'follow-up-incomplete' }
  | { kind: 'too-long-in-custody' };

/**
 * Both windows for one person: N calendar months' worth of days at liberty after the start date
 * (the start day included) and as many before it. The after window must be over by `asOf`; either
 * window may reach at most twice its calendar length past custody, or the person is left out as
 * too long in custody to compare (Leicestershire left out those in custody through the period).
 */
export function comparisonWindows(start: IsoDate, months: number, spells: readonly CustodySpell[], asOf: IsoDate): ComparisonWindows {
  const custody = custodyDays(spells);
  const startDay = dayNumber(start);
  const afterLength = epochDayPlusMonths(start, months) - startDay;
  const beforeLength = startDay - epochDayPlusMonths(start, -months);
  const asOfDay = dayNumber(asOf);
  const reachAfter = epochDayPlusMonths(start, months * WINDOW_REACH_FACTOR) - 1;
  const after = forwardWindow(startDay, afterLength, custody, Math.min(asOfDay, reachAfter));
  if (after === null) {
    // Not over by today: still incomplete while today is within its reach, else too long in custody.
    return asOfDay < reachAfter ? { kind: 'follow-up-incomplete' } : { kind: 'too-long-in-custody' };
  }
  const before = backwardWindow(startDay, beforeLength, custody, epochDayPlusMonths(start, -months * WINDOW_REACH_FACTOR));
  if (before === null) return { kind: 'too-long-in-custody' };
  return { kind: 'comparable', before, after };
}

/**
 * The follow-up after a start date alone (the binary measure): `months` calendar months' worth of
 * days at liberty, the start day included; null while not over by `asOf` or when it cannot be
 * found within twice its length (too long in custody).
 */
export function followUpWindow(start: IsoDate, months: number, spells: readonly CustodySpell[], asOf: IsoDate): DayRange[] | null {
  const reach = dayNumber(addMonths(start, months * WINDOW_REACH_FACTOR)) - 1;
  return forwardWindow(dayNumber(start), daysBetween(start, addMonths(start, months)), custodyDays(spells), Math.min(dayNumber(asOf), reach));
}

/** Whether a spell in custody began on or after the start day and before `months` calendar months had passed. */
export function returnedToCustodyWithin(start: IsoDate, months: number, spells: readonly CustodySpell[]): boolean {
  const end = addMonths(start, months);
  return spells.some((spell) => spell.start >= start && spell.start < end);
}

export interface PersonComparison {
  before: number;
  after: number;
}

export interface ReoffendingFiguresRow {
  peopleCompared: number | null;
  noOffenceBefore: number | null;
  offencesBefore: number | null;
  offencesAfter: number | null;
  reductionPercent: number | null;
  metTarget: number | null;
  metTargetPercent: number | null;
  reoffenders: number | null;
  offencesPerReoffender: number | null;
  suppressed: string[];
}

/**
 * The cohort's figures from each comparable person's offences before and after. People with no
 * offence before cannot show a reduction, so (as Leicestershire selected its cohort on offending in
 * the comparison period) they are counted apart. A person meets the target when their own
 * offences fell by at least the target percentage.
 */
export function reoffendingFigures(people: readonly PersonComparison[], targetReductionPercent: number): ReoffendingFiguresRow {
  const compared = people.filter((person) => person.before > 0);
  const noOffenceBefore = people.length - compared.length;
  const offencesBefore = compared.reduce((sum, person) => sum + person.before, 0);
  const offencesAfter = compared.reduce((sum, person) => sum + person.after, 0);
  // (before - after) / before >= target / 100, in whole numbers.
  const metTarget = compared.filter((person) => (person.before - person.after) * 100 >= targetReductionPercent * person.before).length;
  const reoffenders = compared.filter((person) => person.after > 0).length;

  const suppressed = new Set<string>();
  for (const name of suppressPartition('measurable', people.length, { peopleCompared: compared.length, noOffenceBefore })) suppressed.add(name);
  if (suppressed.has('peopleCompared')) {
    for (const name of ['offencesBefore', 'offencesAfter', 'reductionPercent', 'metTarget', 'metTargetPercent', 'reoffenders', 'offencesPerReoffender']) suppressed.add(name);
  } else {
    for (const name of suppressPartition('peopleCompared', compared.length, { metTarget, '~notMetTarget': compared.length - metTarget })) suppressed.add(name);
    for (const name of suppressPartition('peopleCompared', compared.length, { reoffenders, '~notReoffending': compared.length - reoffenders })) suppressed.add(name);
    if (suppressed.has('metTarget')) suppressed.add('metTargetPercent');
    if (suppressed.has('reoffenders')) suppressed.add('offencesPerReoffender');
  }
  const show = <T>(name: string, value: T): T | null => (suppressed.has(name) ? null : value);
  return {
    peopleCompared: show('peopleCompared', compared.length),
    noOffenceBefore: show('noOffenceBefore', noOffenceBefore),
    offencesBefore: show('offencesBefore', offencesBefore),
    offencesAfter: show('offencesAfter', offencesAfter),
    reductionPercent: show('reductionPercent', offencesBefore ? round2(((offencesBefore - offencesAfter) / offencesBefore) * 100) : null),
    metTarget: show('metTarget', metTarget),
    metTargetPercent: show('metTargetPercent', compared.length ? round2((metTarget / compared.length) * 100) : null),
    reoffenders: show('reoffenders', reoffenders),
    offencesPerReoffender: show('offencesPerReoffender', reoffenders ? round2(offencesAfter / reoffenders) : null),
    suppressed: [...suppressed].filter((name) => name !== 'measurable').sort(),
  };
}

/** Every figure withheld: the group measured is itself small enough to point at someone. */
export function withheldFigures(): ReoffendingFiguresRow {
  const names = ['metTarget', 'metTargetPercent', 'noOffenceBefore', 'offencesAfter', 'offencesBefore', 'offencesPerReoffender', 'peopleCompared', 'reductionPercent', 'reoffenders'] as const;
  return { ...(Object.fromEntries(names.map((name) => [name, null])) as Record<(typeof names)[number], null>), suppressed: [...names] };
}
