/**
 * DataLoader helpers: every list and every reference resolver goes through one of these, so the
 * number of SQL statements for a query does not grow with the number of people in it.
 * `rowByKey`/`rowsByKey` are the usual case (rows of one entity whose key is in the batch);
 * `loaderOfOne`/`loaderOfMany` take any batched fetch (grouped counts, pairs, date ranges).
 */
import DataLoader from 'dataloader';
import { ReferenceKind, type EntityManager, type EntityName, type FilterQuery, type QueryOrderMap } from '@mikro-orm/postgresql';

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

/** What the row loaders need of an EntityManager: its query builder and metadata, so a test can hand in its own. */
export type RowFinder = Pick<EntityManager, 'createQueryBuilder' | 'getMetadata'>;

export interface RowLoaderOptions<TEntity extends object> {
  /** Further conditions every row must meet (e.g. a status). */
  where?: FilterQuery<TEntity>;
  /** The order of each key's rows: keep an `id` last so the order is total. */
  orderBy?: QueryOrderMap<TEntity>;
}

interface RowShape {
  /** The properties `find` would load: every stored scalar but the lazy ones. */
  fields: string[];
  /**
   * Each row's prototype: the entity class's (its getters answer, `instanceof` holds), under a
   * layer of plain writable properties for the loaded fields. MikroORM puts change-tracking
   * setters on the entity's prototype; without the layer, filling a row would run them and build
   * the very entity wrapper this path leaves out.
   */
  prototype: object;
}

const ROW_SHAPES = new WeakMap<object, RowShape>();

function rowShapeOf(em: RowFinder, entity: EntityName<object>): RowShape {
  const meta = em.getMetadata().get(entity as string);
  let shape = ROW_SHAPES.get(meta);
  if (!shape) {
    const fields = meta.props.filter((prop) => prop.kind === ReferenceKind.SCALAR && prop.persist !== false && !prop.lazy && !prop.formula && prop.fieldNames?.length === 1).map((prop) => prop.name);
    const prototype = Object.create(meta.prototype as object) as object;
    for (const field of fields) Object.defineProperty(prototype, field, { value: undefined, writable: true, enumerable: false, configurable: true });
    shape = { fields, prototype };
    ROW_SHAPES.set(meta, shape);
  }
  return shape;
}

/**
 * One `select … where key in (…)` for a batch of keys, with any further conditions and order.
 *
 * Read paths only: the rows come back as plain objects on the entity's prototype (its getters
 * work), not as managed entities. They skip MikroORM's entity factory, hydration, identity map
 * and change tracking, which were over a third of a subgraph's CPU under load and buy nothing
 * for an answer that is never written back. Nothing writes through a loader's rows: writes load
 * what they change inside their own transaction.
 */
async function findByKeys<TEntity extends object>(em: RowFinder, entity: EntityName<TEntity>, key: StringKeyOf<TEntity>, keys: readonly string[], options: RowLoaderOptions<TEntity>): Promise<TEntity[]> {
  const shape = rowShapeOf(em, entity as EntityName<object>);
  // MikroORM's FilterQuery cannot follow a key chosen by a type parameter; the shape is checked
  // by StringKeyOf above instead.
  const where = { [key]: { $in: [...keys] }, ...(options.where as object | undefined) } as FilterQuery<TEntity>;
  const query = em.createQueryBuilder(entity).select(shape.fields as never).where(where);
  if (options.orderBy) query.orderBy(options.orderBy);
  // Mapped to property names, with dates and booleans converted as `find` converts them.
  const rows = await query.execute<Record<string, unknown>[]>('all', true);
  return rows.map((row) => Object.assign(Object.create(shape.prototype) as TEntity, row));
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
