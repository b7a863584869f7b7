import type { RunningHub } from '../../runtime/hub';
import { WITHHELD_VERSION_PATH } from '../../subgraphs/kit/access/withheld-version';
import { SingleConnection } from '../../subgraphs/kit/single-connection';
import { asGateway, startTestHub, testDatabaseUrls } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { withSql } from '../support/sql';
import { testPopulation } from '../support/population';
import { signCallerToken } from '../../subgraphs/kit/access/caller-token';
import { askPersonIndex, GATEWAY_CALLER } from '../../gateway/access/audit-people';

/**
 * The person index's restrictions version is what every request waits on before its first
 * subgraph fetch: it is read on a connection of its own, never behind the pool's work; and the
 * audit's lookups, which every answer waits on before it leaves, on a pool of their own.
 */
describe('a connection of its own beside the pool', () => {
  const url = () => testDatabaseUrls().people;

  it('answers, keeps its backend across statements and statement errors, and refuses once closed', async () => {
    const connection = new SingleConnection(url());
    try {
      const [first] = await connection.query<{ pid: number }>('select pg_backend_pid() as pid');
      await expect(connection.query('select * from no_such_table')).rejects.toMatchObject({ code: '42P01' });
      const [second] = await connection.query<{ pid: number }>('select pg_backend_pid() as pid');
      expect(second.pid).toBe(first.pid);
    } finally {
      await connection.close();
    }
    await expect(connection.query('select 1')).rejects.toThrow('closed');
  });

  it('opens a new connection after the server ended its backend', async () => {
    const connection = new SingleConnection(url());
    try {
      const [first] = await connection.query<{ pid: number }>('select pg_backend_pid() as pid');
      await withSql(url(), (client) => client.query('select pg_terminate_backend($1)', [first.pid]));
      // The statement that meets the dead backend may fail; the one after it runs on a new one.
      await connection.query('select 1').catch(() => undefined);
      const [after] = await connection.query<{ pid: number }>('select pg_backend_pid() as pid');
      expect(after.pid).not.toBe(first.pid);
    } finally {
      await connection.close();
    }
  });

  it('gives up a statement past its 2 s and answers the next one', async () => {
    const connection = new SingleConnection(url());
    try {
      await expect(connection.query('select pg_sleep(5)')).rejects.toThrow();
      expect(await connection.query<{ one: number }>('select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await connection.close();
    }
  });

  describe('the person index', () => {
    let hub: RunningHub;
    beforeAll(async () => {
      hub = await startTestHub({ databaseUrls: await ownDatabases('single_connection', { copies: ['people'] }) });
    });
    afterAll(() => hub.stop());

    it('answers the restrictions version while every pooled connection is busy', async () => {
      const pooled = hub.subgraphs.people.orm.em.getConnection();
      // Ten statements hold the whole pool (10 connections) for 3 s; an eleventh waits for one.
      const busy = Array.from({ length: 11 }, () => pooled.execute('select pg_sleep(3)'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = performance.now();
      const answer = await fetch(new URL(WITHHELD_VERSION_PATH, hub.subgraphs.people.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await asGateway(hub, 'iom-coordinator')) },
        body: '{}',
      });
      const elapsed = performance.now() - started;
      expect(answer.status).toBe(200);
      const { version } = (await answer.json()) as { version: string };
      const [stored] = await pooled.execute<{ version: string }[]>('select version::text as version from withheld_version');
      expect(version).toBe(stored.version);
      // Behind the pool it would have waited for the sleeps: at least 2.7 s more.
      expect(elapsed).toBeLessThan(1_500);
      await Promise.all(busy);
    });

    it("names the people of an audit record while every pooled connection is busy: the gateway's own requests have a pool of their own", async () => {
      const [someone] = testPopulation().people.filter((p) => p.identifiers.crn && p.duplicateOf === undefined);
      const token = await signCallerToken(hub.callerTokenKeys, GATEWAY_CALLER);
      // Once before, so nothing but the pool decides how long the measured lookup takes.
      expect(await askPersonIndex(hub.subgraphs.people.url, token, [[`CRN:${someone.identifiers.crn}`]])).toEqual([[someone.hubId]]);
      const pooled = hub.subgraphs.people.orm.em.getConnection();
      const busy = Array.from({ length: 11 }, () => pooled.execute('select pg_sleep(3)'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = performance.now();
      const answers = await askPersonIndex(hub.subgraphs.people.url, token, [[`CRN:${someone.identifiers.crn}`]]);
      const elapsed = performance.now() - started;
      expect(answers).toEqual([[someone.hubId]]);
      // Behind the shared pool it would have waited for the sleeps: at least 2.7 s more.
      expect(elapsed).toBeLessThan(1_500);
      // A partner's caller still reads through the shared pool, so it waits for them.
      const partnerStarted = performance.now();
      const partner = await fetch(hub.subgraphs.people.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await asGateway(hub, 'iom-coordinator')) },
        body: JSON.stringify({ query: 'query($id: ID!) { person(id: $id) { id } }', variables: { id: someone.hubId } }),
      });
      expect(partner.status).toBe(200);
      expect(performance.now() - partnerStarted).toBeGreaterThan(1_500);
      await Promise.all(busy);
    });
  });
});
