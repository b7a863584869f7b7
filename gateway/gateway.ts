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
import { correlationIdFor, correlationPlugin } from '../subgraphs/kit/correlation';
import { listenGraphQL } from '../subgraphs/kit/http-server';
import { logger } from '../subgraphs/kit/logger';
import { readAccessRules } from '../subgraphs/kit/access/rules';
import type { CallerTokenKeys } from '../subgraphs/kit/access/caller-token';
import { accessControlPlugin, recordRefusedRequest, type AuditSink, type GatewayContext } from './access/access-plugin';
import { personIndexAuditPeople } from './access/audit-people';
import { armor } from './access/hardening';
import { formatGatewayError } from './errors';
import { IdentityVerifier } from './identity/verify';
import { loadIssuerConfigs } from './identity/issuers';
import { SubgraphDataSource, type SubgraphFetch } from './subgraph-data-source';

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
}

export interface RunningGateway {
  url: string;
  stop(): Promise<void>;
}

/**
 * Apollo Gateway refuses a supergraph whose auth directives are linked `for: SECURITY` because it
 * does not enforce them itself; the hub does (access/), so the gateway gets a copy without that
 * marker and the rules are read from the original.
 */
export function supergraphForGateway(supergraphSdl: string): string {
  return supergraphSdl.replace(/,\s*for:\s*SECURITY/g, '');
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const supergraphSchema = buildSchema(options.supergraphSdl);
  const rules = readAccessRules(parse(options.supergraphSdl));
  const identity = new IdentityVerifier(loadIssuerConfigs());
  const serviceUrls: Record<string, string> = {};
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphForGateway(options.supergraphSdl),
    buildService: ({ name, url }) => {
      serviceUrls[name] = options.subgraphUrls[name] ?? url ?? '';
      return new SubgraphDataSource({ url: serviceUrls[name] }, options.callerTokenKeys, name, options.onSubgraphFetch);
    },
    logger: { debug: () => undefined, info: () => undefined, warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });
  const introspection = options.introspection ?? process.env.NODE_ENV !== 'production';
  const limits = armor();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: formatGatewayError,
    includeStacktraceInErrorResponses: false,
    introspection,
    // Every request must carry its full text, so the access filter always sees what will run.
    persistedQueries: false,
    validationRules: limits.validationRules,
    csrfPrevention: true,
    plugins: [
      accessControlPlugin(supergraphSchema, rules, options.audit, personIndexAuditPeople(() => serviceUrls.people || undefined, options.callerTokenKeys)),
      ...limits.plugins,
      correlationPlugin('gateway'),
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  const http = await listenGraphQL({
    apollo,
    port: options.port,
    host: options.host,
    context: async (request) => {
      const correlationId = correlationIdFor(request, false);
      try {
        return { correlationId, caller: await identity.callerFrom(request.headers.authorization) };
      } catch (error) {
        // A request refused before it runs is audited too: who tried, and that it was refused.
        const status = error instanceof GraphQLError ? (error.extensions?.http as { status?: number } | undefined)?.status : undefined;
        if (status === 401 || status === 403) await recordRefusedRequest(options.audit, request.headers.authorization, status, correlationId);
        throw error;
      }
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
