/**
 * `npm run seed -- [--seed N] [--scale F] [--reset]`: creates, migrates and seeds every subgraph's
 * database with the synthetic partnership. Without --reset, databases that hold data are kept.
 * Stop a running hub first: both use the same embedded PostgreSQL data directory.
 */
import 'reflect-metadata';
import { SUBGRAPHS } from '../subgraphs';
import { databaseUrlsFor } from '../runtime/databases';
import { prepareSeededDatabases } from '../runtime/seeding';
import { configuredPgPort, startConfiguredPostgres } from '../runtime/postgres';
import { readSeedOptions } from './seed-options';

async function main(): Promise<void> {
  const options = readSeedOptions(process.argv.slice(2));
  const postgres = await startConfiguredPostgres({ dataDir: process.env.HUB_DATA_DIR ?? 'data/pg', port: configuredPgPort() });
  try {
    console.log(`Seeding with seed ${options.seed}, scale ${options.scale}${options.reset ? ' (databases reset first)' : ''}`);
    for (const result of await prepareSeededDatabases(SUBGRAPHS, databaseUrlsFor(SUBGRAPHS, postgres.url, 'hub'), options)) {
      console.log(`  ${result.subgraph}: ${result.seeded}`);
    }
  } finally {
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
