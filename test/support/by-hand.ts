/**
 * Calendar arithmetic and the reoffending windows worked out by hand, day by day, for tests that
 * recompute a measure from person-level data: nothing here comes from the measure's own code.
 */

/** Days since 1970-01-01 of a calendar day. */
export const dayNumber = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

/** A day as YYYY-MM-DD from its day number. */
export const dateOfDay = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** Calendar months on (or back), clamped to the month's end, by plain arithmetic. */
export function monthsOn(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface CustodyPeriod {
  status: string;
  startDate: string;
  endDate: string | null;
}

export type WindowsByHand = { kind: 'comparable'; before: number[]; after: number[] } | { kind: 'incomplete' } | { kind: 'too-long' };

/**
 * Leicestershire's windows walked day by day: `months` calendar months' worth of days not in
 * custody after the start (the start day included) and as many before it, each within twice its
 * calendar length; the after window must be over by today.
 */
export function windowsByHand(start: string, months: number, accommodation: readonly CustodyPeriod[], today: string): WindowsByHand {
  const inCustody = (d: number) => accommodation.some((p) => p.status === 'IN_CUSTODY' && d >= dayNumber(p.startDate) && (p.endDate === null || d < dayNumber(p.endDate)));
  const length = (from: string, to: string) => dayNumber(to) - dayNumber(from);
  const walk = (from: number, step: 1 | -1, needed: number, limit: number) => {
    const days: number[] = [];
    for (let d = from; days.length < needed; d += step) {
      if (step === 1 ? d > limit : d < limit) return null;
      if (!inCustody(d)) days.push(d);
    }
    return days;
  };
  const reachAfter = dayNumber(monthsOn(start, 2 * months)) - 1;
  const after = walk(dayNumber(start), 1, length(start, monthsOn(start, months)), Math.min(dayNumber(today), reachAfter));
  if (!after) return dayNumber(today) < reachAfter ? { kind: 'incomplete' } : { kind: 'too-long' };
  const before = walk(dayNumber(start) - 1, -1, length(monthsOn(start, -months), start), dayNumber(monthsOn(start, -2 * months)));
  if (!before) return { kind: 'too-long' };
  return { kind: 'comparable', before, after };
}
