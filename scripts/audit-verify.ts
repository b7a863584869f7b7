/**
 * `npm run audit:verify`: recomputes the audit log's hash chain and says whether every record is
 * as it was written. Checks AUDIT_DATABASE_URL when set, otherwise the hub's own audit database
 * (on HUB_POSTGRES_URL or the embedded server, which may be running under `npm start` or not).
 * Exit code 0: intact; 1: broken (the first broken record is named); 2: could not be checked.
 */
import 'reflect-metadata';
import { auditSubgraph } from '../subgraphs/audit';
import { verifyAuditChain } from '../audit-trail/audit-log';
import { databaseUrlsFor } from '../runtime/databases';
import { embeddedPostgresUrl, isEmbeddedPostgresRunning } from '../runtime/embedded-postgres';
import { fromRoot } from '../subgraphs/kit/paths';
import { configuredPgPort, startConfiguredPostgres } from '../runtime/postgres';
import type { ChainVerification } from '../audit-trail/audit-log';

async function verifyHubAuditDatabase(): Promise<{ database: string; verification: ChainVerification }> {
  const check = async (serverUrl: string | undefined) => {
    const url = databaseUrlsFor([auditSubgraph], serverUrl, 'hub')[auditSubgraph.name];
    return { database: decodeURIComponent(new URL(url).pathname.slice(1)), verification: await verifyAuditChain(url) };
  };
  if (process.env.AUDIT_DATABASE_URL || process.env.HUB_POSTGRES_URL) return check(process.env.HUB_POSTGRES_URL);
  const dataDir = process.env.HUB_DATA_DIR ?? 'data/pg';
  const port = configuredPgPort();
  // A running hub already holds the data directory: read through its server rather than start a second.
  if (isEmbeddedPostgresRunning(fromRoot(dataDir))) return check(embeddedPostgresUrl(port));
  const postgres = await startConfiguredPostgres({ dataDir, port });
  try {
    return await check(postgres.url);
  } finally {
    await postgres.stop();
  }
}

async function main(): Promise<number> {
  const { database, verification } = await verifyHubAuditDatabase();
  if (verification.ok) {
    console.log(`Audit chain of ${database}: ${verification.records} records checked, OK.`);
    return 0;
  }
  console.log(`Audit chain of ${database}: BROKEN at record ${verification.firstBrokenId} (${verification.records} records checked).`);
  console.log(`  ${verification.reason}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Could not verify the audit chain: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
