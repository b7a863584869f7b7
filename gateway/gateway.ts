/**
 * The hub's single endpoint: Apollo Gateway over a static supergraph, talking to each subgraph
 * over HTTP. Every caller is identified from their bearer token; what they may not see is taken
 * out of the operation before it is planned. It starts even when a subgraph is down; what it
 * cannot fetch comes back null with an error at that path.
 */
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSchema, GraphQLError, parse } from 'graphql';
import { correlationPlugin } from '../subgraphs/kit/correlation';
import { requestChecksPlugin, REQUEST_VALIDATION_RULES } from '../subgraphs/kit/request-checks';
import { listenGraphQL, type HttpTimeouts } from '../subgraphs/kit/http-server';
import { logger } from '../subgraphs/kit/logger';
import { readAccessRules } from '../subgraphs/kit/access/rules';
import { CallerTokenSigner, type CallerTokenKeys } from '../subgraphs/kit/access/caller-token';
import type { Caller } from '../subgraphs/kit/access/caller';
import { accessControlPlugin, recordRefusedRequest, type AuditSink, type GatewayContext } from './access/access-plugin';
import { personIndexAuditPeople } from './access/audit-people';
import { personIndexRestrictionsVersion } from './access/restrictions-version';
import { noFieldSuggestions } from './access/hardening';
import { formatGatewayError } from './errors';
import { IdentityVerifier } from './identity/verify';
import { loadIssuerConfigs } from './identity/issuers';
import { SubgraphDataSource, subgraphTimeoutMs, type SubgraphFetch } from './subgraph-data-source';
import { entityKeysFrom } from './entity-answers';
import { CallerRateLimiter, rateLimited, rateLimitFromEnvironment, type RateLimitConfig } from './rate-limit';
import { envPrefix } from '../subgraphs/kit/environment';
import { GatewayMetrics } from './metrics';
import { startTracing } from '../subgraphs/kit/telemetry';
import { supergraphForGateway } from './supergraph-file';
import { browserGetFor, registerWebRoutes, webOptionsFromEnvironment, type WebOptions } from './web/web-routes';

export type { GatewayContext };

export interface GatewayOptions {
  supergraphSdl: string;
  /** Subgraph name → URL; names missing here keep the URL in the supergraph. */
  subgraphUrls: Record<string, string>;
  port: number;
  host?: string;
  introspection?: boolean;
  /** Signs the caller context every subgraph request carries. */
  callerTokenKeys: CallerTokenKeys;
  /** Where every disclosure or refusal is recorded before the answer leaves. */
  audit: AuditSink;
  /** Sees every subgraph request the gateway makes (the benchmark replays them directly). */
  onSubgraphFetch?: (fetch: SubgraphFetch) => void;
  /** Per-caller request budget; by default from HUB_RATE_LIMIT_REQUESTS / HUB_RATE_LIMIT_WINDOW_MS. */
  rateLimit?: RateLimitConfig;
  /** Subgraph name → timeout in ms; by default from `<NAME>_TIMEOUT_MS` / HUB_SUBGRAPH_TIMEOUT_MS. */
  subgraphTimeoutsMs?: Record<string, number>;
  /** HTTP server timeouts; by default from the HUB_HTTP_*_MS variables. */
  httpTimeouts?: Partial<HttpTimeouts>;
  /** GraphiQL and the development sign-in; by default on unless NODE_ENV=production. */
  web?: WebOptions;
}

export interface RunningGateway {
  url: string;
  stop(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  // Once per process, and only when the OTEL_* variables ask for it (kit/telemetry.ts).
  await startTracing('hub-gateway');
  const supergraphSchema = buildSchema(options.supergraphSdl);
  const supergraphDocument = parse(options.supergraphSdl);
  const rules = readAccessRules(supergraphDocument);
  const entityKeys = entityKeysFrom(supergraphDocument);
  const identity = new IdentityVerifier(loadIssuerConfigs());
  const serviceUrls: Record<string, string> = {};
  const metrics = new GatewayMetrics();
  const audit = metrics.measuredAudit(options.audit);
  const callerTokenSigner = new CallerTokenSigner(options.callerTokenKeys);
  const restrictionsVersion = personIndexRestrictionsVersion(() => serviceUrls.people || undefined, options.callerTokenKeys);
  // Apollo Gateway otherwise sends the host's CPU and memory figures to Apollo's own collector
  // every minute: a hub holding personal data makes no calls it was not configured to make.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphForGateway(options.supergraphSdl),
    buildService: ({ name, url }) => {
      serviceUrls[name] = options.subgraphUrls[name] ?? url ?? '';
      return new SubgraphDataSource(
        { url: serviceUrls[name] },
        {
          callerTokenKeys: options.callerTokenKeys,
          callerTokenSigner,
          subgraphName: name,
          entityCheck: { schema: supergraphSchema, keys: entityKeys.get(name) },
          onFetch: options.onSubgraphFetch,
          timeoutMs: options.subgraphTimeoutsMs?.[name] ?? subgraphTimeoutMs(envPrefix(name)),
          metrics,
          restrictionsVersion,
        },
      );
    },
    logger: { debug: () => undefined, info: () => undefined, warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });
  const introspection = options.introspection ?? process.env.NODE_ENV !== 'production';
  const rateLimiter = new CallerRateLimiter(options.rateLimit ?? rateLimitFromEnvironment());
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: formatGatewayError,
    includeStacktraceInErrorResponses: false,
    introspection,
    // The process owner drains the HTTP server first; Apollo's own handler would kill it mid-drain.
    stopOnTerminationSignals: false,
    // Every request must carry its full text, so the access filter always sees what will run.
    persistedQueries: false,
    validationRules: REQUEST_VALIDATION_RULES,
    csrfPrevention: true,
    plugins: [
      // First: it decides how a request error thrown before execution is answered (see there).
      requestChecksPlugin(),
      accessControlPlugin(supergraphSchema, rules, audit, personIndexAuditPeople(() => serviceUrls.people || undefined, options.callerTokenKeys)),
      ...noFieldSuggestions(),
      // After the access plugin: it adds the FORBIDDEN errors of the fields it removed to the answer.
      metrics.plugin(),
      correlationPlugin('gateway'),
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  const web = options.web ?? webOptionsFromEnvironment();
  const http = await listenGraphQL({
    apollo,
    port: options.port,
    host: options.host,
    trustIncomingCorrelationId: false,
    serviceName: 'gateway',
    metrics,
    timeouts: options.httpTimeouts,
    routes: (app) => registerWebRoutes(app, web),
    browserGet: browserGetFor(web),
    csv: true,
    context: async ({ raw, correlationId }) => {
      let caller: Caller;
      try {
        caller = await identity.callerFrom(raw.headers.authorization);
      } catch (error) {
        // A request refused before it runs is audited too: who tried, and that it was refused.
        const status = error instanceof GraphQLError ? (error.extensions?.http as { status?: number } | undefined)?.status : undefined;
        if (status === 401 || status === 403) await recordRefusedRequest(audit, raw.headers.authorization, status, correlationId);
        throw error;
      }
      const decision = rateLimiter.take(caller.issuer, caller.subject);
      if (!decision.allowed) {
        logger.warn({ correlationId, issuer: caller.issuer, subject: caller.subject, retryAfterSeconds: decision.retryAfterSeconds }, 'caller over the rate limit');
        throw rateLimited(decision.retryAfterSeconds);
      }
      return { correlationId, caller };
    },
  });
  logger.info({ url: http.url }, 'gateway listening');
  return {
    url: http.url,
    async stop() {
      await http.close();
      await apollo.stop();
    },
  };
}
