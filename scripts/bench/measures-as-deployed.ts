/**
 * The reoffending measure timed against the hub as `npm start` and a deployment run it: the
 * gateway and every subgraph in a process of its own (`runtime/hub-processes.ts`), over the same
 * databases as the in-process run. The in-process hub gives the bench its SQL and partner-call
 * counts, but runs every service on one thread, so five analysts at once queue there behind each
 * other even with a core to spare; this run shows what two cores give.
 */
import { startHubAsDeployed } from './hub-as-deployed';
import { analystAuthorizations, askMeasure, timeReoffendingMeasure, type TimedFigures } from './outcome-measures';
import { servicesCpuTime } from './measure';

export interface DeployedMeasureFigures extends TimedFigures {
  population: string;
}

export async function benchMeasuresAsDeployed(databaseUrls: Record<string, string>, referenceDate: string, runs: number, postgresDataDir: string | null): Promise<DeployedMeasureFigures[]> {
  const hub = await startHubAsDeployed(databaseUrls, referenceDate);
  try {
    const pids = hub.processes.map((p) => p.pid);
    const authorizations = await analystAuthorizations();
    const figures: DeployedMeasureFigures[] = [];
    for (const population of ['IOM_COHORT', 'STATUTORY_SUPERVISION'] as const) {
      console.log(`Measuring the reoffending measure for ${population}, one process per service…`);
      // A first answer warms each process (JIT, pools) and is not counted.
      await askMeasure(hub.gatewayUrl, population, authorizations[0]);
      figures.push({ population, ...(await timeReoffendingMeasure(hub.gatewayUrl, population, runs, authorizations, () => servicesCpuTime(pids, postgresDataDir))) });
    }
    return figures;
  } finally {
    await hub.stop();
  }
}
