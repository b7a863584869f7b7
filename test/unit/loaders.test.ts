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
 * An EntityManager's query builder over rows in memory: records each statement (its columns,
 * conditions and order) and answers the `$in` it is given as plain rows, as `execute` does.
 */
function finderOver(rows: Visit[]) {
  const calls: { entity: unknown; fields: unknown; where: Record<string, unknown>; orderBy: unknown }[] = [];
  const createQueryBuilder = (entity: unknown) => {
    const call = { entity, fields: undefined as unknown, where: {} as Record<string, { $in: string[] }>, orderBy: undefined as unknown };
    const builder = {
      select(fields: unknown) {
        call.fields = fields;
        return builder;
      },
      where(where: Record<string, { $in: string[] }>) {
        call.where = where;
        return builder;
      },
      orderBy(orderBy: unknown) {
        call.orderBy = orderBy;
        return builder;
      },
      async execute() {
        calls.push(call);
        return rows.filter((row) => call.where.pncId.$in.includes(row.pncId)).map((row) => ({ ...row }));
      },
    };
    return builder;
  };
  const meta = { props: ['id', 'pncId', 'visitedOn'].map((name) => ({ name, kind: ReferenceKind.SCALAR, fieldNames: [name] })), prototype: Visit.prototype };
  // Only these members are used; the cast stands in for MikroORM's types.
  return { em: { createQueryBuilder, getMetadata: () => ({ get: () => meta }) } as unknown as RowFinder, calls };
}

const VISITS = [new Visit('v1', 'A', '2026-01-02'), new Visit('v2', 'B', '2026-01-03'), new Visit('v3', 'A', '2026-01-04')];

describe('rowsByKey', () => {
  it('fetches a whole batch of keys in one statement, with the order and conditions asked for', async () => {
    const { em, calls } = finderOver(VISITS);
    const loader = rowsByKey(em, Visit as EntityName<Visit>, 'pncId', { where: { visitedOn: { $gte: '2026-01-01' } }, orderBy: { visitedOn: 'desc', id: 'asc' } });
    await Promise.all([loader.load('A'), loader.load('B'), loader.load('C')]);
    expect(calls).toHaveLength(1);
    expect(calls[0].entity).toBe(Visit);
    expect(calls[0].where).toEqual({ pncId: { $in: ['A', 'B', 'C'] }, visitedOn: { $gte: '2026-01-01' } });
    expect(calls[0].orderBy).toEqual({ visitedOn: 'desc', id: 'asc' });
    expect(calls[0].fields).toEqual(['id', 'pncId', 'visitedOn']);
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
    expect(calls[0].orderBy).toBeUndefined();
  });

  it('asks once for a key loaded twice in a request', async () => {
    const { em, calls } = finderOver(VISITS);
    const loader = rowByKey(em, Visit as EntityName<Visit>, 'pncId');
    await Promise.all([loader.load('B'), loader.load('B')]);
    await loader.load('B');
    expect(calls).toHaveLength(1);
    expect(calls[0].where).toEqual({ pncId: { $in: ['B'] } });
  });
});
