/**
 * Calendar dates as the partnership means them: "today" is the date in England, whatever the
 * server's time zone, so a query just after midnight does not see yesterday.
 */
import { badUserInput } from './errors';

export function todayInEngland(now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export interface DateRange {
  from: string;
  to: string;
}

/** A reporting period: both ends given or defaulted, `from` not after `to`, `to` not after today. */
export function requireReportingPeriod(from: string | null | undefined, to: string | null | undefined, defaultDays: number, today = todayInEngland()): DateRange {
  const end = to ?? today;
  if (end > today) throw badUserInput(`"to" (${end}) is in the future: a reporting period can end today (${today}) at the latest.`, { argumentName: 'to' });
  const start = from ?? shiftDays(end, -defaultDays);
  if (start > end) throw badUserInput(`"from" (${start}) is after "to" (${end}): give a period that starts before it ends.`, { argumentName: 'from' });
  return { from: start, to: end };
}

function shiftDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
