import { fixedClock } from '../../subgraphs/kit/dates';
import type { RunningHub } from '../../runtime/hub';
import { ageOn } from '../../subgraphs/kit/dates';
import { postGraphQL, startTestHub } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { ADOPT, DECIDE, END, expectRefused, ok, peopleNewToIom, REFER, seededCase, WORKFLOW_TODAY } from './iom-helpers';

/**
 * A full cohort: accepted referrals wait in the order they were accepted, and adoption takes the
 * next one only, once a place is free.
 */
describe('the waiting list of a full cohort', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub({ databaseUrls: await ownDatabases('waiting_list', { copies: ['iom'] }), clock: fixedClock(WORKFLOW_TODAY) });
  });
  afterAll(() => hub.stop());

  const COHORT = `{ iomCohorts { code capacity caseload placesAvailable full waitingList { id waitingListPosition } } }`;
  type Cohort = { code: string; capacity: number; caseload: number; placesAvailable: number; full: boolean; waitingList: { id: string; waitingListPosition: number }[] };
  const transitional = async () => (await ok<{ iomCohorts: Cohort[] }>(hub, COHORT)).iomCohorts.find((cohort) => cohort.code === 'FREE_TRANSITIONAL_AGE')!;

  const [first, second] = peopleNewToIom().filter((p) => ageOn(p.dateOfBirth, '2026-09-01') >= 19 && ageOn(p.dateOfBirth, '2026-09-01') <= 23);
  const adoption = (caseId: string) => ({ input: { caseId, adoptedOn: '2026-09-12', caseBasis: 'NON_STATUTORY', leadAgency: 'POLICE', keyWorker: 'Priya Holm' } });

  it('queues accepted referrals behind the seeded one, in order of acceptance', async () => {
    const seeded = await transitional();
    expect(seeded).toMatchObject({ capacity: 3, caseload: 3, placesAvailable: 0, full: true });
    expect(seeded.waitingList).toHaveLength(1);

    const ids: string[] = [];
    for (const [i, person] of [first, second].entries()) {
      const referred = await ok<{ referToIom: { id: string } }>(hub, REFER, {
        input: { personId: person.hubId, cohort: 'FREE_TRANSITIONAL_AGE', sourceAgency: 'PROBATION', reason: 'Leaving youth offending services.', referredOn: '2026-09-01', sex: person.sex, dateOfBirth: person.dateOfBirth },
      });
      const decided = await ok<{ decideIomReferral: { waitingListPosition: number } }>(hub, DECIDE, { input: { caseId: referred.referToIom.id, accept: true, decidedOn: `2026-09-0${2 + i}` } });
      expect(decided.decideIomReferral.waitingListPosition).toBe(2 + i);
      ids.push(referred.referToIom.id);
    }
    const queued = await transitional();
    expect(queued.waitingList).toEqual([seeded.waitingList[0], { id: ids[0], waitingListPosition: 2 }, { id: ids[1], waitingListPosition: 3 }]);

    // Full: nobody can be adopted, not even the head of the list.
    expectRefused(await postGraphQL(hub.gatewayUrl, ADOPT, adoption(ids[1])), 'cohort is full (3 of 3 places): the case stays on its waiting list at position 3');
    expectRefused(await postGraphQL(hub.gatewayUrl, ADOPT, adoption(seeded.waitingList[0].id)), 'cohort is full (3 of 3 places)');

    // A place frees up: adoption must still take the list in order.
    const leaving = await seededCase(hub, { cohort: 'FREE_TRANSITIONAL_AGE', status: ['ADOPTED'] });
    await ok(hub, END, { input: { caseId: leaving.id, endedOn: '2026-09-10', reason: 'CUSTODY', note: 'Sentenced to 18 months.' } });
    expect(await transitional()).toMatchObject({ caseload: 2, placesAvailable: 1, full: false });
    expectRefused(
      await postGraphQL(hub.gatewayUrl, ADOPT, adoption(ids[1])),
      `waiting list is taken in order: 2 accepted referral(s) are ahead of this one; adopt case ${seeded.waitingList[0].id} first.`,
    );
    expectRefused(await postGraphQL(hub.gatewayUrl, ADOPT, adoption(ids[0])), '1 accepted referral(s) are ahead of this one');

    const adopted = await ok<{ adoptIomCase: { status: string; waitingListPosition: null } }>(hub, ADOPT, adoption(seeded.waitingList[0].id));
    expect(adopted.adoptIomCase).toMatchObject({ status: 'ADOPTED', waitingListPosition: null });
    expect(await transitional()).toEqual({
      code: 'FREE_TRANSITIONAL_AGE', capacity: 3, caseload: 3, placesAvailable: 0, full: true,
      waitingList: [{ id: ids[0], waitingListPosition: 1 }, { id: ids[1], waitingListPosition: 2 }],
    });
  });
});
