/**
 * The row loaders read plain rows, not managed entities (kit/loaders.ts): every entity of every
 * subgraph must still come back with the very values MikroORM's `find` gives, getters included,
 * whatever its column types (dates, timestamps, enums, arrays, JSON, numbers, booleans).
 */
import 'reflect-metadata';
import { ReferenceKind, type EntityMetadata, type EntityName } from '@mikro-orm/postgresql';
import { SUBGRAPHS } from '../../subgraphs';
import { openSubgraphDatabase, type SubgraphDatabase } from '../../subgraphs/kit/database';
import { countByKey, plainRowsOf, rowsByKey, rowsByKeyInWindow } from '../../subgraphs/kit/loaders';
import { testDatabaseUrls } from '../support/hub';

/** Rows compared per entity: enough to meet nulls and the different values of each column. */
const SAMPLE = 200;

/** What a resolver can read of a row: its loaded scalars and the getters its class declares. */
function readable(meta: EntityMetadata): string[] {
  const scalars = meta.props.filter((prop) => prop.kind === ReferenceKind.SCALAR && prop.persist !== false && !prop.lazy).map((prop) => prop.name);
  const getters = Object.entries(Object.getOwnPropertyDescriptors(meta.class.prototype))
    .filter(([name, descriptor]) => descriptor.get && !name.startsWith('__'))
    .map(([name]) => name);
  return [...scalars, ...getters];
}

describe.each(SUBGRAPHS.map((subgraph) => [subgraph.name, subgraph] as const))('the row loaders of %s', (_name, subgraph) => {
  let database: SubgraphDatabase;
  beforeAll(async () => {
    database = await openSubgraphDatabase(subgraph, testDatabaseUrls()[subgraph.name]);
  });
  afterAll(() => database.orm.close());

  it('answer every entity with the values find gives, on the entity class', async () => {
    const metadata = Object.values(database.orm.getMetadata().getAll()).filter((meta) => !meta.embeddable && !meta.virtual && meta.primaryKeys.length === 1);
    let compared = 0;
    for (const meta of metadata) {
      const key = meta.primaryKeys[0];
      if (meta.properties[key].runtimeType !== 'string') continue;
      const entity = meta.class as EntityName<object>;
      const found = (await database.orm.em.fork().find(entity, {}, { limit: SAMPLE, orderBy: { [key]: 'asc' } })) as Record<string, unknown>[];
      const loader = rowsByKey(database.orm.em.fork(), entity as EntityName<Record<string, string>>, key);
      const loaded = await Promise.all(found.map((row) => loader.load(row[key] as string)));
      const fields = readable(meta);
      found.forEach((row, i) => {
        expect(loaded[i]).toHaveLength(1);
        const plain = loaded[i][0];
        expect(plain).toBeInstanceOf(meta.class);
        // Filled without MikroORM's change-tracking setters: no entity wrapper was built for it.
        expect(Object.prototype.hasOwnProperty.call(plain, '__helper')).toBe(false);
        for (const field of fields) expect({ entity: meta.className, field, value: plain[field] }).toEqual({ entity: meta.className, field, value: row[field] });
      });
      compared += found.length;
    }
    // The audit trail starts empty; every other subgraph is seeded.
    if (subgraph.name !== 'audit') expect(compared).toBeGreaterThan(0);
  });
});

describe('plain rows of a list query', () => {
  it('answer every entity with the values find gives for the same query, in its order, on the entity class', async () => {
    let compared = 0;
    for (const subgraph of SUBGRAPHS) {
      const database = await openSubgraphDatabase(subgraph, testDatabaseUrls()[subgraph.name]);
      try {
        const metadata = Object.values(database.orm.getMetadata().getAll()).filter((meta) => !meta.embeddable && !meta.virtual && meta.primaryKeys.length === 1);
        for (const meta of metadata) {
          const key = meta.primaryKeys[0];
          const entity = meta.class as EntityName<object>;
          const found = (await database.orm.em.fork().find(entity, {}, { limit: SAMPLE, orderBy: { [key]: 'desc' } })) as Record<string, unknown>[];
          const query = database.orm.em.fork().createQueryBuilder(entity, 'page').orderBy({ [key]: 'desc' }).limit(SAMPLE);
          const plain = (await plainRowsOf(database.orm.em, entity, query)) as Record<string, unknown>[];
          expect({ entity: meta.className, rows: plain.length }).toEqual({ entity: meta.className, rows: found.length });
          const fields = readable(meta);
          found.forEach((row, i) => {
            expect(plain[i]).toBeInstanceOf(meta.class);
            // Never managed: no entity wrapper was built for it.
            expect(Object.prototype.hasOwnProperty.call(plain[i], '__helper')).toBe(false);
            for (const field of fields) expect({ entity: meta.className, field, value: plain[i][field] }).toEqual({ entity: meta.className, field, value: row[field] });
          });
          compared += found.length;
        }
      } finally {
        await database.orm.close();
      }
    }
    expect(compared).toBeGreaterThan(0);
  });
});

describe('the windowed and counting loaders', () => {
  const police = SUBGRAPHS.find((subgraph) => subgraph.name === 'police')!;
  let database: SubgraphDatabase;
  beforeAll(async () => {
    database = await openSubgraphDatabase(police, testDatabaseUrls().police);
  });
  afterAll(() => database.orm.close());

  it('give each key only its rows in its own window, in order, and count every row of a key', async () => {
    const offence = (police.entities ?? []).find((entity) => (entity as { name?: string }).name === 'PoliceOffence') as EntityName<Record<string, string>>;
    const orderBy = { committedOn: 'desc', id: 'asc' } as const;
    const whole = rowsByKey(database.orm.em.fork(), offence, 'pncId', { orderBy });
    const people = (await database.orm.em.fork().getConnection().execute<{ pnc_id: string }[]>('select distinct pnc_id from police_offence order by pnc_id limit 60')).map((row) => row.pnc_id);
    expect(people.length).toBeGreaterThan(10);
    const histories = await Promise.all(people.map((pncId) => whole.load(pncId)));
    // Windows of different lengths and places: around each person's middle offence, and one
    // ending before their first (nothing in it).
    const asked = people.flatMap((pncId, i) => {
      const days = histories[i].map((row) => row.committedOn).sort();
      const middle = days[Math.floor(days.length / 2)];
      const first = days[0];
      const back = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
      return [
        { key: pncId, since: back(middle, 30 + i), until: middle },
        { key: pncId, since: back(first, 40), until: back(first, 1) },
      ];
    });
    const windowed = rowsByKeyInWindow(database.orm.em.fork(), offence, 'pncId', 'committedOn', orderBy);
    const counts = countByKey(database.orm.em.fork(), offence, 'pncId');
    const [inWindows, counted] = await Promise.all([Promise.all(asked.map((window) => windowed.load(window))), Promise.all([...people, 'NO-SUCH-PNC'].map((pncId) => counts.load(pncId)))]);
    let found = 0;
    asked.forEach((window, i) => {
      const expected = histories[people.indexOf(window.key)].filter((row) => row.committedOn >= window.since && row.committedOn <= window.until);
      expect(inWindows[i].map((row) => row.id)).toEqual(expected.map((row) => row.id));
      for (const row of inWindows[i]) expect(row).toBeInstanceOf((offence as { prototype: object }).prototype.constructor);
      found += expected.length;
    });
    expect(found).toBeGreaterThan(0);
    expect(counted).toEqual([...histories.map((history) => history.length), 0]);
  });
});
