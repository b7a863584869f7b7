/**
 * One PostgreSQL for the whole test run (embedded under data/pg-test unless HUB_POSTGRES_URL
 * names an external server), with every subgraph's test database dropped, migrated and seeded
 * afresh. Test files then start their own hub against these databases.
 */
import 'reflect-metadata';
import { SUBGRAPHS } from '../../subgraphs';
import { databaseUrlsFor } from '../../runtime/databases';
import { prepareSeededDatabases } from '../../runtime/seeding';
import { startConfiguredPostgres } from '../../runtime/postgres';
import { TEST_DATABASE_PREFIX, TEST_POPULATION } from './population';

declare global {
  var hubTestPostgresStop: (() => Promise<void>) | undefined;
}

export default async function globalSetup(): Promise<void> {
  const postgres = await startConfiguredPostgres({ dataDir: 'data/pg-test', port: Number(process.env.HUB_TEST_PG_PORT ?? 54330) });
  globalThis.hubTestPostgresStop = () => postgres.stop();
  // Workers start after this and inherit the environment.
  process.env.HUB_TEST_SERVER_URL = postgres.url;
  try {
    await prepareSeededDatabases(SUBGRAPHS, databaseUrlsFor(SUBGRAPHS, postgres.url, TEST_DATABASE_PREFIX), { ...TEST_POPULATION, reset: true });
  } catch (error) {
    await postgres.stop();
    throw error;
  }
}
