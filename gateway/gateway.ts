/**
 * The hub's single endpoint: Apollo Gateway over a static supergraph, talking to each subgraph
 * over HTTP. It starts even when a subgraph is down; what it cannot fetch comes back null with
 * an error at that path.
 */
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { correlationIdFor, correlationPlugin, type CorrelatedContext } from '../subgraphs/kit/correlation';
import { listenGraphQL } from '../subgraphs/kit/http-server';
import { logger } from '../subgraphs/kit/logger';
import { formatGatewayError } from './errors';
import { SubgraphDataSource } from './subgraph-data-source';
import { executableSupergraph } from './executable-supergraph';

export type GatewayContext = CorrelatedContext;

export interface GatewayOptions {
  supergraphSdl: string;
  /** Subgraph name → URL; names missing here keep the URL in the supergraph. */
  subgraphUrls: Record<string, string>;
  port: number;
  host?: string;
  introspection?: boolean;
}

export interface RunningGateway {
  url: string;
  stop(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const gateway = new ApolloGateway({
    supergraphSdl: executableSupergraph(options.supergraphSdl),
    buildService: ({ name, url }) => new SubgraphDataSource({ url: options.subgraphUrls[name] ?? url }),
    logger: { debug: () => undefined, info: () => undefined, warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: formatGatewayError,
    includeStacktraceInErrorResponses: false,
    introspection: options.introspection ?? process.env.NODE_ENV !== 'production',
    plugins: [correlationPlugin('gateway'), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  const http = await listenGraphQL({
    apollo,
    port: options.port,
    host: options.host,
    context: async (request) => ({ correlationId: correlationIdFor(request, false) }),
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
