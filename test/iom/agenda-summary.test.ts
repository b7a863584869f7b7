import type { RunningHub } from '../../runtime/hub';
import { as, postGraphQL, startTestHub, TEST_TODAY } from '../support/hub';
import { ok } from './iom-helpers';

/** The chair's counts, worked out here from the agenda's own items and the IOM lists by their definitions. */
describe('the agenda summary', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  interface Item {
    case: { id: string };
    previousRag: string | null;
    eligibleForDeselection: boolean;
    openActions: { id: string; dueOn: string }[];
    overdueActions: { id: string }[];
  }
  interface Summary {
    people: number; previousRed: number; previousAmber: number; previousGreen: number; notYetReviewed: number; eligibleForDeselection: number;
    overdueActions: number; peopleWithOverdueActions: number; referralsAwaitingDecision: number; waitingListHeads: number;
  }
  const QUERY = `query($id: ID!) { caseConference(id: $id) { heldOn
    agendaSummary { people previousRed previousAmber previousGreen notYetReviewed eligibleForDeselection overdueActions peopleWithOverdueActions referralsAwaitingDecision waitingListHeads }
    agenda { case { id } previousRag eligibleForDeselection openActions { id dueOn } overdueActions { id } } } }`;

  it('counts previous RAG, eligibility, overdue actions, referrals awaiting decision and waiting-list heads', async () => {
    const conferences = await ok<{ caseConferences: { edges: { node: { id: string; heldOn: string } }[] } }>(hub, `{ caseConferences(first: 100) { edges { node { id heldOn } } } }`);
    const latestPast = conferences.caseConferences.edges.map((e) => e.node).filter((c) => c.heldOn <= TEST_TODAY).sort((a, b) => b.heldOn.localeCompare(a.heldOn))[0];
    const { heldOn, agendaSummary, agenda } = (await ok<{ caseConference: { heldOn: string; agendaSummary: Summary; agenda: Item[] } }>(hub, QUERY, { id: latestPast.id })).caseConference;

    const rated = (rating: string | null) => agenda.filter((item) => item.previousRag === rating).length;
    const overdue = (item: Item) => item.openActions.filter((action) => action.dueOn < heldOn);
    for (const item of agenda) expect(item.overdueActions.map((a) => a.id).sort()).toEqual(overdue(item).map((a) => a.id).sort());

    const lists = await ok<{ referred: { edges: { node: { referredOn: string } }[] }; cohorts: { waitingList: { id: string }[] }[] }>(
      hub,
      `{ referred: iomCases(filter: { status: [REFERRED] }, first: 500) { edges { node { referredOn } } } cohorts: iomCohorts { waitingList { id } } }`,
    );
    expect(agendaSummary).toEqual({
      people: agenda.length,
      previousRed: rated('RED'),
      previousAmber: rated('AMBER'),
      previousGreen: rated('GREEN'),
      notYetReviewed: rated(null),
      eligibleForDeselection: agenda.filter((item) => item.eligibleForDeselection).length,
      overdueActions: agenda.reduce((sum, item) => sum + overdue(item).length, 0),
      peopleWithOverdueActions: agenda.filter((item) => overdue(item).length > 0).length,
      referralsAwaitingDecision: lists.referred.edges.filter((edge) => edge.node.referredOn <= heldOn).length,
      waitingListHeads: lists.cohorts.filter((cohort) => cohort.waitingList.length > 0).length,
    });
    // The seeded year leaves overdue actions and a mix of ratings: the counts are not all zero.
    expect(agendaSummary.overdueActions).toBeGreaterThan(0);
    expect(agendaSummary.previousRed + agendaSummary.previousAmber + agendaSummary.previousGreen).toBeGreaterThan(0);
  });

  it('counts only the people a police IOM officer may see (the caseload), not the waiting lists', async () => {
    const conferences = await ok<{ caseConferences: { edges: { node: { id: string; heldOn: string } }[] } }>(hub, `{ caseConferences(first: 100) { edges { node { id heldOn } } } }`);
    const planned = conferences.caseConferences.edges.map((e) => e.node).find((c) => c.heldOn > TEST_TODAY)!;
    const officer = await postGraphQL<{ caseConference: { agendaSummary: Summary; agenda: Item[] } }>(hub.gatewayUrl, QUERY, { id: planned.id }, await as('police-iom-officer'));
    expect(officer.data!.caseConference.agendaSummary.people).toBe(officer.data!.caseConference.agenda.length);
    expect(officer.data!.caseConference.agendaSummary.referralsAwaitingDecision).toBe(0);
    expect(officer.data!.caseConference.agendaSummary.waitingListHeads).toBe(0);
  });
});
