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

/**
 * The year, month and day of a `YYYY-MM-DD` string naming a real day (2026-02-29 is not one), or
 * null. Read character by character and checked against the month's length with the Gregorian
 * leap-year rule — as strictly as js-joda's `LocalDate.of` and `LocalDate.parse` (the outcome
 * measures read tens of thousands of dates a request; js-joda's general parser was most of their
 * CPU time, and even `LocalDate.of` a large share). `test/unit/dates.test.ts` checks every day
 * from 1950 to 2099 against js-joda.
 */
function fieldsOf(value: string): [number, number, number] | null {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return null;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month)) return null;
  return [year, month, day];
}

/** The number written in `value` from `from` to `to` (exclusive), or -1 when a character there is not a digit. */
function digits(value: string, from: number, to: number): number {
  let number = 0;
  for (let i = from; i < to; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    number = number * 10 + digit;
  }
  return number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function monthLength(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 0000-01-01 to 1970-01-01 in the proleptic Gregorian calendar. */
const DAYS_0000_TO_1970 = 719_528;

/** The epoch day of a day of years 0 to 9999 (the only years a `YYYY-MM-DD` string can hold): java.time's own sum. */
function epochDayOfFields(year: number, month: number, day: number): number {
  let total = 365 * year + Math.floor((year + 3) / 4) - Math.floor((year + 99) / 100) + Math.floor((year + 399) / 400);
  total += Math.floor((367 * month - 362) / 12) + day - 1;
  if (month > 2) total -= isLeapYear(year) ? 1 : 2;
  return total - DAYS_0000_TO_1970;
}

/** `YYYY-MM-DD` for a day of years 0 to 9999; other years go through js-joda, which writes them its own way (`+10000-01-01`). */
function isoOf(year: number, month: number, day: number): IsoDate {
  if (year < 0 || year > 9999) return LocalDate.of(year, month, day).toString();
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/**
 * The day a `YYYY-MM-DD` string names, or null when it names none (2026-02-29), for the
 * arithmetic that needs js-joda (ages, periods); the hot paths below use `fieldsOf` alone.
 */
function dayOf(value: string): LocalDate | null {
  const fields = fieldsOf(value);
  return fields ? LocalDate.of(fields[0], fields[1], fields[2]) : null;
}

/** A `YYYY-MM-DD` string naming a real day (2026-02-29 is not one). */
export function isIsoDate(value: string): boolean {
  return !Number.isNaN(epochDayOrNaN(value));
}

/**
 * The epoch day of a `YYYY-MM-DD` string naming a real day, or NaN: `fieldsOf`'s check without
 * its array, for the checks and day numbers done tens of thousands of times a measure (the
 * arrays were garbage the collector had to sweep).
 */
function epochDayOrNaN(value: string): number {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return NaN;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month)) return NaN;
  return epochDayOfFields(year, month, day);
}

function requireFields(date: IsoDate): [number, number, number] {
  const fields = fieldsOf(date);
  if (!fields) throw new Error(`"${date}" is not a calendar date: expected YYYY-MM-DD.`);
  return fields;
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
  return dateOfEpochDay(epochDayOf(date) + days);
}

/** Calendar months, clamped to the month's last day: 31 January + 1 month = 28 (or 29) February. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = requireFields(date);
  // As java.time's plusMonths: count months from year 0, then clamp the day to the new month.
  const count = year * 12 + (month - 1) + months;
  const newYear = Math.floor(count / 12);
  const newMonth = count - newYear * 12 + 1;
  if (newYear < 0 || newYear > 9999) return parse(date).plusMonths(months).toString();
  return isoOf(newYear, newMonth, Math.min(day, monthLength(newYear, newMonth)));
}

/** Whole days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return epochDayOf(to) - epochDayOf(from);
}

/** Days since 1 January 1970 (negative before it): day arithmetic on numbers, for code that does a lot of it. */
export function epochDayOf(date: IsoDate): number {
  const epochDay = epochDayOrNaN(date);
  if (Number.isNaN(epochDay)) throw new Error(`"${date}" is not a calendar date: expected YYYY-MM-DD.`);
  return epochDay;
}

/**
 * `epochDayOf(addMonths(date, months))` without the date written in between: the outcome
 * measures shift each person's start date by months four times.
 */
export function epochDayPlusMonths(date: IsoDate, months: number): number {
  const [year, month, day] = requireFields(date);
  const count = year * 12 + (month - 1) + months;
  const newYear = Math.floor(count / 12);
  const newMonth = count - newYear * 12 + 1;
  if (newYear < 0 || newYear > 9999) return epochDayOf(addMonths(date, months));
  return epochDayOfFields(newYear, newMonth, Math.min(day, monthLength(newYear, newMonth)));
}

/** The date `epochDayOf` numbered (Howard Hinnant's civil-from-days: eras of 400 years from 1 March of year 0). */
export function dateOfEpochDay(epochDay: number): IsoDate {
  if (!Number.isSafeInteger(epochDay)) throw new Error(`${epochDay} is not a day number.`);
  const z = epochDay + DAYS_0000_TO_1970 - 60;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return isoOf(year, month, day);
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
