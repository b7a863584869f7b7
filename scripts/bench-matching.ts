/**
 * `npm run bench:matching`: measures the person index's matching on a synthetic set of known
 * truth (synthetic/matching-truth.ts: 20,000 records, 2,000 true duplicates, 100 twin pairs, a
 * fixed seed) in its own database (hub_bench_matching_people, embedded PostgreSQL under
 * data/pg-bench unless HUB_POSTGRES_URL is set). It times the whole run (reading the records,
 * blocking, scoring, writing the joins and the queue), then 100 new records matched one at a
 * time, and reports precision and recall of the automatic joins and of the review queue. Figures
 * go to stdout and bench-results/matching.json. It reports; it never fails on a figure.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { EntityManager } from '@mikro-orm/postgresql';
import { peopleSubgraph } from '../subgraphs/people';
import { databaseUrlsFor, prepareDatabases } from '../runtime/databases';
import { configuredPgPort, startConfiguredPostgres } from '../runtime/postgres';
import { openSubgraphDatabase } from '../subgraphs/kit/database';
import { fromRoot } from '../subgraphs/kit/paths';
import { matchRecord, runMatching, type Actor, type OpenCaseCheck } from '../subgraphs/people/services/match-store';
import { thresholdsFromEnvironment } from '../subgraphs/people/services/match-model';
import { DEFAULT_TRUTH_SET, generateTruthSet, type TruthRecord } from '../synthetic/matching-truth';

const RESULTS_FILE = 'bench-results/matching.json';
/** The benchmark has no IOM service: no one in the synthetic set has an open case. */
const noOpenCases: OpenCaseCheck = async () => new Set();
const BENCHMARK: Actor = { subject: 'bench-matching', agency: null };

async function insertRecords(em: EntityManager, records: TruthRecord[]): Promise<void> {
  const connection = em.getConnection();
  for (let i = 0; i < records.length; i += 2000) {
    const chunk = records.slice(i, i + 2000);
    await connection.execute(
      `insert into person (id, given_name, family_name, aliases, date_of_birth, sex, postcode, created_at)
       select r.id, r.given_name, r.family_name, '{}', r.date_of_birth::date, r.sex, r.postcode, clock_timestamp()
         from jsonb_to_recordset(?::jsonb) as r(id uuid, given_name text, family_name text, date_of_birth text, sex text, postcode text)`,
      [JSON.stringify(chunk.map((r) => ({ id: r.id, given_name: r.givenName, family_name: r.familyName, date_of_birth: r.dateOfBirth, sex: r.sex, postcode: r.postcode })))],
    );
    await connection.execute(
      `insert into person_identifier (person_id, type, value, source_agency, link_method)
       select r.person_id, r.type, r.value, r.agency, 'EXACT' from jsonb_to_recordset(?::jsonb) as r(person_id uuid, type text, value text, agency text)`,
      [JSON.stringify(chunk.flatMap((r) => r.keys.map((key) => ({ person_id: r.id, ...key }))))],
    );
    await connection.execute(
      `insert into reported_identifier (person_id, type, value) select r.person_id, r.type, r.value from jsonb_to_recordset(?::jsonb) as r(person_id uuid, type text, value text)`,
      [JSON.stringify(chunk.flatMap((r) => r.reported.map((key) => ({ person_id: r.id, ...key }))))],
    );
  }
}

interface Outcome {
  /** Record id → the record it ended up in (itself when not merged). */
  rootOf: Map<string, string>;
  automaticLinks: { recordId: string; survivorId: string }[];
  pending: { a: string; b: string }[];
}

async function readOutcome(em: EntityManager): Promise<Outcome> {
  const connection = em.getConnection();
  const people = await connection.execute<{ id: string; merged_into: string | null }[]>('select id, merged_into from person');
  const parent = new Map(people.map((row) => [row.id, row.merged_into]));
  const rootOf = new Map<string, string>();
  for (const { id } of people) {
    let root = id;
    while (parent.get(root)) root = parent.get(root)!;
    rootOf.set(id, root);
  }
  const links = await connection.execute<{ person_id: string; candidate_id: string }[]>(`select person_id, candidate_id from match_decision where automatic and superseded_at is null`);
  const pending = await connection.execute<{ person_id: string; candidate_id: string }[]>(`select person_id, candidate_id from match_review where status = 'PENDING'`);
  return {
    rootOf,
    automaticLinks: links.map((row) => ({ recordId: row.candidate_id, survivorId: row.person_id })),
    pending: pending.map((row) => ({ a: row.person_id, b: row.candidate_id })),
  };
}

const ratio = (numerator: number, denominator: number): number | null => (denominator ? Math.round((numerator / denominator) * 10000) / 10000 : null);
const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

/** Precision and recall of the joins and the queue against the truth, for the given duplicates. */
function evaluate(outcome: Outcome, truth: Map<string, TruthRecord>, duplicates: TruthRecord[], originalOf: Map<number, TruthRecord>) {
  const same = (a: string, b: string) => truth.get(a)!.truthId === truth.get(b)!.truthId;
  const correctLinks = outcome.automaticLinks.filter((link) => same(link.recordId, link.survivorId)).length;
  const correctPending = outcome.pending.filter((pair) => same(pair.a, pair.b)).length;
  const root = (id: string) => outcome.rootOf.get(id) ?? id;
  const queuedRoots = new Set(outcome.pending.map((pair) => [root(pair.a), root(pair.b)].sort().join('+')));
  let joined = 0;
  let queued = 0;
  const missedByVariation: Record<string, number> = {};
  for (const duplicate of duplicates) {
    const original = originalOf.get(duplicate.truthId)!;
    if (root(duplicate.id) === root(original.id)) joined++;
    else if (queuedRoots.has([root(duplicate.id), root(original.id)].sort().join('+'))) queued++;
    else for (const variation of duplicate.variations.length ? duplicate.variations : ['NONE']) missedByVariation[variation] = (missedByVariation[variation] ?? 0) + 1;
  }
  return {
    automaticJoins: { links: outcome.automaticLinks.length, correct: correctLinks, precision: ratio(correctLinks, outcome.automaticLinks.length), recall: ratio(joined, duplicates.length) },
    reviewQueue: { pairs: outcome.pending.length, trueDuplicates: correctPending, precision: ratio(correctPending, outcome.pending.length), recall: ratio(queued, duplicates.length) },
    joinedOrQueued: { duplicates: duplicates.length, reached: joined + queued, recall: ratio(joined + queued, duplicates.length) },
    missedByVariation,
  };
}

async function main(): Promise<void> {
  const thresholds = thresholdsFromEnvironment();
  const options = DEFAULT_TRUTH_SET;
  const generatedAt = performance.now();
  const set = generateTruthSet(options);
  const generationMs = performance.now() - generatedAt;
  const postgres = await startConfiguredPostgres({ dataDir: 'data/pg-bench', port: configuredPgPort(54332) });
  const urls = databaseUrlsFor([peopleSubgraph], postgres.url, 'hub_bench_matching');
  try {
    await prepareDatabases([peopleSubgraph], urls, { reset: true });
    const database = await openSubgraphDatabase(peopleSubgraph, urls.people);
    try {
      const em = database.orm.em.fork() as EntityManager;
      await insertRecords(em, set.records);
      await em.getConnection().execute('analyze');

      const started = performance.now();
      const summary = await runMatching(em, thresholds, noOpenCases, BENCHMARK);
      const runMs = performance.now() - started;

      const truth = new Map([...set.records, ...set.arrivals].map((record) => [record.id, record]));
      const originalOf = new Map(set.records.filter((record) => record.kind !== 'DUPLICATE').map((record) => [record.truthId, record]));
      const duplicates = set.records.filter((record) => record.kind === 'DUPLICATE');
      const afterBatch = await readOutcome(em);
      const batch = evaluate(afterBatch, truth, duplicates, originalOf);
      const isTwinPair = (a: string, b: string) => truth.get(a)!.twinOf === b;
      const twinsJoined = afterBatch.automaticLinks.filter((link) => isTwinPair(link.recordId, link.survivorId)).length;
      const twinsQueued = afterBatch.pending.filter((pair) => isTwinPair(pair.a, pair.b)).length;

      // New records, one at a time: each is inserted, then matched against the index.
      const arrivalMs: number[] = [];
      for (const arrival of set.arrivals) {
        await insertRecords(em, [arrival]);
        const at = performance.now();
        await matchRecord(em, arrival.id, thresholds, noOpenCases, BENCHMARK);
        arrivalMs.push(performance.now() - at);
      }
      const arrivals = evaluate(await readOutcome(em), truth, set.arrivals, originalOf);

      const figures = {
        measuredAt: new Date().toISOString(),
        truthSet: { seed: options.seed, records: set.records.length, duplicates: duplicates.length, twinPairs: options.twinPairs, arrivals: set.arrivals.length },
        thresholds,
        batch: {
          ...summary,
          seconds: Math.round(runMs) / 1000,
          ...batch,
          twins: { pairs: options.twinPairs, joinedAutomatically: twinsJoined, queued: twinsQueued },
        },
        arrivals: {
          milliseconds: { p50: Math.round(percentile(arrivalMs, 50) * 10) / 10, p95: Math.round(percentile(arrivalMs, 95) * 10) / 10, max: Math.round(Math.max(...arrivalMs) * 10) / 10 },
          automaticJoins: arrivals.automaticJoins,
          reviewQueue: { recall: arrivals.reviewQueue.recall },
          joinedOrQueued: arrivals.joinedOrQueued,
        },
        generationSeconds: Math.round(generationMs) / 1000,
        /** The machine's one-minute load average and cores when the run ended: the timings depend on it. */
        machine: { loadAverage: Math.round(os.loadavg()[0] * 10) / 10, cores: os.cpus().length },
      };
      mkdirSync(fromRoot('bench-results'), { recursive: true });
      writeFileSync(fromRoot(RESULTS_FILE), `${JSON.stringify(figures, null, 2)}\n`);
      const row = (label: string, value: unknown) => console.log(`| ${label} | ${value} |`);
      console.log(`\nMatching ${figures.truthSet.records.toLocaleString('en-GB')} records (${duplicates.length} true duplicates, ${options.twinPairs} twin pairs, seed ${options.seed}); join ≥ ${thresholds.join}, review ≥ ${thresholds.review}\n`);
      console.log('| measure | value |\n| --- | --- |');
      row('pairs compared (blocking)', summary.comparedPairs.toLocaleString('en-GB'));
      row('whole run: read, block, score, join, queue', `${figures.batch.seconds} s`);
      row('automatic joins: links (correct)', `${batch.automaticJoins.links} (${batch.automaticJoins.correct})`);
      row('automatic joins: precision', batch.automaticJoins.precision);
      row('automatic joins: recall of true duplicates', batch.automaticJoins.recall);
      row('review queue: pairs (true duplicates)', `${batch.reviewQueue.pairs} (${batch.reviewQueue.trueDuplicates})`);
      row('review queue: precision', batch.reviewQueue.precision);
      row('review queue: recall of true duplicates', batch.reviewQueue.recall);
      row('true duplicates joined or queued', batch.joinedOrQueued.recall);
      row('twin pairs joined automatically / queued', `${twinsJoined} / ${twinsQueued}`);
      row('one new record: p50 / p95 / max', `${figures.arrivals.milliseconds.p50} / ${figures.arrivals.milliseconds.p95} / ${figures.arrivals.milliseconds.max} ms`);
      row('new records joined or queued with the right person', `${arrivals.joinedOrQueued.reached} of ${arrivals.joinedOrQueued.duplicates}`);
      console.log(`\nMissed duplicates by variation (a duplicate may carry several): ${JSON.stringify(batch.missedByVariation)}`);
      console.log(`Load average ${figures.machine.loadAverage} on ${figures.machine.cores} cores. Written to ${RESULTS_FILE}.`);
    } finally {
      await database.orm.close();
    }
  } finally {
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
