import { readFileSync } from 'node:fs';
import type { RunningHub } from '../../runtime/hub';
import { asGateway, countSqlStatements, postGraphQL, startTestHub } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { testPopulation } from '../support/population';
import { firstBenchDate, pickPeople, seededIomPeople, writeConferences } from '../../synthetic/sized-conferences';
import { fromRoot } from '../../subgraphs/kit/paths';
import { CONFERENCE, ok } from './iom-helpers';

/**
 * The N+1 guard for IOM: the agenda with RAG history, pathway scores and actions costs the same
 * SQL statements for 12 people as for everyone on the cohort, and so do the case list and the
 * gateway's `_entities` batches.
 */
describe('batching in the IOM subgraph', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub({ databaseUrls: await ownDatabases('iom_batching', { copies: ['iom'] }) });
  });
  afterAll(() => hub.stop());

  // The operation the case conference tool ships with.
  const AGENDA = readFileSync(fromRoot('schema/operations/case-conference-agenda.graphql'), 'utf8');

  type Agenda = { caseConference: { agendaSize: number; agenda: { person: { givenName: string } }[] } };

  async function agenda(id: string, size: number): Promise<void> {
    const response = await postGraphQL<Agenda>(hub.gatewayUrl, AGENDA, { id });
    expect(response.errors).toBeUndefined();
    expect(response.data!.caseConference.agenda).toHaveLength(size);
    expect(response.data!.caseConference.agenda.every((item) => typeof item.person.givenName === 'string')).toBe(true);
  }

  /** Before the seeded caseload's first review. */
  const NO_HISTORY_DAY = '2025-01-01';

  /** Statements per subgraph for the bench's agendas of 12 and 120 (their history written below). */
  let benchCounts: { forTwelve: Record<string, number>; forHundredTwenty: Record<string, number> } | undefined;
  async function benchAgendas(): Promise<NonNullable<typeof benchCounts>> {
    if (benchCounts) return benchCounts;
    // The benchmark's own conferences: each case has a review, an open action and an assessment
    // behind it, and every partner's data (offending and compliance since that review included).
    const em = hub.subgraphs.iom.orm.em.fork();
    const groups = pickPeople(testPopulation(), [12, 120], await seededIomPeople(em), firstBenchDate());
    const [small, large] = await writeConferences(em, groups);
    // Once unmeasured first: subgraphs keep the caller's withheld keys while the restrictions do
    // not change, so both counts are of the same warm state and differ only by the agenda's size.
    await agenda(small.id, 12);
    const forTwelve = await countSqlStatements(hub, () => agenda(small.id, 12));
    const forHundredTwenty = await countSqlStatements(hub, () => agenda(large.id, 120));
    benchCounts = { forTwelve, forHundredTwenty };
    return benchCounts;
  }

  it('an agenda of 12 and one of 120 people cost the same statements in every subgraph', async () => {
    const { forTwelve, forHundredTwenty } = await benchAgendas();
    expect(forHundredTwenty).toEqual(forTwelve);
    // Every subgraph takes part, so a subgraph left out of the agenda cannot pass as batched.
    expect(Object.keys(forTwelve).sort()).toEqual(expect.arrayContaining(['housing', 'iom', 'people', 'police', 'probation', 'substance-misuse']));
    for (const subgraph of ['people', 'police', 'probation', 'housing', 'substance-misuse', 'iom']) expect(forTwelve[subgraph]).toBeGreaterThan(0);
  });

  it('two seeded agendas of different sizes cost the same statements in every subgraph', async () => {
    const conferences = await ok<{ caseConferences: { edges: { node: { id: string; heldOn: string; agendaSize: number } }[] } }>(hub, `{ caseConferences(first: 50) { edges { node { id heldOn agendaSize } } } }`);
    // Every conference after the seeded first one (leaving out the one the next test records
    // before it): their people have reviews, assessments and actions behind them.
    const withHistory = conferences.caseConferences.edges
      .map((edge) => edge.node)
      .filter((conference) => conference.heldOn !== NO_HISTORY_DAY)
      .sort((a, b) => a.heldOn.localeCompare(b.heldOn))
      .slice(1)
      .sort((a, b) => a.agendaSize - b.agendaSize);
    const small = withHistory[0];
    const large = withHistory.at(-1)!;
    expect(large.agendaSize).toBeGreaterThan(small.agendaSize);
    const forSmall = await countSqlStatements(hub, () => agenda(small.id, small.agendaSize));
    const forLarge = await countSqlStatements(hub, () => agenda(large.id, large.agendaSize));
    expect(forLarge).toEqual(forSmall);
  });

  it('an agenda of people with no history yet costs no more in any subgraph than one with history', async () => {
    const { forTwelve } = await benchAgendas();
    // Nobody on this agenda has a review, an action or an assessment yet.
    const early = (await ok<{ recordCaseConference: { id: string; agendaSize: number } }>(hub, CONFERENCE, { input: { heldOn: NO_HISTORY_DAY, chairAgencies: ['POLICE', 'PROBATION'] } })).recordCaseConference;
    expect(early.agendaSize).toBeGreaterThan(0);
    const counts = await countSqlStatements(hub, () => agenda(early.id, early.agendaSize));
    for (const [subgraph, statements] of Object.entries(counts)) expect({ subgraph, statements: statements <= (forTwelve[subgraph] ?? 0) }).toEqual({ subgraph, statements: true });
  });

  it('a page of 5 or 30 cases with their histories costs the same statements', async () => {
    const PAGE = `query($first: Int!) { iomCases(first: $first, filter: { status: [ADOPTED, DESELECTED, ENDED] }) { totalCount edges { node { id strand waitingListPosition
      ragHistory { rating } currentRag eligibleForDeselection pathwayAssessments { total changeSinceEntry } latestPathwayAssessment { total } openActions { id } person { id familyName } } } } }`;
    const counts = [];
    for (const first of [5, 30]) {
      counts.push(
        await countSqlStatements(hub, async () => {
          const response = await postGraphQL<{ iomCases: { edges: unknown[] } }>(hub.gatewayUrl, PAGE, { first });
          expect(response.errors).toBeUndefined();
          expect(response.data!.iomCases.edges.length).toBe(first);
        }),
      );
    }
    expect(counts[1]).toEqual(counts[0]);
  });

  it('resolves 10 or 100 Person references with their IOM case in the same statements', async () => {
    const people = testPopulation().people.filter((p) => p.duplicateOf === undefined);
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id iom { status ragHistory { rating } latestPathwayAssessment { total } openActions { id } } } } }`;
    const counts = [];
    for (const n of [10, 100]) {
      counts.push(
        await countSqlStatements(hub, async () => {
          const response = await postGraphQL<{ _entities: unknown[] }>(hub.subgraphs.iom.url, query, { r: people.slice(0, n).map((p) => ({ __typename: 'Person', id: p.hubId })) }, await asGateway(hub, 'iom-coordinator'));
          expect(response.errors).toBeUndefined();
          expect(response.data!._entities).toHaveLength(n);
        }),
      );
    }
    expect(counts[1].iom).toBe(counts[0].iom);
  });
});
