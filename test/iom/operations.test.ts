import { readdirSync, readFileSync } from 'node:fs';
import type { RunningHub } from '../../runtime/hub';
import { fromRoot } from '../../subgraphs/kit/paths';
import { TEST_POPULATION, testPopulation } from '../support/population';
import { as, postGraphQL, startTestHub } from '../support/hub';

/** The example operations partners and analysts would run answer through the gateway without errors. */
describe('the example IOM operations in schema/operations', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
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
    for (const [file, variables] of runs) {
      const response = await postGraphQL(hub.gatewayUrl, operation(file), variables);
      expect({ file, errors: response.errors }).toEqual({ file, errors: undefined });
      expect(response.data).toBeTruthy();
      if (file === 'person-iom-case.graphql') {
        expect(response.data).toMatchObject({ personByIdentifier: { id: onIom.hubId, familyName: onIom.familyName, iom: { status: expect.any(String) } } });
      }
    }
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
      expect(response.data!.iomMeasures).toBeTruthy();
    }
  });
});
