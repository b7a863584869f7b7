import { fixedClock } from '../../subgraphs/kit/dates';
import type { RunningHub } from '../../runtime/hub';
import { postGraphQL, startTestHub } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { ACTION_STATUS, ADOPT, ASSESS, CONFERENCE, DECIDE, DESELECT, END, expectRefused, MEN_PATHWAYS, ok, peopleNewToIom, REFER, REVIEW, scores, seededCase, WORKFLOW_TODAY } from './iom-helpers';

/**
 * Every illegal step is refused with BAD_USER_INPUT and a message saying why, and leaves the
 * data exactly as it was.
 */
describe('illegal IOM transitions', () => {
  let hub: RunningHub;
  let conferenceId: string;
  beforeAll(async () => {
    hub = await startTestHub({ databaseUrls: await ownDatabases('transitions', { copies: ['iom'] }), clock: fixedClock(WORKFLOW_TODAY) });
    conferenceId = (await ok<{ recordCaseConference: { id: string } }>(hub, CONFERENCE, { input: { heldOn: '2026-09-15', chairAgencies: ['POLICE', 'PROBATION'], attendance: [{ agency: 'PROBATION', attendees: 2 }] } })).recordCaseConference.id;
  });
  afterAll(() => hub.stop());

  /** Everything a refused step might have written. */
  const SNAPSHOT = `query($caseId: ID!, $conferenceId: ID!) {
    iomCases(first: 1) { totalCount }
    caseConferences(first: 1) { totalCount }
    caseConference(id: $conferenceId) { reviews { id } }
    iomCase(id: $caseId) { status decidedOn adoptedOn endedOn exitPlan deselectionOverrideReason ragHistory { id } pathwayAssessments { id } actions { id status closedOn } }
    iomCohorts { code caseload waitingList { id } }
  }`;

  async function expectNothingWritten(caseId: string, step: () => Promise<void>): Promise<void> {
    const before = await ok(hub, SNAPSHOT, { caseId, conferenceId });
    await step();
    expect(await ok(hub, SNAPSHOT, { caseId, conferenceId })).toEqual(before);
  }

  const attempt = (query: string, input: Record<string, unknown>) => postGraphQL(hub.gatewayUrl, query, { input });

  it('refuses to review someone who is not adopted', async () => {
    const waiting = await seededCase(hub, { status: ['ACCEPTED'] });
    await expectNothingWritten(waiting.id, async () => {
      expectRefused(await attempt(REVIEW, { conferenceId, caseId: waiting.id, rating: 'GREEN', rationale: 'Doing well.', actions: [{ description: 'Visit', ownerAgency: 'POLICE', dueOn: '2026-10-01' }] }), 'Only adopted cases are reviewed: case');
    });
    const declined = await seededCase(hub, { status: ['DECLINED'] });
    expectRefused(await attempt(REVIEW, { conferenceId, caseId: declined.id, rating: 'GREEN', rationale: 'Doing well.' }), 'is declined');
  });

  it('refuses a fourth strand or an unknown cohort', async () => {
    const person = peopleNewToIom()[5];
    const adopted = await seededCase(hub, { status: ['ADOPTED'] });
    await expectNothingWritten(adopted.id, async () => {
      const response = await attempt(REFER, {
        personId: person.hubId, cohort: 'FOURTH', sourceAgency: 'POLICE', reason: 'Volume offending.', referredOn: '2026-09-01', sex: person.sex, dateOfBirth: person.dateOfBirth,
      });
      expectRefused(response, 'No IOM cohort is called "FOURTH". Cohorts belong to the FIXED, FLEX, FREE strands; they are: FIXED, FLEX, FREE_TRANSITIONAL_AGE, FREE_FEMALE, FREE_DOMESTIC_ABUSE.');
    });
    const byStrand = await postGraphQL(hub.gatewayUrl, `query($strand: IomStrand) { iomCases(filter: { strand: $strand }) { totalCount } }`, { strand: 'FOURTH' });
    expect(byStrand.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(byStrand.errors?.[0].message).toContain('"FOURTH" does not exist in "IomStrand" enum');
  });

  it('refuses a referral that does not meet the cohort criteria, or of someone with an open case', async () => {
    const man = peopleNewToIom().find((p) => p.sex === 'MALE' && p.index > 100)!;
    const adopted = await seededCase(hub, { status: ['ADOPTED'] });
    await expectNothingWritten(adopted.id, async () => {
      const base = { personId: man.hubId, sourceAgency: 'PROBATION', reason: 'Volume offending.', referredOn: '2026-09-01', sex: 'MALE', dateOfBirth: man.dateOfBirth };
      expectRefused(await attempt(REFER, { ...base, cohort: 'FREE_FEMALE' }), 'the Free: women cohort takes women only');
      expectRefused(await attempt(REFER, { ...base, cohort: 'FIXED' }), 'takes neighbourhood crime offenders only');
      expectRefused(await attempt(REFER, { ...base, cohort: 'FREE_DOMESTIC_ABUSE' }), 'takes domestic abuse perpetrators only');
      expectRefused(await attempt(REFER, { ...base, cohort: 'FREE_TRANSITIONAL_AGE', dateOfBirth: '1980-01-01' }), 'takes people aged 24 or under at referral; this person was 46');
      expectRefused(await attempt(REFER, { ...base, cohort: 'FLEX', dateOfBirth: '2010-01-01' }), 'IOM manages adults: this person was 16 on 2026-09-01.');
      expectRefused(await attempt(REFER, { ...base, cohort: 'FLEX', personId: adopted.person.id, sex: adopted.sex }), 'already has an open IOM case');
      expectRefused(await attempt(REFER, { ...base, cohort: 'FLEX', reason: '   ' }), '"reason" must not be empty.');
      expectRefused(await attempt(REFER, { ...base, cohort: 'FLEX', personId: 'not-a-uuid' }), 'is not a valid hub id');
    });
  });

  it('refuses a pathway score out of range, a missing pathway, or a women-only pathway for a man', async () => {
    const man = await seededCase(hub, { status: ['ADOPTED'], cohort: 'FIXED' });
    await expectNothingWritten(man.id, async () => {
      expectRefused(await attempt(ASSESS, { caseId: man.id, assessedOn: '2027-01-01', scores: scores([6, 3, 3, 3, 3, 3, 3]) }), 'The ACCOMMODATION score must be a whole number from 1 (no need) to 5 (critical need); it was 6.');
      expectRefused(await attempt(ASSESS, { caseId: man.id, assessedOn: '2027-01-01', scores: scores([3, 3, 3, 3, 3, 3, 0]) }), 'ATTITUDES_THINKING_BEHAVIOUR score must be a whole number from 1');
      expectRefused(await attempt(ASSESS, { caseId: man.id, assessedOn: '2027-01-01', scores: scores([3, 3, 3, 3, 3, 3], MEN_PATHWAYS.slice(0, 6)) }), 'Every pathway must be scored; missing: ATTITUDES_THINKING_BEHAVIOUR.');
      expectRefused(
        await attempt(ASSESS, { caseId: man.id, assessedOn: '2027-01-01', scores: [...scores([3, 3, 3, 3, 3, 3, 3]), { pathway: 'SEX_WORK', score: 2 }] }),
        'The SEX_WORK pathway is assessed for women only, and this case is recorded as male.',
      );
      expectRefused(await attempt(ASSESS, { caseId: man.id, assessedOn: '2020-01-01', scores: scores([3, 3, 3, 3, 3, 3, 3]) }), 'The first assessment is at adoption, not before it');
    });
    const woman = await seededCase(hub, { status: ['ADOPTED'], cohort: 'FREE_FEMALE' });
    expectRefused(await attempt(ASSESS, { caseId: woman.id, assessedOn: '2027-01-01', scores: scores([3, 3, 3, 3, 3, 3, 3]) }), 'missing: ABUSE_DOMESTIC_VIOLENCE, SEX_WORK');
  });

  it('refuses a deselection without an exit plan', async () => {
    const adopted = await seededCase(hub, { status: ['ADOPTED'] }, 1);
    await expectNothingWritten(adopted.id, async () => {
      expectRefused(await attempt(DESELECT, { caseId: adopted.id, deselectedOn: '2026-10-01', exitPlan: ' ', overrideReason: 'Moving on well.' }), 'Deselection needs an exit plan');
    });
  });

  it('refuses adoption into a full cohort, and of a referral not yet accepted', async () => {
    const head = await seededCase(hub, { status: ['ACCEPTED'], cohort: 'FLEX' });
    await expectNothingWritten(head.id, async () => {
      expectRefused(
        await attempt(ADOPT, { caseId: head.id, adoptedOn: '2026-09-01', caseBasis: 'STATUTORY', leadAgency: 'PROBATION', keyWorker: 'Sam Roe' }),
        'The Flex: local priorities cohort is full (5 of 5 places): the case stays on its waiting list at position 1 until a place is free.',
      );
    });
    const pending = await seededCase(hub, { status: ['REFERRED'] });
    await expectNothingWritten(pending.id, async () => {
      expectRefused(
        await attempt(ADOPT, { caseId: pending.id, adoptedOn: '2026-09-01', caseBasis: 'STATUTORY', leadAgency: 'PROBATION', keyWorker: 'Sam Roe' }),
        'Cannot adopt this case: case',
      );
    });
  });

  it('refuses to decide a referral twice, or to decline without a reason', async () => {
    const declined = await seededCase(hub, { status: ['DECLINED'] });
    await expectNothingWritten(declined.id, async () => {
      expectRefused(await attempt(DECIDE, { caseId: declined.id, accept: true, decidedOn: '2026-09-01' }), 'is declined, and only a case that is referred can be');
    });
    const pending = await seededCase(hub, { status: ['REFERRED'] });
    await expectNothingWritten(pending.id, async () => {
      expectRefused(await attempt(DECIDE, { caseId: pending.id, accept: false, decidedOn: '2026-09-01' }), '"reason" must not be empty.');
    });
  });

  it('refuses a second review at the same conference and an action due before it, writing neither', async () => {
    const adopted = await seededCase(hub, { status: ['ADOPTED'] }, 2);
    await expectNothingWritten(adopted.id, async () => {
      expectRefused(
        await attempt(REVIEW, { conferenceId, caseId: adopted.id, rating: 'RED', rationale: 'Arrested.', actions: [{ description: 'Visit', ownerAgency: 'POLICE', dueOn: '2026-09-01' }] }),
        'An action cannot be due before the conference that agreed it: 2026-09-01 is before 2026-09-15.',
      );
    });
    await ok(hub, REVIEW, { input: { conferenceId, caseId: adopted.id, rating: 'RED', rationale: 'Arrested.' } });
    await expectNothingWritten(adopted.id, async () => {
      expectRefused(await attempt(REVIEW, { conferenceId, caseId: adopted.id, rating: 'AMBER', rationale: 'Again.' }), 'has already been reviewed at this conference');
    });
  });

  it('refuses to move a finished action, or to end a case that has ended', async () => {
    const adopted = await seededCase(hub, { status: ['ADOPTED'] }, 3);
    const review = await ok<{ recordRagReview: { actions: { id: string }[] } }>(hub, REVIEW, {
      input: { conferenceId, caseId: adopted.id, rating: 'AMBER', rationale: 'Mixed.', actions: [{ description: 'Register with a GP', ownerAgency: 'HEALTH', dueOn: '2026-10-15' }] },
    });
    const actionId = review.recordRagReview.actions[0].id;
    await ok(hub, ACTION_STATUS, { input: { actionId, status: 'CANCELLED', on: '2026-09-20' } });
    await expectNothingWritten(adopted.id, async () => {
      expectRefused(await attempt(ACTION_STATUS, { actionId, status: 'DONE', on: '2026-09-21' }), 'The action is already cancelled: that is final.');
    });
    const ended = await seededCase(hub, { status: ['ENDED'] });
    await expectNothingWritten(ended.id, async () => {
      expectRefused(await attempt(END, { caseId: ended.id, endedOn: '2026-09-21', reason: 'DIED' }), 'Cannot end this case: case');
    });
  });
});
