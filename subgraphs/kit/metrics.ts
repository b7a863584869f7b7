/**
 * Prometheus metrics (prom-client) at `GET /metrics` on the gateway and on every subgraph, each
 * server with a registry of its own (labelled `service`), so one process running several
 * services still answers for each apart.
 *
 * No personal data: labels are the service, a GraphQL operation name, an outcome, a subgraph name
 * or a pool state. Operation names are chosen by callers' applications, so only the names of the
 * operations the hub ships (`schema/operations/`) and those listed in `HUB_METRICS_OPERATIONS`
 * become labels; any other is `other`, an unnamed one `anonymous` (bounded, and nothing a caller
 * typed reaches the metrics).
 *
 * Access: with `HUB_METRICS_TOKEN` set, `/metrics` needs `Authorization: Bearer <token>`; without
 * it, only a caller on the same host (a loopback address, not forwarded by a proxy) is answered,
 * anyone else gets 403. Process metrics (CPU, memory, event loop, GC) come with each registry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Kind, parse } from 'graphql';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { fromRoot } from './paths';

/** Seconds; from a fast indexed lookup to the 15 s subgraph timeout. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

let shippedOperations: Set<string> | undefined;

/** Names of the operations in schema/operations/, plus HUB_METRICS_OPERATIONS (comma-separated). */
export function metricOperationNames(env: NodeJS.ProcessEnv = process.env): Set<string> {
  if (!shippedOperations) {
    shippedOperations = new Set();
    try {
      const folder = fromRoot('schema/operations');
      for (const file of readdirSync(folder).filter((name) => name.endsWith('.graphql'))) {
        for (const definition of parse(readFileSync(`${folder}/${file}`, 'utf8')).definitions) {
          if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) shippedOperations.add(definition.name.value);
        }
      }
    } catch {
      // A deployment without the operations folder labels only what HUB_METRICS_OPERATIONS lists.
    }
  }
  const listed = (env.HUB_METRICS_OPERATIONS ?? '').split(',').map((name) => name.trim()).filter((name) => /^[A-Za-z_][A-Za-z0-9_]{0,99}$/.test(name));
  return new Set([...shippedOperations, ...listed]);
}

/**
 * The label for an operation name. The gateway names each subgraph fetch
 * `<operation>__<subgraph>__<n>`: a subgraph labels it by the operation it serves.
 */
export function operationLabel(name: string | null | undefined, known: Set<string>): string {
  if (!name) return 'anonymous';
  const operation = name.replace(/__[A-Za-z0-9_-]+__\d+$/, '');
  return known.has(operation) ? operation : 'other';
}

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'operation' | 'outcome'>;
  readonly requestSeconds: Histogram<'operation'>;
  readonly refusals: Counter<'kind'>;
  private readonly operations = metricOperationNames();

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'hub_' });
    this.requests = new Counter({
      name: 'hub_graphql_requests_total',
      help: 'GraphQL requests answered, by operation name and outcome (ok: no errors; partial: data and errors; error: no data).',
      labelNames: ['operation', 'outcome'],
      registers: [this.registry],
    });
    this.requestSeconds = new Histogram({
      name: 'hub_graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL request to sending its answer, by operation name.',
      labelNames: ['operation'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    this.refusals = new Counter({
      name: 'hub_refusals_total',
      help: 'Refusals: field (a FORBIDDEN error at a path), unauthenticated (401), forbidden (403), rate_limited (429).',
      labelNames: ['kind'],
      registers: [this.registry],
    });
  }

  label(operationName: string | null | undefined): string {
    return operationLabel(operationName, this.operations);
  }

  /** Counts each request and its latency by operation, and each field refused in its answer. */
  plugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
    const { requests, requestSeconds, refusals } = this;
    const label = (name: string | null | undefined) => this.label(name);
    return {
      async requestDidStart({ request }) {
        const stopTimer = requestSeconds.startTimer();
        return {
          async willSendResponse({ response, operationName }) {
            const operation = label(operationName ?? request.operationName);
            stopTimer({ operation });
            if (response.body.kind !== 'single') return;
            const { data, errors } = response.body.singleResult;
            const outcome = !errors?.length ? 'ok' : data ? 'partial' : 'error';
            requests.inc({ operation, outcome });
            const forbidden = errors?.filter((error) => error.extensions?.code === 'FORBIDDEN').length ?? 0;
            if (forbidden) refusals.inc({ kind: 'field' }, forbidden);
          },
        };
      },
    };
  }

  /** Refusals made before GraphQL runs: the HTTP status tells them apart. */
  countRefusedStatus(status: number): void {
    const kind = status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : status === 429 ? 'rate_limited' : undefined;
    if (kind) this.refusals.inc({ kind });
  }

  /** A database pool's connections by state, read at each scrape. */
  watchPool(pool: () => { used: number; idle: number; pending: number } | undefined, database: string): void {
    const gauge = new Gauge({
      name: 'hub_db_pool_connections',
      help: 'Database pool connections: used (checked out), idle, pending (requests waiting for one).',
      labelNames: ['database', 'state'],
      registers: [this.registry],
      collect() {
        const now = pool();
        if (!now) return;
        for (const state of ['used', 'idle', 'pending'] as const) this.set({ database, state }, now[state]);
      },
    });
    void gauge;
  }

  /**
   * How long statements waited for a connection of a pool: the wait a request spends queued
   * behind other work rather than running (a saturated pool shows here before it shows as
   * acquisition timeouts). Returns what to call with each wait.
   */
  poolWaits(database: string): (seconds: number) => void {
    const histogram = new Histogram({
      name: 'hub_db_pool_acquire_seconds',
      help: 'Time a statement waited for a database connection from the pool.',
      labelNames: ['database'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    }).labels({ database });
    return (seconds) => histogram.observe(seconds);
  }
}

const isLoopback = (address: string | undefined) => !!address && (/^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address));

/**
 * Whether this request may read the metrics: the bearer token when HUB_METRICS_TOKEN is set,
 * otherwise a direct caller on this host.
 */
export function metricsAccess(request: IncomingMessage, env: NodeJS.ProcessEnv = process.env): 'allowed' | 'unauthenticated' | 'forbidden' {
  const token = env.HUB_METRICS_TOKEN;
  if (token) {
    const given = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b) ? 'allowed' : 'unauthenticated';
  }
  const forwarded = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  return isLoopback(request.socket.remoteAddress) && !forwarded ? 'allowed' : 'forbidden';
}
