/**
 * A small Node HTTP front for an Apollo Server, shared by the gateway and every subgraph. It owns
 * what Apollo leaves to the integration: a body size limit, refusing batched JSON arrays, a
 * health endpoint and clean shutdown.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { logger } from './logger';

export interface GraphQLHttpOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  port: number;
  host?: string;
  /** Requests with a larger body are refused with 413 before anything is parsed. */
  maxBodyBytes?: number;
  context: (request: IncomingMessage) => Promise<TContext>;
  /** Answers GET /health; a false result answers 503. */
  health?: () => Promise<Record<string, unknown> & { ok: boolean }>;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 100 * 1024;

class HttpProblem extends Error {
  constructor(readonly status: number, message: string, readonly code: string) {
    super(message);
  }
}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new HttpProblem(413, 'The request body is too large.', 'PAYLOAD_TOO_LARGE'));
      request.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpProblem(413, 'The request body is too large.', 'PAYLOAD_TOO_LARGE'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJsonBody(request: IncomingMessage, raw: string): unknown {
  if (request.method !== 'POST' || raw.length === 0) return undefined;
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.includes('json')) return raw;
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new HttpProblem(400, 'The request body is not valid JSON.', 'BAD_REQUEST');
  }
  if (Array.isArray(body)) throw new HttpProblem(400, 'Batched requests are not supported: send one operation per request.', 'BAD_REQUEST');
  return body;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(body));
}

export async function listenGraphQL<TContext extends BaseContext>(options: GraphQLHttpOptions<TContext>): Promise<RunningHttpServer> {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const server = http.createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname === '/health') {
        const health = options.health ? await options.health() : { ok: true };
        sendJson(response, health.ok ? 200 : 503, health);
        return;
      }
      if (url.pathname !== '/graphql' && url.pathname !== '/') {
        sendJson(response, 404, { errors: [{ message: 'Not found: GraphQL is served at /graphql.', extensions: { code: 'NOT_FOUND' } }] });
        return;
      }
      const body = parseJsonBody(request, await readBody(request, limit));
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const result = await options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (request.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
        context: () => options.context(request),
      });
      for (const [name, value] of result.headers) response.setHeader(name, value);
      response.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        response.end(result.body.string);
      } else {
        for await (const chunk of result.body.asyncIterator) response.write(chunk);
        response.end();
      }
    } catch (error) {
      if (error instanceof HttpProblem) {
        sendJson(response, error.status, { errors: [{ message: error.message, extensions: { code: error.code } }] });
        return;
      }
      logger.error({ err: error }, 'unhandled error in HTTP handler');
      if (!response.headersSent) sendJson(response, 500, { errors: [{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else response.end();
    }
  });
  server.keepAliveTimeout = 5000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/graphql`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
