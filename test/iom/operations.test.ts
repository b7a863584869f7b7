import { readdirSync, readFileSync } from 'node:fs';
import { Kind, parse, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { RunningHub } from '../../runtime/hub';
import { fromRoot } from '../../subgraphs/kit/paths';
import { TEST_POPULATION, testPopulation } from '../support/population';
import { as, postGraphQL, startTestHub } from '../support/hub';
import { ownDatabases } from '../support/own-databases';

/**
 * Every field an operation selects, at every level, with the fields of the object beneath it: an
 * answer carries each of them (null where the data has none), so a resolver that drops a field
 * or a shape that drifts from the operation fails here.
 */
function missingSelections(document: string, data: unknown): string[] {
  const parsed = parse(document);
  const fragments = new Map(
    parsed.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const missing: string[] = [];
  const walk = (selectionSet: SelectionSetNode, value: unknown, path: string): void => {
    if (value === null) return;
    if (Array.isArray(value)) return value.forEach((item, index) => walk(selectionSet, item, `${path}[${index}]`));
    const object = value as Record<string, unknown>;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) walk(fragments.get(selection.name.value)!.selectionSet, object, path);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet, object, path);
      else {
        const key = selection.alias?.value ?? selection.name.value;
        if (!(key in object)) missing.push(`${path}.${key}`);
        else if (selection.selectionSet) walk(selection.selectionSet, object[key], `${path}.${key}`);
      }
    }
  };
  const operation = parsed.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
  walk(operation.selectionSet, data, 'data');
  return missing;
}

interface CohortAnswer {
  code: string;
  strand: string;
  capacity: number;
  caseload: number;
  placesAvailable: number;
  full: boolean;
  waitingList: { waitingListPosition: number | null }[];
}
interface CaseloadRow {
  strand: string;
  capacity: number;
  adopted: number | null;
  waiting: number | null;
}

/** The example operations partners and analysts would run answer through the gateway without errors. */
describe('the example IOM operations in schema/operations', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    // Measures record what they answer (the check between answers): on a copy, so no other file's answers depend on this one's.
    hub = await startTestHub({ databaseUrls: await ownDatabases('operations', { copies: ['iom'] }) });
  });
  afterAll(() => hub.stop());

  const operation = (file: string) => readFileSync(fromRoot('schema/operations', file), 'utf8');

  it('ships the agenda and five others', () => {
    expect(readdirSync(fromRoot('schema/operations')).filter((file) => /^(case-conference|iom|person-iom)/.test(file)).sort()).toEqual([
      'case-conference-agenda.graphql',
      'iom-cohort-measures.graphql',
      'iom-partner-outcomes.graphql',
      'iom-reoffending.graphql',
      'iom-waiting-lists.graphql',
      'person-iom-case.graphql',
    ]);
  });

  it('each runs cleanly', async () => {
    const onIom = testPopulation().people.find((p) => p.profile.iomCandidate && p.identifiers.crn)!;
    const conferences = await postGraphQL<{ caseConferences: { edges: { node: { id: string } }[] } }>(hub.gatewayUrl, `{ caseConferences(first: 1) { edges { node { id } } } }`);
    const runs: [string, Record<string, unknown>][] = [
      ['case-conference-agenda.graphql', { id: conferences.data!.caseConferences.edges[0].node.id }],
      ['iom-cohort-measures.graphql', { asOf: TEST_POPULATION.referenceDate }],
      ['iom-reoffending.graphql', { asOf: TEST_POPULATION.referenceDate, seriesFrom: '2025-01-01', seriesTo: TEST_POPULATION.referenceDate }],
      ['iom-partner-outcomes.graphql', { asOf: TEST_POPULATION.referenceDate, financialYear: 2025 }],
      ['iom-waiting-lists.graphql', {}],
      ['person-iom-case.graphql', { crn: onIom.identifiers.crn }],
    ];
    const answers: Record<string, Record<string, unknown>> = {};
    for (const [file, variables] of runs) {
      const response = await postGraphQL<Record<string, unknown>>(hub.gatewayUrl, operation(file), variables);
      expect({ file, errors: response.errors }).toEqual({ file, errors: undefined });
      expect({ file, missing: missingSelections(operation(file), response.data) }).toEqual({ file, missing: [] });
      answers[file] = response.data!;
    }

    expect(answers['case-conference-agenda.graphql'].caseConference).toMatchObject({ id: runs[0][1].id });
    expect(answers['person-iom-case.graphql']).toMatchObject({
      personByIdentifier: { id: onIom.hubId, givenName: onIom.givenName, familyName: onIom.familyName, iom: { status: expect.any(String) } },
    });

    // Places free are the capacity less the caseload (never below 0); a cohort is full with none;
    // its waiting list comes in order, positions 1, 2, 3…
    const cohorts = (answers['iom-waiting-lists.graphql'].iomCohorts as CohortAnswer[]).map((c) => ({
      code: c.code,
      placesAvailable: c.placesAvailable,
      full: c.full,
      positions: c.waitingList.map((w) => w.waitingListPosition),
    }));
    expect(cohorts).toEqual(
      (answers['iom-waiting-lists.graphql'].iomCohorts as CohortAnswer[]).map((c) => ({
        code: c.code,
        placesAvailable: Math.max(0, c.capacity - c.caseload),
        full: c.capacity <= c.caseload,
        positions: c.waitingList.map((_, index) => index + 1),
      })),
    );

    // The measures are as of the day asked; each strand's caseload is the sum of its cohorts'.
    const measures = answers['iom-cohort-measures.graphql'].iomMeasures as { asOf: string; caseloadByStrand: CaseloadRow[]; caseloadByCohort: CaseloadRow[] };
    expect(measures.asOf).toBe(TEST_POPULATION.referenceDate);
    // Every strand has a row, a strand without cohorts a row of zeros.
    expect(measures.caseloadByCohort.length).toBeGreaterThan(0);
    const summedByStrand = new Map<string, CaseloadRow>(measures.caseloadByStrand.map((row) => [row.strand, { strand: row.strand, capacity: 0, adopted: 0, waiting: 0 }]));
    for (const row of measures.caseloadByCohort) {
      const sum = summedByStrand.get(row.strand) ?? { strand: row.strand, capacity: 0, adopted: 0, waiting: 0 };
      const add = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
      summedByStrand.set(row.strand, { strand: row.strand, capacity: sum.capacity + row.capacity, adopted: add(sum.adopted, row.adopted), waiting: add(sum.waiting, row.waiting) });
    }
    // A strand shows a count its suppressed cohorts add up to, so the sums are compared where every cohort's count shows.
    for (const strand of measures.caseloadByStrand) {
      const summed = summedByStrand.get(strand.strand)!;
      expect(strand.capacity).toBe(summed.capacity);
      if (summed.adopted !== null) expect(strand.adopted).toBe(summed.adopted);
      if (summed.waiting !== null) expect(strand.waiting).toBe(summed.waiting);
    }

    // The series has one period per quarter from the first asked to the last.
    const series = (answers['iom-reoffending.graphql'].iomMeasures as { asOf: string; reoffendingSeries: { periodStart: string }[] });
    expect(series.asOf).toBe(TEST_POPULATION.referenceDate);
    expect(series.reoffendingSeries.map((p) => p.periodStart)).toEqual(['2025-01-01', '2025-04-01', '2025-07-01', '2025-10-01', '2026-01-01', '2026-04-01']);
  });

  it("the analysts' operations answer the analyst, purpose analysis, without a refusal", async () => {
    const analyst = await as('analyst', { purpose: 'analysis' });
    for (const [file, variables] of [
      ['iom-cohort-measures.graphql', { asOf: TEST_POPULATION.referenceDate }],
      ['iom-reoffending.graphql', { asOf: TEST_POPULATION.referenceDate, seriesFrom: '2025-01-01', seriesTo: TEST_POPULATION.referenceDate }],
      ['iom-partner-outcomes.graphql', { asOf: TEST_POPULATION.referenceDate, financialYear: 2025 }],
    ] as const) {
      const response = await postGraphQL<{ iomMeasures: Record<string, unknown> }>(hub.gatewayUrl, operation(file), variables, analyst);
      expect({ file, errors: response.errors }).toEqual({ file, errors: undefined });
      expect({ file, missing: missingSelections(operation(file), response.data) }).toEqual({ file, missing: [] });
      expect(response.data!.iomMeasures).toMatchObject({ asOf: TEST_POPULATION.referenceDate });
    }
  });
});
