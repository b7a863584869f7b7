import { fixedClock } from '../../subgraphs/kit/dates';
import type { RunningHub } from '../../runtime/hub';
import { ageOn } from '../../subgraphs/kit/dates';
import { startTestHub } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { ACTION_STATUS, ADOPT, ASSESS, CONFERENCE, DECIDE, END, ok, peopleNewToIom, REFER, REVIEW, scores, WORKFLOW_TODAY } from './iom-helpers';

/**
 * One person's way through IOM, step by step through the gateway: referral, acceptance, adoption,
 * assessment, a case conference with its agenda (identity from the person index), a review with
 * an action, the action done, a second assessment, and the end of the case.
 */
describe('the IOM workflow through the gateway', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub({ databaseUrls: await ownDatabases('workflow', { copies: ['iom'] }), clock: fixedClock(WORKFLOW_TODAY) });
  });
  afterAll(() => hub.stop());

  // A man of 25 or more the seed never referred: FIXED takes him.
  const person = peopleNewToIom().find((p) => p.sex === 'MALE' && ageOn(p.dateOfBirth, '2026-09-01') >= 25)!;
  const state: { caseId?: string; conferenceId?: string; actionId?: string } = {};

  it('starts with no IOM case for the person', async () => {
    const data = await ok<{ person: { id: string; iom: null; iomCases: unknown[] } }>(hub, `query($id: ID!) { person(id: $id) { id iom { id } iomCases { id } } }`, { id: person.hubId });
    expect(data.person).toEqual({ id: person.hubId, iom: null, iomCases: [] });
  });

  it('refers, accepts onto the waiting list and adopts', async () => {
    const referred = await ok<{ referToIom: { id: string; status: string; strand: string; cohort: { code: string }; ageAtReferral: number } }>(hub, REFER, {
      input: {
        personId: person.hubId, cohort: 'FIXED', sourceAgency: 'POLICE', reason: 'Three burglaries in four months.', referredOn: '2026-08-03',
        sex: person.sex, dateOfBirth: person.dateOfBirth, neighbourhoodCrime: true,
      },
    });
    expect(referred.referToIom).toMatchObject({ status: 'REFERRED', strand: 'FIXED', cohort: { code: 'FIXED' } });
    expect(referred.referToIom.ageAtReferral).toBeGreaterThanOrEqual(18);
    state.caseId = referred.referToIom.id;

    const decided = await ok<{ decideIomReferral: unknown }>(hub, DECIDE, { input: { caseId: state.caseId, accept: true, decidedOn: '2026-08-05', reason: 'Meets the Fixed criteria.' } });
    expect(decided.decideIomReferral).toEqual({ id: state.caseId, status: 'ACCEPTED', decidedOn: '2026-08-05', decisionReason: 'Meets the Fixed criteria.', waitingListPosition: 1 });

    const adopted = await ok<{ adoptIomCase: unknown }>(hub, ADOPT, {
      input: { caseId: state.caseId, adoptedOn: '2026-08-06', caseBasis: 'STATUTORY', leadAgency: 'PROBATION', keyWorker: 'Dana Whitlow' },
    });
    expect(adopted.adoptIomCase).toEqual({
      id: state.caseId, status: 'ADOPTED', adoptedOn: '2026-08-06', caseBasis: 'STATUTORY', leadAgency: 'PROBATION', keyWorker: 'Dana Whitlow', waitingListPosition: null,
    });
  });

  it('records the entry pathway assessment (checkpoint 0)', async () => {
    const data = await ok<{ recordPathwayAssessment: { checkpoint: number; total: number; changeSinceEntry: number; scores: unknown[] } }>(hub, ASSESS, {
      input: { caseId: state.caseId, assessedOn: '2026-08-06', scores: scores([4, 3, 4, 2, 5, 3, 4]) },
    });
    expect(data.recordPathwayAssessment).toMatchObject({ checkpoint: 0, total: 25, changeSinceEntry: 0 });
    expect(data.recordPathwayAssessment.scores).toHaveLength(7);
  });

  it('puts the person on the next conference agenda, identity joined from the person index', async () => {
    const recorded = await ok<{ recordCaseConference: { id: string; chairAgencies: string[]; attendance: unknown[]; agendaSize: number } }>(hub, CONFERENCE, {
      input: { heldOn: '2026-08-20', chairAgencies: ['POLICE', 'PROBATION'], attendance: [{ agency: 'POLICE', attendees: 3 }, { agency: 'HOUSING', attendees: 1 }] },
    });
    expect(recorded.recordCaseConference.chairAgencies).toEqual(['POLICE', 'PROBATION']);
    expect(recorded.recordCaseConference.attendance).toEqual([{ agency: 'HOUSING', attendees: 1 }, { agency: 'POLICE', attendees: 3 }]);
    state.conferenceId = recorded.recordCaseConference.id;

    const data = await ok<{ caseConference: { agenda: { person: { id: string; givenName: string; familyName: string }; case: { id: string; strand: string }; ragHistory: unknown[]; latestPathwayAssessment: { total: number }; openActions: unknown[]; lastReviewedOn: null }[] } }>(
      hub,
      `query($id: ID!) { caseConference(id: $id) { agenda { person { id givenName familyName } case { id strand keyWorker } ragHistory { rating } latestPathwayAssessment { total } openActions { id } lastReviewedOn } } }`,
      { id: state.conferenceId },
    );
    const item = data.caseConference.agenda.find((entry) => entry.person.id === person.hubId)!;
    expect(item).toMatchObject({
      person: { id: person.hubId, givenName: person.givenName, familyName: person.familyName },
      case: { id: state.caseId, strand: 'FIXED' },
      ragHistory: [],
      latestPathwayAssessment: { total: 25 },
      openActions: [],
      lastReviewedOn: null,
    });
  });

  it('records a review with an action, and the action is worked to done', async () => {
    const reviewed = await ok<{ recordRagReview: { rating: string; reviewedOn: string; actions: { id: string; status: string; ownerAgency: string; dueOn: string }[] } }>(hub, REVIEW, {
      input: {
        conferenceId: state.conferenceId, caseId: state.caseId, rating: 'AMBER', rationale: 'Engaging, but no settled address.',
        actions: [{ description: 'Complete the housing needs assessment', ownerAgency: 'HOUSING', dueOn: '2026-09-10' }],
      },
    });
    expect(reviewed.recordRagReview).toMatchObject({ rating: 'AMBER', reviewedOn: '2026-08-20' });
    expect(reviewed.recordRagReview.actions).toEqual([expect.objectContaining({ status: 'OPEN', ownerAgency: 'HOUSING', dueOn: '2026-09-10' })]);
    state.actionId = reviewed.recordRagReview.actions[0].id;

    const open = await ok<{ iomCase: { openActions: { id: string }[]; currentRag: string; lastReviewedOn: string } }>(hub, `query($id: ID!) { iomCase(id: $id) { openActions { id } currentRag lastReviewedOn } }`, { id: state.caseId });
    expect(open.iomCase).toEqual({ openActions: [{ id: state.actionId }], currentRag: 'AMBER', lastReviewedOn: '2026-08-20' });

    expect((await ok<{ updateConferenceActionStatus: unknown }>(hub, ACTION_STATUS, { input: { actionId: state.actionId, status: 'IN_PROGRESS', on: '2026-08-25' } })).updateConferenceActionStatus).toEqual({
      id: state.actionId, status: 'IN_PROGRESS', closedOn: null,
    });
    expect((await ok<{ updateConferenceActionStatus: unknown }>(hub, ACTION_STATUS, { input: { actionId: state.actionId, status: 'DONE', on: '2026-09-04' } })).updateConferenceActionStatus).toEqual({
      id: state.actionId, status: 'DONE', closedOn: '2026-09-04',
    });
  });

  it('shows the falling pathway total and the whole case on Person.iom', async () => {
    const second = await ok<{ recordPathwayAssessment: { checkpoint: number; total: number; changeSinceEntry: number } }>(hub, ASSESS, {
      input: { caseId: state.caseId, assessedOn: '2026-11-05', scores: scores([3, 3, 3, 2, 4, 3, 3]) },
    });
    expect(second.recordPathwayAssessment).toMatchObject({ checkpoint: 1, total: 21, changeSinceEntry: -4 });

    const data = await ok<{ person: { iom: unknown } }>(
      hub,
      `query($id: ID!) { person(id: $id) { iom { id status strand cohort { code } caseBasis leadAgency keyWorker sourceAgency referredOn adoptedOn
        ragHistory { rating rationale conference { heldOn } } currentRag consecutiveGreens eligibleForDeselection lastReviewedOn
        pathwayAssessments { checkpoint total } latestPathwayAssessment { total changeSinceEntry } pathwayChangeSinceEntry openActions { id } actions { status } } } }`,
      { id: person.hubId },
    );
    expect(data.person.iom).toEqual({
      id: state.caseId, status: 'ADOPTED', strand: 'FIXED', cohort: { code: 'FIXED' }, caseBasis: 'STATUTORY', leadAgency: 'PROBATION', keyWorker: 'Dana Whitlow',
      sourceAgency: 'POLICE', referredOn: '2026-08-03', adoptedOn: '2026-08-06',
      ragHistory: [{ rating: 'AMBER', rationale: 'Engaging, but no settled address.', conference: { heldOn: '2026-08-20' } }],
      currentRag: 'AMBER', consecutiveGreens: 0, eligibleForDeselection: false, lastReviewedOn: '2026-08-20',
      pathwayAssessments: [{ checkpoint: 0, total: 25 }, { checkpoint: 1, total: 21 }],
      latestPathwayAssessment: { total: 21, changeSinceEntry: -4 }, pathwayChangeSinceEntry: -4, openActions: [], actions: [{ status: 'DONE' }],
    });
  });

  it('ends the case when the person moves away, freeing the place', async () => {
    const before = await ok<{ iomCohorts: { code: string; caseload: number }[] }>(hub, `{ iomCohorts { code caseload } }`);
    const ended = await ok<{ endIomCase: unknown }>(hub, END, { input: { caseId: state.caseId, endedOn: '2026-11-20', reason: 'MOVED_AWAY', note: 'Moved to another county.' } });
    expect(ended.endIomCase).toEqual({ id: state.caseId, status: 'ENDED', endedOn: '2026-11-20', endReason: 'MOVED_AWAY' });
    const after = await ok<{ iomCohorts: { code: string; caseload: number }[] }>(hub, `{ iomCohorts { code caseload } }`);
    const fixed = (list: { code: string; caseload: number }[]) => list.find((cohort) => cohort.code === 'FIXED')!.caseload;
    expect(fixed(after.iomCohorts)).toBe(fixed(before.iomCohorts) - 1);
  });
});
