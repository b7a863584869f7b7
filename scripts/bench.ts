/**
 * `npm run bench -- [--scale 1] [--runs 20] [--measures-only] [--reuse] [--processes]`: seeds the chosen scale into its own
 * databases (hub_bench_*, embedded PostgreSQL under data/pg-bench unless HUB_POSTGRES_URL is set)
 * and reports the reoffending measure for the whole IOM cohort and for everyone on statutory
 * supervision (one analyst and five at once; SQL statements; what moved between the services:
 * bench-results/measures.json); then, unless `--measures-only`, writes case conferences of 12, 120
 * and 1,200 people and reports for the case conference agenda: SQL statements per subgraph, gateway
 * latency, the same subgraph requests made directly, and what access enforcement costs
 * (bench-results/agenda.json). It reports; it never fails on a figure, only when the hub answers
 * with errors.
 */
import 'reflect-metadata';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SUBGRAPHS } from '../subgraphs';
import { databaseUrlsFor } from '../runtime/databases';
import { prepareSeededDatabases } from '../runtime/seeding';
import { clockFromEnvironment, fixedClock } from '../subgraphs/kit/dates';
import { measureSqlStatements, startHub, type RunningHub } from '../runtime/hub';
import { readSupergraph } from '../gateway/supergraph-file';
import { configuredPgPort, startConfiguredPostgres } from '../runtime/postgres';
import { fromRoot } from '../subgraphs/kit/paths';
import { generatePopulation } from '../synthetic/population';
import type { Json } from '../gateway/access/operation-filter';
import { firstBenchDate, pickPeople, seededIomPeople, writeConferences } from '../synthetic/sized-conferences';
import { callerAs, FetchRecorder, gatewayAuthorization, replayDirectly, stopOnInterrupt, summarise, timedPost, type GraphQLError, type TimedResponse } from './bench/measure';
import { measureEnforcement } from './bench/access';
import { renderReport, type AgendaFigures, type BenchFigures, type ProfileFigures } from './bench/report';
import { ANALYSTS_AT_ONCE, benchReoffendingMeasure, MeasureAnswerError, renderMeasures, renderTimed, type MeasureFigures } from './bench/outcome-measures';
import { benchMeasuresAsDeployed, type DeployedMeasureFigures } from './bench/measures-as-deployed';
import { benchAgendasAsDeployed, DeployedAgendaError } from './bench/agenda-as-deployed';

const SEED = 42;
const MEASURES_RESULTS_FILE = 'bench-results/measures.json';
/**
 * What the bench databases were last seeded with. `--reuse` keeps them only when it matches (and
 * the same PostgreSQL holds them); writing the agendas' conferences changes them, so it is removed first.
 */
const SEEDED_MARKER_FILE = 'data/pg-bench-seeded.json';
const BENCH_PG_DIR = 'data/pg-bench';

interface SeededMarker {
  postgres: string;
  seed: number;
  scale: number;
  referenceDate: string;
}

function seededAlready(wanted: SeededMarker): boolean {
  try {
    const found = JSON.parse(readFileSync(fromRoot(SEEDED_MARKER_FILE), 'utf8')) as Partial<SeededMarker>;
    return found.postgres === wanted.postgres && found.seed === wanted.seed && found.scale === wanted.scale && found.referenceDate === wanted.referenceDate;
  } catch {
    return false;
  }
}
/** Microseconds are noise at this scale: three decimals keep the files readable. */
const rounded = (_key: string, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value);
const SIZES = [12, 120, 1200];
const ENFORCEMENT_SIZE = 120;
const ENFORCEMENT_ITERATIONS = 200;
const WARM_UP_ROUNDS = 2;
const COORDINATOR = 'iom-coordinator';
const HOUSING_OFFICER = 'housing-officer';
const OPERATION_FILE = 'schema/operations/case-conference-agenda.graphql';
const RESULTS_FILE = 'bench-results/agenda.json';

type Person = Record<string, Json>;
interface AgendaData {
  caseConference: { heldOn: string; agendaSize: number; agenda: { person: Person | null }[] } | null;
}

/** The hub answered with errors: the figures would describe a broken answer, so none are printed. */
class HubAnswerError extends Error {
  constructor(what: string, readonly errors: GraphQLError[]) {
    super(`${what} answered with ${errors.length} error(s).`);
  }
}

interface BenchOptions {
  scale: number;
  runs: number;
  /** Only the outcome measures: skip the agendas (a scale-10 run is mostly seeding then). */
  measuresOnly: boolean;
  /** Keep the databases a previous run seeded with the same seed, scale and day instead of seeding afresh. */
  reuse: boolean;
  /** Also time the measures and the agendas against one process per service, as `npm start` and a deployment run the hub. */
  processes: boolean;
}

function readOptions(argv: string[]): BenchOptions {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const scale = Number(value('--scale') ?? 1);
  const runs = Number(value('--runs') ?? 20);
  if (!(scale > 0 && scale <= 100)) throw new Error(`--scale must be a number above 0 and at most 100; got ${value('--scale')}.`);
  if (!(Number.isInteger(runs) && runs >= 1 && runs <= 1000)) throw new Error(`--runs must be a whole number from 1 to 1000; got ${value('--runs')}.`);
  return { scale, runs, measuresOnly: argv.includes('--measures-only'), reuse: argv.includes('--reuse'), processes: argv.includes('--processes') };
}

const kilobytes = (bytes: number) => bytes / 1024;

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Whether each partner had something for each agenda person: an all-null join is cheap and misleading. */
function peopleWith(people: Person[]): Record<string, number> {
  const present = (check: (person: Person) => boolean) => people.filter(check).length;
  const nonEmpty = (value: Json | undefined) => Array.isArray(value) && value.length > 0;
  const given = (value: Json | undefined) => value !== null && value !== undefined;
  return {
    'with a police nominal': present((p) => given(p.nominal)),
    'with offences since review (not null)': present((p) => given(p.offencesSinceLastReview)),
    'with probation orders': present((p) => nonEmpty(p.orders)),
    'with compliance since review (not null)': present((p) => given(p.complianceSinceLastReview)),
    'with accommodation today': present((p) => given(p.accommodation)),
    'in treatment': present((p) => p.inTreatment === true),
  };
}

function requireNoErrors<T>(what: string, response: TimedResponse<T>): TimedResponse<T> {
  if (response.errors.length || response.status !== 200) throw new HubAnswerError(`${what} (HTTP ${response.status})`, response.errors);
  return response;
}

/** A housing officer's agenda is expected to carry FORBIDDEN errors where police and probation data was withheld; nothing else. */
function requireOnlyForbidden<T>(what: string, response: TimedResponse<T>): TimedResponse<T> {
  const unexpected = response.errors.filter((error) => error.extensions?.code !== 'FORBIDDEN');
  if (unexpected.length || response.status !== 200) throw new HubAnswerError(`${what} (HTTP ${response.status})`, unexpected);
  return response;
}

interface AgendaBench {
  hub: RunningHub;
  recorder: FetchRecorder;
  query: string;
  runs: number;
  authorization: string;
}

async function benchAgenda(bench: AgendaBench, conference: { label: string; plannedSize: number | null; id: string }): Promise<{ figures: AgendaFigures; data: AgendaData }> {
  const { hub, recorder, query, runs, authorization } = bench;
  const variables = { id: conference.id };
  const what = `The ${conference.label} agenda`;
  const ask = () => timedPost<AgendaData>(hub.gatewayUrl, query, variables, authorization);

  const warm = requireNoErrors(what, await ask());
  const agenda = warm.data?.caseConference;
  if (!agenda) throw new Error(`${what}: conference ${conference.id} was not found.`);
  if (conference.plannedSize !== null && (agenda.agendaSize !== conference.plannedSize || agenda.agenda.length !== conference.plannedSize)) {
    throw new Error(
      `${what}: the conference on ${agenda.heldOn} has ${agenda.agendaSize} people due for review (${agenda.agenda.length} returned), not ${conference.plannedSize}. ` +
        'Seeded cases active on that day would explain it: the benchmark dates must lie before every seeded adoption.',
    );
  }

  const { result: recorded, statements } = await measureSqlStatements(hub, () => recorder.record(async () => requireNoErrors(what, await ask())));
  const fetches = recorded.fetches;

  const gateway: number[] = [];
  for (let i = 0; i < runs; i++) gateway.push(requireNoErrors(what, await ask()).milliseconds);

  const caller = callerAs(COORDINATOR);
  const warmReplay = await replayDirectly(hub, fetches, caller);
  if (warmReplay.errors.length) throw new HubAnswerError(`${what}, replayed directly,`, warmReplay.errors);
  const direct: number[] = [];
  const directBySubgraph: Record<string, number[]> = {};
  for (let i = 0; i < runs; i++) {
    const replay = await replayDirectly(hub, fetches, caller);
    if (replay.errors.length) throw new HubAnswerError(`${what}, replayed directly,`, replay.errors);
    direct.push(replay.milliseconds);
    for (const [name, spent] of Object.entries(replay.bySubgraph)) (directBySubgraph[name] ??= []).push(spent);
  }

  const gatewayMilliseconds = summarise(gateway);
  const directSumMilliseconds = summarise(direct);
  const people = agenda.agenda.map((item) => item.person).filter((person): person is Person => person !== null);
  return {
    data: warm.data!,
    figures: {
      label: conference.label,
      plannedSize: conference.plannedSize,
      conferenceId: conference.id,
      heldOn: agenda.heldOn,
      agendaSize: agenda.agendaSize,
      agendaItems: agenda.agenda.length,
      responseKilobytes: kilobytes(warm.bytes),
      peopleWith: peopleWith(people),
      sqlStatements: statements,
      sqlStatementsTotal: Object.values(statements).reduce((sum, n) => sum + n, 0),
      subgraphFetches: countBy(fetches, (fetch) => fetch.subgraph),
      subgraphFetchesTotal: fetches.length,
      gatewayMilliseconds,
      directSumMilliseconds,
      directP50BySubgraph: Object.fromEntries(Object.entries(directBySubgraph).map(([name, values]) => [name, summarise(values).p50])),
      gatewayP50OverDirectSumP50: gatewayMilliseconds.p50 / directSumMilliseconds.p50,
    },
  };
}

/** The seeded partnership's next conference: today's real caseload, with "since the last review" data. */
async function seededNextConference(hub: RunningHub, authorization: string): Promise<{ id: string; agendaSize: number }> {
  const response = requireNoErrors(
    'The list of case conferences',
    await timedPost<{ caseConferences: { edges: { node: { id: string; heldOn: string; agendaSize: number } }[] } }>(
      hub.gatewayUrl,
      '{ caseConferences(first: 50) { edges { node { id heldOn agendaSize } } } }',
      {},
      authorization,
    ),
  );
  const latest = response.data!.caseConferences.edges.map((edge) => edge.node).sort((a, b) => b.heldOn.localeCompare(a.heldOn))[0];
  if (!latest) throw new Error('The seed wrote no case conferences.');
  return latest;
}

async function benchProfile(hub: RunningHub, query: string, conferenceId: string, profile: string, runs: number): Promise<{ answer: TimedResponse<AgendaData>; milliseconds: number[] }> {
  const authorization = await gatewayAuthorization(profile);
  const what = `The ${ENFORCEMENT_SIZE}-person agenda as ${profile}`;
  const ask = async () => requireOnlyForbidden(what, await timedPost<AgendaData>(hub.gatewayUrl, query, { id: conferenceId }, authorization));
  const answer = await ask();
  const milliseconds: number[] = [];
  for (let i = 0; i < runs; i++) milliseconds.push((await ask()).milliseconds);
  return { answer, milliseconds };
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const needed = SIZES.reduce((sum, size) => sum + size, 0);
  // One day for the whole run, so the data, the hub and the agendas agree even across midnight.
  const referenceDate = clockFromEnvironment().today();
  const population = generatePopulation({ seed: SEED, scale: options.scale, referenceDate });
  const distinct = population.people.filter((p) => p.duplicateOf === undefined).length;
  if (!options.measuresOnly && distinct < needed) {
    throw new Error(`Scale ${options.scale} has ${distinct} distinct people; agendas of ${SIZES.join(', ')} people need ${needed}. Run with --scale 1 or more.`);
  }
  const query = readFileSync(fromRoot(OPERATION_FILE), 'utf8');

  const postgres = await startConfiguredPostgres({ dataDir: BENCH_PG_DIR, port: configuredPgPort(54332) });
  let hub: RunningHub | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await hub?.stop().catch((error: unknown) => console.error('Stopping the hub:', error));
    await postgres.stop().catch((error: unknown) => console.error('Stopping PostgreSQL:', error));
  };
  stopOnInterrupt(stop);

  try {
    console.log(postgres.embedded ? `PostgreSQL (embedded) on ${new URL(postgres.url).host}` : 'PostgreSQL from HUB_POSTGRES_URL');
    const databaseUrls = databaseUrlsFor(SUBGRAPHS, postgres.url, 'hub_bench');
    const marker: SeededMarker = { postgres: postgres.url, seed: SEED, scale: options.scale, referenceDate };
    const reuse = options.reuse && seededAlready(marker);
    console.log(reuse ? `Reusing the hub_bench_* databases seeded at scale ${options.scale} (seed ${SEED}, ${referenceDate})…` : `Seeding scale ${options.scale} (seed ${SEED}) into fresh hub_bench_* databases…`);
    rmSync(fromRoot(SEEDED_MARKER_FILE), { force: true });
    for (const result of await prepareSeededDatabases(SUBGRAPHS, databaseUrls, { seed: SEED, scale: options.scale, referenceDate, reset: !reuse })) {
      console.log(`  ${result.subgraph}: ${result.seeded}`);
    }
    writeFileSync(fromRoot(SEEDED_MARKER_FILE), `${JSON.stringify(marker)}\n`);

    const recorder = new FetchRecorder();
    hub = await startHub({ databaseUrls, ephemeralPorts: true, onSubgraphFetch: recorder.listener, clock: fixedClock(referenceDate) });

    const measureFigures: MeasureFigures[] = [];
    for (const population of ['IOM_COHORT', 'STATUTORY_SUPERVISION'] as const) {
      console.log(`Measuring the reoffending measure for ${population}…`);
      const running = hub;
      try {
        measureFigures.push(await benchReoffendingMeasure(running, recorder, (action) => measureSqlStatements(running, action), population, options.runs, postgres.embedded ? fromRoot(BENCH_PG_DIR) : null));
      } catch (error) {
        // One population failing (a partner timing out under load) still leaves the other's figures.
        if (!(error instanceof MeasureAnswerError)) throw error;
        console.error(`${error.message} ${error.errors.map((e) => `${e.message} [${String(e.extensions?.code)}]`).join('; ')}`);
      }
    }
    let asDeployed: DeployedMeasureFigures[] | undefined;
    if (options.processes) asDeployed = await benchMeasuresAsDeployed(databaseUrls, referenceDate, options.runs, postgres.embedded ? fromRoot(BENCH_PG_DIR) : null);
    const measuresPath = fromRoot(MEASURES_RESULTS_FILE);
    mkdirSync(path.dirname(measuresPath), { recursive: true });
    writeFileSync(measuresPath, `${JSON.stringify({ generatedAt: new Date().toISOString(), seed: SEED, scale: options.scale, runs: options.runs, node: process.version, cpus: os.cpus().length, analystsAtOnce: ANALYSTS_AT_ONCE, measures: measureFigures, asDeployed }, rounded, 2)}\n`);
    const deployedLines = asDeployed ? ['', 'The same, one process per service (as `npm start` and a deployment run the hub; CPU of all its processes):', ...asDeployed.flatMap((f) => [`  ${f.population}:`, ...renderTimed(f)])] : [];
    console.log(`\n${[renderMeasures(measureFigures, options.scale), ...deployedLines].join('\n')}\n\nFigures written to ${MEASURES_RESULTS_FILE}`);
    if (options.measuresOnly) return;

    // The conferences written next change the data: a later --reuse must seed afresh.
    rmSync(fromRoot(SEEDED_MARKER_FILE), { force: true });
    const em = hub.subgraphs.iom.orm.em.fork();
    const groups = pickPeople(population, SIZES, await seededIomPeople(em), firstBenchDate());
    const conferences = await writeConferences(em, groups);
    console.log(`Wrote case conferences of ${conferences.map((c) => `${c.size.toLocaleString('en-GB')} (${c.heldOn})`).join(', ')} people.`);

    const authorization = await gatewayAuthorization(COORDINATOR);
    const bench: AgendaBench = { hub, recorder, query, runs: options.runs, authorization };
    const seeded = await seededNextConference(hub, authorization);
    // Each size is also warmed up on its own, but a cold process would bill its JIT and pool
    // start-up to whichever agenda happens to be measured first.
    console.log(`Warming up (${WARM_UP_ROUNDS} rounds of every agenda)…`);
    for (let round = 0; round < WARM_UP_ROUNDS; round++) {
      for (const id of [...conferences.map((c) => c.id), seeded.id]) requireNoErrors('A warm-up agenda', await timedPost<AgendaData>(hub.gatewayUrl, query, { id }, authorization));
    }
    const agendas: AgendaFigures[] = [];
    const answers = new Map<number, AgendaData>();
    for (const conference of conferences) {
      console.log(`Measuring the ${conference.size.toLocaleString('en-GB')}-person agenda…`);
      const { figures, data } = await benchAgenda(bench, { label: `${conference.size.toLocaleString('en-GB')} people`, plannedSize: conference.size, id: conference.id });
      agendas.push(figures);
      answers.set(conference.size, data);
    }
    console.log(`Measuring the seeded next conference (${seeded.agendaSize} people)…`);
    agendas.push((await benchAgenda(bench, { label: `seeded next (${seeded.agendaSize})`, plannedSize: null, id: seeded.id })).figures);

    console.log(`Measuring access enforcement on the ${ENFORCEMENT_SIZE}-person agenda…`);
    const enforced = conferences.find((c) => c.size === ENFORCEMENT_SIZE)!;
    const supergraph = readSupergraph();
    const profiles: ProfileFigures[] = [];
    for (const profile of [COORDINATOR, HOUSING_OFFICER]) {
      const { answer, milliseconds } = await benchProfile(hub, query, enforced.id, profile, options.runs);
      const data = (profile === COORDINATOR ? answers.get(ENFORCEMENT_SIZE) : answer.data) as unknown as Record<string, Json>;
      profiles.push({
        profile,
        responseKilobytes: kilobytes(answer.bytes),
        forbiddenErrors: answer.errors.length,
        gatewayMilliseconds: summarise(milliseconds),
        enforcement: measureEnforcement(supergraph, callerAs(profile), query, { id: enforced.id }, data, ENFORCEMENT_ITERATIONS),
      });
    }

    if (options.processes) {
      // The in-process hub's work is done; the processes use the same ports' neighbours and databases.
      await hub.stop();
      hub = undefined;
      const timed = [...conferences.map((c) => ({ id: c.id, label: `${c.size.toLocaleString('en-GB')}-person` })), { id: seeded.id, label: `seeded next (${seeded.agendaSize})` }];
      const asDeployed = await benchAgendasAsDeployed(databaseUrls, referenceDate, query, authorization, timed, options.runs, postgres.embedded ? fromRoot(BENCH_PG_DIR) : null);
      for (const figures of agendas) figures.asDeployed = asDeployed.get(figures.conferenceId);
    }

    const figures: BenchFigures = {
      generatedAt: new Date().toISOString(),
      operation: OPERATION_FILE,
      seed: SEED,
      scale: options.scale,
      runs: options.runs,
      node: process.version,
      cpus: os.cpus().length,
      postgres: postgres.embedded ? 'embedded' : 'external',
      agendas,
      accessEnforcement: { agendaSize: ENFORCEMENT_SIZE, iterations: ENFORCEMENT_ITERATIONS, profiles },
    };
    const resultsPath = fromRoot(RESULTS_FILE);
    mkdirSync(path.dirname(resultsPath), { recursive: true });
    writeFileSync(resultsPath, `${JSON.stringify(figures, rounded, 2)}\n`);
    console.log(`\n${renderReport(figures)}\n\nFigures written to ${RESULTS_FILE}`);
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  if (error instanceof HubAnswerError || error instanceof MeasureAnswerError || error instanceof DeployedAgendaError) {
    console.error(error.message);
    for (const e of error.errors.slice(0, 20)) console.error(`  ${e.message}${e.path ? ` at ${e.path.join('.')}` : ''}${e.extensions?.code ? ` [${String(e.extensions.code)}]` : ''}`);
    if (error.errors.length > 20) console.error(`  … and ${error.errors.length - 20} more`);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
