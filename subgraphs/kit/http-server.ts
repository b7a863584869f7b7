/**
 * The HTTP front of an Apollo Server, shared by the gateway and every subgraph: Fastify with the
 * official Apollo integration (`@as-integrations/fastify`).
 *
 * Why Fastify rather than Express 5: it parses JSON with a body limit of its own (413 before the
 * body is buffered past the limit), exposes Node's header, request and keep-alive timeouts as
 * options, refuses new requests with 503 while closing and waits for the ones in flight, all
 * without extra middleware; Express would need body-parser, a drain helper and the same timeouts
 * set by hand.
 *
 * What this layer owns, because Apollo leaves it to the integration:
 * - a correlation id on every response (header, and each error's extensions), 404 and 413 too;
 * - a body limit (413), refusing batched JSON arrays (400), a header size limit (431);
 * - timeouts: headers, the whole request body, and idle keep-alive sockets. The gateway's own
 *   subgraph client drops idle sockets sooner than the server does (see
 *   `SUBGRAPH_CLIENT_IDLE_SOCKET_MS`), so it never writes to a socket the server has closed;
 * - GET /health, and a graceful drain on close (in-flight requests finish, new ones get 503).
 */
import { answerAsCsv, wantsCsv } from './csv';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { CORRELATION_HEADER, correlationIdFor } from './correlation';
import { REQUEST_ERROR_CODES } from './errors';
import { logger } from './logger';
import { context as traceContext, SpanStatusCode, type Context, type Span } from '@opentelemetry/api';
import { startServerSpan } from './telemetry';
import { metricsAccess, type ServiceMetrics } from './metrics';

export interface HttpTimeouts {
  /** Time to receive the request headers. */
  headersMs: number;
  /** Time to receive the whole request, headers and body (a slowly sent body is dropped with 408). */
  requestMs: number;
  /** How long an idle keep-alive socket stays open between requests. */
  keepAliveMs: number;
  /** How long a close waits for in-flight requests before cutting their connections. */
  drainMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 15_000, keepAliveMs: 10_000, drainMs: 20_000 };

/**
 * The gateway's subgraph client closes sockets idle for this long: well under every server's
 * keep-alive timeout, so a socket the client reuses is never one the server is closing.
 */
export const SUBGRAPH_CLIENT_IDLE_SOCKET_MS = 4_000;

/** Node's own default, stated so that a change is deliberate: room for a bearer token and more. */
export const MAX_HEADER_BYTES = 16 * 1024;

export const DEFAULT_MAX_BODY_BYTES = 100 * 1024;

export interface HttpRequestInfo {
  raw: IncomingMessage;
  correlationId: string;
}

export interface GraphQLHttpOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  port: number;
  host?: string;
  /** Requests with a larger body are refused with 413 before it is parsed. */
  maxBodyBytes?: number;
  /** Subgraphs keep the gateway's correlation id; the gateway always makes its own. */
  trustIncomingCorrelationId: boolean;
  timeouts?: Partial<HttpTimeouts>;
  context: (request: HttpRequestInfo) => Promise<TContext>;
  /** Answers GET /health; a false result answers 503. */
  health?: () => Promise<Record<string, unknown> & { ok: boolean }>;
  /** Adds routes of its own to the server (the gateway's web page and development tools). */
  routes?: (app: FastifyInstance) => void;
  /**
   * Answers a browser's plain GET of a GraphQL path (it accepts text/html and sends no `query`)
   * instead of Apollo, which would answer with a CSRF error; returning false leaves it to Apollo.
   */
  browserGet?: (request: FastifyRequest, reply: FastifyReply) => Promise<boolean>;
  /** Answers `Accept: text/csv` with the data as CSV (the gateway); an answer with errors stays JSON. */
  csv?: boolean;
  /** Names the service in traces (`hub.service`). */
  serviceName: string;
  /** Served at GET /metrics (see kit/metrics.ts for who may read it); refusals by status are counted. */
  metrics?: ServiceMetrics;
}

/** A browser opening the address, as opposed to a GraphQL GET (which carries `query`). */
export function isBrowserPageRequest(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  const query = request.query as Record<string, unknown> | undefined;
  return request.method === 'GET' && accept.includes('text/html') && !(query && 'query' in query);
}

export interface RunningHttpServer {
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish (up to the drain timeout), then closes. */
  close(): Promise<void>;
  /** Stops at once, as a killed process would: every connection is cut, answers in flight are lost. */
  abort(): Promise<void>;
}

/** Reads the timeouts from the environment (`HUB_HTTP_*_MS`), falling back to the defaults. */
export function httpTimeoutsFromEnvironment(env: NodeJS.ProcessEnv = process.env): HttpTimeouts {
  const read = (name: string, fallback: number): number => {
    const value = Number(env[name]);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    headersMs: read('HUB_HTTP_HEADERS_TIMEOUT_MS', DEFAULT_HTTP_TIMEOUTS.headersMs),
    requestMs: read('HUB_HTTP_REQUEST_TIMEOUT_MS', DEFAULT_HTTP_TIMEOUTS.requestMs),
    keepAliveMs: read('HUB_HTTP_KEEP_ALIVE_TIMEOUT_MS', DEFAULT_HTTP_TIMEOUTS.keepAliveMs),
    drainMs: read('HUB_HTTP_DRAIN_TIMEOUT_MS', DEFAULT_HTTP_TIMEOUTS.drainMs),
  };
}

function errorBody(message: string, code: string, correlationId: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code, correlationId } }] });
}

const CORRELATION_ID = Symbol('correlationId');
const TRACE = Symbol('trace');
type CorrelatedRequest = FastifyRequest & { [CORRELATION_ID]?: string; [TRACE]?: { span: Span; context: Context } };

function correlationOf(request: FastifyRequest): string {
  return (request as CorrelatedRequest)[CORRELATION_ID] ?? 'unknown';
}

/**
 * Apollo answers errors raised before execution (401, 403, 429…) without the correlation id: add
 * it to each error. An answer without data whose errors are all the request's own fault (say, a
 * parse error thrown by a plugin before Apollo's own parsing) is the caller's error: 400, not 500.
 */
function correctedErrorAnswer(payload: string, correlationId: string, status: number): { payload: string; status: number } {
  try {
    const body = JSON.parse(payload) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
    if (!Array.isArray(body.errors)) return { payload, status };
    for (const error of body.errors) error.extensions = { ...error.extensions, correlationId };
    const requestFault = status === 500 && !('data' in body) && body.errors.length > 0 && body.errors.every((e) => REQUEST_ERROR_CODES.has(String(e.extensions?.code)));
    return { payload: JSON.stringify(body), status: requestFault ? 400 : status };
  } catch {
    return { payload, status };
  }
}

/**
 * Errors Node finds before there is a request to route (headers over the size limit, a request
 * that did not arrive in time, bytes that are not HTTP) are answered here, in the same shape and
 * with a correlation id like every other answer, and the connection is closed.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'BAD_REQUEST', 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'BAD_REQUEST', 'The request did not arrive in time.']
        : [400, 'BAD_REQUEST', 'The request is not valid HTTP.'];
  const correlationId = randomUUID();
  const body = errorBody(message, code, correlationId);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nconnection: close\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\n${CORRELATION_HEADER}: ${correlationId}\r\n\r\n${body}`,
  );
}

function problemFor(error: FastifyError): { status: number; code: string; message: string } {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'BAD_REQUEST', message: 'Send the operation as application/json.' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' };
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    if (error instanceof SyntaxError) return { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' };
    return { status: error.statusCode, code: 'BAD_REQUEST', message: 'The request could not be read.' };
  }
  return { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error.' };
}

export async function listenGraphQL<TContext extends BaseContext>(options: GraphQLHttpOptions<TContext>): Promise<RunningHttpServer> {
  const timeouts = { ...httpTimeoutsFromEnvironment(), ...options.timeouts };
  const app = Fastify({
    logger: false,
    bodyLimit: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    keepAliveTimeout: timeouts.keepAliveMs,
    requestTimeout: timeouts.requestMs,
    // Node checks the header and request timeouts on this interval (30 s by default, which would
    // let a slow body outlive its timeout by that much).
    http: { maxHeaderSize: MAX_HEADER_BYTES, headersTimeout: Math.min(timeouts.headersMs, timeouts.requestMs), connectionsCheckingInterval: Math.min(1000, timeouts.requestMs) },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // The hub's ids are its own (correlation ids); Fastify's request ids are not needed.
    disableRequestLogging: true,
    clientErrorHandler: answerClientError,
  });

  const csvRequests = new WeakSet<FastifyRequest>();
  app.addHook('onRequest', async (request, reply) => {
    const correlationId = correlationIdFor(request.raw, options.trustIncomingCorrelationId);
    (request as CorrelatedRequest)[CORRELATION_ID] = correlationId;
    void reply.header(CORRELATION_HEADER, correlationId);
    // The subgraphs continue the gateway's trace, as they keep its correlation id; the gateway starts its own.
    (request as CorrelatedRequest)[TRACE] = startServerSpan(`${request.method} ${request.url.split('?')[0]}`, request.headers, options.trustIncomingCorrelationId, {
      'hub.service': options.serviceName,
      'http.request.method': request.method,
      'url.path': request.url.split('?')[0].slice(0, 200),
    }, correlationId);
    // The operation runs as any other (limits, access rules, audit); only its answer is recast.
    if (options.csv && wantsCsv(request.headers.accept)) {
      csvRequests.add(request);
      request.raw.headers.accept = 'application/json';
    }
  });

  // One operation per request: a JSON array would multiply the work behind a single check.
  app.addHook('preValidation', async (request, reply) => {
    if (Array.isArray(request.body)) {
      return reply
        .code(400)
        .type('application/json; charset=utf-8')
        .send(errorBody('Batched requests are not supported: send one operation per request.', 'BAD_REQUEST', correlationOf(request)));
    }
  });

  let closing: Promise<void> | undefined;
  app.addHook('onSend', async (request, reply, payload) => {
    // Draining: answers still in flight close their connection, so the drain need not wait for
    // the keep-alive timeout.
    if (closing) void reply.header('connection', 'close');
    if (csvRequests.has(request) && reply.statusCode === 200 && typeof payload === 'string') {
      const answer = JSON.parse(payload) as { data?: unknown; errors?: unknown[] };
      if (answer.data && !answer.errors?.length) {
        void reply.type('text/csv; charset=utf-8');
        return answerAsCsv(answer.data as Parameters<typeof answerAsCsv>[0]);
      }
    }
    if (reply.statusCode < 400 || typeof payload !== 'string') return payload;
    const corrected = correctedErrorAnswer(payload, correlationOf(request), reply.statusCode);
    if (corrected.status !== reply.statusCode) void reply.code(corrected.status);
    return corrected.payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    options.metrics?.countRefusedStatus(reply.statusCode);
    const traced = (request as CorrelatedRequest)[TRACE];
    if (!traced) return;
    traced.span.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) traced.span.setStatus({ code: SpanStatusCode.ERROR });
    traced.span.end();
  });

  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const problem = problemFor(error);
    if (problem.status >= 500) logger.error({ correlationId: correlationOf(request), err: { code: error.code, message: error.message } }, 'unhandled error in HTTP handler');
    return reply.code(problem.status).type('application/json; charset=utf-8').send(errorBody(problem.message, problem.code, correlationOf(request)));
  });

  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).type('application/json; charset=utf-8').send(errorBody('Not found: GraphQL is served at /graphql.', 'NOT_FOUND', correlationOf(request))),
  );

  app.get('/health', async (_request, reply) => {
    const health = options.health ? await options.health() : { ok: true };
    return reply.code(health.ok ? 200 : 503).send(health);
  });

  const metrics = options.metrics;
  if (metrics) {
    app.get('/metrics', async (request, reply) => {
      const access = metricsAccess(request.raw);
      if (access !== 'allowed') {
        const [status, code] = access === 'unauthenticated' ? [401, 'UNAUTHENTICATED'] : [403, 'FORBIDDEN'];
        return reply.code(status).type('application/json; charset=utf-8').send(errorBody('The metrics are for the hub\'s operators.', code, correlationOf(request)));
      }
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }

  options.routes?.(app);

  const handler = fastifyApolloHandler(options.apollo, {
    context: (request) => options.context({ raw: request.raw, correlationId: correlationOf(request) }),
  });
  const browserGet = options.browserGet;
  // A reply sent here ends the request before Apollo's handler runs.
  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    if (browserGet && isBrowserPageRequest(request) && (await browserGet(request, reply))) return reply;
  };
  // Apollo runs inside the request's span, so everything it calls (subgraph fetches, SQL) joins its trace.
  type ApolloRoute = typeof handler;
  const tracedHandler = function (this: FastifyInstance, ...args: Parameters<ApolloRoute>): ReturnType<ApolloRoute> {
    const traced = (args[0] as CorrelatedRequest)[TRACE];
    return traced ? traceContext.with(traced.context, () => handler.apply(this, args)) : handler.apply(this, args);
  };
  for (const path of ['/graphql', '/']) app.route({ method: ['GET', 'POST'], url: path, preHandler, handler: tracedHandler });

  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port, host });
  const port = (app.server.address() as AddressInfo).port;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/graphql`,
    port,
    close() {
      closing ??= (async () => {
        const deadline = setTimeout(() => app.server.closeAllConnections(), timeouts.drainMs);
        try {
          await app.close();
        } finally {
          clearTimeout(deadline);
        }
      })();
      return closing;
    },
    abort() {
      closing ??= (async () => {
        const closed = app.close();
        app.server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}
