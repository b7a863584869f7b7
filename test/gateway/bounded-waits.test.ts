/**
 * Every wait the gateway makes is bounded, and its HTTP server and its subgraph client agree on
 * timeouts: a slow subgraph costs its own paths only, a slowly sent body is dropped, one caller
 * cannot take the hub's capacity, idle sockets are closed by the client before the server closes
 * them, and stopping lets requests in flight finish.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../gateway/gateway';
import { SubgraphDataSource } from '../../gateway/subgraph-data-source';
import type { RunningHub } from '../../runtime/hub';
import { readSupergraph } from '../../gateway/supergraph-file';
import { openAuditWriter, type AuditWriter } from '../../audit-trail/audit-log';
import { DEFAULT_HTTP_TIMEOUTS, SUBGRAPH_CLIENT_IDLE_SOCKET_MS } from '../../subgraphs/kit/http-server';
import { as, callerFor, postGraphQL, startTestHub, testDatabaseUrls } from '../support/hub';
import { startDelayingProxy, type DelayingProxy } from '../support/delaying-proxy';
import { testPopulation } from '../support/population';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const PERSON_WITH_HOUSING = `query($id: ID!) { person(id: $id) { id givenName housingAuthority { code } accommodation { status } } }`;

describe('bounded waits at the gateway', () => {
  let hub: RunningHub;
  let audit: AuditWriter;
  const extraGateways: RunningGateway[] = [];
  const proxies: DelayingProxy[] = [];
  const person = testPopulation().people.find((p) => p.duplicateOf === undefined && p.identifiers.housingReference)!;

  beforeAll(async () => {
    hub = await startTestHub();
    audit = await openAuditWriter(testDatabaseUrls().audit);
  });
  afterAll(async () => {
    for (const gateway of extraGateways) await gateway.stop();
    for (const proxy of proxies) await proxy.close();
    await audit.close();
    await hub.stop();
  });

  /** A second gateway over the running subgraphs, with its own settings. */
  async function gatewayWith(options: Partial<GatewayOptions>): Promise<RunningGateway> {
    const gateway = await startGateway({
      supergraphSdl: readSupergraph(),
      subgraphUrls: Object.fromEntries(Object.values(hub.subgraphs).map((s) => [s.name, s.url])),
      port: 0,
      callerTokenKeys: hub.callerTokenKeys,
      audit,
      ...options,
    });
    extraGateways.push(gateway);
    return gateway;
  }

  async function slowHousing(delayMs: number): Promise<DelayingProxy> {
    const proxy = await startDelayingProxy(hub.subgraphs.housing.url, delayMs);
    proxies.push(proxy);
    return proxy;
  }

  it('answers a subgraph slower than its timeout with SUBGRAPH_UNAVAILABLE at its paths, in time, while the rest answers', async () => {
    const proxy = await slowHousing(10_000);
    const timeoutMs = 600;
    const gateway = await gatewayWith({
      subgraphUrls: { ...Object.fromEntries(Object.values(hub.subgraphs).map((s) => [s.name, s.url])), housing: proxy.url },
      subgraphTimeoutsMs: { housing: timeoutMs },
    });
    const started = performance.now();
    const response = await postGraphQL(gateway.url, PERSON_WITH_HOUSING, { id: person.hubId });
    const elapsed = performance.now() - started;
    expect(proxy.requests).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs);
    // The timeout, plus the rest of the plan (with room for a busy machine): far from the 10 s the
    // subgraph would have taken.
    expect(elapsed).toBeLessThan(timeoutMs + 3000);
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ person: { id: person.hubId, givenName: person.givenName, housingAuthority: null, accommodation: null } });
    expect(response.errors?.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        ['person', 'housingAuthority'],
        ['person', 'accommodation'],
      ]),
    );
    expect(response.errors).toHaveLength(2);
    for (const error of response.errors!) {
      expect(error.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', correlationId: response.headers.get('x-correlation-id') });
    }
  });

  it('waits for a subgraph that is slow but within its timeout', async () => {
    const proxy = await slowHousing(300);
    const gateway = await gatewayWith({
      subgraphUrls: { ...Object.fromEntries(Object.values(hub.subgraphs).map((s) => [s.name, s.url])), housing: proxy.url },
      subgraphTimeoutsMs: { housing: 3000 },
    });
    const response = await postGraphQL(gateway.url, PERSON_WITH_HOUSING, { id: person.hubId });
    expect(response.errors).toBeUndefined();
    expect(response.data?.person).toMatchObject({ id: person.hubId, housingAuthority: { code: person.localAuthority.code } });
  });

  it('re-signs the caller context when a fetch could outlive it, and reuses it otherwise', async () => {
    const timeoutMs = 15_000;
    const source = new SubgraphDataSource({ url: 'http://127.0.0.1:9/graphql' }, { callerTokenKeys: hub.callerTokenKeys, subgraphName: 'people', timeoutMs });
    const send = async (context: Record<string, unknown>) => {
      const headers = new Headers();
      const options = { request: { query: '{ __typename }', http: { url: '', method: 'POST', headers } }, context };
      await source.willSendRequest(options as unknown as Parameters<SubgraphDataSource['willSendRequest']>[0]);
      return headers.get('authorization')!.replace(/^Bearer /, '');
    };
    const caller = callerFor('iom-coordinator');
    // Valid for 30 s more: longer than the timeout plus margin, so the same context is sent.
    const fresh = { caller, callerToken: { token: Promise.resolve('still-valid'), expiresAt: Date.now() + 30_000 } };
    expect(await send(fresh)).toBe('still-valid');
    // Valid for 10 s more: the fetch may take 15 s, so a new context is signed for it.
    const ageing = { caller, callerToken: { token: Promise.resolve('about-to-expire'), expiresAt: Date.now() + 10_000 } };
    const resigned = await send(ageing);
    expect(resigned).not.toBe('about-to-expire');
    const claims = decodeJwt(resigned);
    expect(claims.exp! - Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(timeoutMs / 1000);
  });

  it('refuses a caller over the rate limit with 429, Retry-After and a correlation id; other callers are served', async () => {
    const gateway = await gatewayWith({ rateLimit: { requests: 3, windowMs: 60_000 } });
    const busy = await as('iom-coordinator', { subject: 'busy-caller' });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await postGraphQL(gateway.url, PERSON_WITH_HOUSING, { id: person.hubId }, busy)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const refused = await postGraphQL(gateway.url, PERSON_WITH_HOUSING, { id: person.hubId }, busy);
    expect(refused.status).toBe(429);
    expect(refused.data ?? null).toBeNull();
    const retryAfter = Number(refused.headers.get('retry-after'));
    // Nothing from the previous window: wait for the current one to end (at most 60 s).
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', correlationId: refused.headers.get('x-correlation-id') });
    // Another caller still gets the person, as the seed holds them: the limit is per caller.
    const other = await postGraphQL(gateway.url, PERSON_WITH_HOUSING, { id: person.hubId }, await as('iom-coordinator', { subject: 'quiet-caller' }));
    expect(other.status).toBe(200);
    expect(other.errors).toBeUndefined();
    expect(other.data?.person).toMatchObject({ id: person.hubId, givenName: person.givenName, housingAuthority: { code: person.localAuthority.code } });
  });

  it('drops a slowly sent body when the request timeout passes', async () => {
    const requestMs = 1000;
    const gateway = await gatewayWith({ httpTimeouts: { requestMs, headersMs: requestMs } });
    const { port } = new URL(gateway.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    const started = performance.now();
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(performance.now() - started)));
    socket.on('error', () => undefined);
    socket.write('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{');
    // One byte every 200 ms: it would take 200 s to send the declared body.
    const drip = setInterval(() => socket.writable && socket.write(' '), 200);
    const elapsed = await closed;
    clearInterval(drip);
    expect(elapsed).toBeGreaterThanOrEqual(requestMs - 50);
    // Node checks request timeouts every second (the server sets the interval); room for a busy
    // machine, far from the 200 s the body would have taken.
    expect(elapsed).toBeLessThan(requestMs + 4000);
    expect(received.startsWith('HTTP/1.1 408')).toBe(true);
    const correlationId = /x-correlation-id: ([0-9a-f-]{36})/.exec(received)?.[1];
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    // The body names the refusal, in the same shape as every other error, with the header's id.
    const body = JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4)) as unknown;
    expect(body).toEqual({ errors: [{ message: 'The request did not arrive in time.', extensions: { code: 'BAD_REQUEST', correlationId } }] });
  });

  it('closes idle subgraph sockets from the client side before the server would, and the next request opens a new one', async () => {
    expect(SUBGRAPH_CLIENT_IDLE_SOCKET_MS).toBeLessThan(DEFAULT_HTTP_TIMEOUTS.keepAliveMs);
    // A TCP relay in front of the people subgraph that records which side closes each connection.
    const target = new URL(hub.subgraphs.people.url);
    const closedFirstBy: string[] = [];
    let connections = 0;
    const relay = net.createServer((client) => {
      connections += 1;
      const upstream = net.connect(Number(target.port), target.hostname);
      let decided = false;
      const record = (side: string) => {
        if (!decided) closedFirstBy.push(side);
        decided = true;
      };
      client.on('end', () => record('gateway'));
      upstream.on('end', () => record('subgraph'));
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.on('error', () => undefined);
      upstream.on('error', () => undefined);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}/graphql`;
      const gateway = await gatewayWith({ subgraphUrls: { ...Object.fromEntries(Object.values(hub.subgraphs).map((s) => [s.name, s.url])), people: relayUrl } });
      const query = `query($id: ID!) { person(id: $id) { id } }`;
      const first = await postGraphQL(gateway.url, query, { id: person.hubId });
      expect(first.errors).toBeUndefined();
      expect(connections).toBe(1);
      // Past the client's idle timeout, well before the server's keep-alive timeout.
      await sleep(SUBGRAPH_CLIENT_IDLE_SOCKET_MS + 600);
      expect(closedFirstBy).toEqual(['gateway']);
      const second = await postGraphQL(gateway.url, query, { id: person.hubId });
      expect(second.errors).toBeUndefined();
      expect(second.data).toEqual({ person: { id: person.hubId } });
      expect(connections).toBe(2);
    } finally {
      relay.close();
    }
  });

  it('stops gracefully: a request in flight finishes, a new one is refused', async () => {
    const proxy = await slowHousing(1000);
    const gateway = await gatewayWith({
      subgraphUrls: { ...Object.fromEntries(Object.values(hub.subgraphs).map((s) => [s.name, s.url])), housing: proxy.url },
      subgraphTimeoutsMs: { housing: 5000 },
    });
    // Timed when its answer arrives, not when the test gets round to reading it: under load the
    // refused request below may settle after both the answer and the stop.
    const inFlight = postGraphQL(gateway.url, PERSON_WITH_HOUSING, { id: person.hubId }).then((answer) => ({ answer, at: performance.now() }));
    await sleep(300);
    let stoppedAt = 0;
    const stopping = gateway.stop().then(() => (stoppedAt = performance.now()));
    await sleep(50);
    const late = await postGraphQL(gateway.url, PERSON_WITH_HOUSING, { id: person.hubId }).then(
      (response) => response.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(late);
    const { answer: answered, at: answeredAt } = await inFlight;
    expect(answered.status).toBe(200);
    expect(answered.errors).toBeUndefined();
    expect(answered.data?.person).toMatchObject({ id: person.hubId, housingAuthority: { code: person.localAuthority.code } });
    await stopping;
    expect(stoppedAt).toBeGreaterThanOrEqual(answeredAt - 5);
  });
});
