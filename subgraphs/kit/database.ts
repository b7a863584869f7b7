/**
 * One PostgreSQL database per subgraph: how a subgraph's MikroORM is configured, how its database
 * is created on a server, and how its checked-in migrations are applied. No schema sync anywhere.
 */
import { Client } from 'pg';
import { MikroORM, type EntityManager, type Options } from '@mikro-orm/postgresql';
import type { EntityManager as EntityManagerClass } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { SubgraphDefinition } from './subgraph';
import { SqlStatementCounter } from './sql-counter';
import { traceSqlStatements } from './telemetry';
import { logger } from './logger';

/** A connection URL for `database` on the server named by `serverUrl`. */
export function databaseUrlOn(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * The Unix socket directory a URL names in libpq's form (`postgres://user@localhost:5432/db?host=/run/postgresql`),
 * if any. pg reads it from a connection string itself; MikroORM reads only the URL's host, so it is
 * handed the directory as its host.
 */
export function socketDirectoryOf(databaseUrl: string): string | undefined {
  const host = new URL(databaseUrl).searchParams.get('host');
  return host?.startsWith('/') ? host : undefined;
}

/** Creates the database when it does not exist yet (idempotent). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`Refusing unusual database name "${database}".`);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

/** Drops the database if it exists: used by tests to start each run from nothing. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * Where knex's own messages go: into the hub's structured log. Left to itself it prints them to
 * the console, one unstructured line per pooled connection found broken when PostgreSQL has
 * restarted ("Connection Error: …").
 */
const KNEX_LOG = {
  warn: (message: unknown) => logger.warn({ reason: String(message) }, 'database client warning'),
  error: (message: unknown) => logger.error({ reason: String(message) }, 'database client error'),
  deprecate: (method: unknown, alternative: unknown) => logger.warn({ method: String(method), alternative: String(alternative) }, 'database client deprecation'),
  debug: () => undefined,
};

/** Connections a subgraph's pool may open. */
export const DEFAULT_POOL_MAX = 10;

export function ormOptions(definition: SubgraphDefinition, databaseUrl: string, poolMax = DEFAULT_POOL_MAX): Options {
  const socketDirectory = socketDirectoryOf(databaseUrl);
  return {
    clientUrl: databaseUrl,
    ...(socketDirectory ? { host: socketDirectory } : {}),
    entities: definition.entities,
    extensions: [Migrator],
    // Entities are listed explicitly, so nothing is discovered from the file system at run time.
    discovery: { disableDynamicFileAccess: true, warnWhenNoEntities: false },
    migrations: {
      migrationsList: definition.migrations,
      path: `subgraphs/${definition.name}/migrations`,
      pathTs: `subgraphs/${definition.name}/migrations`,
      emit: 'ts',
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
    // A request must never share an identity map with another: resolvers use a forked EntityManager.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    pool: { min: 0, max: poolMax, acquireTimeoutMillis: 5000, idleTimeoutMillis: 10000 },
    // Every wait is bounded: a statement PostgreSQL has not finished in 10 s is cancelled there, and
    // the client gives up 2 s later in case the server cannot even answer, well inside the
    // gateway's 15 s wait for the subgraph.
    driverOptions: { connection: { connectionTimeoutMillis: 3000, statement_timeout: 10_000, query_timeout: 12_000 }, log: KNEX_LOG },
    debug: false,
  };
}

export interface SubgraphDatabase {
  orm: MikroORM;
  sqlCounter: SqlStatementCounter;
}

/**
 * Opens the subgraph's database and hooks the SQL statement counter onto every query it sends
 * (a given counter, when a second pool's statements are to be counted with the first's).
 */
export async function openSubgraphDatabase(definition: SubgraphDefinition, databaseUrl: string, options: { poolMax?: number; sqlCounter?: SqlStatementCounter } = {}): Promise<SubgraphDatabase> {
  const orm = await MikroORM.init(ormOptions(definition, databaseUrl, options.poolMax));
  const sqlCounter = options.sqlCounter ?? new SqlStatementCounter();
  const knex = orm.em.getConnection().getKnex();
  knex.on('query', (query: { sql: string }) => sqlCounter.record(query.sql));
  traceSqlStatements(knex, decodeURIComponent(new URL(databaseUrl).pathname.slice(1)));
  return { orm, sqlCounter };
}

/**
 * A fresh EntityManager for one request: its own identity map and unit of work, as `em.fork()`
 * gives, built directly. `fork()` switches `allowGlobalContext` on and off around the construction,
 * and each switch re-syncs MikroORM's configuration, which writes `process.env` (a lock and a copy
 * in Node); with the filter and logger copies that was about 2 % of a partner's CPU under load, for
 * nothing the hub uses (no filters, no schema override, no transaction context to keep). The
 * root EntityManager's class, configuration, driver, metadata and event manager are shared exactly
 * as a fork shares them.
 */
export function requestEntityManager(orm: MikroORM): EntityManager {
  const root = orm.em;
  const Fork = root.constructor as new (...args: ConstructorParameters<typeof EntityManagerClass>) => EntityManager;
  return new Fork(root.config, root.getDriver(), root.getMetadata(), false, root.getEventManager());
}

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  on(event: 'acquireRequest', handler: (eventId: number) => void): void;
  on(event: 'acquireSuccess' | 'acquireFail', handler: (eventId: number) => void): void;
}

function tarnPool(orm: MikroORM): TarnPool | undefined {
  // knex keeps its tarn pool on the client; the types do not expose it.
  return (orm.em.getConnection().getKnex().client as { pool?: TarnPool }).pool;
}

/**
 * Calls `observe` with how long each acquisition from the subgraph's pool waited, in seconds
 * (failed ones too: a timeout is the longest wait of all). Nothing when there is no pool yet.
 */
export function watchPoolWaits(orm: MikroORM, observe: (seconds: number) => void): void {
  const pool = tarnPool(orm);
  if (!pool) return;
  const started = new Map<number, number>();
  pool.on('acquireRequest', (eventId) => started.set(eventId, performance.now()));
  const done = (eventId: number) => {
    const at = started.get(eventId);
    if (at === undefined) return;
    started.delete(eventId);
    observe((performance.now() - at) / 1000);
  };
  pool.on('acquireSuccess', done);
  pool.on('acquireFail', done);
}

/** The subgraph's connection pool by state, for the metrics (undefined before the first connection). */
export function poolState(orm: MikroORM): { used: number; idle: number; pending: number } | undefined {
  const pool = tarnPool(orm);
  return pool ? { used: pool.numUsed(), idle: pool.numFree(), pending: pool.numPendingAcquires() } : undefined;
}

/** Applies every pending checked-in migration; returns the names applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}
