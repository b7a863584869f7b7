import { loaderOfMany, loaderOfOne } from '../../subgraphs/kit/loaders';
import { decodeCursor, MAX_PAGE_SIZE, pageRequest, toConnection } from '../../subgraphs/kit/pagination';
import { shareOf } from '../../subgraphs/kit/disclosure';

/** The kit's helpers on hand-built values: no hub, no database. */

interface Row {
  owner: string;
  value: number;
}

describe('DataLoader helpers', () => {
  const rows: Row[] = [
    { owner: 'a', value: 1 },
    { owner: 'b', value: 2 },
    { owner: 'a', value: 3 },
  ];

  it('loads one row per key in one fetch for all the keys asked together, null for a key with none', async () => {
    const fetched: (readonly string[])[] = [];
    const loader = loaderOfOne<string, Row>(async (keys) => {
      fetched.push(keys);
      return rows.filter((row) => keys.includes(row.owner) && row.value !== 3);
    }, (row) => row.owner);
    const answers = await Promise.all(['b', 'a', 'z', 'a'].map((key) => loader.load(key)));
    expect(answers).toEqual([{ owner: 'b', value: 2 }, { owner: 'a', value: 1 }, null, { owner: 'a', value: 1 }]);
    // One fetch, each key once.
    expect(fetched).toEqual([['b', 'a', 'z']]);
  });

  it('loads every row per key, in the order fetched, and an empty list for a key with none', async () => {
    let fetches = 0;
    const loader = loaderOfMany<string, Row>(async (keys) => {
      fetches++;
      return rows.filter((row) => keys.includes(row.owner));
    }, (row) => row.owner);
    const [a, b, z] = await Promise.all(['a', 'b', 'z'].map((key) => loader.load(key)));
    expect({ a, b, z, fetches }).toEqual({ a: [rows[0], rows[2]], b: [rows[1]], z: [], fetches: 1 });
  });

  it('matches rows to keys that are objects through the cache key', async () => {
    type Key = { type: string; value: string };
    const loader = loaderOfOne<Key, { type: string; value: string; id: number }, string>(
      async (keys) => keys.map((key, i) => ({ ...key, id: i + 1 })).reverse(),
      (row) => `${row.type}:${row.value}`,
      (key) => `${key.type}:${key.value}`,
    );
    const [first, second] = await Promise.all([loader.load({ type: 'CRN', value: 'X1' }), loader.load({ type: 'PNC', value: 'X1' })]);
    expect([first?.id, second?.id]).toEqual([1, 2]);
  });
});

describe('keyset pages', () => {
  const rows = ['ann', 'bob', 'cat', 'dan'];

  it('defaults to 20 a page and refuses sizes outside 1 to 500', () => {
    expect(pageRequest(undefined, undefined, 1)).toEqual({ limit: 20, after: null });
    expect(pageRequest(MAX_PAGE_SIZE, null, 1).limit).toBe(500);
    for (const first of [0, 501, 2.5]) expect(() => pageRequest(first, null, 1)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argumentName: 'first' }) }));
  });

  it('builds a page from limit + 1 rows: the extra row says there is a next page, and is not shown', () => {
    const connection = toConnection(rows.slice(0, 3), { limit: 2, after: null }, rows.length, (row) => [row], (row) => row.toUpperCase());
    expect(connection.edges.map((edge) => edge.node)).toEqual(['ANN', 'BOB']);
    expect(connection.pageInfo.hasNextPage).toBe(true);
    expect(connection.totalCount).toBe(4);
    // The end cursor carries the last row's keyset values, and reads back as them.
    expect(decodeCursor(connection.pageInfo.endCursor!, ['text'])).toEqual(['bob']);
    expect(pageRequest(2, connection.pageInfo.endCursor, ['text'])).toEqual({ limit: 2, after: ['bob'] });
  });

  it('ends with no next page and, when empty, no cursor', () => {
    const last = toConnection(rows.slice(2), { limit: 2, after: ['bob'] }, rows.length, (row) => [row], (row) => row);
    expect(last.pageInfo).toEqual({ hasNextPage: false, endCursor: last.edges[1].cursor });
    expect(toConnection([], { limit: 2, after: null }, 0, (row: string) => [row], (row) => row).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});

describe('a share of a group, with disclosure control', () => {
  it('shows a share when both it and the rest of the group are 5 or more', () => {
    // 6 of 20: 30%.
    expect(shareOf(20, 6)).toEqual({ people: 20, count: 6, ratePercent: 30, suppressed: [] });
  });

  it('suppresses a small count and its rate', () => {
    expect(shareOf(20, 3)).toEqual({ people: 20, count: null, ratePercent: null, suppressed: ['count', 'ratePercent'] });
  });

  it('suppresses the count when the rest of the group is small: 18 of 20 leaves 2 to be had by subtraction', () => {
    expect(shareOf(20, 18)).toEqual({ people: 20, count: null, ratePercent: null, suppressed: ['count', 'ratePercent'] });
  });

  it('suppresses everything about a small group, and gives no rate for an empty one', () => {
    expect(shareOf(4, 2)).toEqual({ people: null, count: null, ratePercent: null, suppressed: ['count', 'people', 'ratePercent'] });
    expect(shareOf(0, 0)).toEqual({ people: 0, count: 0, ratePercent: null, suppressed: [] });
  });
});
