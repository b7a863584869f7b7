/**
 * The hub as `npm start` and a deployment run it, for the benchmark's timings: the gateway and
 * every subgraph in a process of its own (`runtime/hub-processes.ts`), over the databases the
 * in-process run seeded, on the ports from HUB_BENCH_PORT_BASE.
 */
import { SUBGRAPHS } from '../../subgraphs';
import { startHubProcesses, type RunningHubProcesses } from '../../runtime/hub-processes';

export function startHubAsDeployed(databaseUrls: Record<string, string>, referenceDate: string): Promise<RunningHubProcesses> {
  const portBase = Number(process.env.HUB_BENCH_PORT_BASE ?? 4100);
  return startHubProcesses({
    subgraphs: SUBGRAPHS.map((s, i) => ({ name: s.name, port: portBase + 1 + i })),
    databaseUrls,
    gatewayPort: portBase,
    // Eight Node processes starting at once on a small machine can take a while.
    startTimeoutMs: 180_000,
    env: { HUB_TODAY: referenceDate, HUB_LOG_LEVEL: process.env.HUB_LOG_LEVEL ?? 'warn' },
    onUnexpectedExit: (service, code, signal) => console.error(`${service} stopped during the benchmark (${signal ?? code}).`),
  });
}
