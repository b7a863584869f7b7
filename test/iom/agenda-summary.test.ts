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

  it('puts what needs discussion first, filters and pages', async () => {
    const conferences = await ok<{ caseConferences: { edges: { node: { id: string; heldOn: string } }[] } }>(hub, `{ caseConferences(first: 100) { edges { node { id heldOn } } } }`);
    const planned = conferences.caseConferences.edges.map((e) => e.node).find((c) => c.heldOn > TEST_TODAY)!;
    type Ranked = { cursor: string; case: { id: string; leadAgency: string; strand: string }; previousRag: string | null; eligibleForDeselection: boolean; lastReviewedOn: string | null; overdueActions: { id: string }[] };
    const AGENDA = `query($id: ID!, $filter: AgendaFilter, $first: Int, $after: String) { caseConference(id: $id) { agenda(filter: $filter, first: $first, after: $after) {
      cursor case { id leadAgency strand } previousRag eligibleForDeselection lastReviewedOn overdueActions { id } } } }`;
    const read = async (variables: Record<string, unknown>) => (await ok<{ caseConference: { agenda: Ranked[] } }>(hub, AGENDA, { id: planned.id, ...variables })).caseConference.agenda;
    const all = await read({});
    // The documented order, worked out here: band, then more overdue actions, then longest since the last review.
    const band = (item: Ranked) => (item.previousRag === 'RED' ? 0 : item.previousRag === 'AMBER' ? 1 : item.previousRag === null ? 2 : item.eligibleForDeselection ? 3 : 4);
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1], all[i]];
      const key = (item: Ranked) => [band(item), -item.overdueActions.length];
      const [ka, kb] = [key(a), key(b)];
      expect(ka[0] < kb[0] || (ka[0] === kb[0] && ka[1] <= kb[1])).toBe(true);
    }
    expect(new Set(all.map(band)).size).toBeGreaterThan(1);

    const red = await read({ filter: { previousRag: 'RED' } });
    expect(red.map((item) => item.case.id)).toEqual(all.filter((item) => item.previousRag === 'RED').map((item) => item.case.id));
    const lead = all[0].case.leadAgency;
    expect((await read({ filter: { leadAgency: lead, strand: all[0].case.strand } })).map((item) => item.case.id)).toEqual(
      all.filter((item) => item.case.leadAgency === lead && item.case.strand === all[0].case.strand).map((item) => item.case.id),
    );

    const first = await read({ first: 7 });
    const second = await read({ first: 7, after: first[6].cursor });
    expect([...first, ...second].map((item) => item.case.id)).toEqual(all.slice(0, 14).map((item) => item.case.id));
    const refused = await postGraphQL(hub.gatewayUrl, AGENDA, { id: planned.id, first: 7, after: 'not-a-cursor' }, await as('iom-coordinator'));
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives each person the trend of pathway totals per checkpoint up to the day', async () => {
    const conferences = await ok<{ caseConferences: { edges: { node: { id: string; heldOn: string } }[] } }>(hub, `{ caseConferences(first: 100) { edges { node { id heldOn } } } }`);
    const past = conferences.caseConferences.edges.map((e) => e.node).filter((c) => c.heldOn <= TEST_TODAY).sort((a, b) => a.heldOn.localeCompare(b.heldOn));
    const viewed = past[Math.floor(past.length / 2)];
    const data = await ok<{ caseConference: { agenda: { case: { pathwayAssessments: { checkpoint: number; assessedOn: string; total: number }[] }; pathwayTrend: { checkpoint: number; assessedOn: string; total: number }[] }[] } }>(
      hub,
      `query($id: ID!) { caseConference(id: $id) { agenda { case { pathwayAssessments { checkpoint assessedOn total } } pathwayTrend { checkpoint assessedOn total } } } }`,
      { id: viewed.id },
    );
    let later = 0;
    for (const item of data.caseConference.agenda) {
      const expected = item.case.pathwayAssessments.filter((a) => a.assessedOn <= viewed.heldOn).sort((a, b) => a.checkpoint - b.checkpoint);
      expect(item.pathwayTrend).toEqual(expected);
      later += item.case.pathwayAssessments.length - expected.length;
    }
    // Assessments after the day exist, and the trend leaves them out.
    expect(later).toBeGreaterThan(0);
  });

  it("counts new offending since the last review and custody from the agenda's own evidence", async () => {
    const conferences = await ok<{ caseConferences: { edges: { node: { id: string; heldOn: string } }[] } }>(hub, `{ caseConferences(first: 100) { edges { node { id heldOn } } } }`);
    const latestPast = conferences.caseConferences.edges.map((e) => e.node).filter((c) => c.heldOn <= TEST_TODAY).sort((a, b) => b.heldOn.localeCompare(a.heldOn))[0];
    type Counted = { caseConference: { agendaSummary: { people: number; newOffendingSinceLastReview: number; inCustody: number }; agenda: { evidence: { offences: unknown[] | null; inCustody: boolean | null } }[] } };
    const { agendaSummary, agenda } = (await ok<Counted>(hub, `query($id: ID!) { caseConference(id: $id) {
      agendaSummary { people newOffendingSinceLastReview inCustody } agenda { evidence { offences { committedOn } inCustody } } } }`, { id: latestPast.id })).caseConference;
    expect(agendaSummary).toEqual({
      people: agenda.length,
      newOffendingSinceLastReview: agenda.filter((item) => (item.evidence.offences?.length ?? 0) > 0).length,
      // Housing's record is the custody source: someone with no housing case is not counted.
      inCustody: agenda.filter((item) => item.evidence.inCustody === true).length,
    });
    expect(agendaSummary.newOffendingSinceLastReview).toBeGreaterThan(0);
  });
});
