/**
 * The benchmark's figures: their shape in bench-results/agenda.json and the table on stdout.
 */
import { benchPurpose, type Summary } from './measure';
import type { EnforcementCost } from './access';
import type { DeployedAgendaFigures } from './agenda-as-deployed';

export interface AgendaFigures {
  label: string;
  /** The size the conference was written with; null for the seeded partnership's own. */
  plannedSize: number | null;
  conferenceId: string;
  heldOn: string;
  agendaSize: number;
  agendaItems: number;
  responseKilobytes: number;
  /** How many agenda people each partner had something for: shows what the joins carried. */
  peopleWith: Record<string, number>;
  sqlStatements: Record<string, number>;
  sqlStatementsTotal: number;
  subgraphFetches: Record<string, number>;
  subgraphFetchesTotal: number;
  gatewayMilliseconds: Summary;
  directSumMilliseconds: Summary;
  directP50BySubgraph: Record<string, number>;
  gatewayP50OverDirectSumP50: number;
  /** The same agenda timed against one process per service (`--processes`). */
  asDeployed?: DeployedAgendaFigures;
}

export interface ProfileFigures {
  profile: string;
  responseKilobytes: number;
  forbiddenErrors: number;
  gatewayMilliseconds: Summary;
  enforcement: EnforcementCost;
}

export interface BenchFigures {
  generatedAt: string;
  operation: string;
  seed: number;
  scale: number;
  runs: number;
  node: string;
  cpus: number;
  postgres: 'embedded' | 'external';
  agendas: AgendaFigures[];
  accessEnforcement: { agendaSize: number; iterations: number; profiles: ProfileFigures[] };
}

const integer = (n: number) => n.toLocaleString('en-GB');
const ms = (n: number) => n.toFixed(1);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((_, i) => Math.max(header[i].length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('   ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('   '), ...rows.map(line)].join('\n');
}

export function renderReport(figures: BenchFigures): string {
  const agendas = figures.agendas;
  const subgraphs = [...new Set(agendas.flatMap((a) => Object.keys(a.sqlStatements)))];
  const fetched = subgraphs.filter((name) => agendas.some((a) => name in a.subgraphFetches));
  const partners = [...new Set(agendas.flatMap((a) => Object.keys(a.peopleWith)))];
  const row = (label: string, cell: (a: AgendaFigures) => string) => [label, ...agendas.map(cell)];
  const agendaTable = table(
    ['', ...agendas.map((a) => a.label)],
    [
      row('conference held on', (a) => a.heldOn),
      row('agenda items returned', (a) => integer(a.agendaItems)),
      row('response size (KB)', (a) => a.responseKilobytes.toFixed(1)),
      ...partners.map((partner) => row(`  people ${partner}`, (a) => integer(a.peopleWith[partner] ?? 0))),
      ...subgraphs.map((name) => row(`SQL statements: ${name}`, (a) => integer(a.sqlStatements[name] ?? 0))),
      row('SQL statements: total', (a) => integer(a.sqlStatementsTotal)),
      ...fetched.map((name) => row(`subgraph fetches: ${name}`, (a) => integer(a.subgraphFetches[name] ?? 0))),
      row('subgraph fetches: total', (a) => integer(a.subgraphFetchesTotal)),
      row('gateway p50 (ms)', (a) => ms(a.gatewayMilliseconds.p50)),
      row('gateway p95 (ms)', (a) => ms(a.gatewayMilliseconds.p95)),
      row('gateway mean (ms)', (a) => ms(a.gatewayMilliseconds.mean)),
      ...fetched.map((name) => row(`  direct p50: ${name}`, (a) => (name in a.directP50BySubgraph ? ms(a.directP50BySubgraph[name]) : '-'))),
      row('direct fetches summed p50 (ms)', (a) => ms(a.directSumMilliseconds.p50)),
      row('gateway p50 / direct sum p50', (a) => a.gatewayP50OverDirectSumP50.toFixed(2)),
      ...(agendas.some((a) => a.asDeployed)
        ? [
            row('one process per service: p50 (ms)', (a) => (a.asDeployed ? ms(a.asDeployed.gatewayMilliseconds.p50) : '-')),
            row('one process per service: p95 (ms)', (a) => (a.asDeployed ? ms(a.asDeployed.gatewayMilliseconds.p95) : '-')),
            row('  CPU per agenda: hub (ms)', (a) => (a.asDeployed ? ms(a.asDeployed.cpuMillisecondsPerAgenda.hub) : '-')),
            row('  CPU per agenda: PostgreSQL (ms)', (a) => (a.asDeployed?.cpuMillisecondsPerAgenda.postgres != null ? ms(a.asDeployed.cpuMillisecondsPerAgenda.postgres) : '-')),
          ]
        : []),
    ],
  );
  const access = figures.accessEnforcement;
  const profile = (label: string, cell: (p: ProfileFigures) => string) => [label, ...access.profiles.map(cell)];
  const accessTable = table(
    ['', ...access.profiles.map((p) => p.profile)],
    [
      profile('fields refused by the filter', (p) => integer(p.enforcement.fieldsRefused)),
      profile('FORBIDDEN errors in the answer', (p) => integer(p.forbiddenErrors)),
      profile('response size (KB)', (p) => p.responseKilobytes.toFixed(1)),
      profile('filterOperation mean (µs)', (p) => p.enforcement.filterMicroseconds.toFixed(0)),
      profile('patchAnswer mean (µs)', (p) => p.enforcement.patchMicroseconds.toFixed(0)),
      profile('both mean (µs)', (p) => p.enforcement.totalMicroseconds.toFixed(0)),
      profile('gateway p50 (ms)', (p) => ms(p.gatewayMilliseconds.p50)),
      profile('gateway p95 (ms)', (p) => ms(p.gatewayMilliseconds.p95)),
    ],
  );
  return [
    `CaseConferenceAgenda through the gateway as iom-coordinator (purpose ${benchPurpose('iom-coordinator')})`,
    `scale ${figures.scale}, seed ${figures.seed}, ${figures.runs} timed runs each after warming up; Node ${figures.node}, ${figures.cpus} CPUs, ${figures.postgres} PostgreSQL`,
    '',
    agendaTable,
    '',
    'SQL statements and subgraph fetches are for one request. SQL statements count what each subgraph sends; the audit',
    "record the gateway writes for every request goes through the gateway's own connection and is not among them.",
    'Direct: the same subgraph requests sent straight to each subgraph one after another with a gateway-signed caller',
    'token, their latencies summed per run. "seeded next" is the seeded partnership\'s planned conference, for comparison;',
    'the benchmark\'s own conferences look back at cases that have since ended, which still carry their last review date.',
    'One process per service (--processes): the same agendas through a hub run as `npm start` and a deployment run it,',
    'the gateway and each subgraph a Node process of its own, so partners answer side by side as the cores allow.',
    '',
    `Access enforcement on the ${integer(access.agendaSize)}-person agenda (in-process means over ${access.iterations} iterations; gateway over ${figures.runs} runs)`,
    '',
    accessTable,
  ].join('\n');
}
