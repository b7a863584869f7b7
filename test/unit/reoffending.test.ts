import { comparisonWindows, reoffendingFigures, withheldFigures, type PersonComparison } from '../../subgraphs/iom/services/reoffending';
import { isSmallCell, suppressPartition, SMALL_CELL_THRESHOLD } from '../../subgraphs/kit/disclosure';

describe('reoffending comparison windows (time in custody left out)', () => {
  it('with no custody: six calendar months after, the start day included, and as long before', () => {
    // 1 Jan to 30 Jun 2025 is 181 days; the six months before, 1 Jul to 31 Dec 2024, 184 days.
    expect(comparisonWindows('2025-01-01', 6, [], '2026-01-01')).toEqual({
      kind: 'comparable',
      after: [{ from: '2025-01-01', to: '2025-06-30' }],
      before: [{ from: '2024-07-01', to: '2024-12-31' }],
    });
  });

  it('reaches past a spell in custody after the start to find as many days at liberty', () => {
    // In custody 1–28 Feb (released 1 Mar): 31 days in January, then 150 more from 1 March:
    // March–June hold 122, so 28 into July.
    expect(comparisonWindows('2025-01-01', 6, [{ start: '2025-02-01', release: '2025-03-01' }], '2026-01-01')).toMatchObject({
      kind: 'comparable',
      after: [
        { from: '2025-01-01', to: '2025-01-31' },
        { from: '2025-03-01', to: '2025-07-28' },
      ],
    });
  });

  it('reaches back past a spell in custody before the start', () => {
    // In custody through October 2024: 61 days in November–December, then 123 back from 30 September:
    // September–June hold 122, so back to 31 May.
    expect(comparisonWindows('2025-01-01', 6, [{ start: '2024-10-01', release: '2024-11-01' }], '2026-01-01')).toMatchObject({
      kind: 'comparable',
      before: [
        { from: '2024-05-31', to: '2024-09-30' },
        { from: '2024-11-01', to: '2024-12-31' },
      ],
    });
  });

  it('is incomplete until the after window is over, and gives up on someone in custody too long', () => {
    expect(comparisonWindows('2025-01-01', 6, [], '2025-06-29')).toEqual({ kind: 'follow-up-incomplete' });
    expect(comparisonWindows('2025-01-01', 6, [], '2025-06-30').kind).toBe('comparable');
    // Nine days at liberty, then custody to March 2026: 181 days cannot be found by the end of 2025.
    expect(comparisonWindows('2025-01-01', 6, [{ start: '2025-01-10', release: '2026-03-01' }], '2027-01-01')).toEqual({ kind: 'too-long-in-custody' });
    expect(comparisonWindows('2025-01-01', 6, [{ start: '2024-03-01', release: '2024-12-20' }], '2027-01-01')).toEqual({ kind: 'too-long-in-custody' });
    // Still in custody: incomplete while the window could yet fit.
    expect(comparisonWindows('2025-01-01', 6, [{ start: '2025-02-01', release: null }], '2025-09-01')).toEqual({ kind: 'follow-up-incomplete' });
  });
});

describe('disclosure control', () => {
  it('suppresses counts of people from 1 to 4, never 0 or 5', () => {
    expect([0, 1, 4, 5].map(isSmallCell)).toEqual([false, true, true, false]);
    expect(SMALL_CELL_THRESHOLD).toBe(5);
  });

  it('suppresses a second part when one alone could be had by subtraction, and everything under a small total', () => {
    expect(suppressPartition('total', 20, { a: 3, b: 7, c: 10 })).toEqual(new Set(['a', 'b']));
    expect(suppressPartition('total', 20, { a: 3, b: 2, c: 15 })).toEqual(new Set(['a', 'b']));
    expect(suppressPartition('total', 3, { a: 1, b: 2 })).toEqual(new Set(['total', 'a', 'b']));
    // A part not shown but worked out as total minus the shown one protects itself through it.
    expect(suppressPartition('total', 12, { shown: 9, '~rest': 3 })).toEqual(new Set(['shown']));
    expect(suppressPartition('total', 12, { shown: 6, '~rest': 6 })).toEqual(new Set());
    // The part a measure most needs is spared while another part will do.
    expect(suppressPartition('total', 30, { measurable: 10, incomplete: 17, custody: 3 }, ['measurable'])).toEqual(new Set(['custody', 'incomplete']));
    expect(suppressPartition('total', 13, { measurable: 10, custody: 3 }, ['measurable'])).toEqual(new Set(['custody', 'measurable']));
  });
});

describe('the cohort figures', () => {
  // Each pattern is one person's offences before and after; five of each keep every cell at 5 or more.
  const patterns: PersonComparison[] = [
    { before: 10, after: 2 }, // down 80%: meets 17%
    { before: 5, after: 5 }, // no change
    { before: 4, after: 3 }, // down 25%: meets
    { before: 6, after: 5 }, // down 16.67%: just misses
    { before: 1, after: 0 }, // stops: meets
    { before: 2, after: 4 }, // rises
    { before: 3, after: 0 }, // stops: meets
    { before: 7, after: 1 }, // meets
    { before: 0, after: 2 }, // no offence before: not compared
    { before: 8, after: 6 }, // down 25%: meets
    { before: 0, after: 0 }, // no offence before: not compared
  ];
  const times = <T>(items: T[], n: number) => Array.from({ length: n }, () => items).flat();

  it('totals, % reduction, target met, reoffenders and frequency follow the definition', () => {
    const people = times(patterns, 5);
    const compared = patterns.filter((p) => p.before > 0);
    const before = 5 * (10 + 5 + 4 + 6 + 1 + 2 + 3 + 7 + 8);
    const after = 5 * (2 + 5 + 3 + 5 + 0 + 4 + 0 + 1 + 6);
    const met = 5 * 6; // the 80%, 25%, stop, stop, 7→1 and 25% patterns
    const reoffenders = 5 * 7; // all compared but the two who stopped
    expect(reoffendingFigures(people, 17)).toEqual({
      peopleCompared: 5 * compared.length,
      noOffenceBefore: 10,
      offencesBefore: before,
      offencesAfter: after,
      reductionPercent: Math.round(((before - after) / before) * 10000) / 100,
      metTarget: met,
      metTargetPercent: Math.round((met / 45) * 10000) / 100,
      reoffenders,
      offencesPerReoffender: Math.round((after / reoffenders) * 100) / 100,
      suppressed: [],
    });
    expect(reoffendingFigures(people, 17).reductionPercent).toBe(43.48);
  });

  it('the target is an argument: at 16% the 6 → 5 pattern meets it too', () => {
    expect(reoffendingFigures(times(patterns, 5), 16).metTarget).toBe(5 * 7);
  });

  it('suppresses a small cell, the cell that would give it away, and the rates built on them', () => {
    const once = reoffendingFigures(patterns, 17);
    // Two with no offence before: small, and then the 9 compared would give it away.
    expect(once.noOffenceBefore).toBeNull();
    expect(once.peopleCompared).toBeNull();
    expect(once.reductionPercent).toBeNull();
    expect(once.suppressed).toEqual(withheldFigures().suppressed);

    // 15 compared, 3 of whom did not meet the target: metTarget (12) would give the 3 away.
    const people = [...times([{ before: 4, after: 1 }], 12), ...times([{ before: 4, after: 4 }], 3)];
    const figures = reoffendingFigures(people, 17);
    expect(figures).toMatchObject({ peopleCompared: 15, metTarget: null, metTargetPercent: null, reoffenders: 15, offencesBefore: 60, offencesAfter: 24 });
    expect(figures.suppressed).toEqual(['metTarget', 'metTargetPercent']);
  });
});
