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

export async function countOffencesInWindows(em: EntityManager, windows: readonly OffenceCountWindow[]): Promise<OffenceCountRow[]> {
  if (windows.length === 0) return [];
  const flat = windows.flatMap((window) => window.ranges.map((range) => ({ ref: window.ref, pnc: window.pncId, from: range.from, to: range.to })));
  const rows: { ref: number; recorded: string; detected: string }[] = await em.getConnection().execute(
    `with w as (
       select (x->>'ref')::int as ref, x->>'pnc' as pnc, (x->>'from')::date as day_from, (x->>'to')::date as day_to
       from jsonb_array_elements(?::jsonb) as x)
     select w.ref, count(distinct o.id) as recorded,
       count(distinct o.id) filter (where o.outcome = any(?::text[])) as detected
     from w left join police_offence o on o.pnc_id = w.pnc and o.committed_on between w.day_from and w.day_to
     group by w.ref`,
    [JSON.stringify(flat), `{${[...DETECTED_OUTCOMES].join(',')}}`],
  );
  const byRef = new Map(rows.map((row) => [Number(row.ref), { recorded: Number(row.recorded), detected: Number(row.detected) }]));
  return windows.map((window) => ({ ref: window.ref, ...(byRef.get(window.ref) ?? { recorded: 0, detected: 0 }) }));
}

export interface OffenceTypeCountRow extends OffenceCountRow {
  crimeType: string;
}

/** The same windows counted per crime type (only the types with an offence in the window): one SQL aggregate for them all. */
export async function countOffencesByCrimeType(em: EntityManager, windows: readonly OffenceCountWindow[]): Promise<OffenceTypeCountRow[]> {
  if (windows.length === 0) return [];
  const flat = windows.flatMap((window) => window.ranges.map((range) => ({ ref: window.ref, pnc: window.pncId, from: range.from, to: range.to })));
  const rows: { ref: number; crime_type: string; recorded: string; detected: string }[] = await em.getConnection().execute(
    `with w as (
       select (x->>'ref')::int as ref, x->>'pnc' as pnc, (x->>'from')::date as day_from, (x->>'to')::date as day_to
       from jsonb_array_elements(?::jsonb) as x)
     select w.ref, o.crime_type, count(distinct o.id) as recorded,
       count(distinct o.id) filter (where o.outcome = any(?::text[])) as detected
     from w join police_offence o on o.pnc_id = w.pnc and o.committed_on between w.day_from and w.day_to
     group by w.ref, o.crime_type order by w.ref, o.crime_type`,
    [JSON.stringify(flat), `{${[...DETECTED_OUTCOMES].join(',')}}`],
  );
  return rows.map((row) => ({ ref: Number(row.ref), crimeType: row.crime_type, recorded: Number(row.recorded), detected: Number(row.detected) }));
}
