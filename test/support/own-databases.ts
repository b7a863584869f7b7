/**
 * Databases of a test file's own. A file that writes (referrals, conferences, merges…) works on
 * its own copy of the seeded database, or on an empty migrated one it fills by hand, so no other
 * file sees its writes and the files pass in any order. Files that only read use the shared
 * seeded databases (`testDatabaseUrls()`).
 */
import { Client } from 'pg';
import { SUBGRAPHS } from '../../subgraphs';
import { databaseUrlOn, dropDatabase } from '../../subgraphs/kit/database';
import { envPrefix } from '../../subgraphs/kit/environment';
import { prepareDatabases } from '../../runtime/databases';
import { TEST_DATABASE_PREFIX } from './population';
import { testDatabaseUrls } from './hub';

export interface OwnDatabaseChoice {
  /** Subgraphs whose seeded database this file gets a copy of (it may write to it). */
  copies?: string[];
  /** Subgraphs whose database starts empty (migrated, no rows): the file builds its own data. */
  empty?: string[];
}

const OBJECT_IN_USE = '55006';

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

function subgraphDefinition(name: string) {
  const definition = SUBGRAPHS.find((subgraph) => subgraph.name === name);
  if (!definition) throw new Error(`No subgraph is called "${name}".`);
  return definition;
}

/**
 * A copy of a seeded database (PostgreSQL copies the template's files: a fraction of a second).
 * The template must have no open connections; a hub a previous file stopped may still be
 * closing its pool, so a busy template is retried for a few seconds.
 */
async function copyDatabase(templateUrl: string, copyUrl: string): Promise<void> {
  await dropDatabase(copyUrl);
  const server = new URL(templateUrl);
  server.pathname = '/postgres';
  const client = new Client({ connectionString: server.toString() });
  await client.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${databaseName(copyUrl)}" TEMPLATE "${databaseName(templateUrl)}"`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== OBJECT_IN_USE || attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    await client.end();
  }
}

/**
 * Every subgraph's database URL for a hub of this file: its own copies and empty databases where
 * it asked for them (named `hub_test_<label>_<subgraph>`), the shared seeded ones elsewhere.
 */
export async function ownDatabases(label: string, choice: OwnDatabaseChoice): Promise<Record<string, string>> {
  if (!/^[a-z][a-z0-9_]*$/.test(label)) throw new Error(`A database label is lower-case letters, digits and _: "${label}".`);
  const shared = testDatabaseUrls();
  const urls = { ...shared };
  const server = process.env.HUB_TEST_SERVER_URL!;
  const ownUrl = (subgraph: string) => databaseUrlOn(server, `${TEST_DATABASE_PREFIX}_${label}_${envPrefix(subgraph).toLowerCase()}`);
  for (const subgraph of choice.copies ?? []) {
    subgraphDefinition(subgraph);
    urls[subgraph] = ownUrl(subgraph);
    await copyDatabase(shared[subgraph], urls[subgraph]);
  }
  const empty = (choice.empty ?? []).map(subgraphDefinition);
  for (const subgraph of empty) urls[subgraph.name] = ownUrl(subgraph.name);
  await prepareDatabases(empty, urls, { reset: true });
  return urls;
}
