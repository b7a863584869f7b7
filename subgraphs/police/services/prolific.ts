/**
 * The prolific-offender rule the Solihull partnership applies: young adults (18–24) with 8 or
 * more recorded offences and adults aged 25 and over with 16 or more. Computed, never stored, so
 * it follows each new offence and each birthday. One table drives both the per-person flag and
 * the SQL the `nominals` filter uses, so the two cannot drift apart.
 */
import { ageOn } from '../../kit/dates';

export interface ProlificBand {
  fromAge: number;
  /** Inclusive; null for no upper bound. */
  toAge: number | null;
  minimumOffences: number;
}

export const PROLIFIC_BANDS: readonly ProlificBand[] = [
  { fromAge: 18, toAge: 24, minimumOffences: 8 },
  { fromAge: 25, toAge: null, minimumOffences: 16 },
];

/** Recorded offences that make a person of this age prolific; null under 18 (youth justice). */
export function prolificThreshold(age: number): number | null {
  const band = PROLIFIC_BANDS.find((b) => age >= b.fromAge && (b.toAge === null || age <= b.toAge));
  return band ? band.minimumOffences : null;
}

export function isProlific(dateOfBirth: string, recordedOffences: number, today: string): boolean {
  const threshold = prolificThreshold(ageOn(dateOfBirth, today));
  return threshold !== null && recordedOffences >= threshold;
}

/**
 * The same rule as SQL over a nominal row aliased `alias`: true, false (never null). Parameters
 * are positional (`?`) in the order returned.
 */
export function prolificSql(alias: string, today: string): { sql: string; params: (string | number)[] } {
  const age = `extract(year from age(?::date, ${alias}.date_of_birth))`;
  const params: (string | number)[] = [];
  const branches = PROLIFIC_BANDS.map((band) => {
    params.push(today, band.fromAge);
    let condition = `${age} >= ?`;
    if (band.toAge !== null) {
      params.push(today, band.toAge);
      condition += ` and ${age} <= ?`;
    }
    params.push(band.minimumOffences);
    return `when ${condition} then ?`;
  });
  const count = `(select count(*) from police_offence o where o.pnc_id = ${alias}.pnc_id)`;
  return { sql: `coalesce(${count} >= (case ${branches.join(' ')} end), false)`, params };
}
