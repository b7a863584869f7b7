import { readFileSync } from 'node:fs';
import type { RunningHub } from '../../runtime/hub';
import { asGateway, countSqlStatements, postGraphQL, startTestHub } from '../support/hub';
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
    hub = await startTestHub();
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

  it('the agenda of 16 people and of the whole cohort (25) cost the same statements in every subgraph', async () => {
    const conferences = await ok<{ caseConferences: { edges: { node: { id: string; heldOn: string; agendaSize: number } }[] } }>(hub, `{ caseConferences(first: 50) { edges { node { id heldOn agendaSize } } } }`);
    const byDay = (day: string) => conferences.caseConferences.edges.map((edge) => edge.node).find((conference) => conference.heldOn === day)!;
    // The second seeded conference: its people already have a review, an assessment and actions behind them.
    const small = byDay('2025-08-25');
    const next = byDay('2026-07-21');
    expect([small.agendaSize, next.agendaSize]).toEqual([16, 25]);

    const forSmall = await countSqlStatements(hub, () => agenda(small.id, 16));
    const forLarge = await countSqlStatements(hub, () => agenda(next.id, 25));
    expect(forSmall.iom).toBeGreaterThan(0);
    expect(forLarge).toEqual(forSmall);
    // The conference, its attendance, the agenda, cohorts, reviews, the conferences of past
    // reviews, actions by review, actions by case, assessments, and the summary's referrals and
    // waiting lists: one statement each. Each person's evidence window comes from the reviews
    // already read.
    expect(forSmall.iom).toBe(10);
    // Every partner answers its part of the agenda in a fixed number of statements too.
    for (const partner of ['people', 'police', 'probation', 'housing', 'substance-misuse']) expect(forSmall[partner]).toBeGreaterThan(0);
  });

  it('an agenda of 12 and one of 120 people cost the same statements in every subgraph', async () => {
    // The benchmark's own conferences: each case has a review, an open action and an assessment
    // behind it, and every partner's data (offending and compliance since that review included).
    const em = hub.subgraphs.iom.orm.em.fork();
    const groups = pickPeople(testPopulation(), [12, 120], await seededIomPeople(em), firstBenchDate());
    const [small, large] = await writeConferences(em, groups);
    const forSmall = await countSqlStatements(hub, () => agenda(small.id, 12));
    const forLarge = await countSqlStatements(hub, () => agenda(large.id, 120));
    expect(forLarge).toEqual(forSmall);
    for (const subgraph of ['people', 'police', 'probation', 'housing', 'substance-misuse', 'iom']) expect(forSmall[subgraph]).toBeGreaterThan(0);
  });

  it('an agenda of 12 people with no history yet costs no more', async () => {
    const small = (await ok<{ recordCaseConference: { id: string; agendaSize: number } }>(hub, CONFERENCE, { input: { heldOn: '2025-01-01', chairAgencies: ['POLICE', 'PROBATION'] } })).recordCaseConference;
    expect(small.agendaSize).toBe(12);
    const counts = await countSqlStatements(hub, () => agenda(small.id, 12));
    expect(counts.iom).toBeLessThanOrEqual(11);
    // Two for the agenda's identity fields, two for the identifiers the evidence joins on (PNC ID,
    // CRN), two for the audit record: the partner keys reported by police, probation, housing and
    // treatment turned into hub ids, one batch each whatever the size; and one for each of the nine
    // subgraph requests: the restricted people withheld from the caller, in that subgraph's keys,
    // read afresh for every request.
    expect(counts.people).toBe(15);
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
