/**
 * Where each subgraph's database lives, and getting every one of them ready: created and migrated
 * with the checked-in migrations. Synthetic data is not this module's business (deployments run
 * it too): `runtime/seeding.ts` adds it.
 */
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { envPrefix } from '../subgraphs/kit/environment';
import { databaseUrlOn, dropDatabase, ensureDatabase, migrate, ormOptions } from '../subgraphs/kit/database';
import type { AnySubgraphDefinition } from '../subgraphs/kit/subgraph';

/** Each subgraph's database URL: `<NAME>_DATABASE_URL` if set, else `<prefix>_<name>` on the given server. */
export function databaseUrlsFor(subgraphs: AnySubgraphDefinition[], serverUrl: string | undefined, databasePrefix: string): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const subgraph of subgraphs) {
    const explicit = process.env[`${envPrefix(subgraph.name)}_DATABASE_URL`];
    if (explicit) urls[subgraph.name] = explicit;
    else if (serverUrl) urls[subgraph.name] = databaseUrlOn(serverUrl, `${databasePrefix}_${envPrefix(subgraph.name).toLowerCase()}`);
    else throw new Error(`No database for subgraph "${subgraph.name}": set ${envPrefix(subgraph.name)}_DATABASE_URL or HUB_POSTGRES_URL.`);
  }
  return urls;
}

export interface PrepareOptions {
  /** Drop and recreate each database first. */
  reset?: boolean;
  /**
   * Runs on each database once it is migrated and says what it did (seeding wires in here, see
   * `runtime/seeding.ts`); without it the databases are only created and migrated.
   */
  afterMigrations?: (subgraph: AnySubgraphDefinition, em: EntityManager) => Promise<string>;
}

export interface PreparedDatabase {
  subgraph: string;
  migrationsApplied: string[];
  /** What seeding wrote, or why it was skipped. */
  seeded: string;
}

/** Creates and migrates every subgraph's database (and hands each to `afterMigrations`). */
export async function prepareDatabases(subgraphs: AnySubgraphDefinition[], urls: Record<string, string>, options: PrepareOptions = {}): Promise<PreparedDatabase[]> {
  const results: PreparedDatabase[] = [];
  for (const subgraph of subgraphs) {
    const url = urls[subgraph.name];
    if (options.reset) await dropDatabase(url);
    await ensureDatabase(url);
    const orm = await MikroORM.init(ormOptions(subgraph, url));
    try {
      const migrationsApplied = await migrate(orm);
      const seeded = options.afterMigrations ? await options.afterMigrations(subgraph, orm.em.fork()) : 'not seeded (migrations only)';
      results.push({ subgraph: subgraph.name, migrationsApplied, seeded });
    } finally {
      await orm.close(true);
    }
  }
  return results;
}
