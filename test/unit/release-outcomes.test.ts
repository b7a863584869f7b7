import { periodOn, releaseOutcomes } from '../../subgraphs/housing/services/release-outcomes';
import type { AccommodationPeriod } from '../../subgraphs/housing/entities/accommodation-period.entity';
import { AccommodationStatus } from '../../subgraphs/housing/entities/enums';

/**
 * Release housing outcomes from hand-built accommodation histories. The definition: a release is
 * the end of an IN_CUSTODY period (on or before today); accommodated on release when the period
 * covering the release day is settled, temporary, supported or approved premises; three months
 * on, settled when that day's period is settled or supported, not counted (null) when back in
 * custody or before the day has come.
 */
const { SETTLED, TEMPORARY, SUPPORTED, APPROVED_PREMISES, NO_FIXED_ABODE, ROUGH_SLEEPING, IN_CUSTODY } = AccommodationStatus;

function history(...periods: [AccommodationStatus, string, string | null][]): AccommodationPeriod[] {
  return periods.map(([status, startDate, endDate], i) => ({ id: `p${i}`, housingReference: 'HOU-LIN-000001', status, startDate, endDate }) as AccommodationPeriod);
}

describe('release housing outcomes', () => {
  it('finds the period covering a day: the start day is in it, the end day belongs to the next', () => {
    const periods = history([IN_CUSTODY, '2025-01-01', '2025-03-10'], [TEMPORARY, '2025-03-10', null]);
    expect(periodOn(periods, '2025-03-09')?.status).toBe(IN_CUSTODY);
    expect(periodOn(periods, '2025-03-10')?.status).toBe(TEMPORARY);
    expect(periodOn(periods, '2024-12-31')).toBeNull();
  });

  it('released to temporary housing, settled three months later', () => {
    const periods = history([IN_CUSTODY, '2025-01-01', '2025-03-10'], [TEMPORARY, '2025-03-10', '2025-05-01'], [SETTLED, '2025-05-01', null]);
    expect(releaseOutcomes(periods, '2026-01-01')).toEqual([
      { releaseDate: '2025-03-10', statusOnRelease: TEMPORARY, accommodatedOnRelease: true, threeMonthsAfter: '2025-06-10', statusThreeMonthsAfter: SETTLED, settledThreeMonthsAfter: true },
    ]);
  });

  it('released with no fixed abode, still temporary three months later: not accommodated, not settled', () => {
    const periods = history([IN_CUSTODY, '2025-01-01', '2025-02-15'], [NO_FIXED_ABODE, '2025-02-15', '2025-04-01'], [TEMPORARY, '2025-04-01', null]);
    expect(releaseOutcomes(periods, '2026-01-01')).toEqual([
      { releaseDate: '2025-02-15', statusOnRelease: NO_FIXED_ABODE, accommodatedOnRelease: false, threeMonthsAfter: '2025-05-15', statusThreeMonthsAfter: TEMPORARY, settledThreeMonthsAfter: false },
    ]);
  });

  it('counts supported housing and approved premises as accommodated, supported as settled', () => {
    const periods = history([IN_CUSTODY, '2025-01-01', '2025-02-01'], [APPROVED_PREMISES, '2025-02-01', '2025-03-01'], [SUPPORTED, '2025-03-01', null]);
    expect(releaseOutcomes(periods, '2026-01-01')[0]).toMatchObject({ accommodatedOnRelease: true, statusThreeMonthsAfter: SUPPORTED, settledThreeMonthsAfter: true });
  });

  it('leaves the three-month outcome open until the day comes, and uncounted when back in custody', () => {
    // Released 2025-11-20: three months on is 2026-02-20, after today (2026-01-01).
    const recent = history([IN_CUSTODY, '2025-06-01', '2025-11-20'], [ROUGH_SLEEPING, '2025-11-20', null]);
    expect(releaseOutcomes(recent, '2026-01-01')).toEqual([
      { releaseDate: '2025-11-20', statusOnRelease: ROUGH_SLEEPING, accommodatedOnRelease: false, threeMonthsAfter: '2026-02-20', statusThreeMonthsAfter: null, settledThreeMonthsAfter: null },
    ]);
    // Released 2025-03-01 and recalled on 2025-04-15: in custody on 2025-06-01.
    const recalled = history([IN_CUSTODY, '2025-01-01', '2025-03-01'], [SETTLED, '2025-03-01', '2025-04-15'], [IN_CUSTODY, '2025-04-15', null]);
    expect(releaseOutcomes(recalled, '2026-01-01')).toEqual([
      { releaseDate: '2025-03-01', statusOnRelease: SETTLED, accommodatedOnRelease: true, threeMonthsAfter: '2025-06-01', statusThreeMonthsAfter: IN_CUSTODY, settledThreeMonthsAfter: null },
    ]);
  });

  it('gives one outcome per release, none for custody still running or ending after today', () => {
    const periods = history(
      [IN_CUSTODY, '2024-01-01', '2024-03-31'],
      [SETTLED, '2024-03-31', '2025-01-10'],
      [IN_CUSTODY, '2025-01-10', '2025-08-31'],
      [TEMPORARY, '2025-08-31', '2025-12-01'],
      [IN_CUSTODY, '2025-12-01', null],
    );
    // 31 August + 3 months = 30 November (the month is shorter): temporary that day.
    expect(releaseOutcomes(periods, '2026-01-01').map((o) => [o.releaseDate, o.threeMonthsAfter, o.statusThreeMonthsAfter])).toEqual([
      ['2024-03-31', '2024-06-30', SETTLED],
      ['2025-08-31', '2025-11-30', TEMPORARY],
    ]);
    expect(releaseOutcomes(history([IN_CUSTODY, '2025-06-01', '2026-02-01'], [SETTLED, '2026-02-01', null]), '2026-01-01')).toEqual([]);
  });
});
