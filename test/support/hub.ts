/**
 * Starts a whole hub (every subgraph and the gateway, real HTTP, real PostgreSQL) for one test
 * file, and talks to it the way a partner app would.
 */
import 'reflect-metadata';
import { SUBGRAPHS } from '../../subgraphs';
import { databaseUrlsFor } from '../../runtime/databases';
import { startHub, type HubOptions, type RunningHub } from '../../runtime/hub';
import { TEST_DATABASE_PREFIX } from './population';

export interface GraphQLResponse<TData = Record<string, unknown>> {
  status: number;
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  headers: Headers;
}

export function testDatabaseUrls(): Record<string, string> {
  const server = process.env.HUB_TEST_SERVER_URL;
  if (!server) throw new Error('HUB_TEST_SERVER_URL is not set: run the tests with `npm test` so the global setup starts PostgreSQL.');
  return databaseUrlsFor(SUBGRAPHS, server, TEST_DATABASE_PREFIX);
}

export async function startTestHub(options: Partial<HubOptions> = {}): Promise<RunningHub> {
  return startHub({ databaseUrls: testDatabaseUrls(), ephemeralPorts: true, ...options });
}

export async function postGraphQL<TData = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<TData>, 'status' | 'headers'>;
  return { status: response.status, headers: response.headers, ...body };
}

/** SQL statements each subgraph sent while `action` ran. */
export async function countSqlStatements(hub: RunningHub, action: () => Promise<unknown>): Promise<Record<string, number>> {
  for (const subgraph of Object.values(hub.subgraphs)) subgraph.sqlCounter.reset();
  await action();
  return Object.fromEntries(Object.values(hub.subgraphs).map((s) => [s.name, s.sqlCounter.count]));
}
