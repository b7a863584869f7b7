/**
 * The reoffending measure under load: for the whole IOM cohort and for everyone on statutory
 * supervision, one analyst at a time and five at once — latency through the gateway, and what
 * moved between the services: the gateway's subgraph requests, and the measuring service's own
 * calls to the partners (counted by watching this process's HTTP client, which the in-process
 * hub's services share), with the rows each answer carried.
 */
import os from 'node:os';
import type { RunningHub } from '../../runtime/hub';
import { issueDevToken } from '../../gateway/identity/dev-issuer';
import { packedRowCount } from '../../subgraphs/kit/packed-rows';
import { cpuTime, summarise, timedPost, type CpuTime, type FetchRecorder, type GraphQLError, type Summary, type TimedResponse } from './measure';

export const ANALYSTS_AT_ONCE = 5;

const REOFFENDING = `query BenchReoffending($population: ReoffendingPopulation!) { iomMeasures { reoffending(months: 12, population: $population) {
  cohortSize measurable followUpIncomplete tooLongInCustody suppressed
  detected { peopleCompared offencesBefore offencesAfter reductionPercent metTarget metTargetPercent reoffenders suppressed } } } }`;

export interface PartnerCall {
  subgraph: string;
  operation: string;
  calls: number;
  rowsSent: number;
  rowsReceived: number;
  kilobytesSent: number;
  kilobytesReceived: number;
}

export interface MeasureFigures {
  population: string;
  cohortSize: number | null;
  measurable: number | null;
  reductionPercent: number | null;
  metTargetPercent: number | null;
  sqlStatements: Record<string, number>;
  gatewaySubgraphFetches: number;
  gatewayResponseBytes: number;
  partnerCalls: PartnerCall[];
  oneAnalystMilliseconds: Summary;
  /** Null when every request failed. */
  fiveAnalystsMilliseconds: Summary | null;
  fiveAnalystsFailed: number;
  /** CPU time per answered request: the hub's process (gateway and subgraphs) and PostgreSQL's (null when it is not the embedded one). */
  oneAnalystCpuMilliseconds: CpuTime;
  fiveAnalystsCpuMilliseconds: CpuTime | null;
  /** The machine's one-minute load average as the timed runs began and ended: the figures mean little without it. */
  loadAverage: [number, number];
}

function cpuPerRequest(before: CpuTime, after: CpuTime, requests: number): CpuTime {
  return { hub: (after.hub - before.hub) / requests, postgres: after.postgres === null || before.postgres === null ? null : (after.postgres - before.postgres) / requests };
}

/** Rows in a GraphQL payload: the length of every list at the top of its data (or variables) and one level down, and the lines of every packed string (subgraphs/kit/packed-rows.ts) there. */
function rowsIn(value: unknown): number {
  if (!value || typeof value !== 'object') return 0;
  const rowsOf = (field: unknown) => (Array.isArray(field) ? field.length : typeof field === 'string' && (field.includes('\t') || field.includes('\n')) ? packedRowCount(field) : 0);
  let rows = 0;
  for (const field of Object.values(value as Record<string, unknown>)) {
    if (field && typeof field === 'object' && !Array.isArray(field)) for (const inner of Object.values(field as Record<string, unknown>)) rows += rowsOf(inner);
    else rows += rowsOf(field);
  }
  return rows;
}

/** Watches every request this process makes to a subgraph's URL while recording (the gateway's own client is recorded apart). */
async function watchPartnerCalls<T>(hub: RunningHub, action: () => Promise<T>): Promise<{ result: T; calls: PartnerCall[] }> {
  const subgraphOf = new Map(Object.values(hub.subgraphs).map((s) => [s.url, s.name]));
  const calls = new Map<string, PartnerCall>();
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const subgraph = subgraphOf.get(url);
    const response = await original(input, init);
    if (!subgraph || typeof init?.body !== 'string') return response;
    const sent = JSON.parse(init.body) as { query: string; variables?: Record<string, unknown> };
    const text = await response.clone().text();
    const operation = /^\s*query\s+(\w+)/.exec(sent.query)?.[1] ?? 'anonymous';
    const key = `${subgraph} ${operation}`;
    const call = calls.get(key) ?? { subgraph, operation, calls: 0, rowsSent: 0, rowsReceived: 0, kilobytesSent: 0, kilobytesReceived: 0 };
    call.calls++;
    call.rowsSent += rowsIn(sent.variables);
    call.rowsReceived += rowsIn((JSON.parse(text) as { data?: unknown }).data);
    call.kilobytesSent += Buffer.byteLength(init.body) / 1024;
    call.kilobytesReceived += Buffer.byteLength(text) / 1024;
    calls.set(key, call);
    return response;
  };
  try {
    return { result: await action(), calls: [...calls.values()] };
  } finally {
    globalThis.fetch = original;
  }
}

interface MeasureAnswer {
  iomMeasures: { reoffending: { cohortSize: number | null; measurable: number | null; detected: { reductionPercent: number | null; metTargetPercent: number | null } } | null } | null;
}

export async function benchReoffendingMeasure(
  hub: RunningHub,
  recorder: FetchRecorder,
  measureSql: <T>(action: () => Promise<T>) => Promise<{ result: T; statements: Record<string, number> }>,
  population: 'IOM_COHORT' | 'STATUTORY_SUPERVISION',
  runs: number,
  postgresDataDir: string | null,
): Promise<MeasureFigures> {
  const authorizations = await analystAuthorizations();
  const ask = () => askMeasure(hub.gatewayUrl, population, authorizations[0]);
  await ask();
  const { result: watched, statements } = await measureSql(() => watchPartnerCalls(hub, () => recorder.record(ask)));
  const answer = watched.result.result;
  const measure = answer.data!.iomMeasures!.reoffending!;

  const timed = await timeReoffendingMeasure(hub.gatewayUrl, population, runs, authorizations, () => cpuTime(postgresDataDir));
  return {
    population,
    cohortSize: measure.cohortSize,
    measurable: measure.measurable,
    reductionPercent: measure.detected.reductionPercent,
    metTargetPercent: measure.detected.metTargetPercent,
    sqlStatements: statements,
    gatewaySubgraphFetches: watched.result.fetches.length,
    gatewayResponseBytes: answer.bytes,
    partnerCalls: watched.calls,
    ...timed,
  };
}

/** The measure asked once; any error, or no answer, stops the bench (its figures would mean nothing). */
export async function askMeasure(gatewayUrl: string, population: string, authorization: string): Promise<TimedResponse<MeasureAnswer>> {
  const response = await timedPost<MeasureAnswer>(gatewayUrl, REOFFENDING, { population }, authorization);
  if (response.errors.length || response.status !== 200 || !response.data?.iomMeasures?.reoffending) throw new MeasureAnswerError(population, response.errors);
  return response;
}

/** The timed part of a measure's figures: one analyst, then five at once. */
export type TimedFigures = Pick<MeasureFigures, 'oneAnalystMilliseconds' | 'fiveAnalystsMilliseconds' | 'fiveAnalystsFailed' | 'oneAnalystCpuMilliseconds' | 'fiveAnalystsCpuMilliseconds' | 'loadAverage'>;

/** Analysts' tokens, each its own caller (the per-caller rate limit is what a real analyst gets). */
export function analystAuthorizations(): Promise<string[]> {
  return Promise.all(Array.from({ length: ANALYSTS_AT_ONCE }, async (_, i) => `Bearer ${await issueDevToken('analyst', { purpose: 'analysis', subject: `bench-analyst-${i + 1}` })}`));
}

/**
 * One analyst asking `runs` times, then five at once each asking `runs` times in a row; `cpu`
 * reads the CPU time of whatever serves the hub (this process, or the service processes).
 */
export async function timeReoffendingMeasure(gatewayUrl: string, population: string, runs: number, authorizations: readonly string[], cpu: () => CpuTime): Promise<TimedFigures> {
  const loadAtStart = os.loadavg()[0];
  const one: number[] = [];
  const oneCpuBefore = cpu();
  for (let i = 0; i < runs; i++) {
    one.push((await askMeasure(gatewayUrl, population, authorizations[0])).milliseconds);
  }
  const oneCpu = cpuPerRequest(oneCpuBefore, cpu(), runs);
  const five: number[] = [];
  let fiveFailed = 0;
  const fiveCpuBefore = cpu();
  await Promise.all(authorizations.map(async (authorization) => {
    for (let i = 0; i < runs; i++) {
      // A request that times out (or whose connection fails) under this load is counted, not fatal: the figures say how many.
      const response = await timedPost<MeasureAnswer>(gatewayUrl, REOFFENDING, { population }, authorization).catch(() => null);
      if (!response || response.errors.length || !response.data?.iomMeasures?.reoffending) fiveFailed++;
      else five.push(response.milliseconds);
    }
  }));
  const fiveCpu = five.length ? cpuPerRequest(fiveCpuBefore, cpu(), five.length) : null;
  return {
    oneAnalystMilliseconds: summarise(one),
    fiveAnalystsMilliseconds: five.length ? summarise(five) : null,
    fiveAnalystsFailed: fiveFailed,
    oneAnalystCpuMilliseconds: oneCpu,
    fiveAnalystsCpuMilliseconds: fiveCpu,
    loadAverage: [loadAtStart, os.loadavg()[0]],
  };
}

export class MeasureAnswerError extends Error {
  constructor(population: string, readonly errors: GraphQLError[]) {
    super(`The reoffending measure for ${population} answered with ${errors.length} error(s).`);
  }
}

const cpu = (time: CpuTime) => `CPU ${time.hub.toFixed(0)} ms hub${time.postgres === null ? '' : ` + ${time.postgres.toFixed(0)} ms PostgreSQL`} per request`;

/** The timed lines of a measure's figures. */
export function renderTimed(f: TimedFigures): string[] {
  return [
    `    one analyst: p50 ${f.oneAnalystMilliseconds.p50.toFixed(0)} ms, p95 ${f.oneAnalystMilliseconds.p95.toFixed(0)} ms; ${cpu(f.oneAnalystCpuMilliseconds)}`,
    `    ${ANALYSTS_AT_ONCE} analysts at once: ${f.fiveAnalystsMilliseconds ? `p50 ${f.fiveAnalystsMilliseconds.p50.toFixed(0)} ms, p95 ${f.fiveAnalystsMilliseconds.p95.toFixed(0)} ms` : 'no answer'}${f.fiveAnalystsFailed ? ` (${f.fiveAnalystsFailed} failed)` : ''}${f.fiveAnalystsCpuMilliseconds ? `; ${cpu(f.fiveAnalystsCpuMilliseconds)}` : ''}`,
    `    load average ${f.loadAverage[0].toFixed(1)} → ${f.loadAverage[1].toFixed(1)}`,
  ];
}

export function renderMeasures(figures: MeasureFigures[], scale: number): string {
  const lines = [`Reoffending measure (12 months, detected), scale ${scale}, through the gateway as the analyst:`];
  for (const f of figures) {
    lines.push(
      `  ${f.population}: cohort ${f.cohortSize ?? 'suppressed'}, measurable ${f.measurable ?? 'suppressed'}, reduction ${f.reductionPercent ?? '—'}%, met 17% target ${f.metTargetPercent ?? '—'}%`,
      ...renderTimed(f),
      `    gateway ↔ subgraphs: ${f.gatewaySubgraphFetches} request(s); answer to the caller ${f.gatewayResponseBytes} bytes, no person-level row`,
      `    SQL statements: ${Object.entries(f.sqlStatements).filter(([, n]) => n > 0).map(([s, n]) => `${s} ${n}`).join(', ')}`,
      ...f.partnerCalls.map((c) => `    iom → ${c.subgraph} ${c.operation}: ${c.calls} call(s), ${c.rowsSent} rows sent (${c.kilobytesSent.toFixed(1)} KB), ${c.rowsReceived} rows back (${c.kilobytesReceived.toFixed(1)} KB)`),
    );
  }
  return lines.join('\n');
}
