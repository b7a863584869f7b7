/**
 * Timing and counting for the benchmark: wall-clock HTTP requests to the gateway or straight to
 * a subgraph, SQL statements per subgraph, and the summary figures the report prints.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunningHub } from '../../runtime/hub';
import type { SubgraphFetch } from '../../gateway/subgraph-data-source';
import { DEV_ISSUER, issueDevToken } from '../../gateway/identity/dev-issuer';
import { signCallerToken } from '../../subgraphs/kit/access/caller-token';
import type { Caller } from '../../subgraphs/kit/access/caller';
import { accessFor, loadAccessPolicy } from '../../subgraphs/kit/access/policy';

/**
 * The purpose the benchmark asks under: each profile's first (for the coordinator, case
 * management, whose row rule is everyone). The benchmark's agendas are conferences of years ago
 * whose cases have ended; under the case-conference purpose a caller sees a conference's people
 * only while they are on today's caseload, so those agendas would answer empty.
 */
export function benchPurpose(profile: string): string {
  const found = loadAccessPolicy().profiles[profile];
  if (!found) throw new Error(`No access profile "${profile}" in the information sharing agreement.`);
  return found.purposes[0];
}

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export interface TimedResponse<TData> {
  milliseconds: number;
  bytes: number;
  status: number;
  data: TData | null;
  errors: GraphQLError[];
}

export interface Summary {
  p50: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentiles: with 20 runs, p95 is the 19th fastest, not an interpolation. */
export function summarise(values: number[]): Summary {
  if (values.length === 0) throw new Error('nothing to summarise');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return { p50: rank(50), p95: rank(95), mean: sorted.reduce((sum, v) => sum + v, 0) / sorted.length, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Times the request until the whole body has arrived; parsing it is not the server's cost. */
export async function timedPost<TData>(url: string, query: string, variables: Record<string, unknown> | undefined, authorization: string): Promise<TimedResponse<TData>> {
  const body = JSON.stringify({ query, variables });
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body });
  const text = await response.text();
  const milliseconds = performance.now() - started;
  let parsed: { data?: TData | null; errors?: GraphQLError[] };
  try {
    parsed = JSON.parse(text) as { data?: TData | null; errors?: GraphQLError[] };
  } catch {
    parsed = { data: null, errors: [{ message: `HTTP ${response.status} without a GraphQL answer: ${text.slice(0, 200)}` }] };
  }
  return { milliseconds, bytes: Buffer.byteLength(text), status: response.status, data: parsed.data ?? null, errors: parsed.errors ?? [] };
}

/** A bearer header as the development issuer would sign it for a profile, asking for the conference. */
export async function gatewayAuthorization(profile: string): Promise<string> {
  return `Bearer ${await issueDevToken(profile, { purpose: benchPurpose(profile), subject: `bench-${profile}` })}`;
}

/** The caller the gateway derives from that token, to sign as the gateway would. */
export function callerAs(profile: string): Caller {
  const found = loadAccessPolicy().profiles[profile];
  if (!found) throw new Error(`No access profile "${profile}" in the information sharing agreement.`);
  return {
    subject: `bench-${profile}`,
    issuer: DEV_ISSUER,
    profile,
    agency: found.agency,
    role: found.role,
    team: 'iom-team-1',
    purpose: benchPurpose(profile),
    ...accessFor(found, benchPurpose(profile)),
  };
}

/** Collects the subgraph requests of the gateway requests made while it is recording. */
export class FetchRecorder {
  private recording: SubgraphFetch[] | null = null;

  readonly listener = (fetch: SubgraphFetch): void => {
    this.recording?.push(fetch);
  };

  async record<T>(action: () => Promise<T>): Promise<{ result: T; fetches: SubgraphFetch[] }> {
    const fetches: SubgraphFetch[] = [];
    this.recording = fetches;
    try {
      return { result: await action(), fetches };
    } finally {
      this.recording = null;
    }
  }
}

export interface ReplayRun {
  /** Sum of the direct latencies, one fetch after another. */
  milliseconds: number;
  bySubgraph: Record<string, number>;
  errors: GraphQLError[];
}

/**
 * Sends the gateway's subgraph requests again, straight to each subgraph and one at a time, with
 * a caller token signed by the gateway's key (outside the timing, as the gateway signs once per
 * request): what the same data costs without planning, merging and access enforcement.
 */
export async function replayDirectly(hub: RunningHub, fetches: SubgraphFetch[], caller: Caller): Promise<ReplayRun> {
  const authorization = `Bearer ${await signCallerToken(hub.callerTokenKeys, caller)}`;
  const run: ReplayRun = { milliseconds: 0, bySubgraph: {}, errors: [] };
  for (const fetch of fetches) {
    const subgraph = hub.subgraphs[fetch.subgraph];
    if (!subgraph) throw new Error(`The gateway fetched from "${fetch.subgraph}", which this hub does not run.`);
    const response = await timedPost<unknown>(subgraph.url, fetch.query, fetch.variables, authorization);
    run.milliseconds += response.milliseconds;
    run.bySubgraph[fetch.subgraph] = (run.bySubgraph[fetch.subgraph] ?? 0) + response.milliseconds;
    run.errors.push(...response.errors.map((error) => ({ ...error, message: `${fetch.subgraph}: ${error.message}` })));
  }
  return run;
}

/** Stops what a benchmark started when it is interrupted (Ctrl-C, SIGTERM), then exits with 130. */
export function stopOnInterrupt(stop: () => Promise<void>): void {
  const interrupted = () => void stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
}

/** CPU time used so far, in milliseconds: this process (the in-process hub: gateway and every subgraph) and the PostgreSQL server, when it is the embedded one. */
export interface CpuTime {
  hub: number;
  postgres: number | null;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime (+ cutime + cstime: backends that have exited are billed to the postmaster) of one process, from /proc; null when it cannot be read. */
export function processCpuMilliseconds(pid: number, withChildren: boolean): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + (withChildren ? Number(fields[13]) + Number(fields[14]) : 0);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The embedded server's postmaster and its live backends (their parent is the postmaster). */
export function postgresCpuMilliseconds(dataDir: string | null): number | null {
  if (!dataDir) return null;
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
  let total = processCpuMilliseconds(postmaster, true);
  if (total === null) return null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster) total += processCpuMilliseconds(Number(entry), false) ?? 0;
    } catch {
      // A backend that ended while the list was read.
    }
  }
  return total;
}

/** CPU time of the hub's service processes together (the gateway and every subgraph, each its own process) and of PostgreSQL. */
export function servicesCpuTime(pids: readonly number[], postgresDataDir: string | null): CpuTime {
  return { hub: pids.reduce((total, pid) => total + (processCpuMilliseconds(pid, false) ?? 0), 0), postgres: postgresCpuMilliseconds(postgresDataDir) };
}

export function cpuTime(postgresDataDir: string | null): CpuTime {
  const usage = process.cpuUsage();
  return { hub: (usage.user + usage.system) / 1000, postgres: postgresCpuMilliseconds(postgresDataDir) };
}
