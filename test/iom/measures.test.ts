import type { RunningHub } from '../../runtime/hub';
import { startTestHub } from '../support/hub';
import { TEST_POPULATION } from '../support/population';
import { ok } from './iom-helpers';

/**
 * The analysts' measures over the seeded partnership (seed 7, scale 0.25), as they stood on the
 * reference date: later test writes are dated after it, so these numbers are exact.
 */
describe('IOM cohort measures', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const MEASURES = `query($asOf: LocalDate) { iomMeasures(asOf: $asOf) { asOf
    caseloadByStrand { strand capacity adopted waiting }
    caseloadByCohort { cohortCode strand capacity adopted waiting }
    ragSpreadAtLatestConference { conference { heldOn } heldOn red amber green reviewed suppressed }
    pathwayTotalsByCheckpoint { checkpoint assessments averageTotal }
    referralsByAgency { agency referrals accepted declined pending acceptanceRate suppressed }
    attendanceByAgency { agency conferencesAttended conferencesHeld attendanceRate attendees } } }`;

  type Measures = {
    iomMeasures: {
      asOf: string;
      caseloadByStrand: unknown[];
      caseloadByCohort: unknown[];
      ragSpreadAtLatestConference: unknown;
      pathwayTotalsByCheckpoint: { checkpoint: number; assessments: number; averageTotal: number }[];
      referralsByAgency: { agency: string; acceptanceRate: number }[];
      attendanceByAgency: { agency: string; conferencesAttended: number; conferencesHeld: number }[];
    };
  };
  let measures: Measures['iomMeasures'];
  beforeAll(async () => {
    measures = (await ok<Measures>(hub, MEASURES, { asOf: TEST_POPULATION.referenceDate })).iomMeasures;
  });

  it('capacity is data scaled from Lincolnshire (120 in all, 20 women, 10 domestic abuse), with the caseload by strand', () => {
    expect(measures.caseloadByCohort).toEqual([
      { cohortCode: 'FIXED', strand: 'FIXED', capacity: 15, adopted: 12, waiting: 0 },
      { cohortCode: 'FLEX', strand: 'FLEX', capacity: 5, adopted: 5, waiting: 2 },
      { cohortCode: 'FREE_TRANSITIONAL_AGE', strand: 'FREE', capacity: 3, adopted: 3, waiting: 1 },
      { cohortCode: 'FREE_FEMALE', strand: 'FREE', capacity: 5, adopted: 4, waiting: 0 },
      { cohortCode: 'FREE_DOMESTIC_ABUSE', strand: 'FREE', capacity: 3, adopted: 1, waiting: 0 },
    ]);
    expect(measures.caseloadByStrand).toEqual([
      { strand: 'FIXED', capacity: 15, adopted: 12, waiting: 0 },
      { strand: 'FLEX', capacity: 5, adopted: 5, waiting: 2 },
      { strand: 'FREE', capacity: 11, adopted: 8, waiting: 1 },
    ]);
  });

  it('gives the RAG spread at the latest conference, its small cells suppressed', () => {
    // 4 red, 7 amber, 14 green of 25: the 4 reds are too few to show, and 25 − 7 − 14 would give
    // them away, so the smaller other cell (amber) goes too.
    expect(measures.ragSpreadAtLatestConference).toEqual({
      conference: { heldOn: '2026-06-21' },
      heldOn: '2026-06-21',
      red: null,
      amber: null,
      green: 14,
      reviewed: 25,
      suppressed: ['amber', 'red'],
    });
  });

  it('shows the average pathway total falling from entry through each checkpoint', () => {
    expect(measures.pathwayTotalsByCheckpoint.slice(0, 3)).toEqual([
      { checkpoint: 0, assessments: 31, averageTotal: 22.06 },
      { checkpoint: 1, assessments: 26, averageTotal: 19.81 },
      { checkpoint: 2, assessments: 24, averageTotal: 17.17 },
    ]);
    const averages = measures.pathwayTotalsByCheckpoint.map((checkpoint) => checkpoint.averageTotal);
    expect(averages).toEqual([22.06, 19.81, 17.17, 15.53, 14.38, 12.67, 12.5, 11.4]);
  });

  it('counts referrals and acceptance by agency, small counts suppressed', () => {
    // Housing 3 (2 accepted, 1 declined) and prison 3 (all accepted): small totals, all withheld. Police 16: 14 accepted,
    // 1 declined, 1 pending: the two small cells go (each protects the other) and the rate with them. Probation 15 of 15.
    const none = { referrals: null, accepted: null, declined: null, pending: null, acceptanceRate: null, suppressed: ['acceptanceRate', 'accepted', 'declined', 'pending', 'referrals'] };
    expect(measures.referralsByAgency).toEqual([
      { agency: 'HOUSING', ...none },
      { agency: 'POLICE', referrals: 16, accepted: 14, declined: null, pending: null, acceptanceRate: null, suppressed: ['acceptanceRate', 'declined', 'pending'] },
      { agency: 'PRISON', ...none },
      { agency: 'PROBATION', referrals: 15, accepted: 15, declined: 0, pending: 0, acceptanceRate: 1, suppressed: [] },
    ]);
  });

  it('counts referrals per quarter in one call, each the referrals made in it, as the case list shows them', async () => {
    const cases = await ok<{ iomCases: { edges: { node: { sourceAgency: string; referredOn: string } }[] } }>(hub, `{ iomCases(first: 500) { edges { node { sourceAgency referredOn } } } }`);
    const series = await ok<{ iomMeasures: { referralsSeries: { periodStart: string; periodEnd: string; byAgency: { agency: string; referrals: number | null }[] }[] } }>(
      hub, `query($asOf: LocalDate!) { iomMeasures(asOf: $asOf) { referralsSeries(from: "2025-04-15", to: $asOf, interval: QUARTER) { periodStart periodEnd byAgency { agency referrals } } } }`,
      { asOf: TEST_POPULATION.referenceDate });
    const points = series.iomMeasures.referralsSeries;
    expect(points.map((p) => p.periodStart)).toEqual(['2025-04-01', '2025-07-01', '2025-10-01', '2026-01-01', '2026-04-01']);
    let shown = 0;
    for (const point of points) {
      for (const row of point.byAgency) {
        const made = cases.iomCases.edges.filter(({ node }) => node.sourceAgency === row.agency && node.referredOn >= point.periodStart && node.referredOn <= point.periodEnd).length;
        if (row.referrals === null) {
          expect(made).toBeLessThan(5);
        } else {
          shown++;
          expect({ ...row, period: point.periodStart }).toEqual({ agency: row.agency, referrals: made, period: point.periodStart });
        }
      }
    }
    expect(shown).toBeGreaterThan(0);
    // The same quarter asked as a period gives the same row.
    const quarter = await ok<{ iomMeasures: { referralsByAgency: unknown[] } }>(hub, `{ iomMeasures(asOf: "${TEST_POPULATION.referenceDate}") { referralsByAgency(from: "2025-07-01", to: "2025-09-30") { agency referrals } } }`);
    expect(quarter.iomMeasures.referralsByAgency).toEqual(points[1].byAgency);
  });

  it('counts conference attendance by agency: police and probation chair every one', () => {
    expect(measures.attendanceByAgency).toEqual([
      { agency: 'HEALTH', conferencesAttended: 6, conferencesHeld: 12, attendanceRate: 0.5, attendees: 6 },
      { agency: 'HOUSING', conferencesAttended: 8, conferencesHeld: 12, attendanceRate: 0.667, attendees: 8 },
      { agency: 'IOM', conferencesAttended: 12, conferencesHeld: 12, attendanceRate: 1, attendees: 20 },
      { agency: 'POLICE', conferencesAttended: 12, conferencesHeld: 12, attendanceRate: 1, attendees: 37 },
      { agency: 'PRISON', conferencesAttended: 5, conferencesHeld: 12, attendanceRate: 0.417, attendees: 5 },
      { agency: 'PROBATION', conferencesAttended: 12, conferencesHeld: 12, attendanceRate: 1, attendees: 29 },
      { agency: 'SUBSTANCE_MISUSE', conferencesAttended: 12, conferencesHeld: 12, attendanceRate: 1, attendees: 19 },
    ]);
  });
});
