/**
 * Starts a whole hub (every subgraph and the gateway, real HTTP, real PostgreSQL) for one test
 * file, and talks to it the way a partner app would.
 */
import 'reflect-metadata';
import { SUBGRAPHS } from '../../subgraphs';
import { databaseUrlsFor } from '../../runtime/databases';
import { measureSqlStatements, startHub, type HubOptions, type RunningHub } from '../../runtime/hub';
import { TEST_DATABASE_PREFIX, TEST_POPULATION } from './population';
import { fixedClock } from '../../subgraphs/kit/dates';
import { issueDevToken, type DevTokenOptions } from '../../gateway/identity/dev-issuer';
import { signCallerToken } from '../../subgraphs/kit/access/caller-token';
import type { Caller } from '../../subgraphs/kit/access/caller';
import { accessFor, loadAccessPolicy } from '../../subgraphs/kit/access/policy';

/** Tests speak as this profile unless they say otherwise: it may use the person index fully. */
export const DEFAULT_TEST_PROFILE = 'iom-coordinator';

const tokens = new Map<string, Promise<string>>();

/** A development-issuer token for an access profile (cached per profile and options). */
export function tokenFor(profile: string, options: DevTokenOptions = {}): Promise<string> {
  const key = `${profile}:${JSON.stringify(options)}`;
  if (!tokens.has(key)) tokens.set(key, issueDevToken(profile, options));
  return tokens.get(key)!;
}

/** Headers to speak as a profile: `postGraphQL(url, query, vars, await as('housing-officer'))`. */
export async function as(profile: string, options: DevTokenOptions = {}): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await tokenFor(profile, options)}` };
}

/** The caller context the gateway would sign for a profile. */
export function callerFor(profile: string, overrides: Partial<Caller> = {}): Caller {
  const found = loadAccessPolicy().profiles[profile];
  if (!found) throw new Error(`unknown profile ${profile}`);
  const purpose = overrides.purpose ?? found.purposes[0];
  return {
    subject: `test-${profile}`,
    issuer: 'test',
    profile,
    agency: found.agency,
    role: found.role,
    team: 'iom-team-1',
    purpose,
    ...accessFor(found, purpose),
    ...overrides,
  };
}

/** Headers for calling a subgraph directly, as the gateway would for this profile. */
export async function asGateway(hub: RunningHub, profile: string, overrides: Partial<Caller> = {}): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await signCallerToken(hub.callerTokenKeys, callerFor(profile, overrides))}` };
}

/** Pass as headers to send no token at all. */
export const ANONYMOUS = { authorization: '' };

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

/** The day every test hub believes it is: the day the test data was generated around. */
export const TEST_TODAY = TEST_POPULATION.referenceDate;

export async function startTestHub(options: Partial<HubOptions> = {}): Promise<RunningHub> {
  return startHub({ databaseUrls: testDatabaseUrls(), ephemeralPorts: true, clock: fixedClock(TEST_TODAY), ...options });
}

export async function postGraphQL<TData = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  const authorization = 'authorization' in headers ? headers.authorization : `Bearer ${await tokenFor(DEFAULT_TEST_PROFILE)}`;
  const { authorization: _given, ...otherHeaders } = headers;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...otherHeaders, ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<TData>, 'status' | 'headers'>;
  return { status: response.status, headers: response.headers, ...body };
}

/** SQL statements each subgraph sent while `action` ran. */
export async function countSqlStatements(hub: RunningHub, action: () => Promise<unknown>): Promise<Record<string, number>> {
  return (await measureSqlStatements(hub, action)).statements;
}
