/**
 * DataLoader helpers: every list and every reference resolver goes through one of these, so the
 * number of SQL statements for a query does not grow with the number of people in it.
 * `rowByKey`/`rowsByKey` are the usual case (rows of one entity whose key is in the batch);
 * `loaderOfOne`/`loaderOfMany` take any batched fetch (grouped counts, pairs, date ranges).
 */
import DataLoader from 'dataloader';
import { ReferenceKind, type EntityManager, type EntityName, type FilterQuery, type Knex, type QueryOrderMap } from '@mikro-orm/postgresql';

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

/**
 * What the row loaders need of an EntityManager: its query builder and metadata (to write each
 * statement once), its connection (to run it) and its driver (to map rows as `find` does).
 */
export type RowFinder = Pick<EntityManager, 'createQueryBuilder' | 'getMetadata' | 'getConnection' | 'getDriver' | 'getTransactionContext'>;

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

function rowShapeOf(em: Pick<RowFinder, 'getMetadata'>, entity: EntityName<object>): RowShape {
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

/** A `select … where key = any(?)` written once: its text, its fixed bindings, and where the keys go. */
interface KeyStatement {
  sql: string;
  bindings: readonly unknown[];
  keysAt: number;
}

/** Stand-ins for the keys while MikroORM writes a statement: two, so it keeps an `in (?, ?)` list. */
const KEY_PLACEHOLDERS = ['\u0000key-1', '\u0000key-2'] as const;
/** Statements by entity, then by key, columns, conditions and order; all of them come from code, so the set is small. */
const KEY_STATEMENTS = new WeakMap<object, Map<string, KeyStatement>>();

/**
 * MikroORM writes the statement once per entity, key, columns, conditions and order, with two
 * placeholder keys; their `in (?, ?)` becomes `= any(?)` with the batch's keys as one array
 * parameter. Writing the criteria afresh for every batch, and inlining a hundred keys into its
 * text, had been a fifth to a third of a partner's CPU on a case conference agenda. PostgreSQL
 * reads `in (…)` as `= any(array[…])` itself, so the plan and the rows are the same.
 */
function keyStatement(em: RowFinder, entity: EntityName<object>, key: string, fields: readonly string[] | '*', options: RowLoaderOptions<object>): KeyStatement {
  const meta = em.getMetadata().get(entity as string);
  let statements = KEY_STATEMENTS.get(meta);
  if (!statements) KEY_STATEMENTS.set(meta, (statements = new Map()));
  const cacheKey = JSON.stringify([key, fields, options.where ?? null, options.orderBy ?? null]);
  let statement = statements.get(cacheKey);
  if (!statement) {
    const where = { [key]: { $in: [...KEY_PLACEHOLDERS] }, ...(options.where as object | undefined) } as FilterQuery<object>;
    const query = em.createQueryBuilder(entity).select(fields as never).where(where);
    if (options.orderBy) query.orderBy(options.orderBy);
    const written = query.getKnexQuery().toSQL();
    const bindings = [...written.bindings];
    const keysAt = bindings.indexOf(KEY_PLACEHOLDERS[0]);
    // The placeholders' `?`s are the keysAt-th and the next: every `?` in the text is a binding.
    const marks = [...written.sql.matchAll(/\?/g)].map((match) => match.index);
    const list = marks[keysAt] === undefined ? -1 : written.sql.lastIndexOf(' in (', marks[keysAt]);
    if (keysAt < 0 || bindings[keysAt + 1] !== KEY_PLACEHOLDERS[1] || marks.length !== bindings.length || list < 0 || written.sql.slice(list, marks[keysAt + 1] + 2) !== ' in (?, ?)') {
      throw new Error(`Cannot write the key lookup of ${meta.className} by ${key}: ${written.sql}`);
    }
    bindings.splice(keysAt, 2, null);
    statement = { sql: `${written.sql.slice(0, list)} = any(?)${written.sql.slice(marks[keysAt + 1] + 2)}`, bindings, keysAt };
    statements.set(cacheKey, statement);
  }
  return statement;
}

/**
 * The rows whose `key` is one of `keys`, mapped to property names with dates and booleans
 * converted as `find` converts them (MikroORM's own result mapper), in one statement.
 */
export async function rowDataByKeys(em: RowFinder, entity: EntityName<object>, key: string, keys: readonly string[], fields: readonly string[] | '*', options: RowLoaderOptions<object> = {}): Promise<Record<string, unknown>[]> {
  const statement = keyStatement(em, entity, key, fields, options);
  const bindings = [...statement.bindings];
  bindings[statement.keysAt] = [...keys];
  const query = em.getConnection().getKnex().raw(statement.sql, bindings as never);
  // Inside a transaction, read what it sees.
  const transaction = em.getTransactionContext<Knex.Transaction>();
  if (transaction) query.transacting(transaction);
  const result = (await query) as { rows: Record<string, unknown>[] };
  const meta = em.getMetadata().get(entity as string);
  const driver = em.getDriver();
  return result.rows.map((row) => driver.mapResult(row, meta) as Record<string, unknown>);
}

/**
 * One `select … where key = any(?)` for a batch of keys, with any further conditions and order.
 *
 * Read paths only: the rows come back as plain objects on the entity's prototype (its getters
 * work), not as managed entities. They skip MikroORM's entity factory, hydration, identity map
 * and change tracking, which were over a third of a subgraph's CPU under load and buy nothing
 * for an answer that is never written back. Nothing writes through a loader's rows: writes load
 * what they change inside their own transaction.
 */
async function findByKeys<TEntity extends object>(em: RowFinder, entity: EntityName<TEntity>, key: StringKeyOf<TEntity>, keys: readonly string[], options: RowLoaderOptions<TEntity>): Promise<TEntity[]> {
  const shape = rowShapeOf(em, entity as EntityName<object>);
  const rows = await rowDataByKeys(em, entity as EntityName<object>, key, keys, shape.fields, options as RowLoaderOptions<object>);
  return rows.map((row) => Object.assign(Object.create(shape.prototype) as TEntity, row));
}

/**
 * Rows read by a statement of the caller's own (for conditions a key list cannot say), as the row
 * loaders give them: mapped as `find` maps them, on the entity's prototype, never managed.
 * `write` receives the quoted table and the select list of the loaded columns.
 */
export async function plainRowsBySql<TEntity extends object>(em: RowFinder, entity: EntityName<TEntity>, write: (table: string, columns: string) => { sql: string; bindings: unknown[] }): Promise<TEntity[]> {
  const meta = em.getMetadata().get(entity as string);
  const shape = rowShapeOf(em, entity as EntityName<object>);
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const columns = shape.fields.map((field) => quote(meta.properties[field].fieldNames[0])).join(', ');
  const { sql, bindings } = write(quote(meta.tableName), columns);
  const query = em.getConnection().getKnex().raw(sql, bindings as never);
  const transaction = em.getTransactionContext<Knex.Transaction>();
  if (transaction) query.transacting(transaction);
  const result = (await query) as { rows: Record<string, unknown>[] };
  const driver = em.getDriver();
  return result.rows.map((row) => Object.assign(Object.create(shape.prototype) as TEntity, driver.mapResult(row, meta)));
}

/** The parts of a MikroORM query builder a page of plain rows uses. */
export interface PlainRowsQuery {
  select(fields: string[]): unknown;
  execute(method: 'all', mapResults: boolean): Promise<unknown>;
}

/**
 * The rows of a list query (a page: answered, never written back) as the row loaders give them:
 * the loaded columns only, mapped as `find` maps them (MikroORM's own result mapper), on the
 * entity's prototype, never managed. A people page as managed entities had spent a tenth of the
 * person index's CPU under load in MikroORM's entity factory, identity map and merge.
 */
export async function plainRowsOf<TEntity extends object>(em: Pick<RowFinder, 'getMetadata'>, entity: EntityName<TEntity>, query: PlainRowsQuery): Promise<TEntity[]> {
  const shape = rowShapeOf(em, entity as EntityName<object>);
  query.select(shape.fields);
  const rows = (await query.execute('all', true)) as Record<string, unknown>[];
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

/** A key with the days asked about: a conference window. */
export interface KeyInWindow {
  key: string;
  since: string;
  until: string;
}

/**
 * Each key's rows whose `day` falls in that key's window (both ends included), in `orderBy`
 * order: one statement per batch, bounded by the earliest `since` and the latest `until` asked
 * about, then each key's own window applied to what came back. A case conference asks about a
 * month of each person's records: reading their whole history to keep that month was most of the
 * rows a partner read for an agenda.
 */
export function rowsByKeyInWindow<TEntity extends object>(
  em: RowFinder,
  entity: EntityName<TEntity>,
  key: StringKeyOf<TEntity>,
  day: StringKeyOf<TEntity>,
  orderBy: Partial<Record<keyof TEntity & string, 'asc' | 'desc'>>,
): DataLoader<KeyInWindow, TEntity[], string> {
  const cacheKey = (asked: KeyInWindow) => `${asked.since}|${asked.until}|${asked.key}`;
  return new DataLoader<KeyInWindow, TEntity[], string>(
    async (asked) => {
      const meta = em.getMetadata().get(entity as string);
      const column = (property: string) => `"${meta.properties[property].fieldNames[0].replace(/"/g, '""')}"`;
      let since = asked[0].since;
      let until = asked[0].until;
      for (const window of asked) {
        if (window.since < since) since = window.since;
        if (window.until > until) until = window.until;
      }
      const order = Object.entries(orderBy).map(([property, direction]) => `${column(property)} ${direction === 'desc' ? 'desc' : 'asc'}`);
      const rows = await plainRowsBySql(em, entity, (table, columns) => ({
        sql: `select ${columns} from ${table} where ${column(key)} = any(?) and ${column(day)} >= ? and ${column(day)} <= ?${order.length ? ` order by ${order.join(', ')}` : ''}`,
        bindings: [[...new Set(asked.map((window) => window.key))], since, until],
      }));
      const byKey = new Map<string, TEntity[]>();
      for (const row of rows) {
        const list = byKey.get(row[key] as string);
        if (list) list.push(row);
        else byKey.set(row[key] as string, [row]);
      }
      return asked.map((window) => (byKey.get(window.key) ?? []).filter((row) => (row[day] as string) >= window.since && (row[day] as string) <= window.until));
    },
    { cacheKeyFn: cacheKey, maxBatchSize: 5000 },
  );
}

/** How many rows each key has, in one grouped statement per batch (0 for a key with none). */
export function countByKey<TEntity extends object>(em: RowFinder, entity: EntityName<TEntity>, key: StringKeyOf<TEntity>): DataLoader<string, number> {
  return new DataLoader<string, number>(
    async (keys) => {
      const meta = em.getMetadata().get(entity as string);
      const column = `"${meta.properties[key].fieldNames[0].replace(/"/g, '""')}"`;
      const query = em
        .getConnection()
        .getKnex()
        .raw(`select ${column} as key, count(*)::int as count from "${meta.tableName.replace(/"/g, '""')}" where ${column} = any(?) group by ${column}`, [[...keys]] as never);
      const transaction = em.getTransactionContext<Knex.Transaction>();
      if (transaction) query.transacting(transaction);
      const result = (await query) as { rows: { key: string; count: number }[] };
      const counts = new Map(result.rows.map((row) => [row.key, row.count]));
      return keys.map((asked) => counts.get(asked) ?? 0);
    },
    { maxBatchSize: 5000 },
  );
}
