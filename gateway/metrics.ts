/**
 * The gateway's metrics beyond every service's own (kit/metrics.ts): each subgraph fetch's
 * latency and errors, and the audit trail — how long a request waits for its record, appends
 * that failed (each a 503), and the writer's statements and connection pool.
 */
import { Counter, Histogram } from 'prom-client';
import { LATENCY_BUCKETS, ServiceMetrics } from '../subgraphs/kit/metrics';
import type { AuditSink } from './access/access-plugin';

export type SubgraphFetchOutcome = 'ok' | 'unavailable' | 'timeout' | 'answered_with_error' | 'rejected';

export class GatewayMetrics extends ServiceMetrics {
  private readonly fetchSeconds: Histogram<'subgraph' | 'outcome'>;
  private readonly fetchErrors: Counter<'subgraph' | 'outcome'>;
  private readonly auditSeconds: Histogram<'result'>;

  constructor() {
    super('gateway');
    this.fetchSeconds = new Histogram({
      name: 'hub_subgraph_fetch_duration_seconds',
      help: 'Time of each fetch the gateway makes to a subgraph, by subgraph and outcome.',
      labelNames: ['subgraph', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    this.fetchErrors = new Counter({
      name: 'hub_subgraph_fetch_errors_total',
      help: 'Subgraph fetches that failed: unavailable (unreachable or 5xx), timeout, answered_with_error (4xx with errors), rejected (answer not matching the entities asked for).',
      labelNames: ['subgraph', 'outcome'],
      registers: [this.registry],
    });
    this.auditSeconds = new Histogram({
      name: 'hub_audit_append_duration_seconds',
      help: 'Time a request waits for its audit record to be committed (queued, grouped and written), by result; failed means the answer was withheld.',
      labelNames: ['result'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  /** Each (subgraph, outcome) histogram child, bound once: prom-client hashes the labels on every unbound observe. */
  private readonly fetchSecondsBySubgraph = new Map<string, ReturnType<Histogram<'subgraph' | 'outcome'>['labels']>>();

  observeFetch(subgraph: string, seconds: number, outcome: SubgraphFetchOutcome): void {
    // Subgraph names come from the supergraph and outcomes from the type above: a bounded set.
    const key = `${subgraph}\n${outcome}`;
    let child = this.fetchSecondsBySubgraph.get(key);
    if (!child) this.fetchSecondsBySubgraph.set(key, (child = this.fetchSeconds.labels({ subgraph, outcome })));
    child.observe(seconds);
    if (outcome !== 'ok') this.fetchErrors.inc({ subgraph, outcome });
  }

  /** The same sink, timed; with the writer's own counts and pool read at each scrape. */
  measuredAudit(audit: AuditSink): AuditSink {
    const seconds = this.auditSeconds;
    if (audit.stats) {
      const stats = () => audit.stats!();
      new Counter({
        name: 'hub_audit_statements_total',
        help: 'Statements the audit writer sent: committed (a group of records), conflict (another writer moved the head first; retried), failed.',
        labelNames: ['result'],
        registers: [this.registry],
        collect() {
          this.reset();
          for (const [result, count] of Object.entries(stats().statements)) this.inc({ result }, count);
        },
      });
      new Counter({
        name: 'hub_audit_records_committed_total',
        help: 'Audit records the writer committed.',
        registers: [this.registry],
        collect() {
          this.reset();
          this.inc(stats().recordsCommitted);
        },
      });
      this.watchPool(() => stats().pool, 'audit');
    }
    return {
      async append(entry) {
        const stop = seconds.startTimer();
        try {
          const written = await audit.append(entry);
          stop({ result: 'committed' });
          return written;
        } catch (error) {
          stop({ result: 'failed' });
          throw error;
        }
      },
    };
  }
}
