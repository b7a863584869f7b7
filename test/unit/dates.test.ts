/**
 * The hub's one clock and its calendar arithmetic. Every expected value is worked out by hand:
 * in 2026 British Summer Time starts at 01:00 UTC on Sunday 29 March and ends at 01:00 UTC on
 * Sunday 25 October; London is UTC+0 outside it and UTC+1 inside it.
 */
import { GraphQLError } from 'graphql';
import { LocalDate } from '@js-joda/core';
import { addDays, addMonths, ageOn, clockFromEnvironment, dateOfEpochDay, daysBetween, englandDateAt, epochDayOf, epochDayPlusMonths, fixedClock, isIsoDate, requireReportingPeriod, systemClock } from '../../subgraphs/kit/dates';

const at = (iso: string) => new Date(iso);

describe('the day in England', () => {
  it('is the UTC day in winter, even just before midnight', () => {
    expect(englandDateAt(at('2026-01-15T23:30:00Z'))).toBe('2026-01-15');
    expect(englandDateAt(at('2026-01-16T00:00:00Z'))).toBe('2026-01-16');
  });

  it('is already tomorrow from 23:00 UTC in summer', () => {
    // 23:30 UTC on 30 June is 00:30 BST on 1 July.
    expect(englandDateAt(at('2026-06-30T22:59:59Z'))).toBe('2026-06-30');
    expect(englandDateAt(at('2026-06-30T23:00:00Z'))).toBe('2026-07-01');
    expect(englandDateAt(at('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
  });

  it('follows the clock change in March', () => {
    // The night before the change London is still on GMT: 23:30 UTC is 23:30 on the 28th.
    expect(englandDateAt(at('2026-03-28T23:30:00Z'))).toBe('2026-03-28');
    // The next night it is on BST: 23:30 UTC on the 29th is 00:30 on the 30th.
    expect(englandDateAt(at('2026-03-29T23:30:00Z'))).toBe('2026-03-30');
  });

  it('follows the clock change in October', () => {
    // 23:30 UTC on the 24th is 00:30 BST on the 25th; on the 25th itself London is back on GMT.
    expect(englandDateAt(at('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
    expect(englandDateAt(at('2026-10-25T23:30:00Z'))).toBe('2026-10-25');
  });

  it('does not depend on the server time zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Auckland';
      expect(englandDateAt(at('2026-06-30T12:00:00Z'))).toBe('2026-06-30');
      process.env.TZ = 'America/Los_Angeles';
      expect(englandDateAt(at('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('clocks', () => {
  it('reads the day in England from the instant it is given', () => {
    expect(systemClock(() => at('2026-06-30T23:30:00Z')).today()).toBe('2026-07-01');
  });

  it('a fixed clock always answers its day', () => {
    const clock = fixedClock('2026-06-30');
    expect([clock.today(), clock.today()]).toEqual(['2026-06-30', '2026-06-30']);
  });

  it('refuses a day that does not exist or is not YYYY-MM-DD', () => {
    expect(() => fixedClock('2026-02-29')).toThrow(/not a calendar date/);
    expect(() => fixedClock('30/06/2026')).toThrow(/not a calendar date/);
  });

  it('HUB_TODAY pins the day; without it the clock is the real one', () => {
    expect(clockFromEnvironment({ HUB_TODAY: '2026-06-30' }).today()).toBe('2026-06-30');
    expect(() => clockFromEnvironment({ HUB_TODAY: '2026-13-01' })).toThrow(/HUB_TODAY must be a calendar date/);
    expect(clockFromEnvironment({}).today()).toBe(englandDateAt(new Date()));
  });
});

describe('calendar arithmetic', () => {
  it('knows which strings are days', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-6-30')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-04-00')).toBe(false);
    expect(isIsoDate(' 2026-04-01')).toBe(false);
    expect(isIsoDate('2026-04-01T00:00')).toBe(false);
  });

  it('numbers days from 1 January 1970 and back', () => {
    // 1970 to 2000: 30 years of 365 days and 7 leap days (72, 76 … 96) = 10,957; then 31 in January and 29 in February 2000.
    expect(epochDayOf('1970-01-01')).toBe(0);
    expect(epochDayOf('1969-12-31')).toBe(-1);
    expect(epochDayOf('2000-03-01')).toBe(10957 + 31 + 29);
    expect(dateOfEpochDay(10957 + 31 + 28)).toBe('2000-02-29');
    expect(dateOfEpochDay(-1)).toBe('1969-12-31');
    for (const date of ['2024-02-29', '2026-11-30', '1999-12-31']) expect(dateOfEpochDay(epochDayOf(date))).toBe(date);
    expect(() => epochDayOf('2026-02-29')).toThrow('not a calendar date');
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    // A clock change does not shorten a day of the calendar.
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
  });

  it('adds months, clamping to the end of a shorter month', () => {
    expect(addMonths('2026-05-15', 3)).toBe('2026-08-15');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-12-31', 2)).toBe('2027-02-28');
    expect(addMonths('2026-08-31', 1)).toBe('2026-09-30');
  });

  it('counts whole days between dates', () => {
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-07-22', '2026-07-01')).toBe(-21);
  });

  it('counts an age in whole years, turning on the birthday', () => {
    expect(ageOn('1990-05-15', '2026-05-14')).toBe(35);
    expect(ageOn('1990-05-15', '2026-05-15')).toBe(36);
    expect(ageOn('2008-07-01', '2026-06-30')).toBe(17);
    expect(ageOn('2008-07-01', '2026-07-01')).toBe(18);
  });

  it('turns someone born on 29 February a year older on 1 March when there is no 29th', () => {
    expect(ageOn('2000-02-29', '2027-02-28')).toBe(26);
    expect(ageOn('2000-02-29', '2027-03-01')).toBe(27);
    expect(ageOn('2000-02-29', '2028-02-28')).toBe(27);
    expect(ageOn('2000-02-29', '2028-02-29')).toBe(28);
  });
});

describe('the arithmetic done without js-joda agrees with it', () => {
  // The outcome measures read and sum tens of thousands of dates a request, so the hot paths count
  // days by hand; java.time's calendar (js-joda) is the definition they must match, day for day.
  const everyDay = (from: string, to: string) => {
    const days: LocalDate[] = [];
    for (let n = LocalDate.parse(from).toEpochDay(); n <= LocalDate.parse(to).toEpochDay(); n++) days.push(LocalDate.ofEpochDay(n));
    return days;
  };

  it('numbers and names every day from 1950 to 2099, and the first and last years a YYYY-MM-DD can hold', () => {
    const disagreements: string[] = [];
    for (const day of [...everyDay('1950-01-01', '2099-12-31'), ...everyDay('0000-01-01', '0001-12-31'), ...everyDay('9998-01-01', '9999-12-31')]) {
      const text = day.toString();
      if (!isIsoDate(text) || epochDayOf(text) !== day.toEpochDay() || dateOfEpochDay(day.toEpochDay()) !== text) disagreements.push(text);
    }
    expect(disagreements).toEqual([]);
    // Past the years four digits hold, the day is written as js-joda writes it.
    expect(dateOfEpochDay(LocalDate.of(10000, 1, 1).toEpochDay())).toBe('+10000-01-01');
  });

  it('adds months as java.time does, clamping to the month end, across four years either way', () => {
    const disagreements: string[] = [];
    for (const day of everyDay('2023-01-01', '2024-12-31')) {
      for (const months of [-48, -25, -24, -13, -12, -11, -1, 0, 1, 2, 11, 12, 13, 24, 25, 48]) {
        if (addMonths(day.toString(), months) !== day.plusMonths(months).toString()) disagreements.push(`${day.toString()} + ${months}`);
        if (epochDayPlusMonths(day.toString(), months) !== day.plusMonths(months).toEpochDay()) disagreements.push(`day number of ${day.toString()} + ${months}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('refuses what js-joda refuses', () => {
    for (const text of ['2026-02-29', '1900-02-29', '2100-02-29', '2026-00-10', '2026-12-32', '2026-06-31', '+2026-06-01', '2026-06-1a', '２０２６-06-01', '2026/06/01', '-026-06-01']) {
      expect(isIsoDate(text)).toBe(false);
      expect(() => LocalDate.parse(text)).toThrow();
    }
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(() => epochDayOf('2026-02-29')).toThrow('not a calendar date');
    expect(() => epochDayPlusMonths('2026-02-29', 1)).toThrow('not a calendar date');
  });
});

describe('reporting periods', () => {
  const today = '2026-06-30';

  it('defaults to the given number of days up to today', () => {
    // 30 June 2025 to 30 June 2026 is 365 days: no 29 February lies between.
    expect(requireReportingPeriod(null, null, 365, today)).toEqual({ from: '2025-06-30', to: '2026-06-30' });
    expect(requireReportingPeriod(null, '2026-03-31', 30, today)).toEqual({ from: '2026-03-01', to: '2026-03-31' });
  });

  it('refuses a period that ends after today or starts after it ends', () => {
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof GraphQLError ? error.extensions : error;
      }
      throw new Error('no refusal');
    };
    expect(refusal(() => requireReportingPeriod(null, '2026-07-01', 365, today))).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'to' });
    expect(refusal(() => requireReportingPeriod('2026-05-02', '2026-05-01', 365, today))).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'from' });
  });
});
