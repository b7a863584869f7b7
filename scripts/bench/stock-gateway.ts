/**
 * Stock Apollo Gateway for `npm run bench:load` to compare the hub's gateway with: a plain
 * ApolloServer (its standalone HTTP server) and ApolloGateway over the same supergraph and the
 * same running subgraphs, with one addition only — the signed caller context the subgraphs
 * require, taken from the `x-hub-caller-context` request header (the benchmark signs one per
 * client with the hub's key) and sent on as the subgraph request's bearer token. No access
 * filter, no audit, no rate limit, no identity check, default subgraph client.
 *
 * `node dist/scripts/bench/stock-gateway.js`; PORT, and `<NAME>_URL` for each subgraph.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { readSupergraph, subgraphUrlsFromEnvironment, supergraphForGateway } from '../../gateway/supergraph-file';

export const CALLER_CONTEXT_HEADER = 'x-hub-caller-context';

interface StockContext {
  callerContext?: string;
}

async function main(): Promise<void> {
  const supergraphSdl = readSupergraph();
  const subgraphUrls = subgraphUrlsFromEnvironment(supergraphSdl);
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphForGateway(supergraphSdl),
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<StockContext>({
        url: subgraphUrls[name] ?? url,
        willSendRequest({ request, context }) {
          if (context.callerContext) request.http?.headers.set('authorization', `Bearer ${context.callerContext}`);
        },
      }),
  });
  const server = new ApolloServer<StockContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: Number(process.env.PORT ?? 4000), host: process.env.HUB_HOST ?? '127.0.0.1' },
    context: async ({ req }) => {
      const header = req.headers[CALLER_CONTEXT_HEADER];
      return { callerContext: typeof header === 'string' ? header : undefined };
    },
  });
  console.log(`stock gateway listening at ${url}`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Run as a program; the benchmark imports only the header name.
if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
