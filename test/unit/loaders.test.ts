import type { EntityName } from '@mikro-orm/postgresql';
import { rowByKey, rowsByKey, type RowFinder } from '../../subgraphs/kit/loaders';

class Visit {
  constructor(
    public id: string,
    public pncId: string,
    public visitedOn: string,
  ) {}
}

/** An EntityManager's `find` over rows in memory: records each call and answers the `$in` it is given. */
function finderOver(rows: Visit[]) {
  const calls: { entity: unknown; where: Record<string, unknown>; options: unknown }[] = [];
  const find = async (entity: unknown, where: Record<string, { $in: string[] }>, options: unknown) => {
    calls.push({ entity, where, options });
    return rows.filter((row) => where.pncId.$in.includes(row.pncId));
  };
  // Only `find` is used; the cast stands in for MikroORM's overloads.
  return { em: { find } as unknown as RowFinder, calls };
}

const VISITS = [new Visit('v1', 'A', '2026-01-02'), new Visit('v2', 'B', '2026-01-03'), new Visit('v3', 'A', '2026-01-04')];

describe('rowsByKey', () => {
  it('fetches a whole batch of keys in one find, with the order and conditions asked for', async () => {
    const { em, calls } = finderOver(VISITS);
    const loader = rowsByKey(em, Visit as EntityName<Visit>, 'pncId', { where: { visitedOn: { $gte: '2026-01-01' } }, orderBy: { visitedOn: 'desc', id: 'asc' } });
    await Promise.all([loader.load('A'), loader.load('B'), loader.load('C')]);
    expect(calls).toHaveLength(1);
    expect(calls[0].entity).toBe(Visit);
    expect(calls[0].where).toEqual({ pncId: { $in: ['A', 'B', 'C'] }, visitedOn: { $gte: '2026-01-01' } });
    expect(calls[0].options).toEqual({ orderBy: { visitedOn: 'desc', id: 'asc' } });
  });

  it('gives each key its own rows, in the order fetched, and none to a key with no rows', async () => {
    const { em } = finderOver(VISITS);
    const loader = rowsByKey(em, Visit as EntityName<Visit>, 'pncId');
    const [a, b, c] = await Promise.all([loader.load('A'), loader.load('B'), loader.load('C')]);
    expect(a.map((visit) => visit.id)).toEqual(['v1', 'v3']);
    expect(b.map((visit) => visit.id)).toEqual(['v2']);
    expect(c).toEqual([]);
  });
});

describe('rowByKey', () => {
  it('answers each key with its row, or null, from one find with no order', async () => {
    const { em, calls } = finderOver([VISITS[0], VISITS[1]]);
    const loader = rowByKey(em, Visit as EntityName<Visit>, 'pncId');
    const [a, c, b] = await Promise.all([loader.load('A'), loader.load('C'), loader.load('B')]);
    expect([a?.id, c, b?.id]).toEqual(['v1', null, 'v2']);
    expect(calls).toHaveLength(1);
    expect(calls[0].options).toEqual({});
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
