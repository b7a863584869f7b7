/**
 * What a subgraph is made of, and the factory that turns that into a running federated service:
 * type-graphql resolvers → Federation 2 subgraph schema → Apollo Server over HTTP, with a forked
 * EntityManager and fresh DataLoaders for every request.
 */
import { parse, type GraphQLSchema } from 'graphql';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import type { EntityManager, MigrationObject, MikroORM } from '@mikro-orm/postgresql';
import { buildSchemaSync, createResolversMap, type BuildSchemaOptions } from 'type-graphql';
import './local-date-answers';
import { correlationPlugin, type CorrelatedContext } from './correlation';
import { requestChecksPlugin, REQUEST_VALIDATION_RULES } from './request-checks';
import { openSubgraphDatabase, poolState, requestEntityManager, watchPoolWaits } from './database';
import { ServiceMetrics } from './metrics';
import { startTracing } from './telemetry';
import { formatHubError } from './errors';
import { listenGraphQL, type RunningHttpServer } from './http-server';
import { logger } from './logger';
import type { SqlStatementCounter } from './sql-counter';
import type { Caller } from './access/caller';
import { bearerToken, type CallerTokenVerifier } from './access/caller-token';
import { enforceAccessRules, type PolicyEvaluator } from './access/enforce';
import { readAccessRules } from './access/rules';
import { personIndexWithheldKeys, serveWithheldKeys } from './access/withheld-keys';
import { serveAuditHubIds } from './access/audit-hub-ids';
import { GATEWAY_PROFILE } from './access/audit-hub-ids-route';
import { SingleConnection } from './single-connection';
import { AGGREGATE_PARTNER_TIMEOUT_MILLISECONDS, askWithCallerContext, createRowGuard, DISCLOSED_ROWS_EXTENSION, personIndexRowKeys, RowKeyCache, WITHHELD_ROWS_EXTENSION, type RowGuard, type RowKeySource, type RowServices, WithheldKeyCache, type WithheldKeyStore } from './access/rows';
import { unauthenticated } from './errors';
import { clockFromEnvironment, type Clock, type IsoDate } from './dates';

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@authenticated", "@requiresScopes", "@policy"])';

/** What every resolver of a subgraph receives. */
export interface SubgraphContext<TLoaders> extends CorrelatedContext {
  /** Forked per request: entities never leak between callers. */
  em: EntityManager;
  loaders: TLoaders;
  /** Who is asking, as signed by the gateway. */
  caller: Caller;
  /** The day in England when the request arrived, read once so one answer never spans two days. */
  today: IsoDate;
  /** Which people the caller may see, in this subgraph's keys. */
  rows: RowGuard;
  /**
   * Asks another subgraph with the caller's own signed context (an aggregate measure asking the
   * partner that holds the rows to count them); the data, or a throw. Bounded by a timeout.
   */
  askSubgraph<T>(name: string, query: string, variables: Record<string, unknown>): Promise<T>;
}

type EntityList = NonNullable<Parameters<typeof MikroORM.init>[0]>['entities'];

export interface SubgraphDefinition<TLoaders = unknown> {
  /** Lower-case name: folder, database suffix, environment variable prefix and supergraph name. */
  name: string;
  defaultPort: number;
  entities: EntityList;
  migrations: MigrationObject[];
  resolvers: BuildSchemaOptions['resolvers'];
  orphanedTypes?: BuildSchemaOptions['orphanedTypes'];
  /** `__resolveReference` per entity type, each backed by a DataLoader. */
  referenceResolvers: GraphQLResolverMap<SubgraphContext<TLoaders>>;
  /** Fresh per request (and per caller), so batching and caching never cross callers. */
  createLoaders(em: EntityManager, caller: Caller, rows: RowGuard): TLoaders;
  /** Who is inside a caller's row rule; by default the person index is asked. */
  rowKeySource?(em: EntityManager, services: RowServices): RowKeySource;
  /**
   * Which restricted people are withheld from a caller; by default the person index is asked. A
   * subgraph that reads them itself (the person index) also answers the others' asking, at
   * `POST /row-keys/withheld` and the gateway's at `POST /row-keys/withheld/version`
   * (access/withheld-keys.ts). The version is read on a connection of its own (`own`), so that the
   * gateway's one read per request never waits behind the pool's work.
   */
  withheldKeyStore?(em: EntityManager, own: SingleConnection): WithheldKeyStore;
  /** Evaluators for the `@policy` names this subgraph's schema uses (an unknown one refuses). */
  policies?: Record<string, PolicyEvaluator>;
  /**
   * The hub ids of the people holding these keys ("PNC_ID:2019/0123456X"), unknown keys left out:
   * the gateway's audit lookup. A subgraph that has it (the person index) serves it at
   * `POST /audit/hub-ids` to the gateway's own caller context only (access/audit-hub-ids.ts),
   * with its loaders for that context; the lookups of one ask share them, so they are read together.
   */
  auditHubIds?(loaders: TLoaders, keys: string[]): Promise<string[]>;
}

/**
 * The registry holds subgraphs with different loader types; the kit only passes loaders through
 * to that subgraph's own resolvers, so erasing the type here is safe.
 */
export type AnySubgraphDefinition = SubgraphDefinition<unknown>;
export function defineSubgraph<TLoaders>(definition: SubgraphDefinition<TLoaders>): AnySubgraphDefinition {
  return definition as unknown as AnySubgraphDefinition;
}

/** Builds the Federation 2 schema of a subgraph; needs no database (composition uses it too). */
export function buildFederatedSchema(definition: AnySubgraphDefinition): GraphQLSchema {
  const typeGraphqlSchema = buildSchemaSync({
    resolvers: definition.resolvers,
    orphanedTypes: definition.orphanedTypes,
    validate: false,
  });
  // type-graphql's own printer drops @Directive(...) annotations; this one keeps them.
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphqlSchema)}`;
  const resolverMap = createResolversMap(typeGraphqlSchema) as GraphQLResolverMap<SubgraphContext<unknown>>;
  for (const [typeName, referenceResolver] of Object.entries(definition.referenceResolvers)) {
    resolverMap[typeName] = { ...(resolverMap[typeName] as object), ...(referenceResolver as object) };
  }
  const typeDefs = parse(sdl);
  const schema = buildSubgraphSchema({ typeDefs, resolvers: resolverMap as GraphQLResolverMap<unknown> });
  enforceAccessRules(schema, readAccessRules(typeDefs), definition.policies ?? {});
  return schema;
}

/**
 * Tells the gateway whose rows this answer holds (in this subgraph's keys), so the audit record
 * names everyone whose data left, whatever field carried it — and which restricted people it was
 * asked about and answered as no one, so the audit names those attempts too.
 */
function disclosedRowsPlugin(): ApolloServerPlugin<SubgraphContext<unknown>> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single' || !contextValue.rows) return;
          const disclosed = contextValue.rows.disclosed();
          const withheld = contextValue.rows.withheld();
          const result = response.body.singleResult;
          if (Object.keys(disclosed).length > 0) result.extensions = { ...result.extensions, [DISCLOSED_ROWS_EXTENSION]: disclosed };
          if (Object.keys(withheld).length > 0) result.extensions = { ...result.extensions, [WITHHELD_ROWS_EXTENSION]: withheld };
        },
      };
    },
  };
}

const SUBGRAPH_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The gateway sends at most four audit lookups at once (AUDIT_LOOKUPS_IN_FLIGHT), each a few statements in turn. */
const GATEWAY_POOL_MAX = 4;

export interface SubgraphRunOptions {
  databaseUrl: string;
  port: number;
  host?: string;
  /** Introspection is on for development and off in production (NODE_ENV=production). */
  introspection?: boolean;
  /** Checks the gateway's signed caller context on every request. */
  verifyCaller: CallerTokenVerifier;
  /** Which day it is; by default the day in England, or `HUB_TODAY` when set. */
  clock?: Clock;
  /** Where row rule membership is read (the person index, and the IOM caseload behind it). */
  rowServices: RowServices;
}

export interface RunningSubgraph {
  name: string;
  url: string;
  orm: MikroORM;
  sqlCounter: SqlStatementCounter;
  stop(): Promise<void>;
  /** Stops at once, connections cut mid-answer, as a killed process would (fault drills). */
  kill(): Promise<void>;
}

export async function startSubgraph(definition: AnySubgraphDefinition, options: SubgraphRunOptions): Promise<RunningSubgraph> {
  const clock = options.clock ?? clockFromEnvironment();
  // Once per process, and only when the OTEL_* variables ask for it: before the database, whose statements it traces.
  await startTracing(`hub-${definition.name}`);
  const { orm, sqlCounter } = await openSubgraphDatabase(definition, options.databaseUrl);
  // The person index answers the gateway's own requests (naming who an answer disclosed, for its
  // audit record) from a small pool of its own: an answer that is complete waits for that lookup,
  // and behind the entity lookups of new requests in the shared pool it had waited up to half a
  // second under load. Only the gateway can sign its own caller context.
  let gatewayOrm: MikroORM | undefined;
  try {
    gatewayOrm = definition.withheldKeyStore || definition.auditHubIds ? (await openSubgraphDatabase(definition, options.databaseUrl, { poolMax: GATEWAY_POOL_MAX, sqlCounter })).orm : undefined;
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  const metrics = new ServiceMetrics(definition.name);
  metrics.watchPool(() => poolState(orm), definition.name);
  watchPoolWaits(orm, metrics.poolWaits(definition.name));
  const apollo = new ApolloServer<SubgraphContext<unknown>>({
    schema: buildFederatedSchema(definition),
    formatError: formatHubError,
    includeStacktraceInErrorResponses: false,
    introspection: options.introspection ?? process.env.NODE_ENV !== 'production',
    // Whoever runs the subgraph stops it (and drains its HTTP server first); Apollo's own signal
    // handler would stop it mid-request and then kill the process.
    stopOnTerminationSignals: false,
    validationRules: REQUEST_VALIDATION_RULES,
    // Inline traces are off: a caller must not learn timings or resolver paths of a partner's service.
    // Cache control is off: no answer is cacheable (every one is per caller and audited), and its
    // per-field hook made Apollo wrap every resolver in the schema, a tenth of a large agenda's CPU.
    plugins: [
      requestChecksPlugin(),
      metrics.plugin(),
      correlationPlugin(definition.name),
      disclosedRowsPlugin(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();
  // Per subgraph: the person index must never wait on an answer another subgraph is waiting for from it.
  const rowCache = new RowKeyCache(options.rowServices.cacheMilliseconds);
  // Per subgraph process: withheld keys by caller, reused only at the request's own version.
  const withheldCache = new WithheldKeyCache();
  // Only the subgraph that holds the restrictions (the person index) reads their version.
  const versionConnection = definition.withheldKeyStore ? new SingleConnection(options.databaseUrl) : undefined;
  const withheldKeyStore = definition.withheldKeyStore && versionConnection ? (em: EntityManager) => definition.withheldKeyStore!(em, versionConnection) : undefined;
  const askPersonIndex = personIndexWithheldKeys(() => options.rowServices.peopleUrl());
  // What one request of a caller reads through, GraphQL or the audit route alike.
  const requestScope = (caller: Caller, token: string) => {
    const em = requestEntityManager(gatewayOrm && caller.profile === GATEWAY_PROFILE ? gatewayOrm : orm);
    const rowKeys = definition.rowKeySource ? definition.rowKeySource(em, options.rowServices) : personIndexRowKeys(() => options.rowServices.peopleUrl());
    const withheldKeys = withheldCache.source(withheldKeyStore ? (who, _token, type) => withheldKeyStore(em).read(who, type) : askPersonIndex);
    const rows = createRowGuard(caller, token, rowKeys, withheldKeys, rowCache);
    return { em, rows, loaders: definition.createLoaders(em, caller, rows) };
  };
  let http: RunningHttpServer;
  try {
    http = await listenGraphQL({
      apollo,
      // Only the gateway gets in, and its entity batches for a whole agenda are large.
      maxBodyBytes: SUBGRAPH_MAX_BODY_BYTES,
      port: options.port,
      host: options.host,
      trustIncomingCorrelationId: true,
      serviceName: definition.name,
      metrics,
      routes: (app) => {
        if (withheldKeyStore) serveWithheldKeys(app, options.verifyCaller, () => withheldKeyStore(requestEntityManager(orm)));
        const auditHubIds = definition.auditHubIds;
        if (auditHubIds) {
          serveAuditHubIds(app, options.verifyCaller, async (caller, token, lookups) => {
            const { loaders } = requestScope(caller, token);
            return Promise.all(lookups.map((keys) => auditHubIds(loaders, keys)));
          });
        }
      },
      context: async ({ raw: request, correlationId }) => {
        // Only the gateway may call a subgraph: everything, `_service` and `_entities` included,
        // needs its signed caller context.
        const token = bearerToken(request.headers.authorization);
        if (!token) throw unauthenticated('This service answers the hub gateway only.');
        let caller: Caller;
        try {
          caller = await options.verifyCaller(token);
        } catch {
          throw unauthenticated('This service answers the hub gateway only.');
        }
        const { em, rows, loaders } = requestScope(caller, token);
        const askSubgraph = <T>(name: string, query: string, variables: Record<string, unknown>): Promise<T> => {
          const url = options.rowServices.subgraphUrl?.(name);
          if (!url) return Promise.reject(new Error(`no address for the ${name} service`));
          return askWithCallerContext<T>(url, token, query, variables, AGGREGATE_PARTNER_TIMEOUT_MILLISECONDS);
        };
        return { em, caller, rows, today: clock.today(), loaders, correlationId, askSubgraph };
      },
      health: async () => {
        const database = await orm.isConnected();
        return { ok: database, service: definition.name, database: database ? 'up' : 'down' };
      },
    });
  } catch (error) {
    await apollo.stop();
    await orm.close(true);
    await gatewayOrm?.close(true);
    await versionConnection?.close();
    throw error;
  }
  logger.info({ service: definition.name, url: http.url }, 'subgraph listening');
  // Stopping (or killing) twice is one stop: a drill kills a subgraph that the hub stops again later.
  let stopped: Promise<void> | undefined;
  const finish = async (closing: Promise<void>) => {
    await closing;
    await apollo.stop();
    await orm.close(true);
    await gatewayOrm?.close(true);
    await versionConnection?.close();
  };
  return {
    name: definition.name,
    url: http.url,
    orm,
    sqlCounter,
    stop() {
      return (stopped ??= finish(http.close()));
    },
    kill() {
      return (stopped ??= finish(http.abort()));
    },
  };
}
