/**
 * OpenTelemetry tracing for the gateway and every subgraph: one trace per request from the
 * gateway through each subgraph it asks to each SQL statement those send, joined by W3C trace
 * context (`traceparent`) on every hop.
 *
 * Off unless configured, with the standard variables: tracing starts when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set, or
 * `OTEL_TRACES_EXPORTER` is `otlp` or `console`; `OTEL_SDK_DISABLED=true` or
 * `OTEL_TRACES_EXPORTER=none` keeps it off. The exporter reads `OTEL_EXPORTER_OTLP_*` itself
 * (OTLP over HTTP, JSON), the provider reads `OTEL_TRACES_SAMPLER`/`_ARG` and the span limits,
 * and `OTEL_SERVICE_NAME`/`OTEL_RESOURCE_ATTRIBUTES` name the service. Off, the SDK is never
 * loaded: the instrumentation below uses only `@opentelemetry/api`, whose calls do nothing
 * without a registered provider.
 *
 * What spans carry: no personal data. The server span names the service, route, status and
 * GraphQL operation name; SQL spans carry the statement with every literal replaced by `?` (the
 * values travel apart as parameters and are never recorded).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { context, createContextKey, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span, type TextMapGetter } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

export const tracer = trace.getTracer('reducing-reoffending-hub');

/** The request's correlation id, kept in the trace context so logs written inside it carry it. */
export const CORRELATION_CONTEXT_KEY = createContextKey('hub.correlation_id');

export interface RunningTracing {
  /** Sends what is buffered and stops. */
  shutdown(): Promise<void>;
}

/** Whether the standard variables ask for traces (see above). */
export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporter = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (exporter === 'none') return false;
  if (exporter) return true;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

let running: RunningTracing | undefined;

/**
 * Starts tracing for this process when the environment asks for it (or with the exporter given,
 * which tests use); otherwise does nothing and returns undefined. `defaultServiceName` applies
 * when `OTEL_SERVICE_NAME` is not set. Once per process: a second call returns the first.
 */
export async function startTracing(defaultServiceName: string, options: { exporter?: SpanExporter; env?: NodeJS.ProcessEnv } = {}): Promise<RunningTracing | undefined> {
  const env = options.env ?? process.env;
  if (running) return running;
  if (!options.exporter && !tracingConfigured(env)) return undefined;
  // Loaded only when tracing is on: a gateway without it carries none of the SDK.
  const { NodeTracerProvider } = await import('@opentelemetry/sdk-trace-node');
  const { BatchSpanProcessor, ConsoleSpanExporter } = await import('@opentelemetry/sdk-trace-base');
  const { detectResourcesSync, envDetectorSync, Resource } = await import('@opentelemetry/resources');
  let exporter = options.exporter;
  if (!exporter) {
    if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'console') exporter = new ConsoleSpanExporter();
    else exporter = new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter();
  }
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override the default name.
  const resource = new Resource({ 'service.name': defaultServiceName }).merge(detectResourcesSync({ detectors: [envDetectorSync] }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(exporter)] });
  // The AsyncLocalStorage context manager and the W3C trace context (and baggage) propagator.
  provider.register();
  running = {
    async shutdown() {
      running = undefined;
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  return running;
}

/** Sends what is buffered and stops tracing, when it was started (a process stopping). */
export async function stopTracing(): Promise<void> {
  await running?.shutdown();
}

const headerGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key.toLowerCase()],
};

/**
 * Starts the server span of one HTTP request: a child of the caller's trace when its context is
 * trusted (the gateway calling a subgraph), otherwise the root of a new trace (a caller of the
 * gateway does not choose its trace, nor whether it is sampled).
 */
export function startServerSpan(name: string, headers: IncomingHttpHeaders, trustIncoming: boolean, attributes: Record<string, string>, correlationId: string): { span: Span; context: Context } {
  const parent = trustIncoming ? propagation.extract(context.active(), headers, headerGetter) : context.active();
  const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes: { ...attributes, 'hub.correlation_id': correlationId } }, parent);
  return { span, context: trace.setSpan(parent, span).setValue(CORRELATION_CONTEXT_KEY, correlationId) };
}

/** Headers that carry the current trace to another service (empty when tracing is off). */
export function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}

/** Ids for a log line written inside a request (nothing when tracing is off). */
export function logTraceFields(): Record<string, string> {
  const active = context.active();
  const fields: Record<string, string> = {};
  const span = trace.getSpan(active)?.spanContext();
  if (span && trace.isSpanContextValid(span)) {
    fields.trace_id = span.traceId;
    fields.span_id = span.spanId;
  }
  const correlationId = active.getValue(CORRELATION_CONTEXT_KEY);
  if (typeof correlationId === 'string') fields.correlationId = correlationId;
  return fields;
}

/** A statement with every literal replaced by `?`: what a span may say about SQL. */
export function redactSql(sql: string): string {
  return sql
    .replace(/(?:\b[eE])?'(?:[^']|'')*'/g, '?')
    .replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, '?')
    .replace(/\b\d+(?:\.\d+)?\b/g, '?')
    .slice(0, 2000);
}

interface KnexQuery {
  sql: string;
  __knexQueryUid?: string;
}

/** Anything that emits knex's query events (a knex instance). */
interface QueryEvents {
  on(event: 'query' | 'query-response' | 'query-error', listener: (...args: unknown[]) => void): unknown;
}

/**
 * One CLIENT span per SQL statement a subgraph sends, a child of whatever request sent it.
 * Records the redacted statement, never its parameters.
 */
export function traceSqlStatements(knex: QueryEvents, database: string): void {
  const open = new Map<string, Span>();
  knex.on('query', (...args) => {
    const query = args[0] as KnexQuery;
    if (!query.__knexQueryUid || !trace.getSpan(context.active())) return;
    // A statement whose end was never reported must not hold its span for ever.
    if (open.size >= 10_000) open.clear();
    const operation = /^\s*(\w+)/.exec(query.sql)?.[1]?.toUpperCase() ?? 'SQL';
    open.set(query.__knexQueryUid, tracer.startSpan(`${operation} ${database}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system': 'postgresql', 'db.system.name': 'postgresql', 'db.namespace': database, 'db.operation.name': operation, 'db.query.text': redactSql(query.sql) },
    }));
  });
  const finish = (query: KnexQuery | undefined, error?: unknown) => {
    const span = query?.__knexQueryUid ? open.get(query.__knexQueryUid) : undefined;
    if (!span || !query?.__knexQueryUid) return;
    open.delete(query.__knexQueryUid);
    if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as { code?: string }).code ?? 'error' });
    span.end();
  };
  knex.on('query-response', (...args) => finish(args[1] as KnexQuery));
  knex.on('query-error', (...args) => finish(args[1] as KnexQuery, args[0]));
}
