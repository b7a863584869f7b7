/**
 * Runs one subgraph as its own service (how a real deployment runs each partner):
 * `node dist/scripts/serve-subgraph.js <name>`. Reads `<NAME>_DATABASE_URL` (or DATABASE_URL),
 * PORT, HUB_HOST and HUB_TODAY; applies pending migrations first. It never generates data: the
 * synthetic partnership is not part of a deployment (seed a demonstration from a checkout with
 * `npm run seed`).
 */
import 'reflect-metadata';
import { subgraphNamed } from '../subgraphs';
import { envPrefix } from '../subgraphs/kit/environment';
import { startSubgraph } from '../subgraphs/kit/subgraph';
import { stopTracing } from '../subgraphs/kit/telemetry';
import { prepareDatabases } from '../runtime/databases';
import { logger } from '../subgraphs/kit/logger';
import { callerTokenVerifier } from '../subgraphs/kit/access/caller-token';

async function main(): Promise<void> {
  const subgraph = subgraphNamed(process.argv[2] ?? '');
  const databaseUrl = process.env[`${envPrefix(subgraph.name)}_DATABASE_URL`] ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error(`Set ${envPrefix(subgraph.name)}_DATABASE_URL (or DATABASE_URL) to this subgraph's PostgreSQL database.`);
  await prepareDatabases([subgraph], { [subgraph.name]: databaseUrl });
  const gatewayKey = process.env.GATEWAY_PUBLIC_KEY;
  if (!gatewayKey) throw new Error('Set GATEWAY_PUBLIC_KEY to the public JWK of the gateway (see `npm run gateway-key`): a subgraph answers the gateway only.');
  const running = await startSubgraph(subgraph, {
    verifyCaller: await callerTokenVerifier(JSON.parse(gatewayKey)),
    // Row rule membership comes from the person index, which reads the IOM caseload.
    rowServices: {
      peopleUrl: () => process.env.PEOPLE_URL ?? `http://127.0.0.1:${process.env.PEOPLE_PORT ?? 4001}/graphql`,
      iomUrl: () => process.env.IOM_URL ?? `http://127.0.0.1:${process.env.IOM_PORT ?? 4006}/graphql`,
      // Aggregate measures ask the partner holding the rows (e.g. police counts offences).
      subgraphUrl: (name) => {
        const partner = subgraphNamed(name);
        const prefix = envPrefix(partner.name);
        return process.env[`${prefix}_URL`] ?? `http://127.0.0.1:${process.env[`${prefix}_PORT`] ?? partner.defaultPort}/graphql`;
      },
    },
    databaseUrl,
    port: Number(process.env.PORT ?? process.env[`${envPrefix(subgraph.name)}_PORT`] ?? subgraph.defaultPort),
    host: process.env.HUB_HOST ?? '0.0.0.0',
  });
  // Drain: new requests get 503, those in flight finish, then the database pool closes.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void running.stop().then(() => stopTracing()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  logger.error({ err: error }, 'subgraph failed to start');
  process.exit(1);
});
