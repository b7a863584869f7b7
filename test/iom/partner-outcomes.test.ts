import type { RunningHub } from '../../runtime/hub';
import { databaseUrlsFor, prepareDatabases } from '../../runtime/databases';
import { SUBGRAPHS } from '../../subgraphs';
import { makeIdentifier } from '../../synthetic/identifiers';
import { as, postGraphQL, startTestHub } from '../support/hub';
import { withSql } from '../support/sql';

/**
 * DRR/ATR against targets, the reoffending predictor's trend, the cost of crime and positive
 * outcomes on a hand-built partnership in databases of its own. Everyone on IOM was adopted on
 * 1 July 2025; today is 30 June 2026. The expected figures are worked out in the comments from
 * the README's definitions.
 */
const START = '2025-07-01';

interface Group {
  name: string;
  size: number;
  sex: 'MALE' | 'FEMALE';
  age: number;
  onIom: boolean;
  crn: boolean;
  offences: { on: string; type: string; outcome: string | null }[];
  assessments: { on: string; predictor: number }[];
  requirements: { type: 'DRUG_REHABILITATION' | 'ALCOHOL_TREATMENT'; status: string; startedOn: string; endedOn: string | null }[];
}

const GROUPS: Group[] = [
  {
    name: 'P1: predictor 80 → 70 (fell); a DRR completed in November 2025, no offence in the six months after',
    size: 5, sex: 'MALE', age: 30, onIom: true, crn: true,
    offences: [
      { on: '2023-08-01', type: 'ROBBERY_PERSONAL', outcome: 'CHARGE' }, // two years before entry, not the 12 months before
      { on: '2024-09-01', type: 'BURGLARY_RESIDENTIAL', outcome: 'CHARGE' }, // the 12 months before: £5,930
      { on: '2025-03-01', type: 'SHOPLIFTING', outcome: 'CAUTION' }, // the 12 months before: no unit cost
      { on: '2025-10-01', type: 'THEFT_FROM_MOTOR_VEHICLE', outcome: 'NO_FURTHER_ACTION' }, // after: £870, not detected
    ],
    assessments: [{ on: '2025-06-01', predictor: 80 }, { on: '2026-03-01', predictor: 70 }],
    requirements: [{ type: 'DRUG_REHABILITATION', status: 'COMPLETED', startedOn: '2025-05-01', endedOn: '2025-11-30' }],
  },
  {
    name: 'P2: aged 20; predictor 60 → 75 (rose; an older 90 is not the baseline); a DRR completed in December 2025, then a charge in February',
    size: 5, sex: 'MALE', age: 20, onIom: true, crn: true,
    offences: [{ on: '2026-02-01', type: 'SHOPLIFTING', outcome: 'CHARGE' }],
    assessments: [{ on: '2024-01-01', predictor: 90 }, { on: '2025-06-01', predictor: 60 }, { on: '2026-03-01', predictor: 75 }],
    requirements: [{ type: 'DRUG_REHABILITATION', status: 'COMPLETED', startedOn: '2025-06-01', endedOn: '2025-12-15' }],
  },
  {
    name: 'P3: first assessed 45 days after adoption (70), then 50 (fell); a DRR completed in March 2026: six months not yet over',
    size: 5, sex: 'MALE', age: 40, onIom: true, crn: true, offences: [],
    assessments: [{ on: '2025-08-15', predictor: 70 }, { on: '2026-02-01', predictor: 50 }],
    requirements: [{ type: 'DRUG_REHABILITATION', status: 'COMPLETED', startedOn: '2025-04-10', endedOn: '2026-03-20' }],
  },
  {
    name: 'P4: one assessment before adoption, none since (not reassessed); an ATR started in September 2025, still active',
    size: 5, sex: 'MALE', age: 40, onIom: true, crn: true, offences: [],
    assessments: [{ on: '2025-06-01', predictor: 65 }],
    requirements: [{ type: 'ALCOHOL_TREATMENT', status: 'ACTIVE', startedOn: '2025-09-01', endedOn: null }],
  },
  {
    name: 'P5: first assessed 123 days after adoption (no baseline); an ATR started in 2024 and completed on 1 June 2025',
    size: 5, sex: 'MALE', age: 55, onIom: true, crn: true, offences: [],
    assessments: [{ on: '2025-11-01', predictor: 70 }, { on: '2026-01-01', predictor: 60 }],
    requirements: [{ type: 'ALCOHOL_TREATMENT', status: 'COMPLETED', startedOn: '2024-12-01', endedOn: '2025-06-01' }],
  },
  { name: 'P6: no probation record (no baseline)', size: 5, sex: 'MALE', age: 30, onIom: true, crn: false, offences: [], assessments: [], requirements: [] },
  {
    name: 'P7: three women, predictor 70 → 60 (fell); an ATR started in July 2025 and breached',
    size: 3, sex: 'FEMALE', age: 30, onIom: true, crn: true, offences: [],
    assessments: [{ on: '2025-06-01', predictor: 70 }, { on: '2026-01-01', predictor: 60 }],
    requirements: [{ type: 'ALCOHOL_TREATMENT', status: 'BREACHED', startedOn: '2025-07-01', endedOn: '2025-09-01' }],
  },
  {
    name: 'Q: not on IOM; a DRR started in May 2025, still active',
    size: 5, sex: 'MALE', age: 30, onIom: false, crn: true, offences: [], assessments: [],
    requirements: [{ type: 'DRUG_REHABILITATION', status: 'ACTIVE', startedOn: '2025-05-01', endedOn: null }],
  },
];

interface Built {
  keys: string[];
}

async function buildPartnership(urls: Record<string, string>): Promise<Built> {
  const people = GROUPS.flatMap((group, g) =>
    Array.from({ length: group.size }, (_, i) => {
      const serial = g * 10 + i + 1;
      return {
        group,
        hubId: `00000000-0000-4000-8000-${String(5000 + serial).padStart(12, '0')}`,
        pncId: makeIdentifier.pncId(2016, 5200 + serial),
        crn: group.crn ? `P${String(700000 + serial)}` : null,
      };
    }),
  );
  await withSql(urls.people, async (sql) => {
    for (const p of people) {
      await sql.query(`insert into person (id, given_name, family_name, date_of_birth, sex) values ($1, 'Test', 'Person', '1990-01-01', $2)`, [p.hubId, p.group.sex]);
      await sql.query(`insert into person_identifier (person_id, type, value, source_agency, link_method) values ($1, 'PNC_ID', $2, 'POLICE', 'EXACT')`, [p.hubId, p.pncId]);
      if (p.crn) await sql.query(`insert into person_identifier (person_id, type, value, source_agency, link_method) values ($1, 'CRN', $2, 'PROBATION', 'EXACT')`, [p.hubId, p.crn]);
    }
  });
  await withSql(urls.police, async (sql) => {
    for (const [i, p] of people.entries()) {
      await sql.query(`insert into police_nominal (pnc_id, local_reference, policing_area, neighbourhood, date_of_birth, in_custody) values ($1, $2, 'North', 'Town', '1990-01-01', false)`, [p.pncId, `NOM-TST-${i}`]);
      for (const offence of p.group.offences) await sql.query(`insert into police_offence (pnc_id, committed_on, crime_type, outcome) values ($1, $2, $3, $4)`, [p.pncId, offence.on, offence.type, offence.outcome]);
    }
  });
  await withSql(urls.probation, async (sql) => {
    for (const p of people.filter((p) => p.crn)) {
      await sql.query(`insert into probation_case (crn, pnc_id, delivery_unit) values ($1, $2, 'North')`, [p.crn, p.pncId]);
      const order = await sql.query(`insert into probation_order (id, crn, type, started_on, expected_end_on, practitioner, team) values (gen_random_uuid(), $1, 'COMMUNITY_ORDER', '2024-11-01', '2026-11-01', 'Test', 'North') returning id`, [p.crn]);
      for (const r of p.group.requirements) {
        await sql.query(`insert into probation_requirement (crn, order_id, type, status, started_on, ended_on) values ($1, $2, $3, $4, $5, $6)`, [p.crn, order.rows[0].id, r.type, r.status, r.startedOn, r.endedOn]);
      }
      for (const a of p.group.assessments) await sql.query(`insert into probation_risk_assessment (crn, assessed_on, risk_of_serious_harm, reoffending_predictor_percentage) values ($1, $2, 'MEDIUM', $3)`, [p.crn, a.on, a.predictor]);
    }
  });
  await withSql(urls.iom, async (sql) => {
    await sql.query(`insert into iom_cohort (code, name, strand, entry_criteria, capacity, requires_neighbourhood_crime, requires_domestic_abuse, display_order) values ('FIXED', 'FIXED', 'FIXED', 'test', 60, false, false, 0)`);
    // Targets for 2025-26: DRR starts 12 (met by 15), completions 20 (missed by 15); ATR 28 and 16 (Havering's).
    await sql.query(`insert into iom_requirement_target (requirement_type, financial_year, starts_target, completions_target, source) values ('DRUG_REHABILITATION', 2025, 12, 20, 'test'), ('ALCOHOL_TREATMENT', 2025, 28, 16, 'test')`);
    for (const p of people.filter((p) => p.group.onIom)) {
      await sql.query(
        `insert into iom_case (person_id, cohort_code, status, sex, age_at_referral, source_agency, referral_reason, referred_on, neighbourhood_crime, domestic_abuse_perpetrator, decided_on, adopted_on, case_basis, lead_agency)
         values ($1, 'FIXED', 'ADOPTED', $2, $3, 'POLICE', 'test', $4::date - 20, false, false, $4::date - 10, $4::date, 'STATUTORY', 'POLICE')`,
        [p.hubId, p.group.sex, p.group.age, START],
      );
    }
  });
  return { keys: people.flatMap((p) => [p.hubId, p.pncId, ...(p.crn ? [p.crn] : [])]) };
}

const MEASURES = `query($filter: IomCohortFilter, $cohort: IomCohortFilter = {}, $year: Int!) { iomMeasures {
  treatmentRequirements(financialYear: $year) { ...Year }
  cohortRequirements: treatmentRequirements(financialYear: $year, filter: $cohort) { ...Year }
  reoffendingPredictorTrend(filter: $filter) { cohortSize noBaseline notReassessed reassessed fell rose unchanged fellPercent suppressed }
  costOfCrime(months: 12, filter: $filter) { months detectedOnly measurable offencesBefore offencesAfter uncostedOffencesBefore uncostedOffencesAfter costBefore costAfter reductionPercent
    byCategory { costCategory unitCostPounds offencesBefore offencesAfter costBefore costAfter } suppressed }
  detectedCost: costOfCrime(months: 12, detectedOnly: true, filter: $filter) { offencesBefore offencesAfter costBefore costAfter reductionPercent }
  positiveOutcomes(filter: $filter) { years cohortSize onEntry asOfDay change reductionPercent suppressed }
} }
fragment Year on IomTreatmentRequirementYear { requirementType financialYear periodStart countedThrough yearComplete starts startsTarget startsTargetMet
  completions completionsTarget completionsTargetMet followedUp notReoffending notReoffendingPercent suppressed }`;

type Answer = { iomMeasures: Record<string, unknown> & { treatmentRequirements: Record<string, unknown>[]; cohortRequirements: Record<string, unknown>[] } };

describe('the partner outcome measures on a hand-built partnership', () => {
  let hub: RunningHub;
  let built: Built;
  beforeAll(async () => {
    const server = process.env.HUB_TEST_SERVER_URL;
    if (!server) throw new Error('HUB_TEST_SERVER_URL is not set: run the tests with `npm test`.');
    const urls = databaseUrlsFor(SUBGRAPHS, server, 'hub_test_partner_outcomes');
    await prepareDatabases(SUBGRAPHS, urls, { reset: true });
    built = await buildPartnership(urls);
    hub = await startTestHub({ databaseUrls: urls });
  });
  afterAll(() => hub?.stop());

  const ask = async (variables: Record<string, unknown>, profile = 'analyst') =>
    postGraphQL<Answer>(hub.gatewayUrl, MEASURES, { year: 2025, ...variables }, await as(profile, profile === 'analyst' ? { purpose: 'analysis' } : {}));

  it('gives the figures the definitions give for the whole cohort', async () => {
    const response = await ask({});
    expect(response.errors).toBeUndefined();
    const measures = response.data!.iomMeasures;
    const year = { financialYear: 2025, periodStart: '2025-04-01', countedThrough: '2026-03-31', yearComplete: true };
    // DRR, everyone probation supervises: starts P1, P2, P3, Q (20; target 12: met); completions P1, P2, P3 (15; target 20: missed);
    // six months over for P1 (to 30 May 2026) and P2 (to 15 June 2026), not P3 (20 September): 10; no detected offence after: P1 (5).
    // ATR: starts P4 and P7 (8; P5's began in 2024); completions P5 (5), followed up and no offence (5).
    expect(measures.treatmentRequirements).toEqual([
      { requirementType: 'DRUG_REHABILITATION', ...year, starts: 20, startsTarget: 12, startsTargetMet: true, completions: 15, completionsTarget: 20, completionsTargetMet: false,
        followedUp: 10, notReoffending: 5, notReoffendingPercent: 50, suppressed: [] },
      { requirementType: 'ALCOHOL_TREATMENT', ...year, starts: 8, startsTarget: 28, startsTargetMet: false, completions: 5, completionsTarget: 16, completionsTargetMet: false,
        followedUp: 5, notReoffending: 5, notReoffendingPercent: 100, suppressed: [] },
    ]);
    // The IOM cohort alone leaves Q's five DRR starts out.
    expect(measures.cohortRequirements[0]).toMatchObject({ starts: 15, startsTargetMet: true, completions: 15 });
    // Predictor: fell P1, P3, P7 (13), rose P2 (5), not reassessed P4 (5), no baseline P5, P6 (10); 13 of 18 fell.
    expect(measures.reoffendingPredictorTrend).toEqual({ cohortSize: 33, noBaseline: 10, notReassessed: 5, reassessed: 18, fell: 13, rose: 5, unchanged: 0, fellPercent: 72.22, suppressed: [] });
    // Cost, 12 months each side of 1 July 2025, all recorded: before P1's burglaries 5 × £5,930 and 5 shoplifting (no unit cost);
    // after P1's thefts from vehicles 5 × £870 and P2's 5 shoplifting. (29,650 − 4,350) / 29,650 = 85.33%.
    expect(measures.costOfCrime).toEqual({
      months: 12, detectedOnly: false, measurable: 33, offencesBefore: 10, offencesAfter: 10, uncostedOffencesBefore: 5, uncostedOffencesAfter: 5,
      costBefore: 29650, costAfter: 4350, reductionPercent: 85.33,
      byCategory: [
        { costCategory: 'Domestic burglary', unitCostPounds: 5930, offencesBefore: 5, offencesAfter: 0, costBefore: 29650, costAfter: 0 },
        { costCategory: 'Theft from vehicle', unitCostPounds: 870, offencesBefore: 0, offencesAfter: 5, costBefore: 0, costAfter: 4350 },
      ],
      suppressed: [],
    });
    // Detected only: the theft from a vehicle had no further action; P2's shoplifting is detected but uncosted.
    expect(measures.detectedCost).toEqual({ offencesBefore: 10, offencesAfter: 5, costBefore: 29650, costAfter: 0, reductionPercent: 100 });
    // Positive outcomes: on entry (1 July 2023 – 30 June 2025) P1's robbery, burglary and caution: 15; in the two years to today
    // (1 July 2024 – 30 June 2026) P1's burglary and caution and P2's charge: 15.
    expect(measures.positiveOutcomes).toEqual({ years: 2, cohortSize: 33, onEntry: 15, asOfDay: 15, change: 0, reductionPercent: 0, suppressed: [] });
  });

  it('filters by age band and sex, and suppresses a group of three entirely', async () => {
    const young = (await ask({ filter: { ageBand: 'AGE_18_TO_24' } })).data!.iomMeasures;
    expect(young.reoffendingPredictorTrend).toMatchObject({ cohortSize: 5, reassessed: 5, fell: 0, rose: 5, fellPercent: 0 });
    expect(young.positiveOutcomes).toMatchObject({ cohortSize: 5, onEntry: 0, asOfDay: 5 });
    const women = await ask({ filter: { sex: 'FEMALE' }, cohort: { sex: 'FEMALE' } });
    expect(women.errors).toBeUndefined();
    const measures = women.data!.iomMeasures;
    expect(measures.reoffendingPredictorTrend).toMatchObject({ cohortSize: null, reassessed: null, fell: null, fellPercent: null });
    expect(measures.positiveOutcomes).toMatchObject({ cohortSize: null, onEntry: null, suppressed: ['asOfDay', 'change', 'cohortSize', 'onEntry', 'reductionPercent'] });
    expect(measures.costOfCrime).toMatchObject({ measurable: null, costBefore: null, byCategory: null });
    // P7's three ATR starts are suppressed, and whether the target was met with them.
    expect(measures.cohortRequirements[1]).toMatchObject({ starts: null, startsTargetMet: null, suppressed: ['starts', 'startsTargetMet'] });
    expect(measures.cohortRequirements[0]).toMatchObject({ starts: 0, completions: 0 });
  });

  it('withholds a filtered answer whole when the cohort minus it would be a small group (differencing)', async () => {
    // Thirty men are not small, but everyone minus the men is P7's three women.
    const men = await ask({ filter: { sex: 'MALE' } });
    expect(men.errors).toBeUndefined();
    const measures = men.data!.iomMeasures;
    expect(measures.reoffendingPredictorTrend).toMatchObject({ cohortSize: null, reassessed: null, fell: null, fellPercent: null });
    expect((measures.reoffendingPredictorTrend as { suppressed: string[] }).suppressed).toContain('cohortSize');
    expect(measures.positiveOutcomes).toMatchObject({ cohortSize: null, onEntry: null, asOfDay: null });
    expect(measures.costOfCrime).toMatchObject({ measurable: null, costBefore: null, byCategory: null });
    const reoffending = await postGraphQL<{ iomMeasures: { reoffending: Record<string, unknown> & { detected: Record<string, unknown> } } }>(
      hub.gatewayUrl, `query { iomMeasures { reoffending(filter: { sex: MALE }) { cohortSize measurable suppressed detected { offencesBefore suppressed } } } }`, {}, await as('analyst', { purpose: 'analysis' }));
    expect(reoffending.data!.iomMeasures.reoffending).toMatchObject({ cohortSize: null, measurable: null, detected: { offencesBefore: null } });
    // Aged 18–24 (P2's five) leaves 28 others with no small cell: shown.
    const young = (await ask({ filter: { ageBand: 'AGE_18_TO_24' } })).data!.iomMeasures;
    expect(young.reoffendingPredictorTrend).toMatchObject({ cohortSize: 5 });
  });

  it("holds no person's id, PNC ID or CRN in the analyst's answer; a profile without aggregate statistics gets null and FORBIDDEN", async () => {
    const response = await ask({});
    const text = JSON.stringify(response);
    for (const key of built.keys) expect(text).not.toContain(key);
    const officer = await ask({}, 'housing-officer');
    expect(officer.data?.iomMeasures ?? null).toBeNull();
    expect(officer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('measures everyone on statutory supervision from their first order, IOM or not', async () => {
    // Every CRN holder (P1–P5, P7, Q: 33) began a community order on 1 November 2024. Six months after: 1 November 2024 –
    // 30 April 2025; before: 1 May – 31 October 2024. P1's burglary (September 2024) is before, its caution (March 2025) after:
    // 5 people compared, 5 detected offences before and 5 after, none met the target, 5 reoffended; the other 28 had none before.
    const response = await postGraphQL<{ iomMeasures: { reoffending: Record<string, unknown> } }>(hub.gatewayUrl,
      `{ iomMeasures { reoffending(months: 6, population: STATUTORY_SUPERVISION) { cohortSize measurable suppressed
        detected { peopleCompared noOffenceBefore offencesBefore offencesAfter reductionPercent metTarget reoffenders suppressed } } } }`, {}, await as('analyst', { purpose: 'analysis' }));
    expect(response.errors).toBeUndefined();
    expect(response.data!.iomMeasures.reoffending).toEqual({
      cohortSize: 33, measurable: 33, suppressed: [],
      detected: { peopleCompared: 5, noOffenceBefore: 28, offencesBefore: 5, offencesAfter: 5, reductionPercent: 0, metTarget: 0, reoffenders: 5, suppressed: [] },
    });
    const filtered = await postGraphQL(hub.gatewayUrl, `{ iomMeasures { reoffending(population: STATUTORY_SUPERVISION, filter: { sex: MALE }) { cohortSize } } }`, {}, await as('analyst', { purpose: 'analysis' }));
    expect(filtered.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives every outcome measure by quarter of adoption in one call: the first quarter holds everyone', async () => {
    const whole = (await ask({})).data!.iomMeasures;
    const series = await postGraphQL<{ iomMeasures: { outcomesSeries: Record<string, unknown>[] } }>(hub.gatewayUrl,
      `{ iomMeasures { outcomesSeries(from: "2025-07-01", to: "2025-12-31", interval: QUARTER) { periodStart periodEnd
        predictorTrend { cohortSize noBaseline notReassessed reassessed fell rose unchanged fellPercent suppressed }
        costOfCrime { months detectedOnly measurable offencesBefore offencesAfter uncostedOffencesBefore uncostedOffencesAfter costBefore costAfter reductionPercent
          byCategory { costCategory unitCostPounds offencesBefore offencesAfter costBefore costAfter } suppressed }
        positiveOutcomes { years cohortSize onEntry asOfDay change reductionPercent suppressed }
        outcomes { followUpMonths binaryDetected { people count } } } } }`, {}, await as('analyst', { purpose: 'analysis' }));
    expect(series.errors).toBeUndefined();
    const [july, october] = series.data!.iomMeasures.outcomesSeries;
    // Everyone was adopted on 1 July 2025: the July–September point is the whole cohort, worked out above.
    expect(july).toMatchObject({ periodStart: '2025-07-01', periodEnd: '2025-09-30', predictorTrend: whole.reoffendingPredictorTrend, costOfCrime: whole.costOfCrime, positiveOutcomes: whole.positiveOutcomes });
    // 12 months from 1 July 2025, all 33 followed up (no custody), offending detected in it: P2's charge (5).
    expect(july.outcomes).toEqual({ followUpMonths: 12, binaryDetected: { people: 33, count: 5 } });
    expect(october).toMatchObject({ periodStart: '2025-10-01', predictorTrend: { cohortSize: 0, reassessed: 0 }, positiveOutcomes: { cohortSize: 0, onEntry: 0 } });
  });

  it('refuses a financial year that has not begun', async () => {
    const response = await ask({ year: 2027 });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('financialYear');
  });
});
