import type { RunningHub } from '../../runtime/hub';
import { fixedClock } from '../../subgraphs/kit/dates';
import { as, postGraphQL, startTestHub } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { ACTION_STATUS, expectRefused, ok, peopleNewToIom, REFER, seededCase } from './iom-helpers';

/** Plan → hold on the day (attendance on that conference) → review only while held → close; nothing dated after today. */
describe('a case conference from plan to close', () => {
  const today = '2027-04-15';
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub({ databaseUrls: await ownDatabases('conference_lifecycle', { copies: ['iom'] }), clock: fixedClock(today) });
  });
  afterAll(() => hub.stop());

  const PLAN = `mutation($input: CaseConferenceInput!) { recordCaseConference(input: $input) { id heldOn status attendance { agency attendees } } }`;
  const HOLD = `mutation($id: ID!, $attendance: [ConferenceAttendanceInput!]!) { recordConferenceAttendance(conferenceId: $id, attendance: $attendance) { id status attendance { agency attendees } } }`;
  const CLOSE = `mutation($id: ID!) { closeCaseConference(conferenceId: $id) { id status } }`;
  const REVIEW = `mutation($input: RagReviewInput!) { recordRagReview(input: $input) { id reviewedOn actions { id } } }`;
  const CHAIRS = ['POLICE', 'PROBATION'];
  type Conference = { id: string; heldOn: string; status: string; attendance: { agency: string; attendees: number }[] };

  async function plan(heldOn: string): Promise<Conference> {
    return (await ok<{ recordCaseConference: Conference }>(hub, PLAN, { input: { heldOn, chairAgencies: CHAIRS } })).recordCaseConference;
  }

  it('a planned conference cannot take attendance or reviews before its day, nor be planned twice', async () => {
    const planned = await plan('2027-04-22');
    expect(planned).toMatchObject({ heldOn: '2027-04-22', status: 'PLANNED', attendance: [] });
    expectRefused(await postGraphQL(hub.gatewayUrl, PLAN, { input: { heldOn: '2027-04-22', chairAgencies: CHAIRS } }), 'already has a case conference on 2027-04-22');
    expectRefused(
      await postGraphQL(hub.gatewayUrl, PLAN, { input: { heldOn: '2027-04-29', chairAgencies: CHAIRS, attendance: [{ agency: 'POLICE', attendees: 2 }] } }),
      'the conference on 2027-04-29 has not been held yet (today is 2027-04-15)',
    );
    expectRefused(await postGraphQL(hub.gatewayUrl, HOLD, { id: planned.id, attendance: [{ agency: 'POLICE', attendees: 2 }] }), 'has not been held yet (today is 2027-04-15)');
    const adopted = await seededCase(hub, { status: ['ADOPTED'] }, 3);
    expectRefused(await postGraphQL(hub.gatewayUrl, REVIEW, { input: { conferenceId: planned.id, caseId: adopted.id, rating: 'AMBER', rationale: 'Too early.' } }), 'has not been held');
  });

  it('is held on the day with its attendance, takes reviews while held, and nothing once closed', async () => {
    const conference = await plan(today);
    const adopted = await seededCase(hub, { status: ['ADOPTED'] }, 4);
    const other = await seededCase(hub, { status: ['ADOPTED'] }, 5);

    const held = (await ok<{ recordConferenceAttendance: Conference }>(hub, HOLD, { id: conference.id, attendance: [{ agency: 'PROBATION', attendees: 2 }, { agency: 'POLICE', attendees: 3 }] })).recordConferenceAttendance;
    expect(held).toEqual({ id: conference.id, status: 'HELD', attendance: [{ agency: 'POLICE', attendees: 3 }, { agency: 'PROBATION', attendees: 2 }] });

    const review = await ok<{ recordRagReview: { reviewedOn: string; actions: { id: string }[] } }>(hub, REVIEW, {
      input: { conferenceId: conference.id, caseId: adopted.id, rating: 'RED', rationale: 'Arrested twice.', actions: [{ description: 'Home visit', ownerAgency: 'POLICE', dueOn: '2027-05-01' }] },
    });
    expect(review.recordRagReview.reviewedOn).toBe(today);

    // An action cannot be moved on a day that has not come.
    expectRefused(
      await postGraphQL(hub.gatewayUrl, ACTION_STATUS, { input: { actionId: review.recordRagReview.actions[0].id, status: 'DONE', on: '2027-04-16' } }),
      '"on" is 2027-04-16, after today (2027-04-15)',
    );

    expect((await ok<{ closeCaseConference: { status: string } }>(hub, CLOSE, { id: conference.id })).closeCaseConference.status).toBe('CLOSED');
    expectRefused(await postGraphQL(hub.gatewayUrl, REVIEW, { input: { conferenceId: conference.id, caseId: other.id, rating: 'GREEN', rationale: 'Late.' } }), 'is closed');
    expectRefused(await postGraphQL(hub.gatewayUrl, HOLD, { id: conference.id, attendance: [{ agency: 'HOUSING', attendees: 1 }] }), 'is closed');
    expectRefused(await postGraphQL(hub.gatewayUrl, CLOSE, { id: conference.id }), 'Only a held conference can be closed');

    // Reviews and attendance sit on the one conference of the day.
    const read = await ok<{ caseConference: { status: string; attendance: unknown[]; reviews: { id: string }[] } }>(
      hub,
      `query($id: ID!) { caseConference(id: $id) { status attendance { agency } reviews { id } } }`,
      { id: conference.id },
    );
    expect(read.caseConference).toMatchObject({ status: 'CLOSED', attendance: [{ agency: 'POLICE' }, { agency: 'PROBATION' }] });
    expect(read.caseConference.reviews).toHaveLength(1);
  });

  it('refuses referrals dated after today, and measures as of a day after today', async () => {
    const person = peopleNewToIom()[40];
    const refused = await postGraphQL(hub.gatewayUrl, REFER, {
      input: { personId: person.hubId, cohort: 'FLEX', sourceAgency: 'POLICE', reason: 'Escalating offending.', referredOn: '2027-04-16', sex: person.sex, dateOfBirth: person.dateOfBirth },
    });
    expectRefused(refused, '"referredOn" is 2027-04-16, after today (2027-04-15)');
    expectRefused(await postGraphQL(hub.gatewayUrl, `{ iomMeasures(asOf: "2030-01-01") { asOf } }`, {}, await analyst()), '"asOf" is 2030-01-01, after today (2027-04-15)');
    expect((await postGraphQL<{ iomMeasures: { asOf: string } }>(hub.gatewayUrl, `{ iomMeasures(asOf: "2027-04-15") { asOf } }`, {}, await analyst())).data?.iomMeasures.asOf).toBe(today);
  });
});

function analyst(): Promise<Record<string, string>> {
  return as('analyst');
}
