/**
 * Police count a window's offences range by range and add the counts up, so a window's ranges are
 * first made disjoint: a day in two ranges of one window is still counted once.
 */
import { disjointRanges } from '../../subgraphs/police/services/offence-counts';

describe("a window's ranges before counting", () => {
  it('keeps ranges that do not overlap, in order', () => {
    expect(disjointRanges([{ from: '2025-03-01', to: '2025-03-31' }, { from: '2025-01-01', to: '2025-01-31' }])).toEqual([
      { from: '2025-01-01', to: '2025-01-31' },
      { from: '2025-03-01', to: '2025-03-31' },
    ]);
  });

  it('makes overlapping and nested ranges one, so no day is counted twice', () => {
    expect(
      disjointRanges([
        { from: '2025-01-10', to: '2025-02-10' },
        { from: '2025-01-01', to: '2025-01-20' },
        { from: '2025-01-15', to: '2025-01-16' },
        { from: '2025-02-10', to: '2025-02-10' },
        { from: '2025-06-01', to: '2025-06-02' },
      ]),
    ).toEqual([
      { from: '2025-01-01', to: '2025-02-10' },
      { from: '2025-06-01', to: '2025-06-02' },
    ]);
  });

  it('leaves a single range as it is and does not change what it was given', () => {
    const ranges = [{ from: '2025-01-10', to: '2025-01-20' }, { from: '2025-01-01', to: '2025-01-15' }];
    expect(disjointRanges([ranges[0]])).toEqual([ranges[0]]);
    disjointRanges(ranges);
    expect(ranges).toEqual([{ from: '2025-01-10', to: '2025-01-20' }, { from: '2025-01-01', to: '2025-01-15' }]);
  });
});
