/**
 * Offences counted in windows a measure supplies (a PNC ID and the days of a window): one SQL
 * aggregate for the whole cohort, so offence rows never leave the police service — only a count
 * per window, recorded and detected.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DETECTED_OUTCOMES } from '../entities/enums';

export interface OffenceCountWindow {
  /** The asker's own label for the window, echoed back (never a person's identifier). */
  ref: number;
  pncId: string;
  /** Inclusive day ranges; a day in two ranges of one window is still counted once. */
  ranges: { from: string; to: string }[];
}

export interface OffenceCountRow {
  ref: number;
  recorded: number;
  detected: number;
}

/** A window's ranges sorted, those that overlap made one: no day is then in two, so counts per range add up. */
export function disjointRanges(ranges: readonly { from: string; to: string }[]): { from: string; to: string }[] {
  if (ranges.length < 2) return [...ranges];
  const sorted = [...ranges].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const merged = [{ ...sorted[0] }];
  for (const range of sorted.slice(1)) {
    const last = merged[merged.length - 1];
    // YYYY-MM-DD compares as text; ranges that only touch stay two, which counts the same.
    if (range.from <= last.to) {
      if (range.to > last.to) last.to = range.to;
    } else merged.push({ ...range });
  }
  return merged;
}

/**
 * The windows' ranges as four PostgreSQL array literals (ref, PNC ID, from, to) for `unnest`: one
 * row per range, joined to the offences set-based. The PNC IDs and dates were checked by the
 * resolver, so none holds a quote, a comma or a brace; each text element is quoted all the same.
 */
function rangeArrays(windows: readonly OffenceCountWindow[], disjoint = false): [string, string, string, string] {
  const refs: number[] = [];
  const pncs: string[] = [];
  const froms: string[] = [];
  const tos: string[] = [];
  for (const window of windows) {
    if (!/^[A-Za-z0-9/]+$/.test(window.pncId)) throw new Error('A PNC ID holds letters, digits and a slash only.');
    for (const range of disjoint ? disjointRanges(window.ranges) : window.ranges) {
      refs.push(window.ref);
      pncs.push(`"${window.pncId}"`);
      froms.push(range.from);
      tos.push(range.to);
    }
  }
  return [`{${refs.join(',')}}`, `{${pncs.join(',')}}`, `{${froms.join(',')}}`, `{${tos.join(',')}}`];
}

const WINDOW_RANGES = 'select * from unnest(?::int[], ?::text[], ?::date[], ?::date[]) as w(ref, pnc, day_from, day_to)';

/**
 * Each range is counted on its own through the `(pnc_id, committed_on)` index (a few index entries
 * per range), and only the ranges holding an offence come back; a window's ranges are made
 * disjoint first, so adding up its ranges counts each offence once. Measured at scale 10 (13,000
 * windows), this takes a quarter less of PostgreSQL's CPU than joining every window to every
 * offence of its PNC ID and counting distinct offences per window, which hashed the whole table.
 */
export async function countOffencesInWindows(em: EntityManager, windows: readonly OffenceCountWindow[]): Promise<OffenceCountRow[]> {
  if (windows.length === 0) return [];
  const rows: { ref: number; recorded: string; detected: string }[] = await em.getConnection().execute(
    `select w.ref, c.recorded, c.detected
     from (${WINDOW_RANGES}) w
     cross join lateral (
       select count(*) as recorded, count(*) filter (where o.outcome = any(?::text[])) as detected
       from police_offence o where o.pnc_id = w.pnc and o.committed_on between w.day_from and w.day_to) c
     where c.recorded > 0`,
    [...rangeArrays(windows, true), `{${[...DETECTED_OUTCOMES].join(',')}}`],
  );
  const byRef = new Map<number, { recorded: number; detected: number }>();
  for (const row of rows) {
    const ref = Number(row.ref);
    const count = byRef.get(ref) ?? { recorded: 0, detected: 0 };
    count.recorded += Number(row.recorded);
    count.detected += Number(row.detected);
    byRef.set(ref, count);
  }
  return windows.map((window) => ({ ref: window.ref, ...(byRef.get(window.ref) ?? { recorded: 0, detected: 0 }) }));
}

export interface OffenceTypeCountRow extends OffenceCountRow {
  crimeType: string;
}

/** The same windows counted per crime type (only the types with an offence in the window): one SQL aggregate for them all. */
export async function countOffencesByCrimeType(em: EntityManager, windows: readonly OffenceCountWindow[]): Promise<OffenceTypeCountRow[]> {
  if (windows.length === 0) return [];
  const rows: { ref: number; crime_type: string; recorded: string; detected: string }[] = await em.getConnection().execute(
    `with w as (${WINDOW_RANGES})
     select w.ref, o.crime_type, count(distinct o.id) as recorded,
       count(distinct o.id) filter (where o.outcome = any(?::text[])) as detected
     from w join police_offence o on o.pnc_id = w.pnc and o.committed_on between w.day_from and w.day_to
     group by w.ref, o.crime_type order by w.ref, o.crime_type`,
    [...rangeArrays(windows), `{${[...DETECTED_OUTCOMES].join(',')}}`],
  );
  return rows.map((row) => ({ ref: Number(row.ref), crimeType: row.crime_type, recorded: Number(row.recorded), detected: Number(row.detected) }));
}
