/**
 * Calendar dates as the partnership means them, and the one clock that says which day it is.
 *
 * A date is a plain calendar day (`YYYY-MM-DD`, the form the schema and the databases hold), and
 * "today" is the day in England (Europe/London), whatever the server's own time zone: a query at
 * 00:30 BST must not see yesterday. The arithmetic is done by js-joda (`@js-joda/core`, a port of
 * Java's java.time, with `@js-joda/timezone` for the zone rules), not by hand on `Date`, which
 * is an instant in UTC and gets month ends, leap days and the clock change wrong when bent into a
 * calendar. js-joda has a real `LocalDate` (no time, no zone), month arithmetic that clamps to the
 * month's end and periods for ages; it carries its own copy of the time zone database, so the
 * London date does not depend on how much ICU data the Node build ships; and it runs as CommonJS
 * on Node 20 to 24 and under jest without a transform.
 *
 * "Today" is injected: every subgraph reads it from a `Clock` once per request (see
 * `SubgraphContext.today`), so a test or a demonstration can pin it (`HUB_TODAY=2026-06-30`) and
 * date-derived answers (ages, "prolific today", accommodation today, reporting periods) do not
 * drift with the calendar.
 */
import { ChronoUnit, Instant, LocalDate, ZoneId } from '@js-joda/core';
import '@js-joda/timezone';
import { badUserInput } from './errors';

/** The partnership's time zone: every "today" and "on the day" is a day here. */
export const PARTNERSHIP_ZONE = ZoneId.of('Europe/London');

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The day a `YYYY-MM-DD` string names, or null when it names none (2026-02-29). Built with
 * `LocalDate.of`, which checks the day as strictly as `LocalDate.parse` but without its general
 * formatter: that formatter was most of the CPU time of an outcome measure over a few thousand
 * people (several date sums per person).
 */
function dayOf(value: string): LocalDate | null {
  const parts = ISO_DATE_PATTERN.exec(value);
  if (!parts) return null;
  try {
    return LocalDate.of(Number(parts[1]), Number(parts[2]), Number(parts[3]));
  } catch {
    return null;
  }
}

/** A `YYYY-MM-DD` string naming a real day (2026-02-29 is not one). */
export function isIsoDate(value: string): boolean {
  return dayOf(value) !== null;
}

function parse(date: IsoDate): LocalDate {
  const day = dayOf(date);
  if (!day) throw new Error(`"${date}" is not a calendar date: expected YYYY-MM-DD.`);
  return day;
}

/** The calendar day in England at an instant. */
export function englandDateAt(instant: Date): IsoDate {
  return LocalDate.ofInstant(Instant.ofEpochMilli(instant.getTime()), PARTNERSHIP_ZONE).toString();
}

/** Says which day it is in England. The hub never reads the wall clock for a date any other way. */
export interface Clock {
  today(): IsoDate;
}

/** The real day in England (`now` is there so the zone handling can be tested at chosen instants). */
export function systemClock(now: () => Date = () => new Date()): Clock {
  return { today: () => englandDateAt(now()) };
}

/** Always the same day: tests pin it to the day their data was generated around. */
export function fixedClock(date: IsoDate): Clock {
  const pinned = parse(date).toString();
  return { today: () => pinned };
}

/** `HUB_TODAY=YYYY-MM-DD` pins the day (demonstrations); otherwise the real day in England. */
export function clockFromEnvironment(env: NodeJS.ProcessEnv = process.env): Clock {
  const pinned = env.HUB_TODAY?.trim();
  if (!pinned) return systemClock();
  if (!isIsoDate(pinned)) throw new Error(`HUB_TODAY must be a calendar date, YYYY-MM-DD; got "${pinned}".`);
  return fixedClock(pinned);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return parse(date).plusDays(days).toString();
}

/** Calendar months, clamped to the month's last day: 31 January + 1 month = 28 (or 29) February. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  return parse(date).plusMonths(months).toString();
}

/** Whole days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return parse(to).toEpochDay() - parse(from).toEpochDay();
}

/** Days since 1 January 1970 (negative before it): day arithmetic on numbers, for code that does a lot of it. */
export function epochDayOf(date: IsoDate): number {
  return parse(date).toEpochDay();
}

/** The date `epochDayOf` numbered. */
export function dateOfEpochDay(day: number): IsoDate {
  return LocalDate.ofEpochDay(day).toString();
}

/**
 * Age in whole years on a day. Someone born on 29 February turns a year older on 1 March in a
 * year without one, as the law in England counts it.
 */
export function ageOn(dateOfBirth: IsoDate, onDate: IsoDate): number {
  return parse(dateOfBirth).until(parse(onDate), ChronoUnit.YEARS);
}

export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

/** A reporting period: both ends given or defaulted, `from` not after `to`, `to` not after today. */
export function requireReportingPeriod(from: string | null | undefined, to: string | null | undefined, defaultDays: number, today: IsoDate): DateRange {
  const end = to ?? today;
  if (end > today) throw badUserInput(`"to" (${end}) is in the future: a reporting period can end today (${today}) at the latest.`, { argumentName: 'to' });
  const start = from ?? addDays(end, -defaultDays);
  if (start > end) throw badUserInput(`"from" (${start}) is after "to" (${end}): give a period that starts before it ends.`, { argumentName: 'from' });
  return { from: start, to: end };
}
