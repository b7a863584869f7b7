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

/**
 * An EntityManager over rows in memory: its query builder records the statement the loader has
 * MikroORM write (columns, conditions with the placeholder keys, order) and prints it with an
 * `in (?, ?)` for them; its connection runs the rewritten statement, recording the keys each run
 * is given as its one array parameter, and answers them as plain rows.
 */
function finderOver(rows: Visit[]) {
  const written: { entity: unknown; fields: unknown; where: Record<string, unknown>; orderBy: unknown }[] = [];
  const runs: { sql: string; keys: string[] }[] = [];
  const createQueryBuilder = (entity: unknown) => {
    const call = { entity, fields: undefined as unknown, where: {} as Record<string, unknown>, orderBy: undefined as unknown };
    const builder = {
      select(fields: unknown) {
        call.fields = fields;
        return builder;
      },
      where(where: Record<string, unknown>) {
        call.where = where;
        return builder;
      },
      orderBy(orderBy: unknown) {
        call.orderBy = orderBy;
        return builder;
      },
      getKnexQuery() {
        written.push(call);
        const placeholders = (call.where.pncId as { $in: string[] }).$in;
        const others = Object.keys(call.where).filter((name) => name !== 'pncId');
        return {
          toSQL: () => ({
            sql: `select * from "visit" as "v0" where "v0"."pnc_id" in (?, ?)${others.map((name) => ` and "v0"."${name}" >= ?`).join('')}`,
            bindings: [...placeholders, ...others.map((name) => (call.where[name] as { $gte: string }).$gte)],
          }),
        };
      },
    };
    return builder;
  };
  const raw = (sql: string, bindings: unknown[]) => {
    const keys = bindings[0] as string[];
    runs.push({ sql, keys });
    const answer = Promise.resolve({ rows: rows.filter((row) => keys.includes(row.pncId)).map((row) => ({ ...row })) });
    return Object.assign(answer, { transacting: () => answer });
  };
  const meta = { className: 'Visit', props: ['id', 'pncId', 'visitedOn'].map((name) => ({ name, kind: ReferenceKind.SCALAR, fieldNames: [name] })), prototype: Visit.prototype };
  const em = {
    createQueryBuilder,
    getMetadata: () => ({ get: () => meta }),
    getConnection: () => ({ getKnex: () => ({ raw }) }),
    getDriver: () => ({ mapResult: (row: Record<string, unknown>) => row }),
    getTransactionContext: () => undefined,
  };
  // Only these members are used; the cast stands in for MikroORM's types.
  return { em: em as unknown as RowFinder, written, runs };
}

const VISITS = [new Visit('v1', 'A', '2026-01-02'), new Visit('v2', 'B', '2026-01-03'), new Visit('v3', 'A', '2026-01-04')];

describe('rowsByKey', () => {
  it('fetches a whole batch of keys in one statement, with the order and conditions asked for', async () => {
    const { em, written, runs } = finderOver(VISITS);
    const loader = rowsByKey(em, Visit as EntityName<Visit>, 'pncId', { where: { visitedOn: { $gte: '2026-01-01' } }, orderBy: { visitedOn: 'desc', id: 'asc' } });
    await Promise.all([loader.load('A'), loader.load('B'), loader.load('C')]);
    expect(runs).toHaveLength(1);
    expect(runs[0].keys).toEqual(['A', 'B', 'C']);
    // The key list becomes one array parameter; the further condition keeps its own.
    expect(runs[0].sql).toBe('select * from "visit" as "v0" where "v0"."pnc_id" = any(?) and "v0"."visitedOn" >= ?');
    expect(written).toHaveLength(1);
    expect(written[0].entity).toBe(Visit);
    expect(written[0].where).toMatchObject({ visitedOn: { $gte: '2026-01-01' } });
    expect(written[0].orderBy).toEqual({ visitedOn: 'desc', id: 'asc' });
    expect(written[0].fields).toEqual(['id', 'pncId', 'visitedOn']);
  });

  it('writes a statement once and runs it for every batch after', async () => {
    const { em, written, runs } = finderOver(VISITS);
    await rowsByKey(em, Visit as EntityName<Visit>, 'pncId').load('A');
    await rowsByKey(em, Visit as EntityName<Visit>, 'pncId').load('B');
    expect(written).toHaveLength(1);
    expect(runs.map((run) => run.keys)).toEqual([['A'], ['B']]);
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
    const { em, written, runs } = finderOver([VISITS[0], VISITS[1]]);
    const loader = rowByKey(em, Visit as EntityName<Visit>, 'pncId');
    const [a, c, b] = await Promise.all([loader.load('A'), loader.load('C'), loader.load('B')]);
    expect([a?.id, c, b?.id]).toEqual(['v1', null, 'v2']);
    expect(runs).toHaveLength(1);
    expect(written[0].orderBy).toBeUndefined();
  });

  it('asks once for a key loaded twice in a request', async () => {
    const { em, runs } = finderOver(VISITS);
    const loader = rowByKey(em, Visit as EntityName<Visit>, 'pncId');
    await Promise.all([loader.load('B'), loader.load('B')]);
    await loader.load('B');
    expect(runs).toHaveLength(1);
    expect(runs[0].keys).toEqual(['B']);
  });
});
