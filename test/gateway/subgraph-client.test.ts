/**
 * The gateway's subgraph client on keep-alive sockets: a query that meets a socket the server has
 * just closed is sent once more on a fresh connection; a mutation is not (it may have been
 * applied); a timeout is not retried. The server here is a raw TCP server speaking HTTP/1.1, so
 * the test decides exactly when a kept-alive socket dies.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { isQueryBody, subgraphFetcher } from '../../gateway/subgraph-client';
import { personIndexRestrictionsVersion } from '../../gateway/access/restrictions-version';
import { loadOrCreateCallerTokenKeys } from '../../subgraphs/kit/access/caller-token';

interface ScriptedServer {
  url: string;
  /** Requests received, in order, with the connection each came on. */
  requests: { connection: number; body: string }[];
  close(): Promise<void>;
}

const ANSWER = '{"data":{"ok":true}}';

/**
 * Answers the first request of every connection with keep-alive; a later request on the same
 * connection finds it destroyed without an answer (a server closing an idle socket just as the
 * client reuses it). With `answerNothing`, no request is ever answered.
 */
async function scriptedServer(answerNothing = false, answer = ANSWER): Promise<ScriptedServer> {
  const requests: ScriptedServer['requests'] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const connection = ++connections;
    let served = 0;
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      const headerEnd = buffered.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/content-length:\s*(\d+)/i.exec(buffered.slice(0, headerEnd))?.[1] ?? 0);
      if (buffered.length < headerEnd + 4 + length) return;
      requests.push({ connection, body: buffered.slice(headerEnd + 4, headerEnd + 4 + length) });
      buffered = '';
      if (answerNothing) return;
      if (served++ > 0) {
        socket.destroy();
        return;
      }
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${answer.length}\r\nconnection: keep-alive\r\nkeep-alive: timeout=60\r\n\r\n${answer}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const post = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body });
type Fetch = (url: string, init: ReturnType<typeof post>) => Promise<{ status: number; text(): Promise<string> }>;

describe('the subgraph client', () => {
  const servers: ScriptedServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it('sends a query again on a fresh connection when its reused socket was closed by the server', async () => {
    const server = await scriptedServer();
    servers.push(server);
    const fetch = subgraphFetcher(5_000) as unknown as Fetch;
    const query = JSON.stringify({ query: 'query People__people__0 { people { id } }' });
    expect(await (await fetch(server.url, post(query))).text()).toBe(ANSWER);
    // Same socket reused: the server drops it on this request; the retry opens connection 2.
    const second = await fetch(server.url, post(query));
    expect(second.status).toBe(200);
    expect(await second.text()).toBe(ANSWER);
    expect(server.requests.map((r) => r.connection)).toEqual([1, 1, 2]);
  });

  it('does not send a mutation twice: the error reaches the gateway', async () => {
    const server = await scriptedServer();
    servers.push(server);
    const fetch = subgraphFetcher(5_000) as unknown as Fetch;
    await (await fetch(server.url, post(JSON.stringify({ query: '{ __typename }' })))).text();
    const mutation = JSON.stringify({ query: 'mutation Record__iom__0($id: ID!) { recordReview(id: $id) { id } }', variables: { id: '1' } });
    await expect(fetch(server.url, post(mutation))).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(server.requests.map((r) => r.connection)).toEqual([1, 1]);
  });

  it('gives up at the timeout without retrying', async () => {
    const server = await scriptedServer(true);
    servers.push(server);
    const fetch = subgraphFetcher(300) as unknown as Fetch;
    const started = Date.now();
    await expect(fetch(server.url, post(JSON.stringify({ query: '{ __typename }' })))).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(server.requests).toHaveLength(1);
  });

  it('leaves no timer behind once a fetch is answered, so timers follow the fetches in flight, not the rate', async () => {
    const server = await scriptedServer(false);
    servers.push(server);
    // Only the timers are faked; sockets and their own timeouts run as usual.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'setInterval', 'clearInterval', 'hrtime', 'performance', 'Date'] });
    try {
      const fetch = subgraphFetcher(15_000) as unknown as Fetch;
      const answers = await Promise.all([1, 2, 3].map(() => fetch(server.url, post(JSON.stringify({ query: '{ __typename }' })))));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reads the restrictions version again on a fresh connection when its reused socket was closed, so the request keeps its version', async () => {
    const server = await scriptedServer(false, '{"version":"42"}');
    servers.push(server);
    // A key of the test's own: the version route is asked with a gateway-signed context.
    const readVersion = personIndexRestrictionsVersion(() => server.url, await loadOrCreateCallerTokenKeys(''));
    expect(await readVersion()).toBe('42');
    // The second read reuses the socket the server then drops; without a retry it would give no version.
    expect(await readVersion()).toBe('42');
    expect(server.requests.map((r) => r.connection)).toEqual([1, 1, 2]);
  });

  it('tells queries from mutations by the start of the operation text', () => {
    expect(isQueryBody('{"query":"{ people { id } }"}')).toBe(true);
    expect(isQueryBody('{"query":"query People__people__0 { people { id } }","variables":{}}')).toBe(true);
    expect(isQueryBody('{"query":"mutation Record__iom__0 { recordReview { id } }"}')).toBe(false);
    expect(isQueryBody('{"query":"subscription S { x }"}')).toBe(false);
    expect(isQueryBody(undefined)).toBe(false);
    expect(isQueryBody('{"variables":{},"query":"{ x }"}')).toBe(false);
  });
});
