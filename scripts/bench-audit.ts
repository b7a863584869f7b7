/**
 * `npm run bench:audit -- [--seconds 10] [--clients 50] [--writers 2]`: how many audit records per
 * second the writer appends when several gateway processes write at once. It migrates a fresh
 * audit database (`hub_bench_audit`; embedded PostgreSQL under data/pg-bench unless
 * HUB_POSTGRES_URL is set), starts that many writer processes, each with `--clients` requests
 * appending back to back (every append awaited, as a request awaits its record before answering)
 * for a bounded time, then verifies the whole chain. Figures go to stdout and
 * bench-results/audit.json. It fails only if the chain does not verify or a record is missing.
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { Client } from 'pg';
import { auditSubgraph } from '../subgraphs/audit';
import { databaseUrlOn, dropDatabase } from '../subgraphs/kit/database';
import { prepareDatabases } from '../runtime/databases';
import { openAuditWriter, verifyAuditChain, type AuditEntry } from '../audit-trail/audit-log';
import { configuredPgPort, startConfiguredPostgres } from '../runtime/postgres';
import { fromRoot } from '../subgraphs/kit/paths';

const RESULTS_FILE = 'bench-results/audit.json';
/** Never more than this many appends per writer, whatever the time allowed. */
const MAX_APPENDS_PER_WRITER = 200_000;

interface BenchOptions {
  seconds: number;
  clients: number;
  writers: number;
}

interface WriterReport {
  appends: number;
  failures: number;
  milliseconds: number;
  latenciesMs: number[];
  /** Statements sent: committed (each a group of records), conflict (lost the head to the other writer), failed. */
  statements: Record<string, number>;
}

function readOptions(argv: string[]): BenchOptions {
  const value = (flag: string, fallback: number): number => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const options = { seconds: value('--seconds', 10), clients: value('--clients', 50), writers: value('--writers', 2) };
  if (!(options.seconds > 0 && options.seconds <= 120)) throw new Error('--seconds must be above 0 and at most 120.');
  if (!(Number.isInteger(options.clients) && options.clients >= 1 && options.clients <= 500)) throw new Error('--clients must be a whole number from 1 to 500.');
  if (!(Number.isInteger(options.writers) && options.writers >= 1 && options.writers <= 8)) throw new Error('--writers must be a whole number from 1 to 8.');
  return options;
}

/** A record the size of a typical person lookup's: one person, a dozen coordinates. */
function benchEntry(writer: number, n: number): AuditEntry {
  return {
    subject: `bench-writer-${writer}@police.example`,
    agency: 'POLICE',
    role: 'IOM_OFFICER',
    purpose: 'CASE_MANAGEMENT',
    operationName: 'PersonByPnc',
    operationHash: 'a'.repeat(64),
    executedOperationHash: 'b'.repeat(64),
    people: [`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`],
    disclosed: ['Person.givenName', 'Person.familyName', 'Person.dateOfBirth', 'Person.pncId', 'Person.crn', 'Person.offences', 'Offence.committedOn', 'Offence.crimeType', 'Person.orders', 'ProbationOrder.type'],
    refused: [],
    outcome: 'DISCLOSED',
    correlationId: `bench-${writer}-${n}`,
  };
}

/** One writer process: `clients` loops appending until the time is up. */
async function runWriter(url: string, writer: number, seconds: number, clients: number): Promise<WriterReport> {
  const audit = await openAuditWriter(url);
  const latenciesMs: number[] = [];
  let appends = 0;
  let failures = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline && issued < MAX_APPENDS_PER_WRITER) {
      const n = issued++;
      const before = performance.now();
      try {
        await audit.append(benchEntry(writer, n));
        appends++;
        latenciesMs.push(performance.now() - before);
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const milliseconds = performance.now() - started;
  const { statements } = audit.stats();
  await audit.close();
  return { appends, failures, milliseconds, latenciesMs, statements };
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places;

async function freshDatabase(serverUrl: string): Promise<string> {
  const url = databaseUrlOn(serverUrl, 'hub_bench_audit');
  await prepareDatabases([auditSubgraph], { [auditSubgraph.name]: url }, { reset: true });
  return url;
}

function startWriterProcess(url: string, writer: number, options: BenchOptions): Promise<WriterReport> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--writer', String(writer), '--url', url, '--seconds', String(options.seconds), '--clients', String(options.clients)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let report: WriterReport | undefined;
    child.on('message', (message) => {
      report = message as WriterReport;
    });
    child.on('error', reject);
    child.on('exit', (code) => (report && code === 0 ? resolve(report) : reject(new Error(`writer ${writer} exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const writerIndex = argv.indexOf('--writer');
  if (writerIndex >= 0) {
    const options = readOptions(argv);
    const report = await runWriter(argv[argv.indexOf('--url') + 1], Number(argv[writerIndex + 1]), options.seconds, options.clients);
    await new Promise<void>((resolve) => process.send!(report, () => resolve()));
    return;
  }

  const options = readOptions(argv);
  const postgres = await startConfiguredPostgres({ dataDir: 'data/pg-bench', port: configuredPgPort() });
  try {
    const url = await freshDatabase(postgres.url);
    console.log(`Appending from ${options.writers} writer processes × ${options.clients} concurrent requests for ${options.seconds} s…`);
    const started = performance.now();
    const reports = await Promise.all(Array.from({ length: options.writers }, (_, i) => startWriterProcess(url, i + 1, options)));
    const wallMs = performance.now() - started;
    const appends = reports.reduce((sum, r) => sum + r.appends, 0);
    const failures = reports.reduce((sum, r) => sum + r.failures, 0);
    // Each writer's own window: process start-up is not append time.
    const windowMs = Math.max(...reports.map((r) => r.milliseconds));
    const latencies = reports.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
    const verification = await verifyAuditChain(url);
    const client = new Client({ connectionString: url });
    await client.connect();
    const stored = Number((await client.query<{ count: string }>('SELECT count(*) AS count FROM audit_record')).rows[0].count);
    await client.end();
    const figures = {
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
      options,
      appends,
      failures,
      appendsPerSecond: round(appends / (windowMs / 1000)),
      perWriter: reports.map((r) => ({ appends: r.appends, failures: r.failures, appendsPerSecond: round(r.appends / (r.milliseconds / 1000)), statements: r.statements, recordsPerCommit: round(r.appends / Math.max(1, r.statements.committed)) })),
      latencyMs: { p50: round(percentile(latencies, 50), 2), p95: round(percentile(latencies, 95), 2), p99: round(percentile(latencies, 99), 2), max: round(latencies.at(-1) ?? 0, 2) },
      wallSeconds: round(wallMs / 1000, 2),
      storedRecords: stored,
      chain: verification,
      measuredAt: new Date().toISOString(),
    };
    mkdirSync(fromRoot('bench-results'), { recursive: true });
    writeFileSync(fromRoot(RESULTS_FILE), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`${appends} appends (${failures} failed) in ${round(windowMs / 1000, 2)} s: ${figures.appendsPerSecond} appends/s; ` +
      `latency p50 ${figures.latencyMs.p50} ms, p95 ${figures.latencyMs.p95} ms, p99 ${figures.latencyMs.p99} ms`);
    for (const [i, writer] of figures.perWriter.entries()) console.log(`  writer ${i + 1}: ${writer.appendsPerSecond} appends/s, ${writer.statements.committed} commits (${writer.recordsPerCommit} records each), ${writer.statements.conflict} conflicts`);
    console.log(`Chain: ${verification.ok ? 'verified' : `BROKEN at ${verification.firstBrokenId}`} (${verification.records} records; ${stored} stored). Written to ${RESULTS_FILE}.`);
    await dropDatabase(url);
    if (!verification.ok || stored !== appends) process.exitCode = 1;
  } finally {
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
