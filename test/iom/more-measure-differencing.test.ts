import type { RunningHub } from '../../runtime/hub';
import { as, postGraphQL, startTestHub } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { watchPartnerCalls } from '../support/partner-calls';
import { withSql } from '../support/sql';

/**
 * Differencing between answers for referrals by agency, DRR/ATR per financial year and the
 * partner-wide after-release measures (`releaseHousingPerformance`, `continuityOfCarePerformance`),
 * and the after-release series reading each partner once, on a hand-built partnership in databases
 * of this file's own (today is 30 June 2026).
 *
 * Referrals (IOM cases; each accepted and adopted on its decision day):
 *   A 10 by police, referred 10 January 2026, accepted 20 January;
 *   B  3 by police, referred 10 February, accepted 20 February;
 *   C  6 by police, referred 10 March, accepted 20 March;
 *   D  2 by police, referred 25 March, accepted 5 April;
 *   E  7 by probation, referred 10 April: five accepted 20 April, two 10 May.
 * Released people (H), referred by housing on 1 November 2025 and adopted 1 December 2025, each
 * with a housing reference and a treatment client id the person index links:
 *   H1 10 released 15 January 2026 (housing) and 10 January (treatment: community treatment from 20 January, day 10);
 *   H2  3 released 15 February and 10 February (treatment from 15 February);
 *   H3  6 released 15 March and 10 March (treatment from 15 March).
 * Each goes to temporary accommodation on release: accommodated, not settled; three months on each
 * is counted (all out of custody by 30 June) and none is settled.
 * DRRs (probation, financial year 2026 = April 2026 to March 2027, counted to `asOf`): S1 10
 * started 10 April 2026, S2 3 started 10 May, S3 6 started 10 June; all still active. And DRRs
 * completed in financial year 2025, all started 10 January 2025 (the year before), on cases with
 * no PNC ID (so none is followed up): C1 10 completed 10 May 2025, C2 3 on 10 June, C3 6 on 10 July.
 */
const NEAR = 'NEAR_EARLIER_ANSWER';

interface ReferralGroup {
  name: string;
  size: number;
  agency: string;
  referredOn: string;
  decidedOn: (i: number) => string;
}

const REFERRALS: ReferralGroup[] = [
  { name: 'A', size: 10, agency: 'POLICE', referredOn: '2026-01-10', decidedOn: () => '2026-01-20' },
  { name: 'B', size: 3, agency: 'POLICE', referredOn: '2026-02-10', decidedOn: () => '2026-02-20' },
  { name: 'C', size: 6, agency: 'POLICE', referredOn: '2026-03-10', decidedOn: () => '2026-03-20' },
  { name: 'D', size: 2, agency: 'POLICE', referredOn: '2026-03-25', decidedOn: () => '2026-04-05' },
  { name: 'E', size: 7, agency: 'PROBATION', referredOn: '2026-04-10', decidedOn: (i) => (i < 5 ? '2026-04-20' : '2026-05-10') },
];

const RELEASED = [
  { name: 'H1', size: 10, housingRelease: '2026-01-15', treatmentRelease: '2026-01-10', episode: '2026-01-20' },
  { name: 'H2', size: 3, housingRelease: '2026-02-15', treatmentRelease: '2026-02-10', episode: '2026-02-15' },
  { name: 'H3', size: 6, housingRelease: '2026-03-15', treatmentRelease: '2026-03-10', episode: '2026-03-15' },
];

const DRR_STARTS = [
  { name: 'S1', size: 10, startedOn: '2026-04-10' },
  { name: 'S2', size: 3, startedOn: '2026-05-10' },
  { name: 'S3', size: 6, startedOn: '2026-06-10' },
];

const DRR_COMPLETIONS = [
  { name: 'C1', size: 10, completedOn: '2025-05-10' },
  { name: 'C2', size: 3, completedOn: '2025-06-10' },
  { name: 'C3', size: 6, completedOn: '2025-07-10' },
];

const referred = (...names: string[]) => REFERRALS.filter((g) => names.includes(g.name)).reduce((sum, g) => sum + g.size, 0);
const released = (...names: string[]) => RELEASED.filter((g) => names.includes(g.name)).reduce((sum, g) => sum + g.size, 0);
const started = (...names: string[]) => DRR_STARTS.filter((g) => names.includes(g.name)).reduce((sum, g) => sum + g.size, 0);
const completed = (...names: string[]) => DRR_COMPLETIONS.filter((g) => names.includes(g.name)).reduce((sum, g) => sum + g.size, 0);

const hubId = (serial: number) => `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`;

async function buildPartnership(urls: Record<string, string>): Promise<void> {
  const people = RELEASED.flatMap((group, g) =>
    Array.from({ length: group.size }, (_, i) => {
      const serial = 9100 + g * 20 + i;
      return { group, hubId: hubId(serial), housingReference: `HOU-LIN-${700000 + serial}`, treatmentClientId: `TC${70000000 + serial}` };
    }),
  );
  await withSql(urls.people, async (sql) => {
    for (const p of people) {
      await sql.query(`insert into person (id, given_name, family_name, date_of_birth, sex) values ($1, 'Test', 'Person', '1995-01-01', 'MALE')`, [p.hubId]);
      await sql.query(`insert into person_identifier (person_id, type, value, source_agency, link_method) values ($1, 'HOUSING_REFERENCE', $2, 'HOUSING', 'EXACT')`, [p.hubId, p.housingReference]);
      await sql.query(`insert into person_identifier (person_id, type, value, source_agency, link_method) values ($1, 'TREATMENT_CLIENT_ID', $2, 'SUBSTANCE_MISUSE', 'EXACT')`, [p.hubId, p.treatmentClientId]);
    }
  });
  await withSql(urls.housing, async (sql) => {
    for (const p of people) {
      await sql.query(`insert into housing_client (housing_reference, local_authority_code, local_authority_name) values ($1, 'E07000138', 'Lincoln')`, [p.housingReference]);
      await sql.query(`insert into accommodation_period (housing_reference, status, start_date, end_date) values ($1, 'IN_CUSTODY', '2025-10-01', $2)`, [p.housingReference, p.group.housingRelease]);
      await sql.query(`insert into accommodation_period (housing_reference, status, start_date, end_date) values ($1, 'TEMPORARY', $2, null)`, [p.housingReference, p.group.housingRelease]);
    }
  });
  await withSql(urls['substance-misuse'], async (sql) => {
    for (const p of people) {
      await sql.query(`insert into treatment_custody_release (treatment_client_id, release_date) values ($1, $2)`, [p.treatmentClientId, p.group.treatmentRelease]);
      await sql.query(
        `insert into treatment_episode (treatment_client_id, provider, referral_route, start_date, appointments_kept, appointments_missed, last_contact_date, substances)
         values ($1, 'Test provider', 'CUSTODY', $2, 1, 0, $2, '{OPIATES}')`,
        [p.treatmentClientId, p.group.episode],
      );
    }
  });
  await withSql(urls.probation, async (sql) => {
    let serial = 0;
    const requirement = async (status: string, startedOn: string, endedOn: string | null) => {
      const crn = `X${String(710000 + ++serial)}`;
      await sql.query(`insert into probation_case (crn, pnc_id, delivery_unit) values ($1, null, 'North')`, [crn]);
      const order = await sql.query<{ id: string }>(
        `insert into probation_order (id, crn, type, started_on, expected_end_on, practitioner, team) values (gen_random_uuid(), $1, 'COMMUNITY_ORDER', $2, '2027-04-01', 'Test', 'North') returning id`,
        [crn, startedOn],
      );
      await sql.query(`insert into probation_requirement (crn, order_id, type, status, started_on, ended_on) values ($1, $2, 'DRUG_REHABILITATION', $3, $4, $5)`, [crn, order.rows[0].id, status, startedOn, endedOn]);
    };
    for (const group of DRR_STARTS) for (let i = 0; i < group.size; i++) await requirement('ACTIVE', group.startedOn, null);
    for (const group of DRR_COMPLETIONS) for (let i = 0; i < group.size; i++) await requirement('COMPLETED', '2025-01-10', group.completedOn);
  });
  await withSql(urls.iom, async (sql) => {
    await sql.query(`insert into iom_cohort (code, name, strand, entry_criteria, capacity, requires_neighbourhood_crime, requires_domestic_abuse, display_order) values ('FIXED', 'FIXED', 'FIXED', 'test', 90, false, false, 0)`);
    const insertCase = (person: string, agency: string, referredOn: string, decidedOn: string) =>
      sql.query(
        `insert into iom_case (person_id, cohort_code, status, sex, age_at_referral, source_agency, referral_reason, referred_on, neighbourhood_crime, domestic_abuse_perpetrator, decided_on, adopted_on, case_basis, lead_agency)
         values ($1, 'FIXED', 'ADOPTED', 'MALE', 30, $2, 'test', $3, false, false, $4, $4, 'STATUTORY', 'POLICE')`,
        [person, agency, referredOn, decidedOn],
      );
    for (const p of people) await insertCase(p.hubId, 'HOUSING', '2025-11-01', '2025-12-01');
    let serial = 0;
    for (const group of REFERRALS) for (let i = 0; i < group.size; i++) await insertCase(hubId(9500 + ++serial), group.agency, group.referredOn, group.decidedOn(i));
  });
}

interface ReferralRow {
  agency: string;
  referrals: number | null;
  accepted: number | null;
  declined: number | null;
  pending: number | null;
  acceptanceRate: number | null;
  suppressed: string[];
  withheldBecause: string | null;
}

const REFERRAL_FIELDS = '{ agency referrals accepted declined pending acceptanceRate suppressed withheldBecause }';
/** Every referral accepted by the day asked. */
const allAccepted = (agency: string, referrals: number): ReferralRow => ({ agency, referrals, accepted: referrals, declined: 0, pending: 0, acceptanceRate: 1, suppressed: [], withheldBecause: null });
const withheldReferrals = (agency: string): ReferralRow => ({
  agency, referrals: null, accepted: null, declined: null, pending: null, acceptanceRate: null, suppressed: ['acceptanceRate', 'accepted', 'declined', 'pending', 'referrals'], withheldBecause: NEAR,
});

describe('differencing between answers for referrals, DRR/ATR and the partner-wide after-release measures', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    const urls = await ownDatabases('more_measure_differencing', { empty: ['people', 'probation', 'housing', 'substance-misuse', 'iom'] });
    await buildPartnership(urls);
    hub = await startTestHub({ databaseUrls: urls });
  }, 180_000);
  afterAll(() => hub?.stop());

  const ask = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await postGraphQL<T>(hub.gatewayUrl, query, variables, await as('analyst', { purpose: 'analysis' }));
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const referrals = async (from: string, to: string, asOf: string | null = null) =>
    (await ask<{ iomMeasures: { referralsByAgency: ReferralRow[] } }>(`query($asOf: LocalDate, $from: LocalDate, $to: LocalDate) { iomMeasures(asOf: $asOf) { referralsByAgency(from: $from, to: $to) ${REFERRAL_FIELDS} } }`, { asOf, from, to }))
      .iomMeasures.referralsByAgency;

  it('referrals by agency: answers January, withholds January–February (three more), answers January–March (eleven more) and January again', async () => {
    expect(await referrals('2026-01-01', '2026-01-31')).toEqual([allAccepted('POLICE', referred('A'))]);
    expect(await referrals('2026-01-01', '2026-02-28')).toEqual([withheldReferrals('POLICE')]);
    expect(await referrals('2026-01-01', '2026-03-31')).toEqual([allAccepted('POLICE', referred('A', 'B', 'C', 'D'))]);
    expect(await referrals('2026-01-01', '2026-01-31')).toEqual([allAccepted('POLICE', referred('A'))]);
  });

  it('referrals by agency: the same referrals on a later day, two more accepted since, are withheld', async () => {
    // April as of 30 April: E's seven, five accepted and two pending; the two pending are
    // suppressed, and the accepted with them (the only other part above zero).
    expect(await referrals('2026-04-01', '2026-04-30', '2026-04-30')).toEqual([
      { agency: 'PROBATION', referrals: referred('E'), accepted: null, declined: 0, pending: null, acceptanceRate: null, suppressed: ['acceptanceRate', 'accepted', 'pending'], withheldBecause: null },
    ]);
    // As of 31 May the same seven are all accepted: seven accepted against five, two apart.
    expect(await referrals('2026-04-01', '2026-04-30', '2026-05-31')).toEqual([withheldReferrals('PROBATION')]);
  });

  it("referrals' series: each point is compared with the single answers and read by one statement", async () => {
    const iom = Object.values(hub.subgraphs).find((subgraph) => subgraph.name === 'iom')!;
    iom.sqlCounter.reset();
    const series = (
      await ask<{ iomMeasures: { referralsSeries: { periodStart: string; byAgency: ReferralRow[] }[] } }>(
        `query { iomMeasures { referralsSeries(from: "2026-01-01", to: "2026-04-30", interval: MONTH) { periodStart byAgency ${REFERRAL_FIELDS} } } }`,
      )
    ).iomMeasures.referralsSeries;
    expect(series).toEqual([
      // January: A, the single answer's ten.
      { periodStart: '2026-01-01', byAgency: [allAccepted('POLICE', referred('A'))] },
      // February: B's three, a small count: suppressed within the row, not withheld.
      {
        periodStart: '2026-02-01',
        byAgency: [{ agency: 'POLICE', referrals: null, accepted: null, declined: null, pending: null, acceptanceRate: null, suppressed: ['acceptanceRate', 'accepted', 'declined', 'pending', 'referrals'], withheldBecause: null }],
      },
      // March: C and D, eight, far from every earlier police set (ten, twenty-one).
      { periodStart: '2026-03-01', byAgency: [allAccepted('POLICE', referred('C', 'D'))] },
      // April: E's seven accepted as of today, two from the five accepted answered for 30 April.
      { periodStart: '2026-04-01', byAgency: [withheldReferrals('PROBATION')] },
    ]);
    expect(iom.sqlCounter.lastStatements.filter((sql) => sql.includes('join iom_case c on c.referred_on'))).toHaveLength(1);
  });

  interface TreatmentRow {
    requirementType: string;
    starts: number | null;
    completions: number | null;
    suppressed: string[];
    withheldBecause: string | null;
  }
  const treatment = async (asOf: string, financialYear = 2026) =>
    (await ask<{ iomMeasures: { treatmentRequirements: TreatmentRow[] } }>(
      `query($asOf: LocalDate, $year: Int!) { iomMeasures(asOf: $asOf) { treatmentRequirements(financialYear: $year) { requirementType starts completions suppressed withheldBecause } } }`,
      { asOf, year: financialYear },
    )).iomMeasures.treatmentRequirements;
  const answeredYear = (drrStarts: number, drrCompletions = 0): TreatmentRow[] => [
    { requirementType: 'DRUG_REHABILITATION', starts: drrStarts, completions: drrCompletions, suppressed: [], withheldBecause: null },
    { requirementType: 'ALCOHOL_TREATMENT', starts: 0, completions: 0, suppressed: [], withheldBecause: null },
  ];
  const withheldYear: TreatmentRow[] = ['DRUG_REHABILITATION', 'ALCOHOL_TREATMENT'].map((requirementType) => ({
    requirementType,
    starts: null,
    completions: null,
    suppressed: ['completions', 'completionsTargetMet', 'followedUp', 'notReoffending', 'notReoffendingPercent', 'starts', 'startsTargetMet'],
    withheldBecause: NEAR,
  }));

  it('DRR/ATR: the year to 30 April is answered, to 31 May (three more starts) withheld whole, to 30 June (nine more) answered', async () => {
    expect(await treatment('2026-04-30')).toEqual(answeredYear(started('S1')));
    expect(await treatment('2026-05-31')).toEqual(withheldYear);
    expect(await treatment('2026-06-30')).toEqual(answeredYear(started('S1', 'S2', 'S3')));
    expect(await treatment('2026-04-30')).toEqual(answeredYear(started('S1')));
  });

  it('DRR/ATR: completions are compared too (2025 to 31 May answered, to 30 June withheld, to 31 July answered)', async () => {
    expect(await treatment('2025-05-31', 2025)).toEqual(answeredYear(0, completed('C1')));
    expect(await treatment('2025-06-30', 2025)).toEqual(withheldYear);
    expect(await treatment('2025-07-31', 2025)).toEqual(answeredYear(0, completed('C1', 'C2', 'C3')));
  });

  const RATE = '{ releasesCounted met rate suppressed }';
  /** Everyone released was accommodated on release and none settled, each counted three months on. */
  const housed = (from: string, to: string, releases: number) => ({
    from, to, accommodatedOnRelease: { releasesCounted: releases, met: releases, rate: 1, suppressed: [] }, settledThreeMonthsAfter: { releasesCounted: releases, met: 0, rate: 0, suppressed: [] }, withheldBecause: null,
  });
  const smallRate = { releasesCounted: null, met: null, rate: null, suppressed: ['met', 'rate', 'releasesCounted'] };

  it("the after-release series: one read of the index and of each partner whatever the number of points, each point the single answer's", async () => {
    const HOUSING_SERIES = (interval: string) =>
      `query { iomMeasures { releaseHousingSeries(from: "2026-01-01", to: "2026-03-31", interval: ${interval}) { periodStart measure { from to accommodatedOnRelease ${RATE} settledThreeMonthsAfter ${RATE} withheldBecause } } } }`;
    const monthly = await watchPartnerCalls(hub, () => ask<{ iomMeasures: { releaseHousingSeries: { periodStart: string; measure: unknown }[] } }>(HOUSING_SERIES('MONTH')));
    expect(monthly.calls).toEqual({ 'people CohortKeys': 1, 'housing ReleaseHousing': 1 });
    expect(monthly.result.iomMeasures.releaseHousingSeries).toEqual([
      { periodStart: '2026-01-01', measure: housed('2026-01-01', '2026-01-31', released('H1')) },
      // H2's three: suppressed within the answer, not withheld.
      { periodStart: '2026-02-01', measure: { from: '2026-02-01', to: '2026-02-28', accommodatedOnRelease: smallRate, settledThreeMonthsAfter: smallRate, withheldBecause: null } },
      { periodStart: '2026-03-01', measure: housed('2026-03-01', '2026-03-31', released('H3')) },
    ]);
    const quarterly = await watchPartnerCalls(hub, () => ask<{ iomMeasures: { releaseHousingSeries: { measure: unknown }[] } }>(HOUSING_SERIES('QUARTER')));
    expect(quarterly.calls).toEqual(monthly.calls);
    expect(quarterly.result.iomMeasures.releaseHousingSeries).toEqual([{ periodStart: '2026-01-01', measure: housed('2026-01-01', '2026-03-31', released('H1', 'H2', 'H3')) }]);

    const CONTINUITY = '{ from to releases engagedWithin21Days stillWithin21Days rate suppressed withheldBecause }';
    const continuity = await watchPartnerCalls(hub, () =>
      ask<{ iomMeasures: { continuityOfCareSeries: { measure: unknown }[] } }>(`query { iomMeasures { continuityOfCareSeries(from: "2026-01-01", to: "2026-03-31", interval: MONTH) { measure ${CONTINUITY} } } }`),
    );
    expect(continuity.calls).toEqual({ 'people CohortKeys': 1, 'substance-misuse Continuity': 1 });
    const engaged = (from: string, to: string, releases: number) => ({ from, to, releases, engagedWithin21Days: releases, stillWithin21Days: 0, rate: 1, suppressed: [], withheldBecause: null });
    expect(continuity.result.iomMeasures.continuityOfCareSeries).toEqual([
      { measure: engaged('2026-01-01', '2026-01-31', released('H1')) },
      {
        measure: { from: '2026-02-01', to: '2026-02-28', releases: null, engagedWithin21Days: null, stillWithin21Days: null, rate: null, suppressed: ['engagedWithin21Days', 'rate', 'releases', 'stillWithin21Days'], withheldBecause: null },
      },
      { measure: engaged('2026-03-01', '2026-03-31', released('H3')) },
    ]);
  });

  interface HousingMeasure {
    measure: string;
    releasesCounted: number | null;
    met: number | null;
    rate: number | null;
  }
  const performance = async (from: string, to: string) =>
    (await ask<{ releaseHousingPerformance: { from: string; to: string; measures: HousingMeasure[]; withheldBecause: string | null } }>(
      `query($from: LocalDate, $to: LocalDate) { releaseHousingPerformance(from: $from, to: $to) { from to measures { measure releasesCounted met rate } withheldBecause } }`,
      { from, to },
    )).releaseHousingPerformance;
  const partnerHoused = (from: string, to: string, releases: number) => ({
    from, to, withheldBecause: null,
    measures: [
      { measure: 'ACCOMMODATED_ON_RELEASE', releasesCounted: releases, met: releases, rate: 1 },
      { measure: 'SETTLED_THREE_MONTHS_AFTER_RELEASE', releasesCounted: releases, met: 0, rate: 0 },
    ],
  });

  it("housing's partner-wide release measures: answers January, withholds January–February (three releases more), answers January–March and February–March", async () => {
    expect(await performance('2026-01-01', '2026-01-31')).toEqual(partnerHoused('2026-01-01', '2026-01-31', released('H1')));
    expect(await performance('2026-01-01', '2026-02-28')).toEqual({
      from: '2026-01-01', to: '2026-02-28', withheldBecause: NEAR,
      measures: ['ACCOMMODATED_ON_RELEASE', 'SETTLED_THREE_MONTHS_AFTER_RELEASE'].map((measure) => ({ measure, releasesCounted: null, met: null, rate: null })),
    });
    expect(await performance('2026-01-01', '2026-03-31')).toEqual(partnerHoused('2026-01-01', '2026-03-31', released('H1', 'H2', 'H3')));
    // H2 and H3 (nine): ten from January–March, nineteen from January.
    expect(await performance('2026-02-01', '2026-03-31')).toEqual(partnerHoused('2026-02-01', '2026-03-31', released('H2', 'H3')));
  });

  it("the provider's partner-wide continuity of care: answers January, withholds January–February, answers January–March and January again", async () => {
    const continuity = async (from: string, to: string) =>
      (await ask<{ continuityOfCarePerformance: unknown }>(
        `query($from: LocalDate, $to: LocalDate) { continuityOfCarePerformance(from: $from, to: $to) { from to releases engagedWithin21Days stillWithin21Days rate suppressed withheldBecause } }`,
        { from, to },
      )).continuityOfCarePerformance;
    const engaged = (from: string, to: string, releases: number) => ({ from, to, releases, engagedWithin21Days: releases, stillWithin21Days: 0, rate: 1, suppressed: [], withheldBecause: null });
    expect(await continuity('2026-01-01', '2026-01-31')).toEqual(engaged('2026-01-01', '2026-01-31', released('H1')));
    expect(await continuity('2026-01-01', '2026-02-28')).toEqual({
      from: '2026-01-01', to: '2026-02-28', releases: null, engagedWithin21Days: null, stillWithin21Days: null, rate: null, suppressed: ['engagedWithin21Days', 'rate', 'releases', 'stillWithin21Days'], withheldBecause: NEAR,
    });
    expect(await continuity('2026-01-01', '2026-03-31')).toEqual(engaged('2026-01-01', '2026-03-31', released('H1', 'H2', 'H3')));
    expect(await continuity('2026-01-01', '2026-01-31')).toEqual(engaged('2026-01-01', '2026-01-31', released('H1')));
  });
});
