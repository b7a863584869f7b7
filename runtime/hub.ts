/**
 * Starts the whole hub in one process: every subgraph on its own port with its own database, and
 * the gateway in front, talking to them over real HTTP. `npm start`, the tests and the benchmark
 * all start the hub through here.
 */
import { SUBGRAPHS } from '../subgraphs';
import { envPrefix } from '../subgraphs/kit/environment';
import { startSubgraph, type AnySubgraphDefinition, type RunningSubgraph } from '../subgraphs/kit/subgraph';
import { readSupergraph } from '../gateway/supergraph-file';
import { startGateway, type GatewayOptions, type RunningGateway } from '../gateway/gateway';
import { callerTokenVerifier, loadOrCreateCallerTokenKeys, type CallerTokenKeys } from '../subgraphs/kit/access/caller-token';
import type { AuditSink } from '../gateway/access/access-plugin';
import { openAuditWriter, type AuditWriter } from '../audit-trail/audit-log';
import { stopTracing } from '../subgraphs/kit/telemetry';
import type { RowServices } from '../subgraphs/kit/access/rows';
import type { Clock } from '../subgraphs/kit/dates';

export interface HubOptions {
  databaseUrls: Record<string, string>;
  subgraphs?: AnySubgraphDefinition[];
  /** 0 everywhere picks free ports (tests); otherwise each subgraph's `<NAME>_PORT` or its default. */
  ephemeralPorts?: boolean;
  gatewayPort?: number;
  host?: string;
  supergraphSdl?: string;
  /** Where the gateway records disclosures; by default the audit subgraph's database. */
  audit?: AuditSink;
  /** How long each subgraph reuses a row rule's membership (at most 30 s; tests use less). */
  rowCacheMilliseconds?: number;
  onSubgraphFetch?: GatewayOptions['onSubgraphFetch'];
  /** Which day it is for every subgraph; by default `HUB_TODAY` or the day in England. */
  clock?: Clock;
  /** GraphiQL and the development sign-in; by default from NODE_ENV (see gateway/web/web-routes.ts). */
  web?: GatewayOptions['web'];
}

export interface RunningHub {
  gatewayUrl: string;
  subgraphs: Record<string, RunningSubgraph>;
  gateway: RunningGateway;
  /** The key the gateway signs caller contexts with (tests use it to call a subgraph directly). */
  callerTokenKeys: CallerTokenKeys;
  /** Starts a subgraph that was stopped or killed again, on the same port (fault drills). */
  restartSubgraph(name: string): Promise<RunningSubgraph>;
  stop(): Promise<void>;
}

function auditDatabaseUrl(databaseUrls: Record<string, string>): string {
  const url = databaseUrls.audit;
  if (!url) throw new Error('No audit database: the hub returns no personal data without an audit trail.');
  return url;
}

export async function startHub(options: HubOptions): Promise<RunningHub> {
  const definitions = options.subgraphs ?? SUBGRAPHS;
  const started: RunningSubgraph[] = [];
  // The gateway signs each caller context with this key; every subgraph trusts only its public half.
  const callerTokenKeys = await loadOrCreateCallerTokenKeys();
  const verifyCaller = await callerTokenVerifier(callerTokenKeys.publicJwk);
  // The gateway writes the audit trail straight to the audit database (the audit subgraph only
  // reads it), so a disclosure is never returned before its record is stored.
  let auditWriter: AuditWriter | undefined;
  try {
    const audit = options.audit ?? (auditWriter = await openAuditWriter(auditDatabaseUrl(options.databaseUrls)));
    // Subgraphs ask the person index (and it asks IOM) who is inside a caller's row rule; their
    // addresses are known once they listen.
    const urlOf = (name: string) => () => started.find((s) => s.name === name)?.url;
    const rowServices: RowServices = { peopleUrl: urlOf('people'), iomUrl: urlOf('iom'), subgraphUrl: (name) => urlOf(name)(), cacheMilliseconds: options.rowCacheMilliseconds };
    const start = (definition: AnySubgraphDefinition, port: number) =>
      startSubgraph(definition, { databaseUrl: options.databaseUrls[definition.name], port, host: options.host, verifyCaller, rowServices, clock: options.clock });
    for (const definition of definitions) {
      started.push(await start(definition, options.ephemeralPorts ? 0 : Number(process.env[`${envPrefix(definition.name)}_PORT`] ?? definition.defaultPort)));
    }
    const subgraphs = Object.fromEntries(started.map((s) => [s.name, s]));
    const gateway = await startGateway({
      supergraphSdl: options.supergraphSdl ?? readSupergraph(),
      subgraphUrls: Object.fromEntries(started.map((s) => [s.name, s.url])),
      port: options.ephemeralPorts ? 0 : (options.gatewayPort ?? Number(process.env.GATEWAY_PORT ?? 4000)),
      host: options.host,
      callerTokenKeys,
      audit,
      onSubgraphFetch: options.onSubgraphFetch,
      web: options.web,
    });
    return {
      gatewayUrl: gateway.url,
      subgraphs,
      gateway,
      callerTokenKeys,
      async restartSubgraph(name) {
        const index = started.findIndex((s) => s.name === name);
        const definition = definitions.find((d) => d.name === name);
        if (index < 0 || !definition) throw new Error(`No subgraph named ${name} in this hub.`);
        const restarted = await start(definition, Number(new URL(started[index].url).port));
        started[index] = restarted;
        subgraphs[name] = restarted;
        return restarted;
      },
      async stop() {
        await gateway.stop();
        await Promise.all(started.map((s) => s.stop()));
        await auditWriter?.close();
        await stopTracing();
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    await auditWriter?.close();
    throw error;
  }
}

/** SQL statements each subgraph sent while `action` ran (tests and the benchmark prove batching with it). */
export async function measureSqlStatements<T>(hub: RunningHub, action: () => Promise<T>): Promise<{ result: T; statements: Record<string, number> }> {
  for (const subgraph of Object.values(hub.subgraphs)) subgraph.sqlCounter.reset();
  const result = await action();
  return { result, statements: Object.fromEntries(Object.values(hub.subgraphs).map((s) => [s.name, s.sqlCounter.count])) };
}
