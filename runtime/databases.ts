/**
 * Where each subgraph's database lives, and getting every one of them ready: created, migrated
 * with the checked-in migrations, and seeded with the synthetic partnership when empty.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { envPrefix } from '../subgraphs';
import { databaseUrlOn, dropDatabase, ensureDatabase, migrate, ormOptions } from '../subgraphs/kit/database';
import type { AnySubgraphDefinition } from '../subgraphs/kit/subgraph';
import { generatePopulation, type SyntheticPopulation } from '../synthetic/population';

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

export interface SeedOptions {
  seed: number;
  scale: number;
  referenceDate?: string;
  /** Drop and recreate each database first. */
  reset?: boolean;
  /** Apply migrations but never write synthetic data. */
  migrateOnly?: boolean;
}

export interface PreparedDatabase {
  subgraph: string;
  migrationsApplied: string[];
  /** What seeding wrote, or why it was skipped. */
  seeded: string;
}

/** Creates, migrates and (when empty) seeds every subgraph's database. */
export async function prepareDatabases(subgraphs: AnySubgraphDefinition[], urls: Record<string, string>, options: SeedOptions): Promise<PreparedDatabase[]> {
  let population: SyntheticPopulation | undefined;
  const results: PreparedDatabase[] = [];
  for (const subgraph of subgraphs) {
    const url = urls[subgraph.name];
    if (options.reset) await dropDatabase(url);
    await ensureDatabase(url);
    const orm = await MikroORM.init(ormOptions(subgraph, url));
    try {
      const migrationsApplied = await migrate(orm);
      const em = orm.em.fork();
      let seeded: string;
      if (options.migrateOnly) {
        seeded = 'not seeded (migrations only)';
      } else if (await subgraph.isSeeded(em)) {
        seeded = 'already seeded; kept as it is';
      } else {
        population ??= generatePopulation(options);
        seeded = await subgraph.seed(em, population);
      }
      results.push({ subgraph: subgraph.name, migrationsApplied, seeded });
    } finally {
      await orm.close(true);
    }
  }
  return results;
}
