import { readFileSync } from 'node:fs';
import type { RunningHub } from '../../runtime/hub';
import { asGateway, countSqlStatements, postGraphQL, startTestHub } from '../support/hub';
import { testPopulation } from '../support/population';
import { fromRoot } from '../../runtime/paths';
import { IomCase } from '../../subgraphs/iom/entities/case.entity';
import { CaseConference } from '../../subgraphs/iom/entities/conference.entity';
import { ConferenceAction, RagReview } from '../../subgraphs/iom/entities/review.entity';
import { PathwayAssessment } from '../../subgraphs/iom/entities/assessment.entity';
import { IomCaseBasis, IomCaseEndReason, IomCaseStatus, RagRating } from '../../subgraphs/iom/entities/enums';
import { Agency } from '../../subgraphs/kit/agency';
import { Sex } from '../../subgraphs/people/entities/person.entity';
import { CONFERENCE, ok } from './iom-helpers';

const LARGE = 110;

/**
 * A dedicated large conference in 2030, written straight into the IOM database as the seed does:
 * 110 closed cases (so no cohort's caseload changes) that were active then, each with a review,
 * an action and an assessment behind it.
 */
async function seedLargeConference(hub: RunningHub): Promise<string> {
  const em = hub.subgraphs.iom.orm.em.fork();
  const people = testPopulation().people.filter((p) => p.profile.offendingLevel === 'OCCASIONAL' && p.duplicateOf === undefined).slice(0, LARGE);
  const earlier = em.create(CaseConference, { heldOn: '2030-02-01', chairAgencies: [Agency.POLICE, Agency.PROBATION] });
  const large = em.create(CaseConference, { heldOn: '2030-03-01', chairAgencies: [Agency.POLICE, Agency.PROBATION] });
  const cases = people.map((person) =>
    em.create(IomCase, {
      personId: person.hubId, cohortCode: 'FIXED', status: IomCaseStatus.ENDED, sex: person.sex === 'FEMALE' ? Sex.FEMALE : Sex.MALE, ageAtReferral: 30,
      sourceAgency: Agency.POLICE, referralReason: 'Volume burglary.', referredOn: '2029-12-01', neighbourhoodCrime: true, domesticAbusePerpetrator: false,
      decidedOn: '2029-12-05', adoptedOn: '2030-01-01', caseBasis: IomCaseBasis.STATUTORY, leadAgency: Agency.PROBATION, keyWorker: 'Alex Marr',
      endedOn: '2030-12-31', endReason: IomCaseEndReason.MOVED_AWAY,
    }),
  );
  await em.flush();
  const reviews = cases.map((iomCase) => em.create(RagReview, { caseId: iomCase.id, conferenceId: earlier.id, reviewedOn: '2030-02-01', rating: RagRating.AMBER, rationale: 'Mixed engagement.' }));
  await em.flush();
  for (const [i, iomCase] of cases.entries()) {
    em.create(ConferenceAction, { reviewId: reviews[i].id, caseId: iomCase.id, description: 'Home visit', ownerAgency: Agency.POLICE, agreedOn: '2030-02-01', dueOn: '2030-02-20' });
    const female = iomCase.sex === Sex.FEMALE;
    em.create(PathwayAssessment, {
      caseId: iomCase.id, assessedOn: '2030-01-01', checkpoint: 0, total: female ? 23 : 21, accommodation: 3, educationTrainingEmployment: 3, financeBenefitDebt: 3,
      childrenAndFamilies: 3, drugsAndAlcohol: 3, health: 3, attitudesThinkingBehaviour: 3, abuseDomesticViolence: female ? 1 : null, sexWork: female ? 1 : null,
    });
  }
  await em.flush();
  return large.id;
}

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
    // reviews, actions by review, actions by case, assessments: one statement each; then, for the
    // partners' "since the last review" fields, each person's cases and reviews: two more.
    expect(forSmall.iom).toBe(11);
    // Every partner answers its part of the agenda in a fixed number of statements too.
    for (const partner of ['people', 'police', 'probation', 'housing', 'substance-misuse']) expect(forSmall[partner]).toBeGreaterThan(0);
  });

  it('an agenda of over 120 people costs the same as one of 16', async () => {
    const largeId = await seedLargeConference(hub);
    const size = (await ok<{ caseConference: { agendaSize: number } }>(hub, `query($id: ID!) { caseConference(id: $id) { agendaSize } }`, { id: largeId })).caseConference.agendaSize;
    expect(size).toBeGreaterThanOrEqual(LARGE + 10);
    const conferences = await ok<{ caseConferences: { edges: { node: { id: string; heldOn: string } }[] } }>(hub, `{ caseConferences(first: 50) { edges { node { id heldOn } } } }`);
    const small = conferences.caseConferences.edges.find((edge) => edge.node.heldOn === '2025-08-25')!.node;
    const forSmall = await countSqlStatements(hub, () => agenda(small.id, 16));
    const forLarge = await countSqlStatements(hub, () => agenda(largeId, size));
    expect(forLarge).toEqual(forSmall);
  });

  it('an agenda of 12 people with no history yet costs no more', async () => {
    const small = (await ok<{ recordCaseConference: { id: string; agendaSize: number } }>(hub, CONFERENCE, { input: { heldOn: '2025-01-01', chairAgencies: ['POLICE', 'PROBATION'] } })).recordCaseConference;
    expect(small.agendaSize).toBe(12);
    const counts = await countSqlStatements(hub, () => agenda(small.id, 12));
    expect(counts.iom).toBeLessThanOrEqual(11);
    expect(counts.people).toBe(2);
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
