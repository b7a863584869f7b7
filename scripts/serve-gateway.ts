/**
 * Runs the gateway as its own service: `node dist/scripts/serve-gateway.js`. Subgraph addresses
 * come from `<NAME>_URL` (e.g. PEOPLE_URL), the port from PORT or GATEWAY_PORT.
 */
import 'reflect-metadata';
import { subgraphUrlsFromEnvironment } from '../gateway/composition';
import { startGateway } from '../gateway/gateway';
import { readSupergraph } from '../runtime/hub';
import { logger } from '../subgraphs/kit/logger';

async function main(): Promise<void> {
  const gateway = await startGateway({
    supergraphSdl: readSupergraph(),
    subgraphUrls: subgraphUrlsFromEnvironment(),
    port: Number(process.env.PORT ?? process.env.GATEWAY_PORT ?? 4000),
    host: process.env.HUB_HOST ?? '0.0.0.0',
  });
  const stop = () => void gateway.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  logger.error({ err: error }, 'gateway failed to start');
  process.exit(1);
});
