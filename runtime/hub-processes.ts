/**
 * Runs the hub as a deployment does: every subgraph in its own Node process
 * (`dist/scripts/serve-subgraph.js <name>`) and the gateway in another
 * (`dist/scripts/serve-gateway.js`), configured only through environment variables, talking over
 * real HTTP. `npm start` and `npm run bench:load` start the hub through here.
 *
 * Why separate processes rather than one: the subgraphs then use every core the machine has
 * instead of sharing one event loop, one slow partner cannot stall the others' answers, and the
 * gateway process holds only the gateway (its memory and CPU can be measured against stock Apollo
 * Gateway). The in-process hub (runtime/hub.ts) stays for the tests, which need a subgraph's ORM
 * and SQL counter at hand.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { exportJWK, generateKeyPair } from 'jose';
import { envPrefix } from '../subgraphs/kit/environment';
import { fromRoot } from '../subgraphs/kit/paths';

export interface SubgraphPlacement {
  name: string;
  port: number;
}

export interface HubProcessesOptions {
  subgraphs: SubgraphPlacement[];
  /** Subgraph name → its database; `audit` is also where the gateway writes the trail. */
  databaseUrls: Record<string, string>;
  gatewayPort: number;
  host?: string;
  /** Added to every child's environment (e.g. HUB_TODAY, HUB_LOG_LEVEL). */
  env?: NodeJS.ProcessEnv;
  /** How long each service has to answer GET /health after it was started. */
  startTimeoutMs?: number;
  /** Node options for the gateway process alone (the load benchmark's collection on a signal). */
  gatewayNodeArgs?: string[];
  /** Told when a service stops without being asked to (its requests then answer SUBGRAPH_UNAVAILABLE). */
  onUnexpectedExit?: (service: string, code: number | null, signal: NodeJS.Signals | null) => void;
}

export interface HubProcess {
  /** A subgraph's name, or `gateway`. */
  service: string;
  url: string;
  pid: number;
}

export interface RunningHubProcesses {
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  /** The gateway first, then each subgraph: what the benchmark reads CPU time and memory from. */
  processes: HubProcess[];
  /** The key pair the gateway signs caller contexts with, as the environment variables carry it. */
  signingKeyJson: string;
  publicKeyJson: string;
  /** The gateway drains first, then every subgraph. */
  stop(): Promise<void>;
}

const DEFAULT_START_TIMEOUT_MS = 60_000;
const HEALTH_POLL_MS = 100;
/** A child that has not drained and exited by then is killed. */
const STOP_TIMEOUT_MS = 25_000;

interface Child {
  service: string;
  url: string;
  process: ChildProcess;
  exited: Promise<void>;
  stopping: boolean;
}

async function answersHealth(url: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

async function waitUntilHealthy(child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void child.exited.then(() => (exitCode = child.process.exitCode));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${child.service} stopped while starting (exit code ${exitCode}); its log is above.`);
    if (await answersHealth(child.url)) return;
    await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_MS));
  }
  throw new Error(`${child.service} did not answer ${new URL('/health', child.url).href} within ${timeoutMs / 1000} s.`);
}

async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.stopping = true;
  child.process.kill('SIGTERM');
  const killed = setTimeout(() => child.process.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await child.exited;
  clearTimeout(killed);
}

export async function startHubProcesses(options: HubProcessesOptions): Promise<RunningHubProcesses> {
  const host = options.host ?? '127.0.0.1';
  const auditUrl = options.databaseUrls.audit;
  if (!auditUrl) throw new Error('No audit database: the hub returns no personal data without an audit trail.');
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const signingKeyJson = JSON.stringify(await exportJWK(privateKey));
  const publicKeyJson = JSON.stringify(await exportJWK(publicKey));
  const subgraphUrls = Object.fromEntries(options.subgraphs.map((s) => [s.name, `http://${host}:${s.port}/graphql`]));
  // Every service learns every address: subgraphs ask the person index, IOM and the partners.
  const addresses = Object.fromEntries(Object.entries(subgraphUrls).map(([name, url]) => [`${envPrefix(name)}_URL`, url]));
  const children: Child[] = [];

  // HUB_PROFILE_DIR: every service writes a V8 CPU profile there when it stops (`node --cpu-prof`).
  const profiling = process.env.HUB_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.HUB_PROFILE_DIR}`] : [];
  const launch = (service: string, script: string, args: string[], url: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Child => {
    const child = spawn(process.execPath, [...profiling, ...nodeArgs, fromRoot('dist/scripts', script), ...args], {
      env: { ...process.env, ...options.env, ...addresses, HUB_HOST: host, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const running: Child = { service, url, process: child, stopping: false, exited: new Promise((resolve) => child.once('exit', () => resolve())) };
    child.once('exit', (code, signal) => {
      if (!running.stopping) options.onUnexpectedExit?.(service, code, signal);
    });
    children.push(running);
    return running;
  };

  const stopAll = async () => {
    const gateway = children.find((c) => c.service === 'gateway');
    if (gateway) await stopChild(gateway);
    await Promise.all(children.filter((c) => c !== gateway).map(stopChild));
  };

  try {
    const subgraphs = options.subgraphs.map((s) => {
      const databaseUrl = options.databaseUrls[s.name];
      if (!databaseUrl) throw new Error(`No database for subgraph ${s.name}.`);
      return launch(s.name, 'serve-subgraph.js', [s.name], subgraphUrls[s.name], {
        // A subgraph answers the gateway alone, as deployed: graphql-js' development checks cost
        // it about 3% of its CPU, and the only other thing the setting turns off is introspection,
        // which the gateway never uses (it composes from the checked-in supergraph). The gateway
        // keeps the caller's setting: development sign-in and GraphiQL depend on it.
        NODE_ENV: process.env.NODE_ENV ?? 'production',
        PORT: String(s.port),
        [`${envPrefix(s.name)}_DATABASE_URL`]: databaseUrl,
        GATEWAY_PUBLIC_KEY: publicKeyJson,
      });
    });
    const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    await Promise.all(subgraphs.map((child) => waitUntilHealthy(child, startTimeoutMs)));
    const gatewayUrl = `http://${host}:${options.gatewayPort}/graphql`;
    const gateway = launch('gateway', 'serve-gateway.js', [], gatewayUrl, {
      PORT: String(options.gatewayPort),
      GATEWAY_SIGNING_KEY: signingKeyJson,
      AUDIT_DATABASE_URL: auditUrl,
    }, options.gatewayNodeArgs);
    await waitUntilHealthy(gateway, startTimeoutMs);
    const pidOf = (child: Child) => child.process.pid ?? 0;
    return {
      gatewayUrl,
      subgraphUrls,
      processes: [gateway, ...subgraphs].map((child) => ({ service: child.service, url: child.url, pid: pidOf(child) })),
      signingKeyJson,
      publicKeyJson,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
