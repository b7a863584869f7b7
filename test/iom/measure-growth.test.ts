import type { RunningHub } from '../../runtime/hub';
import { makeIdentifier } from '../../synthetic/identifiers';
import { ownDatabases } from '../support/own-databases';
import { as, countSqlStatements, postGraphQL, startTestHub } from '../support/hub';
import { withSql } from '../support/sql';
import { watchPartnerCalls } from '../support/partner-calls';

/**
 * The outcome measures' work does not grow with the cohort: the same SQL statements in every
 * subgraph and the same calls from IOM to each partner for 10 people as for 40. People are added
 * to a hand-built partnership between the two measurements; each is on IOM (adopted on 1 July
 * 2025) and on a community order, has a PNC ID, a CRN and a housing reference, two offences, a
 * custody spell, two assessments and a DRR completed on 1 September 2025, so every partner has
 * something to read for each of them.
 */
const START = '2025-07-01';

const MEASURES: Record<string, string> = {
  'reoffending, IOM cohort': '{ iomMeasures { reoffending(months: 6) { cohortSize measurable detected { offencesBefore } } } }',
  'reoffending, statutory supervision': '{ iomMeasures { reoffending(months: 6, population: STATUTORY_SUPERVISION) { cohortSize measurable detected { offencesBefore } } } }',
  'reoffending series': '{ iomMeasures { reoffendingSeries(from: "2025-01-01", to: "2025-12-31", interval: QUARTER) { periodStart measure { cohortSize detected { offencesBefore } } } } }',
  'binary reoffending, custody, desistance': '{ iomMeasures { reoffendingOutcomes { binaryDetected { people count } returnedToCustody { people count } desisted { people count } } } }',
  'cost of crime': '{ iomMeasures { costOfCrime(months: 6) { measurable offencesBefore costBefore } } }',
  'predictor trend': '{ iomMeasures { reoffendingPredictorTrend { cohortSize fell } } }',
  'positive outcomes': '{ iomMeasures { positiveOutcomes { cohortSize onEntry } } }',
  'DRR and ATR': '{ iomMeasures { treatmentRequirements(financialYear: 2025) { requirementType starts completions withheldBecause } } }',
  'referrals series': '{ iomMeasures { referralsSeries(from: "2025-01-01", to: "2025-12-31", interval: MONTH) { periodStart byAgency { referrals withheldBecause } } } }',
  'release housing series': '{ iomMeasures { releaseHousingSeries(from: "2025-01-01", to: "2025-12-31", interval: MONTH) { periodStart measure { accommodatedOnRelease { releasesCounted } withheldBecause } } } }',
};

let added = 0;

async function addPeople(urls: Record<string, string>, count: number): Promise<void> {
  const people = Array.from({ length: count }, () => {
    const serial = ++added;
    return {
      hubId: `00000000-0000-4000-8000-${String(7000 + serial).padStart(12, '0')}`,
      pncId: makeIdentifier.pncId(2017, 6200 + serial),
      crn: `G${String(800000 + serial)}`,
      housingReference: makeIdentifier.housingReference('LIN', 3000 + serial),
    };
  });
  await withSql(urls.people, async (sql) => {
    for (const p of people) {
      await sql.query(`insert into person (id, given_name, family_name, date_of_birth, sex) values ($1, 'Test', 'Person', '1990-01-01', 'MALE')`, [p.hubId]);
      await sql.query(
        `insert into person_identifier (person_id, type, value, source_agency, link_method) values ($1, 'PNC_ID', $2, 'POLICE', 'EXACT'), ($1, 'CRN', $3, 'PROBATION', 'EXACT'), ($1, 'HOUSING_REFERENCE', $4, 'HOUSING', 'EXACT')`,
        [p.hubId, p.pncId, p.crn, p.housingReference],
      );
    }
  });
  await withSql(urls.police, async (sql) => {
    for (const p of people) {
      await sql.query(`insert into police_nominal (pnc_id, local_reference, policing_area, neighbourhood, date_of_birth, in_custody) values ($1, $2, 'North', 'Town', '1990-01-01', false)`, [p.pncId, `NOM-GRW-${p.crn}`]);
      await sql.query(`insert into police_offence (pnc_id, committed_on, crime_type, outcome) values ($1, '2025-03-01', 'BURGLARY_RESIDENTIAL', 'CHARGE'), ($1, '2025-10-01', 'SHOPLIFTING', 'CAUTION')`, [p.pncId]);
    }
  });
  await withSql(urls.housing, async (sql) => {
    for (const p of people) {
      await sql.query(`insert into housing_client (housing_reference, local_authority_code, local_authority_name) values ($1, 'LIN', 'Lincoln')`, [p.housingReference]);
      await sql.query(`insert into accommodation_period (housing_reference, status, start_date, end_date) values ($1, 'IN_CUSTODY', '2025-08-01', '2025-08-20')`, [p.housingReference]);
    }
  });
  await withSql(urls.probation, async (sql) => {
    for (const p of people) {
      await sql.query(`insert into probation_case (crn, pnc_id, delivery_unit) values ($1, $2, 'North')`, [p.crn, p.pncId]);
      const order = await sql.query<{ id: string }>(
        `insert into probation_order (id, crn, type, started_on, expected_end_on, practitioner, team) values (gen_random_uuid(), $1, 'COMMUNITY_ORDER', '2025-02-01', '2026-11-01', 'Test', 'North') returning id`,
        [p.crn],
      );
      // A DRR completed in financial year 2025, so DRR/ATR has starts, completions and a six-month follow-up to count.
      await sql.query(`insert into probation_requirement (crn, order_id, type, status, started_on, ended_on) values ($1, $2, 'DRUG_REHABILITATION', 'COMPLETED', '2025-07-01', '2025-09-01')`, [p.crn, order.rows[0].id]);
      await sql.query(`insert into probation_risk_assessment (crn, assessed_on, risk_of_serious_harm, reoffending_predictor_percentage) values ($1, '2025-06-01', 'MEDIUM', 70), ($1, '2026-03-01', 'MEDIUM', 60)`, [p.crn]);
    }
  });
  await withSql(urls.iom, async (sql) => {
    for (const p of people) {
      await sql.query(
        `insert into iom_case (person_id, cohort_code, status, sex, age_at_referral, source_agency, referral_reason, referred_on, neighbourhood_crime, domestic_abuse_perpetrator, decided_on, adopted_on, case_basis, lead_agency)
         values ($1, 'FIXED', 'ADOPTED', 'MALE', 30, 'POLICE', 'test', $2::date - 20, false, false, $2::date - 10, $2::date, 'STATUTORY', 'POLICE')`,
        [p.hubId, START],
      );
    }
  });
}

interface Work {
  statements: Record<string, number>;
  /** IOM's calls to the partners, by service and operation name. */
  partnerCalls: Record<string, number>;
  answer: unknown;
}

describe('the outcome measures do no more work for a larger cohort', () => {
  let hub: RunningHub;
  let urls: Record<string, string>;
  let analyst: Record<string, string>;
  beforeAll(async () => {
    urls = await ownDatabases('measure_growth', { empty: ['people', 'police', 'probation', 'housing', 'iom'] });
    await withSql(urls.iom, (sql) => sql.query(`insert into iom_cohort (code, name, strand, entry_criteria, capacity, requires_neighbourhood_crime, requires_domestic_abuse, display_order) values ('FIXED', 'FIXED', 'FIXED', 'test', 500, false, false, 0)`));
    hub = await startTestHub({ databaseUrls: urls });
    analyst = await as('analyst', { purpose: 'analysis' });
    // Five empty databases migrated: slower than the default minute on a busy machine.
  }, 180_000);
  afterAll(() => hub?.stop());

  const work = async (query: string): Promise<Work> => {
    const ask = async () => {
      const response = await postGraphQL(hub.gatewayUrl, query, {}, analyst);
      expect(response.errors).toBeUndefined();
      return response.data;
    };
    // Once unmeasured, so caches that live across requests (row membership, verified tokens) are as warm for both sizes.
    await ask();
    let measured: { result: unknown; calls: Record<string, number> } | undefined;
    const statements = await countSqlStatements(hub, async () => {
      measured = await watchPartnerCalls(hub, ask);
    });
    return { statements, partnerCalls: measured!.calls, answer: measured!.result };
  };

  it('runs the same SQL statements and partner calls for 10 people as for 40', async () => {
    await addPeople(urls, 10);
    const small: Record<string, Work> = {};
    for (const [name, query] of Object.entries(MEASURES)) small[name] = await work(query);
    await addPeople(urls, 30);
    for (const [name, query] of Object.entries(MEASURES)) {
      const large = await work(query);
      // The answers differ (the cohort grew), so the second read was not served from anything kept.
      expect({ name, answer: large.answer }).not.toEqual({ name, answer: small[name].answer });
      expect({ name, statements: large.statements, partnerCalls: large.partnerCalls }).toEqual({ name, statements: small[name].statements, partnerCalls: small[name].partnerCalls });
      // At most one call to each partner operation, whatever the cohort's size.
      for (const calls of Object.values(large.partnerCalls)) expect({ name, calls }).toEqual({ name, calls: 1 });
    }
    // The watcher sees the calls it compares: the IOM cohort's measure asks the index, housing and police once each.
    expect(small['reoffending, IOM cohort'].partnerCalls).toEqual({ 'people CohortKeys': 1, 'housing CustodySpells': 1, 'police CountOffences': 1 });
  }, 180_000);

  it('grew the cohort it measured: 40 people on IOM and on statutory supervision', async () => {
    const response = await postGraphQL<{ iomMeasures: { iom: { cohortSize: number }; supervised: { cohortSize: number } } }>(
      hub.gatewayUrl,
      '{ iomMeasures { iom: reoffending { cohortSize } supervised: reoffending(population: STATUTORY_SUPERVISION) { cohortSize } } }',
      {},
      analyst,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.iomMeasures).toEqual({ iom: { cohortSize: 40 }, supervised: { cohortSize: 40 } });
  });
});
