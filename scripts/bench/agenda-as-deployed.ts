/**
 * The case conference agendas timed against the hub as `npm start` and a deployment run it: the
 * gateway and every subgraph in a process of its own (`runtime/hub-processes.ts`), over the same
 * databases the in-process run measured. The in-process hub gives the bench its SQL and fetch
 * counts but runs every service on one thread, so the partners' answers to one agenda queue there
 * behind each other; here they are worked on side by side, as the cores allow.
 */
import { startHubAsDeployed } from './hub-as-deployed';
import { servicesCpuTime, summarise, timedPost, type GraphQLError, type Summary } from './measure';

export interface DeployedAgendaFigures {
  gatewayMilliseconds: Summary;
  /** CPU per agenda: every hub process together, and PostgreSQL (null when it is not the embedded one). */
  cpuMillisecondsPerAgenda: { hub: number; postgres: number | null };
}

export interface AgendaToTime {
  id: string;
  label: string;
}

/** The hub answered with errors: timing a broken answer would mislead. */
export class DeployedAgendaError extends Error {
  constructor(what: string, readonly errors: GraphQLError[]) {
    super(`${what} answered with ${errors.length} error(s), one process per service.`);
  }
}

export async function benchAgendasAsDeployed(
  databaseUrls: Record<string, string>,
  referenceDate: string,
  query: string,
  authorization: string,
  agendas: AgendaToTime[],
  runs: number,
  postgresDataDir: string | null,
): Promise<Map<string, DeployedAgendaFigures>> {
  const hub = await startHubAsDeployed(databaseUrls, referenceDate);
  try {
    const pids = hub.processes.map((p) => p.pid);
    const ask = async (agenda: AgendaToTime) => {
      const response = await timedPost(hub.gatewayUrl, query, { id: agenda.id }, authorization);
      if (response.errors.length || response.status !== 200) throw new DeployedAgendaError(`The ${agenda.label} agenda (HTTP ${response.status})`, response.errors);
      return response.milliseconds;
    };
    // Fresh processes: every agenda is asked twice first, so JIT and pools are not billed to the first one timed.
    for (let round = 0; round < 2; round++) for (const agenda of agendas) await ask(agenda);
    const figures = new Map<string, DeployedAgendaFigures>();
    for (const agenda of agendas) {
      console.log(`Measuring the ${agenda.label} agenda, one process per service…`);
      const before = servicesCpuTime(pids, postgresDataDir);
      const milliseconds: number[] = [];
      for (let i = 0; i < runs; i++) milliseconds.push(await ask(agenda));
      const after = servicesCpuTime(pids, postgresDataDir);
      figures.set(agenda.id, {
        gatewayMilliseconds: summarise(milliseconds),
        cpuMillisecondsPerAgenda: {
          hub: (after.hub - before.hub) / runs,
          postgres: after.postgres === null || before.postgres === null ? null : (after.postgres - before.postgres) / runs,
        },
      });
    }
    return figures;
  } finally {
    await hub.stop();
  }
}
