import type { RunningHub } from '../../runtime/hub';
import { addDays, fixedClock } from '../../subgraphs/kit/dates';
import { TEST_TODAY, startTestHub } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { ok, REVIEW } from './iom-helpers';

/**
 * "Since the last review" on an agenda means since the review before *that* conference, up to its
 * day: a past conference keeps its window although later reviews exist, and a planned one answers
 * the same before and after a review is recorded at it.
 */
describe('the evidence an agenda shows', () => {
  // The hub's today is the seeded planned conference's day, so that conference can be held.
  const plannedDay = addDays(TEST_TODAY, 21);
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub({ databaseUrls: await ownDatabases('agenda_evidence', { copies: ['iom'] }), clock: fixedClock(plannedDay) });
  });
  afterAll(() => hub.stop());

  interface Evidence {
    case: { id: string; adoptedOn: string };
    lastReviewedOn: string | null;
    evidence: {
      since: string;
      until: string;
      offences: { committedOn: string }[] | null;
      compliance: { since: string; until: string; appointmentsAttended: number } | null;
      risk: { assessment: { assessedOn: string }; ageInDays: number; stale: boolean } | null;
    };
    person: {
      riskAssessments: { assessedOn: string }[] | null;
      id: string;
      offences: { committedOn: string }[];
      compliance: { appointments: { appointmentOn: string; outcome: string }[] } | null;
    };
  }
  const AGENDA = `query($id: ID!) { caseConference(id: $id) { heldOn agenda {
    case { id adoptedOn } lastReviewedOn
    evidence { since until offences { committedOn } compliance { since until appointmentsAttended } risk { assessment { assessedOn } ageInDays stale } }
    person { id riskAssessments { assessedOn } offences { committedOn } compliance { appointments { appointmentOn outcome } } }
  } } }`;
  const REVIEWS = `query($id: ID!) { iomCase(id: $id) { ragHistory { reviewedOn } } }`;

  async function conferences(): Promise<{ id: string; heldOn: string }[]> {
    const data = await ok<{ caseConferences: { edges: { node: { id: string; heldOn: string } }[] } }>(hub, `{ caseConferences(first: 100) { edges { node { id heldOn } } } }`);
    return data.caseConferences.edges.map((edge) => edge.node).sort((a, b) => a.heldOn.localeCompare(b.heldOn));
  }

  async function agenda(id: string): Promise<{ heldOn: string; agenda: Evidence[] }> {
    return (await ok<{ caseConference: { heldOn: string; agenda: Evidence[] } }>(hub, AGENDA, { id })).caseConference;
  }

  /** The window worked out from the definition: the review before the day (else adoption) to the day. */
  async function expectedWindow(caseId: string, adoptedOn: string, day: string): Promise<{ since: string; until: string }> {
    const history = (await ok<{ iomCase: { ragHistory: { reviewedOn: string }[] } }>(hub, REVIEWS, { id: caseId })).iomCase.ragHistory;
    const before = history.map((review) => review.reviewedOn).filter((reviewedOn) => reviewedOn < day).sort();
    return { since: before.at(-1) ?? adoptedOn, until: day };
  }

  function checkItem(item: Evidence, window: { since: string; until: string }): void {
    expect(item.lastReviewedOn ?? item.case.adoptedOn).toBe(window.since);
    expect({ since: item.evidence.since, until: item.evidence.until }).toEqual(window);
    const offences = item.person.offences.filter((offence) => offence.committedOn >= window.since && offence.committedOn <= window.until);
    expect((item.evidence.offences ?? []).map((o) => o.committedOn).sort()).toEqual(offences.map((o) => o.committedOn).sort());
    // The risk the conference would have seen: the latest on or before the day, stale after 182 days.
    const seen = (item.person.riskAssessments ?? []).map((r) => r.assessedOn).filter((day) => day <= window.until).sort().at(-1);
    if (seen) {
      const age = Math.round((Date.parse(window.until) - Date.parse(seen)) / 86_400_000);
      expect(item.evidence.risk).toEqual({ assessment: { assessedOn: seen }, ageInDays: age, stale: age > 182 });
    } else {
      expect(item.evidence.risk).toBeNull();
    }
    if (item.person.compliance) {
      expect(item.evidence.compliance).toMatchObject(window);
      const attended = item.person.compliance.appointments.filter((a) => a.appointmentOn >= window.since && a.appointmentOn <= window.until && a.outcome === 'ATTENDED');
      expect(item.evidence.compliance!.appointmentsAttended).toBe(attended.length);
    } else {
      expect(item.evidence.compliance).toBeNull();
    }
  }

  it('a past conference shows the window before it, although reviews were recorded at it and after it', async () => {
    const all = await conferences();
    const past = all.filter((conference) => conference.heldOn < TEST_TODAY);
    // Not the latest: everyone on it has been reviewed at it and at least once since.
    const viewed = past[past.length - 3];
    const { heldOn, agenda: items } = await agenda(viewed.id);
    expect(items.length).toBeGreaterThan(5);
    let offencesInWindows = 0;
    let offencesAfterTheDay = 0;
    for (const item of items) {
      const window = await expectedWindow(item.case.id, item.case.adoptedOn, heldOn);
      expect(window.since <= heldOn).toBe(true);
      checkItem(item, window);
      offencesInWindows += item.evidence.offences?.length ?? 0;
      offencesAfterTheDay += item.person.offences.filter((offence) => offence.committedOn > heldOn).length;
      for (const offence of item.evidence.offences ?? []) expect(offence.committedOn <= heldOn).toBe(true);
    }
    expect(items.some((item) => item.evidence.risk !== null)).toBe(true);
    // Both sides of the boundary are present in the data, so the window is what kept them apart.
    expect(offencesInWindows).toBeGreaterThan(0);
    expect(offencesAfterTheDay).toBeGreaterThan(0);
  });

  it('a planned conference answers the same before and after a review is recorded at it', async () => {
    const planned = (await conferences()).find((conference) => conference.heldOn === plannedDay)!;
    expect(planned).toBeDefined();
    const before = await agenda(planned.id);
    for (const item of before.agenda) checkItem(item, await expectedWindow(item.case.id, item.case.adoptedOn, plannedDay));

    const reviewed = before.agenda.find((item) => (item.evidence.offences?.length ?? 0) > 0) ?? before.agenda[0];
    // Held on its day (today here), then a review recorded at it.
    await ok(hub, `mutation($id: ID!) { recordConferenceAttendance(conferenceId: $id, attendance: [{ agency: POLICE, attendees: 2 }]) { status } }`, { id: planned.id });
    await ok(hub, REVIEW, { input: { conferenceId: planned.id, caseId: reviewed.case.id, rating: 'RED', rationale: 'New offending since the last review.' } });

    const after = await agenda(planned.id);
    expect(after).toEqual(before);
    // The review recorded is the person's latest now: only a view with no conference moves on to it.
    expect(await expectedWindow(reviewed.case.id, reviewed.case.adoptedOn, addDays(plannedDay, 1))).toEqual({ since: plannedDay, until: addDays(plannedDay, 1) });
  });
});
