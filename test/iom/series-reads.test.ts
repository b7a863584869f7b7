import type { RunningHub } from '../../runtime/hub';
import { as, postGraphQL, startTestHub } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { watchPartnerCalls } from '../support/partner-calls';
import { withSql } from '../support/sql';

/**
 * The after-release series read the person index and the partner once for all their points, and
 * each point is the single answer for its month. 600 people on IOM (adopted 20 December 2020), each
 * released once: person i in month i mod 60 from July 2021 (ten a month, to June 2026), on day
 * (i mod 27) + 1, to temporary accommodation (accommodated, never settled), with community
 * treatment five days after release. Today is 30 June 2026.
 */
const PEOPLE = 600;
const MONTHS = 60;
const SERIES = (measure: string, selection: string) => `{ iomMeasures { ${measure}(from: "2021-07-01", to: "2026-06-30", interval: MONTH) { periodStart periodEnd measure ${selection} } } }`;
const HOUSING = '{ from to accommodatedOnRelease { releasesCounted met rate suppressed } settledThreeMonthsAfter { releasesCounted met rate suppressed } withheldBecause }';
const CONTINUITY = '{ from to releases engagedWithin21Days stillWithin21Days rate suppressed withheldBecause }';

describe('the after-release series on 600 people over 60 months', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    const urls = await ownDatabases('series_reads', { empty: ['people', 'housing', 'substance-misuse', 'iom'] });
    const people = Array.from({ length: PEOPLE }, (_, i) => {
      const month = i % MONTHS;
      const day = `${2021 + Math.floor((month + 6) / 12)}-${String(((month + 6) % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`;
      return { hubId: `00000000-0000-4000-8000-${String(20000 + i).padStart(12, '0')}`, ref: `HOU-LIN-${600000 + i}`, client: `TC${60000000 + i}`, day };
    });
    await withSql(urls.people, async (sql) => {
      for (const p of people) {
        await sql.query(`insert into person (id, given_name, family_name, date_of_birth, sex) values ($1, 'Test', 'Person', '1995-01-01', 'MALE')`, [p.hubId]);
        await sql.query(`insert into person_identifier (person_id, type, value, source_agency, link_method) values ($1, 'HOUSING_REFERENCE', $2, 'HOUSING', 'EXACT'), ($1, 'TREATMENT_CLIENT_ID', $3, 'SUBSTANCE_MISUSE', 'EXACT')`, [p.hubId, p.ref, p.client]);
      }
    });
    await withSql(urls.housing, async (sql) => {
      for (const p of people) {
        await sql.query(`insert into housing_client (housing_reference, local_authority_code, local_authority_name) values ($1, 'E07000138', 'Lincoln')`, [p.ref]);
        await sql.query(`insert into accommodation_period (housing_reference, status, start_date, end_date) values ($1, 'IN_CUSTODY', '2021-01-01', $2), ($1, 'TEMPORARY', $2, null)`, [p.ref, p.day]);
      }
    });
    await withSql(urls['substance-misuse'], async (sql) => {
      for (const p of people) {
        await sql.query(`insert into treatment_custody_release (treatment_client_id, release_date) values ($1, $2)`, [p.client, p.day]);
        await sql.query(`insert into treatment_episode (treatment_client_id, provider, referral_route, start_date, appointments_kept, appointments_missed, last_contact_date, substances) values ($1, 'T', 'CUSTODY', $2::date + 5, 1, 0, $2::date + 5, '{OPIATES}')`, [p.client, p.day]);
      }
    });
    await withSql(urls.iom, async (sql) => {
      await sql.query(`insert into iom_cohort (code, name, strand, entry_criteria, capacity, requires_neighbourhood_crime, requires_domestic_abuse, display_order) values ('FIXED', 'FIXED', 'FIXED', 'test', 1000, false, false, 0)`);
      for (const p of people) {
        await sql.query(
          `insert into iom_case (person_id, cohort_code, status, sex, age_at_referral, source_agency, referral_reason, referred_on, neighbourhood_crime, domestic_abuse_perpetrator, decided_on, adopted_on, case_basis, lead_agency)
           values ($1, 'FIXED', 'ADOPTED', 'MALE', 30, 'POLICE', 'test', '2020-12-01', false, false, '2020-12-20', '2020-12-20', 'STATUTORY', 'POLICE')`,
          [p.hubId],
        );
      }
    });
    hub = await startTestHub({ databaseUrls: urls });
    // 600 people in four databases, then a hub: slower than the default minute on a busy machine.
  }, 180_000);
  afterAll(() => hub?.stop());

  const analyst = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await postGraphQL<T>(hub.gatewayUrl, query, variables, await as('analyst', { purpose: 'analysis' }));
    expect(response.errors).toBeUndefined();
    return response.data!;
  };

  for (const [measure, selection, partner] of [
    ['releaseHousingSeries', HOUSING, 'housing ReleaseHousing'],
    ['continuityOfCareSeries', CONTINUITY, 'substance-misuse Continuity'],
  ] as const) {
    it(`${measure}: one read of the index and of the partner for 60 points, each point the single answer for its month`, async () => {
      type Point = { periodStart: string; periodEnd: string; measure: Record<string, unknown> & { accommodatedOnRelease?: { releasesCounted: number }; releases?: number } };
      const { result, calls } = await watchPartnerCalls(hub, () => analyst<{ iomMeasures: Record<string, Point[]> }>(SERIES(measure, selection)));
      expect(calls).toEqual({ 'people CohortKeys': 1, [partner]: 1 });
      const points = result.iomMeasures[measure];
      expect(points).toHaveLength(MONTHS);
      // Ten releases a month, by construction.
      for (const point of points) expect(point.measure.accommodatedOnRelease?.releasesCounted ?? point.measure.releases).toBe(PEOPLE / MONTHS);
      const single = measure === 'releaseHousingSeries' ? 'releaseHousing' : 'continuityOfCare';
      for (const point of points) {
        const answer = await analyst<{ iomMeasures: Record<string, unknown> }>(`query($from: LocalDate, $to: LocalDate) { iomMeasures { ${single}(from: $from, to: $to) ${selection} } }`, { from: point.periodStart, to: point.periodEnd });
        expect(answer.iomMeasures[single]).toEqual(point.measure);
      }
    });
  }
});
