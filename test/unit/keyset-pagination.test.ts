import { encodeCursor, keysetPage, keysetRequest, type Keyset, type KeysetQuery } from '../../subgraphs/kit/pagination';

interface Row {
  familyName: string;
  heldOn: string;
  id: string;
  seq: string;
}

const ORDER: Keyset<Row> = {
  columns: [
    { property: 'familyName', column: 'family_name', type: 'text' },
    { property: 'heldOn', column: 'held_on', type: 'date' },
    { property: 'id', column: 'id', type: 'uuid' },
  ],
  direction: 'asc',
};
const NEWEST_FIRST: Keyset<Row> = { columns: [{ property: 'seq', column: 'seq', type: 'bigint' }], direction: 'desc' };

const UUIDS = ['0b6c6a52-4c0e-4d8f-9a51-7f0c2d1e3a01', '0b6c6a52-4c0e-4d8f-9a51-7f0c2d1e3a02', '0b6c6a52-4c0e-4d8f-9a51-7f0c2d1e3a03'];
const ROWS: Row[] = UUIDS.map((id, index) => ({ familyName: `Name${index}`, heldOn: `2026-01-0${index + 1}`, id, seq: String(index + 1) }));

/** A query builder over rows in memory that records what is asked of it and answers `rows` (already in order). */
function recordingQueries(rows: Row[], total: number) {
  const made: { alias: string; orderBy?: Record<string, string>; limit?: number; where: [string, unknown[]][] }[] = [];
  const query = (alias: string): KeysetQuery<Row> => {
    const asked: (typeof made)[number] = { alias, where: [] };
    made.push(asked);
    return {
      orderBy: (order) => (asked.orderBy = order),
      limit: (limit) => (asked.limit = limit),
      andWhere: (sql, params) => asked.where.push([sql, params]),
      getResultList: async () => rows.slice(0, asked.limit),
      getCount: async () => total,
    };
  };
  return { query, made };
}

const badUserInput = expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argumentName: 'after' }) });

describe('a keyset page request', () => {
  it('takes a cursor whose values fit each column of the keyset', () => {
    const after = encodeCursor(['Smith', '2026-02-28', UUIDS[0]]);
    expect(keysetRequest(ORDER, 10, after)).toMatchObject({ limit: 10, after: ['Smith', '2026-02-28', UUIDS[0]] });
    expect(keysetRequest(NEWEST_FIRST, 10, encodeCursor(['9223372036854775807'])).after).toEqual(['9223372036854775807']);
  });

  it.each([
    ['too few values', ['Smith', '2026-02-28']],
    ['too many values', ['Smith', '2026-02-28', UUIDS[0], 'x']],
    ['a number where text belongs', [42, '2026-02-28', UUIDS[0]]],
    ['null where text belongs', [null, '2026-02-28', UUIDS[0]]],
    ['a day that does not exist', ['Smith', '2026-02-30', UUIDS[0]]],
    ['a date with a time', ['Smith', '2026-02-28T00:00:00Z', UUIDS[0]]],
    ['an id that is no UUID', ['Smith', '2026-02-28', "1' or '1'='1"]],
    ['text with a NUL', ['Sm\u0000ith', '2026-02-28', UUIDS[0]]],
  ])('refuses %s with BAD_USER_INPUT', (_case, values) => {
    expect(() => keysetRequest(ORDER, 10, encodeCursor(values as (string | number | null)[]))).toThrow(badUserInput);
  });

  it.each([
    ['a bigint past its range', ['9223372036854775808']],
    ['a negative bigint', ['-1']],
    ['a bigint as a JSON number', [12]],
    ['a bigint with other characters', ['12; drop table audit_record']],
  ])('refuses %s with BAD_USER_INPUT', (_case, values) => {
    expect(() => keysetRequest(NEWEST_FIRST, 10, encodeCursor(values as (string | number | null)[]))).toThrow(badUserInput);
  });

  it('refuses what is not a cursor at all', () => {
    for (const after of ['%%%', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('not json').toString('base64url'), 'A'.repeat(5000)]) {
      expect(() => keysetRequest(ORDER, 10, after)).toThrow(badUserInput);
    }
  });

  it('never reaches the query for a cursor of the wrong shape or type', async () => {
    const { query, made } = recordingQueries(ROWS, ROWS.length);
    const search = async (after: string) => keysetPage(keysetRequest(ORDER, 2, after), query);
    await expect(search(encodeCursor(['Smith', 20260228, UUIDS[0]]))).rejects.toThrow(badUserInput);
    await expect(search(encodeCursor(['Smith']))).rejects.toThrow(badUserInput);
    expect(made).toEqual([]);
  });
});

describe('a keyset page', () => {
  it('orders by every column, asks one row more than the page, and counts separately', async () => {
    const { query, made } = recordingQueries(ROWS, 7);
    const page = await keysetPage(keysetRequest(ORDER, 2, null), query);
    expect(made.map((asked) => asked.alias).sort()).toEqual(['page', 'total']);
    const pageQuery = made.find((asked) => asked.alias === 'page')!;
    expect(pageQuery.orderBy).toEqual({ familyName: 'asc', heldOn: 'asc', id: 'asc' });
    expect(pageQuery.limit).toBe(3);
    expect(pageQuery.where).toEqual([]);
    expect(page.edges.map((edge) => edge.node.id)).toEqual([UUIDS[0], UUIDS[1]]);
    expect(page.totalCount).toBe(7);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor(['Name1', '2026-01-02', UUIDS[1]]) });
  });

  it("starts after the cursor, comparing the columns as one row value, each value cast to its column's type", async () => {
    const { query, made } = recordingQueries(ROWS.slice(2), 3);
    const after = encodeCursor(['Name1', '2026-01-02', UUIDS[1]]);
    const page = await keysetPage(keysetRequest(ORDER, 2, after), query);
    expect(made.find((asked) => asked.alias === 'page')!.where).toEqual([['(page.family_name, page.held_on, page.id) > (?, ?::date, ?::uuid)', ['Name1', '2026-01-02', UUIDS[1]]]]);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(page.edges.map((edge) => edge.node.id)).toEqual([UUIDS[2]]);
  });

  it('compares with < when the keyset descends, and uses a given count instead of counting the query', async () => {
    const { query, made } = recordingQueries([ROWS[0]], 99);
    const page = await keysetPage(keysetRequest(NEWEST_FIRST, 5, encodeCursor(['2'])), query, async () => 1);
    expect(made).toHaveLength(1);
    expect(made[0].orderBy).toEqual({ seq: 'desc' });
    expect(made[0].where).toEqual([['(page.seq) < (?::bigint)', ['2']]]);
    expect(page.totalCount).toBe(1);
  });

  it('has no end cursor on an empty page', async () => {
    const { query } = recordingQueries([], 0);
    expect((await keysetPage(keysetRequest(ORDER, 5, null), query)).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});

describe('a keyset on an instant', () => {
  interface Restriction {
    restrictedAt: Date;
    id: string;
  }
  const NEWEST: Keyset<Restriction> = { columns: [{ property: 'restrictedAt', column: 'restricted_at', type: 'timestamp' }, { property: 'id', column: 'id', type: 'uuid' }], direction: 'desc' };
  const AT = new Date(Date.UTC(2026, 5, 30, 10, 15, 0, 250));

  it('puts a Date in the cursor as its ISO 8601 text, and compares it as a timestamptz', async () => {
    const asked: [string, unknown[]][] = [];
    const query = (): KeysetQuery<Restriction> => ({
      orderBy: () => undefined,
      limit: () => undefined,
      andWhere: (sql, params) => asked.push([sql, params]),
      getResultList: async () => [{ restrictedAt: AT, id: UUIDS[0] }],
      getCount: async () => 1,
    });
    const first = await keysetPage(keysetRequest(NEWEST, 5, null), query);
    expect(first.pageInfo.endCursor).toBe(encodeCursor([AT.toISOString(), UUIDS[0]]));
    await keysetPage(keysetRequest(NEWEST, 5, first.pageInfo.endCursor), query);
    expect(asked).toEqual([['(page.restricted_at, page.id) < (?::timestamptz, ?::uuid)', ['2026-06-30T10:15:00.250Z', UUIDS[0]]]]);
  });

  it.each([
    ['a day without a time', '2026-06-30'],
    ['an instant written otherwise', '2026-06-30T10:15:00Z'],
    ['an instant on a day that does not exist', '2026-02-30T10:15:00.000Z'],
    ['text', 'yesterday'],
    ['milliseconds since 1970', 1782814500250],
  ])('refuses %s with BAD_USER_INPUT', (_case, value) => {
    expect(() => keysetRequest(NEWEST, 5, encodeCursor([value, UUIDS[0]]))).toThrow(badUserInput);
  });
});
