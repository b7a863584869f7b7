/**
 * Runs the gateway as its own service: `node dist/scripts/serve-gateway.js`. Subgraph addresses
 * come from `<NAME>_URL` (e.g. PEOPLE_URL), the port from PORT or GATEWAY_PORT, the key it signs
 * caller contexts with from GATEWAY_SIGNING_KEY, trusted identity providers from HUB_ISSUERS_FILE,
 * and the audit database it writes every disclosure to from AUDIT_DATABASE_URL.
 *
 * It loads no subgraph code: the subgraphs' names and default addresses come from the supergraph
 * (`test/unit/layers.test.ts` keeps it so: what the gateway loads is what its memory holds).
 */
import { startGateway } from '../gateway/gateway';
import { stopTracing } from '../subgraphs/kit/telemetry';
import { readSupergraph, subgraphUrlsFromEnvironment } from '../gateway/supergraph-file';
import { logger } from '../subgraphs/kit/logger';
import { loadOrCreateCallerTokenKeys } from '../subgraphs/kit/access/caller-token';
import { openAuditWriter } from '../audit-trail/audit-log';

function requireAuditDatabaseUrl(): string {
  const url = process.env.AUDIT_DATABASE_URL;
  if (!url) throw new Error('Set AUDIT_DATABASE_URL: the gateway records every disclosure there and returns no personal data without it.');
  return url;
}

async function main(): Promise<void> {
  if (!process.env.GATEWAY_SIGNING_KEY) throw new Error('Set GATEWAY_SIGNING_KEY to the private JWK the gateway signs caller contexts with (see `npm run gateway-key`).');
  const callerTokenKeys = await loadOrCreateCallerTokenKeys();
  const supergraphSdl = readSupergraph();
  const subgraphUrls = subgraphUrlsFromEnvironment(supergraphSdl);
  const audit = await openAuditWriter(requireAuditDatabaseUrl());
  const gateway = await startGateway({
    callerTokenKeys,
    audit,
    supergraphSdl,
    subgraphUrls,
    port: Number(process.env.PORT ?? process.env.GATEWAY_PORT ?? 4000),
    host: process.env.HUB_HOST ?? '0.0.0.0',
  });
  // Drain: new requests get 503, those in flight finish and are audited; the audit writer closes last.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void gateway
      .stop()
      .then(() => audit.close())
      .then(() => stopTracing())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'gateway did not stop cleanly');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  logger.error({ err: error }, 'gateway failed to start');
  process.exit(1);
});
