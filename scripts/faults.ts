/**
 * `npm run faults -- [--seconds 3] [--clients 20] [--scale 0.25]`: fault drills under load, on
 * loopback only. Seeds its own databases (hub_faults_*, embedded PostgreSQL under data/pg-faults
 * on HUB_PG_PORT; it kills that server, so it never uses HUB_POSTGRES_URL), starts the hub, and
 * with `--clients` clients asking for people back to back:
 *
 * 1. kills each partner subgraph in turn (police, probation, housing, substance-misuse: its
 *    connections cut mid-answer, new ones refused) for `--seconds`, then restarts it;
 * 2. kills PostgreSQL with SIGKILL (the postmaster and every backend) for `--seconds`, then
 *    starts it again (crash recovery).
 *
 * Every answer is checked (runtime/fault-drill.ts): the person's own healthy answer, with at most
 * the down partner's fields null and SUBGRAPH_UNAVAILABLE; after each restart answers are whole
 * again; every answer carrying someone's data has its audit record; the chain verifies. Bounded:
 * each phase stops by itself, at most 20,000 requests. Figures to stdout and
 * bench-results/faults.json; exit 1 on any problem.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { SUBGRAPHS } from '../subgraphs';
import { databaseUrlsFor } from '../runtime/databases';
import { prepareSeededDatabases } from '../runtime/seeding';
import { startHub, type RunningHub } from '../runtime/hub';
import { configuredPgPort } from '../runtime/postgres';
import { startEmbeddedPostgres, type PostgresServer } from '../runtime/embedded-postgres';
import {
  answerProblems, askForPerson, disclosuresWithoutRecord, healthyPictures, killPostgres, PARTNER_FIELDS, showsPartnerDown, startLoad, waitUntil, type DrillAnswer,
} from '../runtime/fault-drill';
import { verifyAuditChain } from '../audit-trail/audit-log';
import { issueDevToken } from '../gateway/identity/dev-issuer';
import { fromRoot } from '../subgraphs/kit/paths';

const DATA_DIR = 'data/pg-faults';
const RESULTS_FILE = 'bench-results/faults.json';
const MAX_REQUESTS_PER_PHASE = 20_000;
const RECOVERY_LIMIT_MS = 30_000;

interface Options {
  seconds: number;
  clients: number;
  scale: number;
}

function readOptions(argv: string[]): Options {
  const value = (flag: string, fallback: number) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const options = { seconds: value('--seconds', 3), clients: value('--clients', 20), scale: value('--scale', 0.25) };
  if (!(options.seconds > 0 && options.seconds <= 60)) throw new Error('--seconds must be above 0 and at most 60.');
  if (!(Number.isInteger(options.clients) && options.clients >= 1 && options.clients <= 100)) throw new Error('--clients must be a whole number from 1 to 100.');
  if (!(options.scale > 0 && options.scale <= 2)) throw new Error('--scale must be above 0 and at most 2.');
  return options;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface PhaseFigures {
  fault: string;
  requests: number;
  whole: number;
  partnerUnavailable: number;
  refused503: number;
  otherFailures: number;
  recoveredAfterMs: number | null;
  problems: string[];
}

function summarise(fault: string, answers: DrillAnswer[], problems: string[], recoveredAfterMs: number | null, partner: string | null): PhaseFigures {
  return {
    fault,
    requests: answers.length,
    whole: answers.filter((a) => a.status === 200 && !a.errors?.length).length,
    partnerUnavailable: partner ? answers.filter((a) => showsPartnerDown(a, partner)).length : 0,
    refused503: answers.filter((a) => a.status === 503).length,
    otherFailures: answers.filter((a) => a.status !== 200 && a.status !== 503).length,
    recoveredAfterMs,
    problems: problems.slice(0, 20),
  };
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  // One caller asks far more often than the per-caller budget allows: the drill measures faults, not the limit.
  process.env.HUB_RATE_LIMIT_REQUESTS = '0';
  const port = configuredPgPort();
  let postgres: PostgresServer = await startEmbeddedPostgres({ dataDir: fromRoot(DATA_DIR), port, stopOnSignals: false });
  let hub: RunningHub | undefined;
  const phases: PhaseFigures[] = [];
  try {
    const urls = databaseUrlsFor(SUBGRAPHS, postgres.url, 'hub_faults');
    console.log(`Seeding a partnership at scale ${options.scale}…`);
    await prepareSeededDatabases(SUBGRAPHS, urls, { seed: 42, scale: options.scale, reset: true });
    hub = await startHub({ databaseUrls: urls, ephemeralPorts: true, host: '127.0.0.1' });
    const authorization = `Bearer ${await issueDevToken('iom-coordinator')}`;
    const listed = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: '{ people(first: 40, filter: { hasIdentifiers: [PNC_ID, CRN] }) { edges { node { crn } } } }' }),
    });
    const crns = ((await listed.json()) as { data: { people: { edges: { node: { crn: string } }[] } } }).data.people.edges.map((e) => e.node.crn);
    const healthy = await healthyPictures(hub.gatewayUrl, authorization, crns);
    const load = () => startLoad({ gatewayUrl: hub!.gatewayUrl, authorization, crns, clients: options.clients, maxRequests: MAX_REQUESTS_PER_PHASE, maxMilliseconds: options.seconds * 1000 + RECOVERY_LIMIT_MS + 5000 });
    const whole = async () => answerProblems(await askForPerson(hub!.gatewayUrl, authorization, crns[0]), healthy, null).length === 0;

    for (const partner of Object.keys(PARTNER_FIELDS)) {
      const running = load();
      await pause(1000);
      await hub.subgraphs[partner].kill();
      await pause(options.seconds * 1000);
      await hub.restartSubgraph(partner);
      const restarted = Date.now();
      const recovered = await waitUntil(whole, RECOVERY_LIMIT_MS, 100);
      const recoveredAfterMs = recovered ? Date.now() - restarted : null;
      await pause(1000);
      const answers = await running.stop();
      const problems = answers.flatMap((answer) => answerProblems(answer, healthy, partner));
      if (!recovered) problems.push(`${partner} did not recover within ${RECOVERY_LIMIT_MS} ms of its restart`);
      if (!answers.some((a) => showsPartnerDown(a, partner))) problems.push(`no answer showed ${partner} down: the fault did not take effect`);
      phases.push(summarise(`${partner} killed for ${options.seconds} s`, answers, problems, recoveredAfterMs, partner));
      console.log(`  ${partner.padEnd(16)} killed: ${answers.length} requests; ${phases.at(-1)!.partnerUnavailable} with its paths unavailable; ${problems.length} problem(s); whole again ${recoveredAfterMs ?? '—'} ms after restart`);
    }

    const running = load();
    await pause(1000);
    await killPostgres(fromRoot(DATA_DIR));
    await pause(options.seconds * 1000);
    postgres = await startEmbeddedPostgres({ dataDir: fromRoot(DATA_DIR), port, stopOnSignals: false });
    const restarted = Date.now();
    const recovered = await waitUntil(whole, RECOVERY_LIMIT_MS, 100);
    const recoveredAfterMs = recovered ? Date.now() - restarted : null;
    await pause(1000);
    const answers = await running.stop();
    // While PostgreSQL is down answers may fail in any way; what must hold is the audit, and whose data it is.
    const problems = await disclosuresWithoutRecord(answers, urls.audit);
    for (const answer of answers) {
      const id = answer.status === 200 ? answer.data?.personByIdentifier?.id : undefined;
      if (id !== undefined && id !== healthy.get(answer.crn)?.id) problems.push(`${answer.crn}: answered with another person's id`);
    }
    if (!recovered) problems.push(`the hub did not answer whole within ${RECOVERY_LIMIT_MS} ms of PostgreSQL's restart`);
    const chain = await verifyAuditChain(urls.audit);
    if (!chain.ok) problems.push(`audit chain broken at ${chain.firstBrokenId}: ${chain.reason}`);
    phases.push({ ...summarise(`PostgreSQL killed -9 for ${options.seconds} s`, answers, problems, recoveredAfterMs, null), problems: problems.slice(0, 20) });
    console.log(`  PostgreSQL -9     : ${answers.length} requests; ${phases.at(-1)!.refused503} refused (503); ${problems.length} problem(s); whole again ${recoveredAfterMs ?? '—'} ms after restart; chain ${chain.ok ? 'verified' : 'BROKEN'} (${chain.records} records)`);

    mkdirSync(fromRoot('bench-results'), { recursive: true });
    writeFileSync(fromRoot(RESULTS_FILE), `${JSON.stringify({ options, phases, measuredAt: new Date().toISOString() }, null, 2)}\n`);
    const total = phases.reduce((sum, phase) => sum + phase.problems.length, 0);
    console.log(total ? `FAILED: ${total} problem(s); see ${RESULTS_FILE}.` : `All drills passed. Written to ${RESULTS_FILE}.`);
    if (total) process.exitCode = 1;
  } finally {
    await hub?.stop().catch(() => undefined);
    await postgres.stop().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
