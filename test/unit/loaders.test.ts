import { ReferenceKind, type EntityName } from '@mikro-orm/postgresql';
import { rowByKey, rowsByKey, type RowFinder } from '../../subgraphs/kit/loaders';

class Visit {
  constructor(
    public id: string,
    public pncId: string,
    public visitedOn: string,
  ) {}

  get day(): string {
    return this.visitedOn.slice(8);
  }
}

/** The text[] literal `arrayLiteral` writes, read back as PostgreSQL would. */
function parseTextArray(literal: string): string[] {
  const inner = literal.slice(1, -1);
  if (!inner) return [];
  return [...inner.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) => match[1].replace(/\\(.)/g, '$1'));
}

/**
 * An EntityManager over rows in memory: its query builder writes the statement the way MikroORM's
 * does (`"column" in (?, ?)` for a `$in`, one binding per value), and its connection answers the
 * statement it is sent (keys as one array parameter, `= any(?)`) and records it, as PostgreSQL would.
 */
function finderOver(rows: Visit[]) {
  const built: { entity: unknown; fields: unknown; where: Record<string, unknown>; orderBy: unknown }[] = [];
  const calls: { sql: string; bindings: unknown[] }[] = [];
  const column = (property: string) => property.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  const createQueryBuilder = (entity: unknown) => {
    const call = { entity, fields: undefined as unknown, where: {} as Record<string, Record<string, unknown>>, orderBy: undefined as unknown };
    built.push(call);
    const builder = {
      select(fields: unknown) {
        call.fields = fields;
        return builder;
      },
      where(where: Record<string, Record<string, unknown>>) {
        call.where = where;
        return builder;
      },
      orderBy(orderBy: unknown) {
        call.orderBy = orderBy;
        return builder;
      },
      getKnexQuery() {
        const conditions: string[] = [];
        const bindings: unknown[] = [];
        for (const [property, condition] of Object.entries(call.where)) {
          if ('$in' in condition) {
            const values = condition.$in as unknown[];
            conditions.push(`"${column(property)}" in (${values.map(() => '?').join(', ')})`);
            bindings.push(...values);
          }
          if ('$gte' in condition) {
            conditions.push(`"${column(property)}" >= ?`);
            bindings.push(condition.$gte);
          }
        }
        const order = call.orderBy ? ` order by ${Object.entries(call.orderBy as object).map(([p, d]) => `"${column(p)}" ${String(d)}`).join(', ')}` : '';
        return { toSQL: () => ({ sql: `select * from "visit" where ${conditions.join(' and ')}${order}`, bindings }) };
      },
    };
    return builder;
  };
  const execute = async (sql: string, bindings: unknown[]) => {
    calls.push({ sql, bindings });
    const keys = parseTextArray(String(bindings[0]));
    const from = bindings.length > 1 ? String(bindings[1]) : '';
    return rows.filter((row) => keys.includes(row.pncId) && row.visitedOn >= from).map((row) => ({ id: row.id, pnc_id: row.pncId, visited_on: row.visitedOn }));
  };
  const meta = { className: 'Visit', props: ['id', 'pncId', 'visitedOn'].map((name) => ({ name, kind: ReferenceKind.SCALAR, fieldNames: [column(name)] })), prototype: Visit.prototype };
  const mapResult = (row: Record<string, unknown>) => ({ id: row.id, pncId: row.pnc_id, visitedOn: row.visited_on });
  // Only these members are used; the cast stands in for MikroORM's types.
  return { em: { createQueryBuilder, getMetadata: () => ({ get: () => meta }), getConnection: () => ({ execute }), getDriver: () => ({ mapResult }) } as unknown as RowFinder, built, calls };
}

const VISITS = [new Visit('v1', 'A', '2026-01-02'), new Visit('v2', 'B', '2026-01-03'), new Visit('v3', 'A', '2026-01-04')];

describe('rowsByKey', () => {
  it('fetches a whole batch of keys in one statement, with the order and conditions asked for, the keys as one parameter', async () => {
    const { em, built, calls } = finderOver(VISITS);
    const loader = rowsByKey(em, Visit as EntityName<Visit>, 'pncId', { where: { visitedOn: { $gte: '2026-01-02' } }, orderBy: { visitedOn: 'desc', id: 'asc' } });
    const [a] = await Promise.all([loader.load('A'), loader.load('B'), loader.load('C')]);
    expect(a.map((visit) => visit.id)).toEqual(['v1', 'v3']);
    expect(calls).toEqual([{ sql: 'select * from "visit" where "pnc_id" = any(?) and "visited_on" >= ? order by "visited_on" desc, "id" asc', bindings: ['{"A","B","C"}', '2026-01-02'] }]);
    expect(built).toHaveLength(1);
    expect(built[0].entity).toBe(Visit);
    expect(built[0].fields).toEqual(['id', 'pncId', 'visitedOn']);
  });

  it("writes a loader's statement once: later batches of any size, in any request, send the same text", async () => {
    const { em, built, calls } = finderOver(VISITS);
    const options = { where: { visitedOn: { $gte: '2026-01-01' } } };
    await rowsByKey(em, Visit as EntityName<Visit>, 'pncId', options).load('A');
    const later = rowsByKey(em, Visit as EntityName<Visit>, 'pncId', { where: { visitedOn: { $gte: '2026-01-01' } } });
    await Promise.all([later.load('A'), later.load('B')]);
    expect(built).toHaveLength(1);
    expect(calls.map((call) => call.sql)).toEqual([calls[0].sql, calls[0].sql]);
    expect(calls.map((call) => call.bindings[0])).toEqual(['{"A"}', '{"A","B"}']);
  });

  it('passes keys holding quotes, backslashes, commas or braces as themselves', async () => {
    const odd = ['a"b', 'c\\d', 'e,f', '{g}'];
    const { em } = finderOver(odd.map((key, i) => new Visit(`w${i}`, key, '2026-02-01')));
    const loader = rowsByKey(em, Visit as EntityName<Visit>, 'pncId', { orderBy: { id: 'asc' } });
    const found = await Promise.all(odd.map((key) => loader.load(key)));
    expect(found.map((rows) => rows.map((row) => row.pncId))).toEqual(odd.map((key) => [key]));
  });

  it('gives each key its own rows, in the order fetched, and none to a key with no rows', async () => {
    const { em } = finderOver(VISITS);
    const loader = rowsByKey(em, Visit as EntityName<Visit>, 'pncId');
    const [a, b, c] = await Promise.all([loader.load('A'), loader.load('B'), loader.load('C')]);
    expect(a.map((visit) => visit.id)).toEqual(['v1', 'v3']);
    // Plain rows on the entity's prototype: what the class declares still answers.
    expect(a[0]).toBeInstanceOf(Visit);
    expect(a[0].day).toBe('02');
    expect(b.map((visit) => visit.id)).toEqual(['v2']);
    expect(c).toEqual([]);
  });
});

describe('rowByKey', () => {
  it('answers each key with its row, or null, from one statement with no order', async () => {
    const { em, calls } = finderOver([VISITS[0], VISITS[1]]);
    const loader = rowByKey(em, Visit as EntityName<Visit>, 'pncId');
    const [a, c, b] = await Promise.all([loader.load('A'), loader.load('C'), loader.load('B')]);
    expect([a?.id, c, b?.id]).toEqual(['v1', null, 'v2']);
    expect(calls).toHaveLength(1);
    expect(calls[0].sql).not.toContain('order by');
  });

  it('asks once for a key loaded twice in a request', async () => {
    const { em, calls } = finderOver(VISITS);
    const loader = rowByKey(em, Visit as EntityName<Visit>, 'pncId');
    await Promise.all([loader.load('B'), loader.load('B')]);
    await loader.load('B');
    expect(calls).toHaveLength(1);
    expect(calls[0].bindings).toEqual(['{"B"}']);
  });
});
