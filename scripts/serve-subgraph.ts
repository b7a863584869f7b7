/**
 * Runs one subgraph as its own service (how a real deployment runs each partner):
 * `node dist/scripts/serve-subgraph.js <name>`. Reads `<NAME>_DATABASE_URL` (or DATABASE_URL),
 * PORT and HUB_HOST; applies pending migrations first; seeds synthetic data only when
 * HUB_SEED_IF_EMPTY=true (demonstration deployments).
 */
import 'reflect-metadata';
import { envPrefix, subgraphNamed } from '../subgraphs';
import { startSubgraph } from '../subgraphs/kit/subgraph';
import { prepareDatabases } from '../runtime/databases';
import { logger } from '../subgraphs/kit/logger';
import { readSeedOptions } from './seed-options';
import { callerTokenVerifier } from '../subgraphs/kit/access/caller-token';

async function main(): Promise<void> {
  const subgraph = subgraphNamed(process.argv[2] ?? '');
  const databaseUrl = process.env[`${envPrefix(subgraph.name)}_DATABASE_URL`] ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error(`Set ${envPrefix(subgraph.name)}_DATABASE_URL (or DATABASE_URL) to this subgraph's PostgreSQL database.`);
  if (process.env.HUB_SEED_IF_EMPTY === 'true') {
    await prepareDatabases([subgraph], { [subgraph.name]: databaseUrl }, readSeedOptions([]));
  } else {
    // Migrations only: production data is never generated.
    await prepareDatabases([subgraph], { [subgraph.name]: databaseUrl }, { ...readSeedOptions([]), migrateOnly: true });
  }
  const gatewayKey = process.env.GATEWAY_PUBLIC_KEY;
  if (!gatewayKey) throw new Error('Set GATEWAY_PUBLIC_KEY to the public JWK of the gateway (see `npm run gateway-key`): a subgraph answers the gateway only.');
  const running = await startSubgraph(subgraph, {
    verifyCaller: await callerTokenVerifier(JSON.parse(gatewayKey)),
    // Row rule membership comes from the person index, which reads the IOM caseload.
    rowServices: {
      peopleUrl: () => process.env.PEOPLE_URL ?? `http://127.0.0.1:${process.env.PEOPLE_PORT ?? 4001}/graphql`,
      iomUrl: () => process.env.IOM_URL ?? `http://127.0.0.1:${process.env.IOM_PORT ?? 4006}/graphql`,
    },
    databaseUrl,
    port: Number(process.env.PORT ?? process.env[`${envPrefix(subgraph.name)}_PORT`] ?? subgraph.defaultPort),
    host: process.env.HUB_HOST ?? '0.0.0.0',
  });
  const stop = () => void running.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  logger.error({ err: error }, 'subgraph failed to start');
  process.exit(1);
});
