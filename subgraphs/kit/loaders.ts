/**
 * DataLoader helpers: every list and every reference resolver goes through one of these, so the
 * number of SQL statements for a query does not grow with the number of people in it.
 * `rowByKey`/`rowsByKey` are the usual case (rows of one entity whose key is in the batch);
 * `loaderOfOne`/`loaderOfMany` take any batched fetch (grouped counts, pairs, date ranges).
 */
import DataLoader from 'dataloader';
import { ReferenceKind, type EntityData, type EntityManager, type EntityMetadata, type EntityName, type FilterQuery, type QueryOrderMap } from '@mikro-orm/postgresql';

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

/** What the row loaders need of an EntityManager: its query builder and metadata, its connection and its driver's row mapping. */
export type RowFinder = Pick<EntityManager, 'createQueryBuilder' | 'getMetadata' | 'getConnection' | 'getDriver'>;

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
 * A loader's statement, written once by the query builder and kept: the batch's keys travel as
 * one array parameter (`= any(?)`), so the same text serves every batch whatever its size.
 */
interface KeyStatement {
  sql: string;
  /** The other parameters, with the keys' place left empty. */
  bindings: unknown[];
  keysAt: number;
}

/** Loader statements by entity, key and options: a few dozen call sites, each with fixed options. */
const KEY_STATEMENTS = new Map<string, KeyStatement>();
const KEY_STATEMENTS_MAX = 500;
/** Stands for the batch's keys while the query builder writes the statement. */
const KEYS_PLACEHOLDER = '\u0000row-loader-keys\u0000';

function keyStatement<TEntity extends object>(em: RowFinder, entity: EntityName<TEntity>, key: string, options: RowLoaderOptions<TEntity>, shape: RowShape): KeyStatement {
  const meta = em.getMetadata().get(entity as string);
  const cacheKey = JSON.stringify([meta.className, key, options.where ?? null, options.orderBy ?? null]);
  const known = KEY_STATEMENTS.get(cacheKey);
  if (known) return known;
  // MikroORM's FilterQuery cannot follow a key chosen by a type parameter; the shape is checked
  // by StringKeyOf instead.
  const where = { [key]: { $in: [KEYS_PLACEHOLDER] }, ...(options.where as object | undefined) } as FilterQuery<TEntity>;
  const query = em.createQueryBuilder(entity).select(shape.fields as never).where(where);
  if (options.orderBy) query.orderBy(options.orderBy);
  const { sql, bindings } = query.getKnexQuery().toSQL();
  const keysAt = bindings.indexOf(KEYS_PLACEHOLDER);
  let at = -1;
  for (let i = 0; i <= keysAt; i++) at = sql.indexOf('?', at + 1);
  // The one place the keys go must be the `in (?)` the query builder wrote for them.
  if (keysAt < 0 || bindings.lastIndexOf(KEYS_PLACEHOLDER) !== keysAt || sql.slice(at - 4, at + 2) !== 'in (?)') throw new Error(`The row loader of ${meta.className}.${key} could not place its keys in: ${sql}`);
  const statement = { sql: `${sql.slice(0, at - 4)}= any(?)${sql.slice(at + 2)}`, bindings: [...bindings], keysAt };
  if (KEY_STATEMENTS.size >= KEY_STATEMENTS_MAX) KEY_STATEMENTS.delete(KEY_STATEMENTS.keys().next().value!);
  KEY_STATEMENTS.set(cacheKey, statement);
  return statement;
}

/** A PostgreSQL array literal of text: what `= any(?)` takes as one parameter of the column's type. */
export function arrayLiteral(keys: readonly string[]): string {
  return `{${keys.map((key) => `"${key.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/**
 * One `select … where key = any(…)` for a batch of keys, with any further conditions and order.
 *
 * Read paths only: the rows come back as plain objects on the entity's prototype (its getters
 * work), not as managed entities. They skip MikroORM's entity factory, hydration, identity map
 * and change tracking, which were over a third of a subgraph's CPU under load and buy nothing
 * for an answer that is never written back. The statement is written by the query builder once
 * per loader and reused (building it per batch had been about a tenth of a partner's CPU); the
 * rows are mapped to property names, with dates and booleans converted, by the driver's own
 * mapping, as `find` maps them. Nothing writes through a loader's rows: writes load what they
 * change inside their own transaction.
 */
async function findByKeys<TEntity extends object>(em: RowFinder, entity: EntityName<TEntity>, key: StringKeyOf<TEntity>, keys: readonly string[], options: RowLoaderOptions<TEntity>): Promise<TEntity[]> {
  const shape = rowShapeOf(em, entity as EntityName<object>);
  const statement = keyStatement(em, entity, key, options, shape);
  const bindings = [...statement.bindings];
  bindings[statement.keysAt] = arrayLiteral(keys);
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(statement.sql, bindings, 'all');
  const meta = em.getMetadata().get(entity as string);
  const driver = em.getDriver();
  return rows.map((row) => Object.assign(Object.create(shape.prototype) as TEntity, driver.mapResult(row as EntityData<TEntity>, meta as EntityMetadata<TEntity>)));
}

/**
 * The rows of an entity meeting a condition written in SQL (its columns by their names, `?` for
 * each binding), as plain rows the way the key loaders give them: for batched lookups a key
 * loader cannot express (pairs of columns, say) on a read path.
 */
export async function rowsWhere<TEntity extends object>(em: RowFinder, entity: EntityName<TEntity>, condition: string, bindings: readonly unknown[]): Promise<TEntity[]> {
  const shape = rowShapeOf(em, entity as EntityName<object>);
  const meta = em.getMetadata().get(entity as string) as EntityMetadata<TEntity>;
  const columns = shape.fields.map((field) => `"${(meta.properties as Record<string, { fieldNames: string[] }>)[field].fieldNames[0]}"`).join(', ');
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(`select ${columns} from "${meta.tableName}" where ${condition}`, [...bindings], 'all');
  const driver = em.getDriver();
  return rows.map((row) => Object.assign(Object.create(shape.prototype) as TEntity, driver.mapResult(row as EntityData<TEntity>, meta)));
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
