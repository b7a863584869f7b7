/**
 * The load half of `npm run bench:load`: many clients, each sending one request after another for
 * a fixed time, and what the processes behind the endpoint spent meanwhile (CPU time and memory,
 * read from /proc, so Linux only).
 */
import { readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { MEMORY_DIR_VARIABLE, memoryFile } from './collect-on-signal';
import { postgresCpuMilliseconds, processCpuMilliseconds } from './measure';

/** Where the gateways write their readings after a collection: set by the benchmark before it starts them. */
export function memoryDir(): string {
  const dir = process.env[MEMORY_DIR_VARIABLE];
  if (!dir) throw new Error(`${MEMORY_DIR_VARIABLE} is not set: the benchmark sets it before starting the gateways.`);
  return dir;
}

/** What one client sends: its own headers (its caller), and the variables of each request. */
export interface LoadClient {
  headers: Record<string, string>;
  variables(requestNumber: number): Record<string, unknown> | undefined;
}

export interface LoadTarget {
  label: string;
  url: string;
  /** The gateway process, for its memory and CPU time. */
  gatewayPid: number;
  /** The embedded PostgreSQL server's data directory, for its CPU time; null when the server runs elsewhere. */
  postgresDataDir: string | null;
  /** The gateway's Prometheus endpoint: its V8 heap in use is sampled with its RSS, to tell a leak from a heap that has room. */
  metricsUrl?: string;
  /**
   * Seconds into the phase (and its end) at which the gateway is asked for a full garbage
   * collection (SIGUSR2, scripts/bench/collect-on-signal.ts) and its memory read just after.
   */
  collectAtSeconds?: number[];
}

/** A gateway's memory after a full collection it was asked for: RSS a second later, the heap as the process read it just after (`process.memoryUsage()`; NaN when it did not answer in time). */
export interface CollectedReading {
  /** Seconds into the phase; the last reading is at its end. */
  atSeconds: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

/** How long a gateway has to note its memory after SIGUSR2 (its heap figures are NaN past it). */
const COLLECTION_WAIT_MS = 10_000;
/** RSS is read this long after the collection. */
const AFTER_COLLECTION_MS = 1000;

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

export interface PhaseFigures {
  target: string;
  clients: number;
  seconds: number;
  /** Answered with HTTP 200 and no GraphQL error. */
  ok: number;
  /** HTTP 429: a caller over its rate limit (reported apart from errors). */
  rateLimited: number;
  /** HTTP 200 carrying at least one GraphQL error (e.g. SUBGRAPH_UNAVAILABLE). */
  okWithErrors: number;
  /** Any other HTTP status, or no HTTP answer at all. */
  failed: number;
  /** Error codes (or HTTP statuses) seen, with how often. */
  errorCodes: Record<string, number>;
  requestsPerSecond: number;
  latencyMs: Percentiles;
  /** CPU time (user + system) per answered request. */
  gatewayCpuMsPerRequest: number;
  subgraphsCpuMsPerRequest: number;
  cpuMsPerRequestBySubgraph: Record<string, number>;
  /** The database server's CPU time per answered request (NaN when the server is not on this machine's /proc). */
  postgresCpuMsPerRequest: number;
  /** This benchmark's own CPU time per answered request: it shares the machine with what it measures. */
  loadGeneratorCpuMsPerRequest: number;
  gatewayRssMb: { end: number; peak: number };
  /** Gateway RSS sampled once a second from the start of the phase. */
  gatewayRssSamplesMb: number[];
  /** The gateway's V8 heap in use (after its last collection or not), sampled with RSS when the target has a metrics URL. */
  gatewayHeapUsedSamplesMb?: number[];
  /** Memory just after the full collections the target asked for (collectAtSeconds), and at the end. */
  gatewayAfterCollection?: CollectedReading[];
}

/** User + system CPU time of a process so far, in milliseconds. */
export function cpuMilliseconds(pid: number): number {
  const milliseconds = processCpuMilliseconds(pid, false);
  if (milliseconds === null) throw new Error(`Process ${pid} has stopped: its CPU time cannot be read.`);
  return milliseconds;
}

/** The V8 heap a hub service has in use, in MB, from its /metrics (prom-client's default metrics); NaN when it cannot be read. */
export async function heapUsedMegabytes(metricsUrl: string): Promise<number> {
  try {
    const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) });
    // Every hub metric carries its service as a default label.
    const match = /^hub_nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)$/m.exec(await response.text());
    return match ? Number(match[1]) / 1024 ** 2 : NaN;
  } catch {
    return NaN;
  }
}

/** Resident memory of a process, in MB. */
export function rssMegabytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { p50: NaN, p95: NaN, p99: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return { p50: rank(50), p95: rank(95), p99: rank(99) };
}

interface Outcome {
  milliseconds: number;
  kind: 'ok' | 'rateLimited' | 'okWithErrors' | 'failed';
  codes: string[];
}

/**
 * The clients' connections: kept alive, as many as there are clients. Node's own client rather
 * than fetch: the benchmark shares the cores with what it measures, and fetch cost it about twice
 * the CPU per request.
 */
const clientAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

interface RawAnswer {
  status: number;
  text: string;
}

function post(url: string, body: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent: clientAgent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function send(url: string, body: string, headers: Record<string, string>): Promise<Outcome> {
  const started = performance.now();
  try {
    const { status, text } = await post(url, body, headers);
    const milliseconds = performance.now() - started;
    if (status === 429) return { milliseconds, kind: 'rateLimited', codes: [] };
    // Only an answer that mentions errors, or does not look whole, is parsed: the rest cannot carry any.
    let errors: { extensions?: { code?: unknown } }[] = [];
    if (status !== 200 || text.includes('"errors"') || !(text.startsWith('{') && text.endsWith('}'))) {
      try {
        errors = (JSON.parse(text) as { errors?: typeof errors }).errors ?? [];
      } catch {
        return { milliseconds, kind: 'failed', codes: [`HTTP ${status}`] };
      }
    }
    const codes = errors.map((e) => String(e.extensions?.code ?? 'NO_CODE'));
    if (status !== 200) return { milliseconds, kind: 'failed', codes: codes.length ? codes : [`HTTP ${status}`] };
    return { milliseconds, kind: codes.length ? 'okWithErrors' : 'ok', codes };
  } catch (error) {
    return { milliseconds: performance.now() - started, kind: 'failed', codes: [(error as { code?: string }).code ?? (error as Error).name] };
  }
}

/**
 * Every client sends its next request as soon as its last was answered, for `seconds`; CPU time
 * is read from the gateway and every subgraph before and after, memory once a second.
 */
export interface Phase {
  figures: PhaseFigures;
  /** Every answered request's latency, for pooled percentiles across phases. */
  latencies: number[];
}

export async function runPhase(target: LoadTarget, query: string, clients: LoadClient[], seconds: number, subgraphPids: Record<string, number>): Promise<Phase> {
  const cpuBefore = { gateway: cpuMilliseconds(target.gatewayPid), ...Object.fromEntries(Object.entries(subgraphPids).map(([name, pid]) => [name, cpuMilliseconds(pid)])) } as Record<string, number>;
  const postgresCpu = () => postgresCpuMilliseconds(target.postgresDataDir) ?? NaN;
  const postgresCpuBefore = postgresCpu();
  const ownCpuBefore = process.cpuUsage();
  const rssSamples: number[] = [rssMegabytes(target.gatewayPid)];
  const heapSamples: Promise<number>[] = [];
  const metricsUrl = target.metricsUrl;
  const sample = () => {
    rssSamples.push(rssMegabytes(target.gatewayPid));
    if (metricsUrl) heapSamples.push(heapUsedMegabytes(metricsUrl));
  };
  if (metricsUrl) heapSamples.push(heapUsedMegabytes(metricsUrl));
  const collectAt = new Set(target.collectAtSeconds ?? []);
  const collected: Promise<CollectedReading>[] = [];
  const collectAndRead = (atSeconds: number) => {
    collected.push(
      (async () => {
        const file = memoryFile(memoryDir(), target.gatewayPid);
        rmSync(file, { force: true });
        process.kill(target.gatewayPid, 'SIGUSR2');
        // The signal is handled when the gateway's event loop comes to it: later under load.
        const deadline = performance.now() + COLLECTION_WAIT_MS;
        let usage: NodeJS.MemoryUsage | undefined;
        while (!usage && performance.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          try {
            usage = JSON.parse(readFileSync(file, 'utf8')) as NodeJS.MemoryUsage;
          } catch {
            // not written yet (or half written)
          }
        }
        // RSS a second later, from /proc: pages the collection freed go back to the system after it.
        await new Promise((resolve) => setTimeout(resolve, AFTER_COLLECTION_MS));
        const mb = (bytes: number | undefined) => (bytes === undefined ? NaN : bytes / 1024 ** 2);
        return { atSeconds, rssMb: rssMegabytes(target.gatewayPid), heapUsedMb: mb(usage?.heapUsed), heapTotalMb: mb(usage?.heapTotal), externalMb: mb(usage?.external) };
      })(),
    );
  };
  const sampler = setInterval(() => {
    sample();
    // After the plain sample of that second, so the series stays what it was without collections.
    const second = rssSamples.length - 1;
    if (collectAt.has(second)) collectAndRead(second);
  }, 1000);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const outcomes: Outcome[] = [];
  await Promise.all(
    clients.map(async (client) => {
      for (let n = 0; performance.now() < deadline; n++) {
        outcomes.push(await send(target.url, JSON.stringify({ query, variables: client.variables(n) }), client.headers));
      }
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  sample();
  if (target.collectAtSeconds) collectAndRead(Math.round(elapsedSeconds));
  const afterCollection = target.collectAtSeconds ? await Promise.all(collected) : undefined;
  const heapUsedSamples = metricsUrl ? await Promise.all(heapSamples) : undefined;
  const answered = outcomes.filter((o) => o.kind !== 'rateLimited' && o.kind !== 'failed').length || 1;
  const cpuPerRequest = (name: string, pid: number) => (cpuMilliseconds(pid) - cpuBefore[name]) / answered;
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const postgresCpuMsPerRequest = (postgresCpu() - postgresCpuBefore) / answered;
  const bySubgraph = Object.fromEntries(Object.entries(subgraphPids).map(([name, pid]) => [name, cpuPerRequest(name, pid)]));
  const errorCodes: Record<string, number> = {};
  for (const outcome of outcomes) for (const code of outcome.codes) errorCodes[code] = (errorCodes[code] ?? 0) + 1;
  const count = (kind: Outcome['kind']) => outcomes.filter((o) => o.kind === kind).length;
  const latencies = outcomes.filter((o) => o.kind === 'ok' || o.kind === 'okWithErrors').map((o) => o.milliseconds);
  const figures: PhaseFigures = {
    target: target.label,
    clients: clients.length,
    seconds: elapsedSeconds,
    ok: count('ok'),
    rateLimited: count('rateLimited'),
    okWithErrors: count('okWithErrors'),
    failed: count('failed'),
    errorCodes,
    requestsPerSecond: count('ok') / elapsedSeconds,
    latencyMs: percentiles(latencies),
    gatewayCpuMsPerRequest: cpuPerRequest('gateway', target.gatewayPid),
    subgraphsCpuMsPerRequest: Object.values(bySubgraph).reduce((sum, v) => sum + v, 0),
    cpuMsPerRequestBySubgraph: bySubgraph,
    postgresCpuMsPerRequest,
    loadGeneratorCpuMsPerRequest: (ownCpu.user + ownCpu.system) / 1000 / answered,
    gatewayRssMb: { end: rssSamples[rssSamples.length - 1], peak: Math.max(...rssSamples) },
    gatewayRssSamplesMb: rssSamples,
    ...(heapUsedSamples ? { gatewayHeapUsedSamplesMb: heapUsedSamples } : {}),
    ...(afterCollection ? { gatewayAfterCollection: afterCollection } : {}),
  };
  return { figures, latencies };
}

/** Several phases of the same target as one: counts and CPU time summed, latencies pooled. */
export function combinePhases(phases: Phase[]): Omit<PhaseFigures, 'gatewayRssSamplesMb' | 'gatewayHeapUsedSamplesMb' | 'gatewayAfterCollection'> {
  const all = phases.map((p) => p.figures);
  const sum = (pick: (p: PhaseFigures) => number) => all.reduce((total, p) => total + pick(p), 0);
  const answered = (p: PhaseFigures) => p.ok + p.okWithErrors;
  // CPU per request was divided by each phase's answers: undo that to sum CPU time.
  const perRequest = (pick: (p: PhaseFigures) => number) => sum((p) => pick(p) * answered(p)) / (sum(answered) || 1);
  const errorCodes: Record<string, number> = {};
  for (const phase of all) for (const [code, n] of Object.entries(phase.errorCodes)) errorCodes[code] = (errorCodes[code] ?? 0) + n;
  const seconds = sum((p) => p.seconds);
  return {
    target: all[0].target,
    clients: all[0].clients,
    seconds,
    ok: sum((p) => p.ok),
    rateLimited: sum((p) => p.rateLimited),
    okWithErrors: sum((p) => p.okWithErrors),
    failed: sum((p) => p.failed),
    errorCodes,
    requestsPerSecond: sum((p) => p.ok) / seconds,
    latencyMs: percentiles(phases.flatMap((p) => p.latencies)),
    gatewayCpuMsPerRequest: perRequest((p) => p.gatewayCpuMsPerRequest),
    subgraphsCpuMsPerRequest: perRequest((p) => p.subgraphsCpuMsPerRequest),
    cpuMsPerRequestBySubgraph: Object.fromEntries(Object.keys(all[0].cpuMsPerRequestBySubgraph).map((name) => [name, perRequest((p) => p.cpuMsPerRequestBySubgraph[name])])),
    postgresCpuMsPerRequest: perRequest((p) => p.postgresCpuMsPerRequest),
    loadGeneratorCpuMsPerRequest: perRequest((p) => p.loadGeneratorCpuMsPerRequest),
    gatewayRssMb: { end: all[all.length - 1].gatewayRssMb.end, peak: Math.max(...all.map((p) => p.gatewayRssMb.peak)) },
  };
}
