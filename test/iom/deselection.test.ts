import { fixedClock } from '../../subgraphs/kit/dates';
import type { RunningHub } from '../../runtime/hub';
import { postGraphQL, startTestHub } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { CONFERENCE, DESELECT, expectRefused, ok, REVIEW, seededCase, WORKFLOW_TODAY } from './iom-helpers';

/** Three consecutive greens make a person eligible for deselection; otherwise it takes an override reason. */
describe('deselection', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub({ databaseUrls: await ownDatabases('deselection', { copies: ['iom'] }), clock: fixedClock(WORKFLOW_TODAY) });
  });
  afterAll(() => hub.stop());

  const CASE = `query($id: ID!) { iomCase(id: $id) { status currentRag consecutiveGreens eligibleForDeselection person { iom { eligibleForDeselection } } } }`;
  type CaseView = { iomCase: { status: string; currentRag: string; consecutiveGreens: number; eligibleForDeselection: boolean; person: { iom: { eligibleForDeselection: boolean } } } };
  const EXIT_PLAN = 'Stays with the treatment service; housing support continues; neighbourhood team check-in monthly for three months.';

  it('three consecutive greens make a person eligible, shown on the case and on the next agenda', async () => {
    const red = await seededCase(hub, { status: ['ADOPTED'], rag: 'RED', cohort: 'FIXED' });
    expect((await ok<CaseView>(hub, CASE, { id: red.id })).iomCase).toMatchObject({ currentRag: 'RED', consecutiveGreens: 0, eligibleForDeselection: false });

    const months = ['2026-10-05', '2026-11-05', '2026-12-05'];
    for (const [i, heldOn] of months.entries()) {
      const conference = await ok<{ recordCaseConference: { id: string } }>(hub, CONFERENCE, { input: { heldOn, chairAgencies: ['POLICE', 'PROBATION'], attendance: [{ agency: 'POLICE', attendees: 2 }] } });
      await ok(hub, REVIEW, { input: { conferenceId: conference.recordCaseConference.id, caseId: red.id, rating: 'GREEN', rationale: 'No offending; attending everything.' } });
      const view = (await ok<CaseView>(hub, CASE, { id: red.id })).iomCase;
      expect(view).toMatchObject({ currentRag: 'GREEN', consecutiveGreens: i + 1, eligibleForDeselection: i === 2 });
      expect(view.person.iom.eligibleForDeselection).toBe(i === 2);
    }

    const next = await ok<{ recordCaseConference: { id: string } }>(hub, CONFERENCE, { input: { heldOn: '2027-01-05', chairAgencies: ['POLICE', 'PROBATION'] } });
    const agenda = await ok<{ caseConference: { agenda: { case: { id: string }; eligibleForDeselection: boolean; previousRag: string; lastReviewedOn: string }[] } }>(
      hub,
      `query($id: ID!) { caseConference(id: $id) { agenda { case { id } eligibleForDeselection previousRag lastReviewedOn } } }`,
      { id: next.recordCaseConference.id },
    );
    expect(agenda.caseConference.agenda.find((item) => item.case.id === red.id)).toEqual({ case: { id: red.id }, eligibleForDeselection: true, previousRag: 'GREEN', lastReviewedOn: '2026-12-05' });

    const deselected = await ok<{ deselectFromIom: unknown }>(hub, DESELECT, { input: { caseId: red.id, deselectedOn: '2027-01-05', exitPlan: EXIT_PLAN } });
    expect(deselected.deselectFromIom).toEqual({ id: red.id, status: 'DESELECTED', endedOn: '2027-01-05', exitPlan: EXIT_PLAN, deselectionOverrideReason: null, eligibleForDeselection: false });
  });

  it('deselecting someone not eligible needs an explicit override reason', async () => {
    // A red case other than the one the test above walks to three greens, whichever runs first.
    const walkedToGreen = await seededCase(hub, { status: ['ADOPTED'], rag: 'RED', cohort: 'FIXED' }).catch(() => null);
    const reds = [await seededCase(hub, { status: ['ADOPTED'], rag: 'RED' }), await seededCase(hub, { status: ['ADOPTED'], rag: 'RED' }, 1)];
    const notEligible = reds.find((found) => found.id !== walkedToGreen?.id)!;
    const refused = await postGraphQL(hub.gatewayUrl, DESELECT, { input: { caseId: notEligible.id, deselectedOn: '2027-02-01', exitPlan: EXIT_PLAN } });
    expectRefused(refused, `Case ${notEligible.id} is not eligible for deselection: it has 0 consecutive green review(s), and 3 are needed. Give an overrideReason to deselect anyway.`);
    expect((await ok<CaseView>(hub, CASE, { id: notEligible.id })).iomCase.status).toBe('ADOPTED');

    const overridden = await ok<{ deselectFromIom: unknown }>(hub, DESELECT, {
      input: { caseId: notEligible.id, deselectedOn: '2027-02-01', exitPlan: EXIT_PLAN, overrideReason: 'Handed to the MAPPA level 2 panel, which now leads the case.' },
    });
    expect(overridden.deselectFromIom).toMatchObject({ status: 'DESELECTED', deselectionOverrideReason: 'Handed to the MAPPA level 2 panel, which now leads the case.' });
  });
});
