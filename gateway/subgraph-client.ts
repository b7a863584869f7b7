/**
 * The gateway's HTTP client for subgraph fetches: Node's own http client on keep-alive sockets,
 * without node-fetch's layers (the answer is read whole and handed to Apollo as a standard
 * Response).
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

function responseHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

interface Request {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal;
}

function send(request: Request): Promise<Response> {
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
          const status = incoming.statusCode ?? 502;
          resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, statusText: incoming.statusMessage, headers: responseHeaders(incoming.headers) }));
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

/** The fetcher for one subgraph: shared keep-alive sockets, one retry of a query on a dead reused socket, and an abort when `timeoutMs` passes. */
export function subgraphFetcher(timeoutMs: number): Fetcher {
  const fetcher = async (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Response> => {
    const signal = AbortSignal.timeout(timeoutMs);
    const request: Request = { url: new URL(url), method: init?.method ?? 'POST', headers: init?.headers ?? {}, body: init?.body, signal };
    try {
      return await send(request);
    } catch (error) {
      const failed = error as SendError;
      const deadSocket = failed.reusedSocket === true && (CLOSED_SOCKET_CODES.has(failed.code ?? '') || failed.message === 'socket hang up');
      if (!deadSocket || signal.aborted || !isQueryBody(request.body)) throw error;
      return send(request);
    }
  };
  // Apollo declares its fetcher with node-fetch's types; the standard Response it gets has the same members.
  return fetcher as unknown as Fetcher;
}
