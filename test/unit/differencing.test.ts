import { canonicalMembers, isComparableSet, isNearSet, symmetricDifferenceSize } from '../../subgraphs/kit/disclosure';

/**
 * The comparison between the sets of people two answers are computed over, on sets worked by
 * hand: ids are single letters here, sorted as the comparison needs them.
 */
const set = (letters: string) => canonicalMembers(letters.split(''));

describe('the symmetric difference of two sorted sets', () => {
  it.each([
    ['abcdefgh', 'abcdefgh', 0], // the same people
    ['abcdefgh', 'abcdef', 2], // g and h only in the first
    ['abcdef', 'abcdefgh', 2], // ... or only in the second
    ['abcdefgh', 'bcdefghi', 2], // a leaves, i joins: same size, two differ
    ['abcde', 'fghij', 10], // nobody in common
    ['', 'abc', 3],
    ['acegi', 'bdfhj', 10], // interleaved, nobody in common
    ['abcdefghij', 'abdeghij', 2], // c and f missing from the middle
  ])('%s against %s differs by %i', (a, b, expected) => {
    expect(symmetricDifferenceSize(set(a), set(b))).toBe(expected);
    expect(symmetricDifferenceSize(set(b), set(a))).toBe(expected);
  });

  it('stops counting at the limit it is given', () => {
    expect(symmetricDifferenceSize(set('abcdefghij'), set('klmnopqrst'), 5)).toBe(5);
    expect(symmetricDifferenceSize(set('abcdefghij'), set('abcdefghij'), 5)).toBe(0);
    expect(symmetricDifferenceSize(set('abcdefghij'), set('abc'), 5)).toBe(5);
    expect(symmetricDifferenceSize(set('abcdefghij'), set('abcdefgh'), 5)).toBe(2);
  });

  it('takes ids in any order and repeated, as a set', () => {
    expect(canonicalMembers(['c', 'a', 'b', 'a'])).toEqual(['a', 'b', 'c']);
    // Sorted already, with a repeat: still a set.
    expect(canonicalMembers(['a', 'a', 'b'])).toEqual(['a', 'b']);
    expect(canonicalMembers(['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(canonicalMembers([])).toEqual([]);
  });
});

describe('whether two sets are near (differ by 1 to 4 people)', () => {
  it.each([
    // January–June (a–j) against January–May (a–h): June's two adoptions would show by subtraction.
    ['abcdefghij', 'abcdefgh', true],
    ['abcdefghij', 'abcdefghi', true], // one person
    ['abcdefghij', 'abcdef', true], // four
    ['abcdefghij', 'abcde', false], // five: a cell that would be shown anyway
    ['abcdefghij', 'abcdefghij', false], // the same set answered again tells nothing new
    // Same size, two swapped (an asOf day later: f and g left the measurable set, k and l joined): four differ.
    ['abcdefghij', 'abcdehijkl', true],
    // Same size, three swapped: six differ.
    ['abcdefghij', 'abcdeijklm', false],
    ['abcdefghij', 'klmnopqrst', false], // disjoint: twenty
  ])('%s and %s: %s', (a, b, near) => {
    expect(isNearSet(set(a), set(b))).toBe(near);
    expect(isNearSet(set(b), set(a))).toBe(near);
  });

  it('needs no look at the members when the sizes alone differ by five or more', () => {
    // Not sorted and not even sets: only the sizes can have been read.
    expect(isNearSet(['z', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a'], ['q', 'b', 'c', 'd', 'e'])).toBe(false);
  });

  it('leaves out sets of fewer than five, whose figures are suppressed already', () => {
    expect(isComparableSet(set('abcd'))).toBe(false);
    expect(isComparableSet(set(''))).toBe(false);
    expect(isComparableSet(set('abcde'))).toBe(true);
  });
});
