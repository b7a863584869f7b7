/**
 * The PostgreSQL server the hub's databases live on: an external one when HUB_POSTGRES_URL is
 * set, otherwise the embedded one under data/.
 */
import { startEmbeddedPostgres, type PostgresServer } from './embedded-postgres';
import { fromRoot } from '../subgraphs/kit/paths';

export interface PostgresChoice {
  /** Data directory of the embedded server (ignored when HUB_POSTGRES_URL is set). */
  dataDir: string;
  port: number;
  /** False when the caller stops PostgreSQL itself on SIGINT/SIGTERM, after its servers have drained. */
  stopOnSignals?: boolean;
}

export async function startConfiguredPostgres(choice: PostgresChoice): Promise<PostgresServer & { embedded: boolean }> {
  const external = process.env.HUB_POSTGRES_URL;
  if (external) return { url: external, embedded: false, stop: async () => undefined };
  const server = await startEmbeddedPostgres({ dataDir: fromRoot(choice.dataDir), port: choice.port, stopOnSignals: choice.stopOnSignals, verbose: process.env.HUB_PG_VERBOSE === '1' });
  return { ...server, embedded: true };
}

export const DEFAULT_PG_PORT = 54329;

export function configuredPgPort(fallback = DEFAULT_PG_PORT): number {
  return Number(process.env.HUB_PG_PORT ?? fallback);
}
