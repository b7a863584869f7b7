/**
 * `npm run bench:load -- [--scale 1] [--seconds 15] [--rounds 2] [--clients 50] [--agenda-clients 10]
 *   [--soak-seconds 60] [--only person,people,agenda,analyst] [--quick]`:
 * the hub under load, side by side with stock Apollo Gateway. Seeds the chosen scale into fresh
 * hub_load_* databases (embedded PostgreSQL under data/pg-bench-load unless HUB_POSTGRES_URL is
 * set), runs every subgraph and the hub's gateway in their own processes as `npm start` does
 * (runtime/hub-processes.ts), and a stock ApolloServer + ApolloGateway (scripts/bench/stock-gateway.ts)
 * over the same supergraph and the same subgraph processes. For each workload it alternates hub
 * and stock phases, every client with its own caller, and records requests per second,
 * latency percentiles, every kind of error (HTTP-200 answers carrying errors included; 429s
 * apart), gateway memory and CPU time per request in the gateway and each subgraph. A soak phase
 * then runs person lookups on the hub, then on stock, and compares each gateway's memory at 10 s
 * and at the end, both as sampled and just after a full collection. Figures go to stdout and bench-results/load-scale-<scale>.json; the machine is recorded
 * with them. Ports: HUB_BENCH_PORT_BASE (default 4100) for the gateway, the next seven for the
 * subgraphs, the one after for stock.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SUBGRAPHS } from '../subgraphs';
import { databaseUrlsFor } from '../runtime/databases';
import { prepareSeededDatabases } from '../runtime/seeding';
import { startHubProcesses, type RunningHubProcesses } from '../runtime/hub-processes';
import { configuredPgPort, startConfiguredPostgres } from '../runtime/postgres';
import { clockFromEnvironment } from '../subgraphs/kit/dates';
import { envPrefix } from '../subgraphs/kit/environment';
import { fromRoot } from '../subgraphs/kit/paths';
import { loadOrCreateCallerTokenKeys, signCallerToken, type CallerTokenKeys } from '../subgraphs/kit/access/caller-token';
import type { Caller } from '../subgraphs/kit/access/caller';
import { accessFor, loadAccessPolicy } from '../subgraphs/kit/access/policy';
import { DEV_ISSUER, issueDevToken } from '../gateway/identity/dev-issuer';
import { combinePhases, rssMegabytes, runPhase, type CollectedReading, type LoadClient, type LoadTarget, type Phase, type PhaseFigures } from './bench/load';
import { CALLER_CONTEXT_HEADER } from './bench/stock-gateway';
import { MEMORY_DIR_VARIABLE } from './bench/collect-on-signal';
import { stopOnInterrupt } from './bench/measure';

const SEED = 42;
const POSTGRES_DATA_DIR = 'data/pg-bench-load';

const OPERATIONS = 'scripts/bench/operations';
/** The caller context is valid 60 s: the benchmark signs stock's afresh well before that. */
const CALLER_CONTEXT_REFRESH_MS = 30_000;

interface LoadOptions {
  scale: number;
  seconds: number;
  rounds: number;
  clients: number;
  agendaClients: number;
  soakSeconds: number;
  warmUpSeconds: number;
  /** Only these workloads (person, people, agenda, analyst); all by default. */
  only: string[] | null;
}

function readOptions(argv: string[]): LoadOptions {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const number = (flag: string, fallback: number, check: (n: number) => boolean, what: string): number => {
    const raw = value(flag);
    const n = raw === undefined ? fallback : Number(raw);
    if (!check(n)) throw new Error(`${flag} must be ${what}; got ${raw}.`);
    return n;
  };
  const whole = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;
  return {
    scale: number('--scale', 1, (n) => n > 0 && n <= 100, 'a number above 0 and at most 100'),
    seconds: number('--seconds', quick ? 3 : 15, whole(1, 600), 'a whole number of seconds from 1 to 600'),
    rounds: number('--rounds', quick ? 1 : 2, whole(1, 10), 'a whole number from 1 to 10'),
    clients: number('--clients', 50, whole(1, 500), 'a whole number from 1 to 500'),
    agendaClients: number('--agenda-clients', 10, whole(1, 500), 'a whole number from 1 to 500'),
    soakSeconds: number('--soak-seconds', quick ? 0 : 60, (n) => n === 0 || whole(11, 3600)(n), '0 (no soak) or a whole number of seconds from 11 to 3600'),
    warmUpSeconds: quick ? 1 : 3,
    only: value('--only')?.split(',') ?? null,
  };
}

/** The caller the hub's gateway derives from a development token, as it signs it for the subgraphs. */
function callerFor(profile: string, purpose: string, subject: string): Caller {
  const found = loadAccessPolicy().profiles[profile];
  if (!found) throw new Error(`No access profile "${profile}".`);
  return { subject, issuer: DEV_ISSUER, profile, agency: found.agency, role: found.role, team: 'iom-team-1', purpose, ...accessFor(found, purpose) };
}

interface Workload {
  name: string;
  file: string;
  profile: string;
  purpose: string;
  clients: number;
  variables(client: number, request: number): Record<string, unknown> | undefined;
}

interface ClientCallers {
  hub: LoadClient[];
  stock: LoadClient[];
  stopRefreshing(): void;
}

/** Each client its own caller: a development token for the hub, a signed caller context for stock. */
async function callersFor(workload: Workload, keys: CallerTokenKeys): Promise<ClientCallers> {
  const hub: LoadClient[] = [];
  const stock: LoadClient[] = [];
  const subjects = Array.from({ length: workload.clients }, (_, i) => `load-${workload.name}-${i + 1}`);
  for (const [i, subject] of subjects.entries()) {
    const token = await issueDevToken(workload.profile, { purpose: workload.purpose, subject });
    hub.push({ headers: { authorization: `Bearer ${token}` }, variables: (n) => workload.variables(i, n) });
    stock.push({ headers: { [CALLER_CONTEXT_HEADER]: await signCallerToken(keys, callerFor(workload.profile, workload.purpose, subject)) }, variables: (n) => workload.variables(i, n) });
  }
  const refresh = setInterval(() => {
    void Promise.all(subjects.map((subject, i) => signCallerToken(keys, callerFor(workload.profile, workload.purpose, subject)).then((token) => (stock[i].headers[CALLER_CONTEXT_HEADER] = token))));
  }, CALLER_CONTEXT_REFRESH_MS);
  return { hub, stock, stopRefreshing: () => clearInterval(refresh) };
}

async function ask<T>(url: string, query: string, variables: Record<string, unknown>, authorization: string): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!response.ok || body.errors?.length || !body.data) throw new Error(`The hub answered ${response.status}: ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
  return body.data;
}

async function waitForStock(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The stock gateway stopped while starting (exit code ${child.exitCode}).`);
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('The stock gateway did not answer within 60 s.');
}

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model,
    cpus: cpus.length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverageAtStart: os.loadavg(),
    // Other work on the machine moves the absolute figures; hub and stock run alternately in the
    // same run so their ratio stays comparable.
    note: 'figures are from one run; compare hub with stock within it',
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The soak compares each gateway's memory at this second with its memory at the end. */
const SOAK_READING_SECONDS = 10;

/**
 * Both gateways run with the benchmark's collection on a signal (collect-on-signal.ts): the
 * readings after a full collection say what each keeps, the plain ones where V8's sawtooth was.
 */
const GATEWAY_NODE_ARGS = ['--expose-gc', '-r', fromRoot('dist/scripts/bench/collect-on-signal.js')];

function soakFigures(figures: PhaseFigures) {
  const samples = figures.gatewayRssSamplesMb;
  const at10 = samples[Math.min(SOAK_READING_SECONDS, samples.length - 1)];
  const atEnd = figures.gatewayRssMb.end;
  const heap = figures.gatewayHeapUsedSamplesMb;
  const collected = figures.gatewayAfterCollection ?? [];
  const at10s = collected.find((r) => r.atSeconds === SOAK_READING_SECONDS) ?? collected[0];
  const collectedAtEnd = collected[collected.length - 1];
  return {
    seconds: round1(figures.seconds),
    clients: figures.clients,
    ok: figures.ok,
    errors: figures.okWithErrors + figures.failed,
    errorCodes: figures.errorCodes,
    rateLimited: figures.rateLimited,
    requestsPerSecond: figures.requestsPerSecond,
    latencyMs: figures.latencyMs,
    gatewayCpuMsPerRequest: figures.gatewayCpuMsPerRequest,
    gatewayRssMbAt10s: at10,
    gatewayRssMbAtEnd: atEnd,
    gatewayRssMbPeak: figures.gatewayRssMb.peak,
    rssGrowthPercent: ((atEnd - at10) / at10) * 100,
    gatewayRssSamplesMb: samples,
    ...(heap ? { gatewayHeapUsedMbAt10s: heap[Math.min(SOAK_READING_SECONDS, heap.length - 1)], gatewayHeapUsedMbAtEnd: heap[heap.length - 1], gatewayHeapUsedSamplesMb: heap } : {}),
    afterCollection: {
      at10s,
      atEnd: collectedAtEnd,
      rssGrowthPercent: ((collectedAtEnd.rssMb - at10s.rssMb) / at10s.rssMb) * 100,
      heapGrowthPercent: ((collectedAtEnd.heapUsedMb - at10s.heapUsedMb) / at10s.heapUsedMb) * 100,
    },
  };
}

function table(results: WorkloadResult[]): string {
  const rows = results.map((r) => {
    const h = r.hub;
    const s = r.stock;
    const errors = (p: typeof h) => p.okWithErrors + p.failed;
    return `| ${r.label} | ${r.clients} | ${round1(h.requestsPerSecond)} / ${round1(s.requestsPerSecond)} | ${Math.round(h.latencyMs.p50)} / ${Math.round(h.latencyMs.p95)} / ${Math.round(h.latencyMs.p99)} | ${Math.round(s.latencyMs.p50)} / ${Math.round(s.latencyMs.p95)} / ${Math.round(s.latencyMs.p99)} | ${errors(h)} / ${errors(s)} | ${h.rateLimited} / ${s.rateLimited} | ${Math.round(h.gatewayRssMb.peak)} / ${Math.round(s.gatewayRssMb.peak)} | ${round1(h.gatewayCpuMsPerRequest)} / ${round1(s.gatewayCpuMsPerRequest)} | ${round1(h.subgraphsCpuMsPerRequest)} / ${round1(s.subgraphsCpuMsPerRequest)} | ${round1(h.postgresCpuMsPerRequest)} / ${round1(s.postgresCpuMsPerRequest)} | ${round1(h.loadGeneratorCpuMsPerRequest)} / ${round1(s.loadGeneratorCpuMsPerRequest)} |`;
  });
  return [
    '| query | clients | req/s hub / stock | hub ms p50 / p95 / p99 | stock ms p50 / p95 / p99 | errors hub / stock | 429s hub / stock | gateway RSS MB (peak) hub / stock | gateway CPU ms/req hub / stock | subgraph CPU ms/req hub / stock | PostgreSQL CPU ms/req hub / stock | load generator CPU ms/req hub / stock |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

interface WorkloadResult {
  name: string;
  label: string;
  operation: string;
  clients: number;
  hub: ReturnType<typeof combinePhases>;
  stock: ReturnType<typeof combinePhases>;
  phases: PhaseFigures[];
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const referenceDate = clockFromEnvironment().today();
  const portBase = Number(process.env.HUB_BENCH_PORT_BASE ?? 4100);
  // The gateways write their memory readings after a collection here (collect-on-signal.ts); both inherit it.
  process.env[MEMORY_DIR_VARIABLE] = mkdtempSync(path.join(os.tmpdir(), 'hub-bench-memory-'));
  const postgres = await startConfiguredPostgres({ dataDir: POSTGRES_DATA_DIR, port: configuredPgPort(54333) });
  let hub: RunningHubProcesses | undefined;
  let stock: ChildProcess | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (stock && stock.exitCode === null) {
      stock.kill('SIGTERM');
      await new Promise((resolve) => stock!.once('exit', resolve));
    }
    await hub?.stop().catch((error: unknown) => console.error('Stopping the hub:', error));
    await postgres.stop().catch((error: unknown) => console.error('Stopping PostgreSQL:', error));
    rmSync(process.env[MEMORY_DIR_VARIABLE]!, { recursive: true, force: true });
  };
  stopOnInterrupt(stop);

  try {
    const machineRecord = machine();
    console.log(`Seeding scale ${options.scale} (seed ${SEED}) into fresh hub_load_* databases…`);
    const databaseUrls = databaseUrlsFor(SUBGRAPHS, postgres.url, 'hub_load');
    const seedingStarted = performance.now();
    const seeded = await prepareSeededDatabases(SUBGRAPHS, databaseUrls, { seed: SEED, scale: options.scale, referenceDate, reset: true });
    const seedingSeconds = (performance.now() - seedingStarted) / 1000;
    for (const result of seeded) console.log(`  ${result.subgraph}: ${result.seeded}`);
    console.log(`Seeded in ${round1(seedingSeconds)} s.`);

    hub = await startHubProcesses({
      subgraphs: SUBGRAPHS.map((s, i) => ({ name: s.name, port: portBase + 1 + i })),
      databaseUrls,
      gatewayPort: portBase,
      // Eight Node processes starting at once on a small shared machine can take minutes.
      startTimeoutMs: 180_000,
      // Each client is its own caller, so the per-caller budget is what a real caller gets.
      env: { HUB_TODAY: referenceDate, HUB_LOG_LEVEL: process.env.HUB_LOG_LEVEL ?? 'warn' },
      gatewayNodeArgs: GATEWAY_NODE_ARGS,
      onUnexpectedExit: (service, code, signal) => console.error(`${service} stopped during the benchmark (${signal ?? code}).`),
    });
    const stockUrl = `http://127.0.0.1:${portBase + 1 + SUBGRAPHS.length}/`;
    stock = spawn(process.execPath, [...GATEWAY_NODE_ARGS, fromRoot('dist/scripts/bench/stock-gateway.js')], {
      env: { ...process.env, PORT: String(portBase + 1 + SUBGRAPHS.length), HUB_HOST: '127.0.0.1', ...Object.fromEntries(Object.entries(hub.subgraphUrls).map(([name, url]) => [`${envPrefix(name)}_URL`, url])) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitForStock(stockUrl, stock);
    const gatewayProcess = hub.processes.find((p) => p.service === 'gateway')!;
    const subgraphPids = Object.fromEntries(hub.processes.filter((p) => p.service !== 'gateway').map((p) => [p.service, p.pid]));
    const postgresDataDir = postgres.embedded ? fromRoot(POSTGRES_DATA_DIR) : null;
    const targets: Record<'hub' | 'stock', LoadTarget> = {
      hub: { label: 'hub', url: hub.gatewayUrl, gatewayPid: gatewayProcess.pid, postgresDataDir },
      stock: { label: 'stock', url: stockUrl, gatewayPid: stock.pid!, postgresDataDir },
    };
    const keys = await loadOrCreateCallerTokenKeys(hub.signingKeyJson);
    const idleRss = { hub: rssMegabytes(targets.hub.gatewayPid), stock: rssMegabytes(targets.stock.gatewayPid) };

    // What the workloads ask for: PNC IDs the coordinator may see, and the next conference.
    const coordinator = `Bearer ${await issueDevToken('iom-coordinator', { subject: 'load-setup' })}`;
    const people = await ask<{ people: { edges: { node: { pncId: string } }[] } }>(hub.gatewayUrl, '{ people(first: 500, filter: { hasIdentifiers: [PNC_ID] }) { edges { node { pncId } } } }', {}, coordinator);
    const pncIds = people.people.edges.map((e) => e.node.pncId);
    if (pncIds.length === 0) throw new Error('The coordinator sees nobody with a PNC ID.');
    const conferenceAuthorization = `Bearer ${await issueDevToken('iom-coordinator', { subject: 'load-setup', purpose: 'case-conference' })}`;
    const conferences = await ask<{ caseConferences: { edges: { node: { id: string; heldOn: string; agendaSize: number } }[] } }>(
      hub.gatewayUrl,
      '{ caseConferences(first: 50) { edges { node { id heldOn agendaSize } } } }',
      {},
      conferenceAuthorization,
    );
    const next = conferences.caseConferences.edges.map((e) => e.node).sort((a, b) => b.heldOn.localeCompare(a.heldOn))[0];
    if (!next) throw new Error('The seed wrote no case conferences.');
    console.log(`${pncIds.length} PNC IDs to look up; the next conference (${next.heldOn}) has ${next.agendaSize} people.`);

    const workloads: (Workload & { label: string })[] = [
      { name: 'person', label: 'one person by PNC ID (README selection)', file: 'person-by-pnc.graphql', profile: 'iom-coordinator', purpose: 'case-management', clients: options.clients, variables: (c, n) => ({ pnc: pncIds[(c * 7919 + n) % pncIds.length] }) },
      { name: 'people', label: '50 people across partners', file: 'people-across-partners.graphql', profile: 'iom-coordinator', purpose: 'case-management', clients: options.clients, variables: () => undefined },
      { name: 'agenda', label: `case conference agenda, ${next.agendaSize} people`, file: 'case-conference-agenda.graphql', profile: 'iom-coordinator', purpose: 'case-conference', clients: options.agendaClients, variables: () => ({ id: next.id }) },
      { name: 'analyst', label: 'analyst: IOM cohort measures', file: 'iom-cohort-measures.graphql', profile: 'analyst', purpose: 'analysis', clients: options.clients, variables: () => ({ asOf: referenceDate }) },
    ];

    const unknown = options.only?.filter((name) => !workloads.some((w) => w.name === name)) ?? [];
    if (unknown.length) throw new Error(`--only ${unknown.join(',')}: the workloads are ${workloads.map((w) => w.name).join(', ')}.`);
    const results: WorkloadResult[] = [];
    for (const workload of workloads.filter((w) => !options.only || options.only.includes(w.name))) {
      const query = readFileSync(fromRoot(OPERATIONS, workload.file), 'utf8');
      const callers = await callersFor(workload, keys);
      try {
        console.log(`\n${workload.label}: ${workload.clients} clients, ${options.rounds} round(s) of ${options.seconds} s each on hub and stock, alternating…`);
        for (const side of ['hub', 'stock'] as const) await runPhase(targets[side], query, callers[side], options.warmUpSeconds, subgraphPids);
        const phases: Record<'hub' | 'stock', Phase[]> = { hub: [], stock: [] };
        for (let round = 0; round < options.rounds; round++) {
          for (const side of round % 2 === 0 ? (['hub', 'stock'] as const) : (['stock', 'hub'] as const)) {
            const phase = await runPhase(targets[side], query, callers[side], options.seconds, subgraphPids);
            const f = phase.figures;
            console.log(`  ${side.padEnd(5)} ${round1(f.requestsPerSecond)} req/s, p50 ${Math.round(f.latencyMs.p50)} ms, p95 ${Math.round(f.latencyMs.p95)} ms; ${f.okWithErrors + f.failed} error(s)${Object.keys(f.errorCodes).length ? ` ${JSON.stringify(f.errorCodes)}` : ''}, ${f.rateLimited} 429; gateway ${Math.round(f.gatewayRssMb.peak)} MB, CPU ${round1(f.gatewayCpuMsPerRequest)} ms/req gateway, ${round1(f.subgraphsCpuMsPerRequest)} ms/req subgraphs ${JSON.stringify(Object.fromEntries(Object.entries(f.cpuMsPerRequestBySubgraph).map(([name, ms]) => [name, round1(ms)])))}, ${round1(f.postgresCpuMsPerRequest)} ms/req PostgreSQL, ${round1(f.loadGeneratorCpuMsPerRequest)} ms/req this benchmark`);
            phases[side].push(phase);
          }
        }
        results.push({
          name: workload.name,
          label: workload.label,
          operation: `${OPERATIONS}/${workload.file}`,
          clients: workload.clients,
          hub: combinePhases(phases.hub),
          stock: combinePhases(phases.stock),
          phases: [...phases.hub, ...phases.stock].map((p) => p.figures),
        });
      } finally {
        callers.stopRefreshing();
      }
    }

    // The same soak on both gateways, one after the other, each asked for a full collection
    // before its memory is read at 10 s and at the end (see collect-on-signal.ts).
    const soak: Partial<Record<'hub' | 'stock', Record<string, unknown>>> = {};
    if (options.soakSeconds > 0) {
      const workload = workloads[0];
      const callers = await callersFor(workload, keys);
      try {
        for (const side of ['hub', 'stock'] as const) {
          console.log(`\nSoak: ${workload.label} on ${side}, ${workload.clients} clients for ${options.soakSeconds} s…`);
          const soakTarget: LoadTarget = { ...targets[side], collectAtSeconds: [SOAK_READING_SECONDS], ...(side === 'hub' ? { metricsUrl: new URL('/metrics', hub.gatewayUrl).href } : {}) };
          const { figures } = await runPhase(soakTarget, readFileSync(fromRoot(OPERATIONS, workload.file), 'utf8'), callers[side], options.soakSeconds, subgraphPids);
          soak[side] = soakFigures(figures);
          const f = soak[side] as ReturnType<typeof soakFigures>;
          const after = (r: CollectedReading) => `RSS ${round1(r.rssMb)} MB (V8 heap in use ${round1(r.heapUsedMb)} of ${round1(r.heapTotalMb)} MB, external ${round1(r.externalMb)} MB)`;
          console.log(
            `  ${figures.ok} answers, ${figures.okWithErrors + figures.failed} error(s)${Object.keys(figures.errorCodes).length ? ` ${JSON.stringify(figures.errorCodes)}` : ''}, ${figures.rateLimited} 429; gateway RSS as sampled ${round1(f.gatewayRssMbAt10s)} MB at 10 s, ${round1(f.gatewayRssMbAtEnd)} MB at the end (${round1(f.rssGrowthPercent)}%), peak ${round1(f.gatewayRssMbPeak)} MB` +
              `\n  after a full collection: at 10 s ${after(f.afterCollection.at10s)}; at the end ${after(f.afterCollection.atEnd)} (RSS ${round1(f.afterCollection.rssGrowthPercent)}%, heap in use ${round1(f.afterCollection.heapGrowthPercent)}%)`,
          );
        }
        if (soak.hub && soak.stock) {
          const hubEnd = (soak.hub as ReturnType<typeof soakFigures>).afterCollection.atEnd.rssMb;
          const stockEnd = (soak.stock as ReturnType<typeof soakFigures>).afterCollection.atEnd.rssMb;
          console.log(`  hub / stock gateway RSS at the end, after a full collection: ${round1(hubEnd)} / ${round1(stockEnd)} MB (${round1(((hubEnd - stockEnd) / stockEnd) * 100)}%)`);
        }
      } finally {
        callers.stopRefreshing();
      }
    }

    const figures = {
      generatedAt: new Date().toISOString(),
      machine: { ...machineRecord, loadAverageAtEnd: os.loadavg() },
      seed: SEED,
      scale: options.scale,
      referenceDate,
      seedingSeconds,
      seeded: seeded.map((r) => `${r.subgraph}: ${r.seeded}`),
      options,
      gatewayIdleRssMb: idleRss,
      processes: 'each subgraph and each gateway in its own Node process; the load comes from this one',
      workloads: results,
      soak: options.soakSeconds > 0 ? soak : undefined,
    };
    const resultsFile = `bench-results/load-scale-${options.scale}.json`;
    mkdirSync(path.dirname(fromRoot(resultsFile)), { recursive: true });
    const rounded = (_key: string, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value);
    writeFileSync(fromRoot(resultsFile), `${JSON.stringify(figures, rounded, 2)}\n`);
    console.log(`\n${table(results)}\n\nFigures written to ${resultsFile}`);
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
