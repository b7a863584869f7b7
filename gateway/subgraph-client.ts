/**
 * The gateway's HTTP client for subgraph fetches: Node's own http client on keep-alive sockets,
 * without node-fetch's or undici's layers: the answer is read whole and handed to Apollo as a
 * small object with the members of a fetch Response that Apollo reads (`ok`, `status`,
 * `statusText`, `url`, `headers.get`, `json()`, `text()`). Building a full Response per fetch cost
 * about a tenth of the gateway's CPU time under load.
 *
 * Keep-alive that cannot fail a request:
 * - idle sockets are dropped after SUBGRAPH_CLIENT_IDLE_SOCKET_MS, sooner than any hub server's
 *   keep-alive timeout (DEFAULT_HTTP_TIMEOUTS.keepAliveMs), so the client is the side that closes;
 * - should a server close a socket just as a request is written to it anyway (a server restarted,
 *   a proxy with a shorter timeout), a query — never a mutation — that failed on a reused socket
 *   before any answer arrived is sent once more on a fresh connection. Node documents this as the
 *   way to use keep-alive safely; a query changes nothing, so sending it twice is harmless.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { SUBGRAPH_CLIENT_IDLE_SOCKET_MS } from '../subgraphs/kit/http-server';

export type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;

/** Concurrent connections to one subgraph at most; further fetches wait for a free one. */
export const SUBGRAPH_CLIENT_MAX_SOCKETS = 64;

const agentOptions = { keepAlive: true, timeout: SUBGRAPH_CLIENT_IDLE_SOCKET_MS, maxSockets: SUBGRAPH_CLIENT_MAX_SOCKETS, scheduling: 'lifo' as const };
const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };

/** Errors of a socket the other end closed: on a reused socket, the request never reached it. */
const CLOSED_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

interface SendError extends Error {
  code?: string;
  reusedSocket?: boolean;
}

/** What Apollo reads of a subgraph's answer. */
export class SubgraphAnswer {
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null; has(name: string): boolean };

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    raw: IncomingHttpHeaders,
    private readonly body: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
    const value = (name: string) => {
      const found = raw[name.toLowerCase()];
      return Array.isArray(found) ? found.join(', ') : (found ?? null);
    };
    this.headers = { get: value, has: (name) => value(name) !== null };
  }

  async text(): Promise<string> {
    return this.body.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body.toString('utf8'));
  }
}

interface Request {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal;
}

function send(request: Request): Promise<SubgraphAnswer> {
  const secure = request.url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const outgoing = (secure ? https : http).request(
      request.url,
      { method: request.method, headers: request.headers, agent: secure ? agents.https : agents.http, signal: request.signal },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          resolve(new SubgraphAnswer(request.url.href, incoming.statusCode ?? 502, incoming.statusMessage ?? '', incoming.headers, Buffer.concat(chunks)));
        });
      },
    );
    outgoing.on('error', (error: SendError) => {
      error.reusedSocket = outgoing.reusedSocket;
      reject(error);
    });
    outgoing.end(request.body);
  });
}

/** Whether the request body is a GraphQL query (the gateway puts `query` first; a mutation says so at its start). */
export function isQueryBody(body: string | undefined): boolean {
  if (!body) return false;
  const match = /^\{\s*"query"\s*:\s*"\s*(\w+)?/.exec(body);
  return match !== null && match[1] !== 'mutation' && match[1] !== 'subscription';
}

/**
 * One request on the shared keep-alive sockets: a query (or another read, `read`) failed on a dead
 * reused socket is sent once more; aborted when `timeoutMs` passes.
 */
export async function sendToSubgraph(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } | undefined, timeoutMs: number, read = false): Promise<SubgraphAnswer> {
  // A timer cleared once the answer is in: AbortSignal.timeout's lives out its whole timeoutMs after
  // every fetch, and under load that was about 10,000 timers with their closures, each kept 15 s.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
  timer.unref();
  const signal = controller.signal;
  const request: Request = { url: new URL(url), method: init?.method ?? 'POST', headers: init?.headers ?? {}, body: init?.body, signal };
  try {
    return await send(request);
  } catch (error) {
    const failed = error as SendError;
    const deadSocket = failed.reusedSocket === true && (CLOSED_SOCKET_CODES.has(failed.code ?? '') || failed.message === 'socket hang up');
    if (!deadSocket || signal.aborted || !(read || isQueryBody(request.body))) throw error;
    return await send(request);
  } finally {
    clearTimeout(timer);
  }
}

/** The fetcher for one subgraph: shared keep-alive sockets, one retry of a query on a dead reused socket, and an abort when `timeoutMs` passes. */
export function subgraphFetcher(timeoutMs: number): Fetcher {
  const fetcher = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<SubgraphAnswer> => sendToSubgraph(url, init, timeoutMs);
  // Apollo declares its fetcher with node-fetch's types; it reads only the members SubgraphAnswer has.
  return fetcher as unknown as Fetcher;
}
