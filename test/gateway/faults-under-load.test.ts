/**
 * `npm run faults`, shortened: clients keep asking for people while each partner subgraph in turn
 * is killed (connections cut mid-answer) and restarted, and while the audit database's PostgreSQL
 * is killed with SIGKILL and started again.
 */
import path from 'node:path';
import { Client } from 'pg';
import type { RunningHub } from '../../runtime/hub';
import { answerProblems, disclosuresWithoutRecord, healthyPictures, killPostgres, PARTNER_FIELDS, showsPartnerDown, startLoad, waitUntil, askForPerson } from '../../runtime/fault-drill';
import { verifyAuditChain } from '../../audit-trail/audit-log';
import { auditSubgraph } from '../../subgraphs/audit';
import { databaseUrlOn } from '../../subgraphs/kit/database';
import { prepareDatabases } from '../../runtime/databases';
import { unusedPort } from '../support/ports';
import { fromRoot } from '../../subgraphs/kit/paths';
import { startTestHub, testDatabaseUrls, tokenFor } from '../support/hub';
import { startSeparatePostgres, type SeparatePostgres } from '../support/separate-postgres';
import { testPopulation } from '../support/population';

// One caller asks far more often than the per-caller budget allows: the drill measures faults, not the limit.
process.env.HUB_RATE_LIMIT_REQUESTS = '0';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CLIENTS = 6;

const crns = testPopulation()
  .people.filter((p) => p.duplicateOf === undefined && p.identifiers.crn && p.identifiers.pncId)
  .slice(0, 12)
  .map((p) => p.identifiers.crn!);

describe('a partner subgraph killed under load', () => {
  let hub: RunningHub;
  let authorization: string;
  beforeAll(async () => {
    hub = await startTestHub();
    authorization = `Bearer ${await tokenFor('iom-coordinator')}`;
  });
  afterAll(() => hub.stop());

  it.each(Object.keys(PARTNER_FIELDS))('%s: its paths answer SUBGRAPH_UNAVAILABLE, nothing else fails, nobody gets another\'s data, and it recovers', async (partner) => {
    const healthy = await healthyPictures(hub.gatewayUrl, authorization, crns);
    const load = startLoad({ gatewayUrl: hub.gatewayUrl, authorization, crns, clients: CLIENTS, maxRequests: 3000, maxMilliseconds: 30_000 });
    await pause(400);
    await hub.subgraphs[partner].kill();
    const killedAt = load.elapsed();
    await pause(1500);
    await hub.restartSubgraph(partner);
    const restartedAt = load.elapsed();
    const recovered = await waitUntil(async () => answerProblems(await askForPerson(hub.gatewayUrl, authorization, crns[0]), healthy, null).length === 0, 20_000, 100);
    const recoveredAt = load.elapsed();
    await pause(1000);
    const answers = await load.stop();

    // Down or not, every answer is the person's own, with at most the partner's fields unavailable.
    expect(answers.flatMap((answer) => answerProblems(answer, healthy, partner))).toEqual([]);
    // The kill took effect: answers made while it was down show it.
    expect(answers.some((a) => a.finishedAt > killedAt && a.startedAt < restartedAt && showsPartnerDown(a, partner))).toBe(true);
    // Recovered: everything asked once it answered whole again answers in full.
    expect(recovered).toBe(true);
    const after = answers.filter((a) => a.startedAt >= recoveredAt);
    expect(after.length).toBeGreaterThan(0);
    expect(after.flatMap((answer) => answerProblems(answer, healthy, null))).toEqual([]);
  });
});

describe('PostgreSQL killed -9 under load', () => {
  // The audit trail on a server of its own, so killing it leaves the other tests' server alone.
  const dataDir = fromRoot('data/pg-test-faults');
  let port: number;
  let postgres: SeparatePostgres;
  let auditUrl: string;
  let hub: RunningHub;
  let authorization: string;

  beforeAll(async () => {
    port = await unusedPort();
    postgres = await startSeparatePostgres(dataDir, port);
    auditUrl = databaseUrlOn(postgres.url, 'hub_faults_audit');
    await prepareDatabases([auditSubgraph], { [auditSubgraph.name]: auditUrl }, { reset: true });
    hub = await startTestHub({ databaseUrls: { ...testDatabaseUrls(), audit: auditUrl } });
    authorization = `Bearer ${await tokenFor('iom-coordinator')}`;
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await postgres?.stop();
  });

  it('holds each answer until its audit record is committed', async () => {
    const lock = new Client({ connectionString: auditUrl });
    await lock.connect();
    try {
      // Another session blocks inserts into the audit log: no record can commit while it holds on.
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE audit_record IN SHARE MODE');
      let answered = false;
      const pending = askForPerson(hub.gatewayUrl, authorization, crns[0]).finally(() => {
        answered = true;
      });
      await pause(1500);
      expect(answered).toBe(false);
      await lock.query('COMMIT');
      const answer = await pending;
      expect(answer.status).toBe(200);
      expect(answer.data?.personByIdentifier).not.toBeNull();
      // Its record was committed before the answer left: visible the moment the answer arrived.
      expect(await disclosuresWithoutRecord([answer], auditUrl)).toEqual([]);
    } finally {
      await lock.end();
    }
  });

  it('returns no one\'s data without its audit record, and the chain verifies after the restart', async () => {
    const healthy = await healthyPictures(hub.gatewayUrl, authorization, crns);
    const load = startLoad({ gatewayUrl: hub.gatewayUrl, authorization, crns, clients: CLIENTS, maxRequests: 5000, maxMilliseconds: 60_000 });
    await pause(500);
    await killPostgres(path.resolve(dataDir));
    const killedAt = load.elapsed();
    await postgres.stop();
    await pause(1000);
    postgres = await startSeparatePostgres(dataDir, port);
    const restartedAt = load.elapsed();
    // Back once an answer is whole again (bounded).
    const recovered = await waitUntil(async () => answerProblems(await askForPerson(hub.gatewayUrl, authorization, crns[0]), healthy, null).length === 0, 20_000);
    await pause(500);
    const answers = await load.stop();
    expect(recovered).toBe(true);

    // While it was down the hub refused rather than answer unrecorded.
    const duringOutage = answers.filter((a) => a.startedAt > killedAt && a.finishedAt < restartedAt);
    expect(duringOutage.length).toBeGreaterThan(0);
    expect(duringOutage.some((a) => a.status === 503)).toBe(true);
    // Every answer that carried someone's data has its record, naming them; and it is their own data.
    expect(await disclosuresWithoutRecord(answers, auditUrl)).toEqual([]);
    for (const answer of answers.filter((a) => a.status === 200 && a.data?.personByIdentifier)) {
      expect(answer.data!.personByIdentifier!.id).toBe(healthy.get(answer.crn)!.id);
    }
    const verification = await verifyAuditChain(auditUrl);
    expect(verification.ok).toBe(true);
    expect(verification.records).toBeGreaterThanOrEqual(answers.filter((a) => a.status === 200 && a.data?.personByIdentifier).length);
  });
});
