import type { RunningHub } from '../../runtime/hub';
import { postGraphQL, startTestHub } from '../support/hub';

describe('explore', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());
  it('prints', async () => {
    const r = await postGraphQL(hub.gatewayUrl, `{ iomCohorts { code capacity caseload placesAvailable full waitingList { id referredOn decidedOn waitingListPosition } }
      iomMeasures(asOf: "2026-06-30") { caseloadByStrand { strand capacity adopted waiting } caseloadByCohort { cohortCode capacity adopted waiting }
        ragSpreadAtLatestConference { conference { heldOn } red amber green reviewed } pathwayTotalsByCheckpoint { checkpoint assessments averageTotal }
        referralsByAgency { agency referrals accepted declined pending acceptanceRate } attendanceByAgency { agency conferencesAttended conferencesHeld attendanceRate attendees } }
      caseConferences(first: 20) { totalCount edges { node { id heldOn agendaSize reviews { id } } } } }`);
    console.log(JSON.stringify(r, null, 1));
  });
});
