/**
 * DataLoader helpers: every list and every reference resolver goes through one of these, so the
 * number of SQL statements for a query does not grow with the number of people in it.
 * `rowByKey`/`rowsByKey` are the usual case (rows of one entity whose key is in the batch);
 * `loaderOfOne`/`loaderOfMany` take any batched fetch (grouped counts, pairs, date ranges).
 */
import DataLoader from 'dataloader';
import type { EntityManager, EntityName, FilterQuery, QueryOrderMap } from '@mikro-orm/postgresql';

/** One row (or null) per key, from a single batched fetch. */
export function loaderOfOne<TKey, TRow, TCacheKey = TKey>(
  fetch: (keys: readonly TKey[]) => Promise<TRow[]>,
  keyOf: (row: TRow) => TCacheKey,
  cacheKeyFn?: (key: TKey) => TCacheKey,
): DataLoader<TKey, TRow | null, TCacheKey> {
  const toCacheKey = cacheKeyFn ?? ((key: TKey) => key as unknown as TCacheKey);
  return new DataLoader<TKey, TRow | null, TCacheKey>(
    async (keys) => {
      const rows = await fetch(keys);
      const byKey = new Map<TCacheKey, TRow>();
      for (const row of rows) byKey.set(keyOf(row), row);
      return keys.map((key) => byKey.get(toCacheKey(key)) ?? null);
    },
    { cacheKeyFn, maxBatchSize: 5000 },
  );
}

/** Every row per key (possibly none), from a single batched fetch. */
export function loaderOfMany<TKey, TRow, TCacheKey = TKey>(
  fetch: (keys: readonly TKey[]) => Promise<TRow[]>,
  keyOf: (row: TRow) => TCacheKey,
  cacheKeyFn?: (key: TKey) => TCacheKey,
): DataLoader<TKey, TRow[], TCacheKey> {
  const toCacheKey = cacheKeyFn ?? ((key: TKey) => key as unknown as TCacheKey);
  return new DataLoader<TKey, TRow[], TCacheKey>(
    async (keys) => {
      const rows = await fetch(keys);
      const byKey = new Map<TCacheKey, TRow[]>();
      for (const row of rows) {
        const key = keyOf(row);
        const list = byKey.get(key);
        if (list) list.push(row);
        else byKey.set(key, [row]);
      }
      return keys.map((key) => byKey.get(toCacheKey(key)) ?? []);
    },
    { cacheKeyFn, maxBatchSize: 5000 },
  );
}

/** The entity's properties that hold a string key (an id, a PNC ID, a CRN, a cohort code…). */
export type StringKeyOf<TEntity> = { [P in keyof TEntity]-?: NonNullable<TEntity[P]> extends string ? P : never }[keyof TEntity] & string;

/** What the row loaders need of an EntityManager: its `find`, so a test can hand in its own. */
export type RowFinder = Pick<EntityManager, 'find'>;

export interface RowLoaderOptions<TEntity extends object> {
  /** Further conditions every row must meet (e.g. a status). */
  where?: FilterQuery<TEntity>;
  /** The order of each key's rows: keep an `id` last so the order is total. */
  orderBy?: QueryOrderMap<TEntity>;
}

/** One `select … where key in (…)` for a batch of keys, with any further conditions and order. */
function findByKeys<TEntity extends object>(em: RowFinder, entity: EntityName<TEntity>, key: StringKeyOf<TEntity>, keys: readonly string[], options: RowLoaderOptions<TEntity>): Promise<TEntity[]> {
  // MikroORM's FilterQuery cannot follow a key chosen by a type parameter; the shape is checked
  // by StringKeyOf above instead.
  const where = { [key]: { $in: [...keys] }, ...(options.where as object | undefined) } as FilterQuery<TEntity>;
  return em.find(entity, where, options.orderBy ? { orderBy: options.orderBy } : {}) as Promise<TEntity[]>;
}

/** The row (or null) whose `key` property is each key asked for, in one statement per batch. */
export function rowByKey<TEntity extends object>(
  em: RowFinder,
  entity: EntityName<TEntity>,
  key: StringKeyOf<TEntity>,
  options: RowLoaderOptions<TEntity> = {},
): DataLoader<string, TEntity | null> {
  return loaderOfOne<string, TEntity>((keys) => findByKeys(em, entity, key, keys, options), (row) => row[key] as string);
}

/** Every row whose `key` property is each key asked for, in `orderBy` order, in one statement per batch. */
export function rowsByKey<TEntity extends object>(
  em: RowFinder,
  entity: EntityName<TEntity>,
  key: StringKeyOf<TEntity>,
  options: RowLoaderOptions<TEntity> = {},
): DataLoader<string, TEntity[]> {
  return loaderOfMany<string, TEntity>((keys) => findByKeys(em, entity, key, keys, options), (row) => row[key] as string);
}
