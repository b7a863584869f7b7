/**
 * Police count a window's offences range by range and add the counts up, so a window's ranges are
 * first made disjoint: a day in two ranges of one window is still counted once.
 */
import { disjointRanges, WindowRanges } from '../../subgraphs/police/services/offence-counts';

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

describe('windows gathered for the counting statement', () => {
  it('numbers windows in the order added and keeps ranges already in order and apart as they are', () => {
    const ranges = new WindowRanges();
    ranges.add('2015/0004201A', ['2015/0004201A', '2025-01-01', '2025-01-31', '2025-03-01', '2025-03-31'], 1);
    ranges.add('2016/0000007B', ['2016/0000007B', '2024-06-01', '2024-06-30'], 1);
    expect(ranges.windows).toBe(2);
    expect(ranges.literals()).toEqual([
      '{0,0,1}',
      '{"2015/0004201A","2015/0004201A","2016/0000007B"}',
      '{2025-01-01,2025-03-01,2024-06-01}',
      '{2025-01-31,2025-03-31,2024-06-30}',
    ]);
  });

  it('makes out-of-order, overlapping or touching ranges of a window disjoint, so no offence is counted twice', () => {
    const ranges = new WindowRanges();
    // Out of order, and the second pair shares its last day with the next range's first.
    ranges.add('2015/0004201A', ['2015/0004201A', '2025-03-01', '2025-03-31', '2025-01-01', '2025-01-31'], 1);
    ranges.add('2015/0004201A', ['2015/0004201A', '2025-01-01', '2025-01-20', '2025-01-20', '2025-02-10'], 1);
    expect(ranges.literals()).toEqual([
      '{0,0,1}',
      '{"2015/0004201A","2015/0004201A","2015/0004201A"}',
      '{2025-01-01,2025-03-01,2025-01-01}',
      '{2025-01-31,2025-03-31,2025-02-10}',
    ]);
  });

  it('reads a window only up to the end it is given, whatever the array holds after it (a row array refilled for each line)', () => {
    const ranges = new WindowRanges();
    // Left over from a longer line: the window's days end at 3.
    const row = ['2015/0004201A', '2025-05-01', '2025-05-31', '2025-01-01', '2025-01-31'];
    ranges.add('2015/0004201A', row, 1, 3);
    // In order up to its end, though not once the left-over range is read with it.
    expect(ranges.literals()).toEqual(['{0}', '{"2015/0004201A"}', '{2025-05-01}', '{2025-05-31}']);
  });

  it('refuses a PNC ID that could break out of its quotes in the array literal', () => {
    expect(() => new WindowRanges().add('12"}', ['12"}', '2025-01-01', '2025-01-02'], 1)).toThrow('letters, digits and a slash');
  });
});
