import type { RunningHub } from '../../runtime/hub';
import { as, postGraphQL, startTestHub } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { withSql } from '../support/sql';

/**
 * Differencing between answers for the cohort measures — caseload, the RAG spread, pathway
 * averages, the after-release measures and their series — through the gateway, on a hand-built
 * partnership in databases of this file's own (today is 30 June 2026). One cohort, FIXED (strand
 * FIXED), holds everyone; every person is a man of 30 decided and adopted on the same day, so no
 * one waits and no filter's rest below is small: an answer withheld here is withheld for the reason
 * the test names alone.
 *
 *   G1 10 people adopted 10 January 2026: rated at C1 (1 February), C2 (1 March) and C3 (1 April),
 *         the first five RED, the others GREEN; assessed 15 January (total 14); released from
 *         custody 15 January (housing: to temporary accommodation) and 10 January (treatment:
 *         community treatment from 20 January, day 10).
 *   G2  3 people adopted 10 February: rated AMBER at C2; assessed 15 February (total 21);
 *         released 15 February (housing) and 10 February (treatment from 15 February).
 *   G3  6 people adopted 10 March: rated AMBER at C3; assessed 15 March (total 7); released 15
 *         March (housing) and 10 March (treatment from 15 March).
 *   G4  5 people adopted 10 May: nothing else.
 * Temporary accommodation is accommodation on release and is not settled: three months on, each
 * release is counted (all are out of custody) and none settled.
 */
interface Group {
  name: string;
  size: number;
  adoptedOn: string;
  ratings: { conference: 'C1' | 'C2' | 'C3'; rating: (i: number) => string }[];
  pathway: { on: string; total: number } | null;
  housingRelease: string | null;
  treatment: { release: string; episode: string } | null;
}

const CONFERENCES = { C1: '2026-02-01', C2: '2026-03-01', C3: '2026-04-01' } as const;
const g1Rating = (i: number) => (i < 5 ? 'RED' : 'GREEN');

const GROUPS: Group[] = [
  {
    name: 'G1', size: 10, adoptedOn: '2026-01-10',
    ratings: [{ conference: 'C1', rating: g1Rating }, { conference: 'C2', rating: g1Rating }, { conference: 'C3', rating: g1Rating }],
    pathway: { on: '2026-01-15', total: 14 }, housingRelease: '2026-01-15', treatment: { release: '2026-01-10', episode: '2026-01-20' },
  },
  {
    name: 'G2', size: 3, adoptedOn: '2026-02-10', ratings: [{ conference: 'C2', rating: () => 'AMBER' }],
    pathway: { on: '2026-02-15', total: 21 }, housingRelease: '2026-02-15', treatment: { release: '2026-02-10', episode: '2026-02-15' },
  },
  {
    name: 'G3', size: 6, adoptedOn: '2026-03-10', ratings: [{ conference: 'C3', rating: () => 'AMBER' }],
    pathway: { on: '2026-03-15', total: 7 }, housingRelease: '2026-03-15', treatment: { release: '2026-03-10', episode: '2026-03-15' },
  },
  { name: 'G4', size: 5, adoptedOn: '2026-05-10', ratings: [], pathway: null, housingRelease: null, treatment: null },
];

const sizeOf = (...names: string[]) => GROUPS.filter((g) => names.includes(g.name)).reduce((sum, g) => sum + g.size, 0);
const NEAR = 'NEAR_EARLIER_ANSWER';

async function buildPartnership(urls: Record<string, string>): Promise<void> {
  const people = GROUPS.flatMap((group, g) =>
    Array.from({ length: group.size }, (_, i) => {
      const serial = g * 20 + i + 1;
      return { group, i, hubId: `00000000-0000-4000-8000-${String(8000 + serial).padStart(12, '0')}`, housingReference: `HOU-LIN-${800000 + serial}`, treatmentClientId: `TC${80000000 + serial}` };
    }),
  );
  await withSql(urls.people, async (sql) => {
    for (const p of people) {
      await sql.query(`insert into person (id, given_name, family_name, date_of_birth, sex) values ($1, 'Test', 'Person', '1995-01-01', 'MALE')`, [p.hubId]);
      if (p.group.housingRelease) await sql.query(`insert into person_identifier (person_id, type, value, source_agency, link_method) values ($1, 'HOUSING_REFERENCE', $2, 'HOUSING', 'EXACT')`, [p.hubId, p.housingReference]);
      if (p.group.treatment) await sql.query(`insert into person_identifier (person_id, type, value, source_agency, link_method) values ($1, 'TREATMENT_CLIENT_ID', $2, 'SUBSTANCE_MISUSE', 'EXACT')`, [p.hubId, p.treatmentClientId]);
    }
  });
  await withSql(urls.housing, async (sql) => {
    for (const p of people.filter((p) => p.group.housingRelease)) {
      await sql.query(`insert into housing_client (housing_reference, local_authority_code, local_authority_name) values ($1, 'E07000138', 'Lincoln')`, [p.housingReference]);
      await sql.query(`insert into accommodation_period (housing_reference, status, start_date, end_date) values ($1, 'IN_CUSTODY', '2025-10-01', $2)`, [p.housingReference, p.group.housingRelease]);
      await sql.query(`insert into accommodation_period (housing_reference, status, start_date, end_date) values ($1, 'TEMPORARY', $2, null)`, [p.housingReference, p.group.housingRelease]);
    }
  });
  await withSql(urls['substance-misuse'], async (sql) => {
    for (const p of people.filter((p) => p.group.treatment)) {
      await sql.query(`insert into treatment_custody_release (treatment_client_id, release_date) values ($1, $2)`, [p.treatmentClientId, p.group.treatment!.release]);
      await sql.query(
        `insert into treatment_episode (treatment_client_id, provider, referral_route, start_date, appointments_kept, appointments_missed, last_contact_date, substances)
         values ($1, 'Test provider', 'CUSTODY', $2, 1, 0, $2, '{OPIATES}')`,
        [p.treatmentClientId, p.group.treatment!.episode],
      );
    }
  });
  await withSql(urls.iom, async (sql) => {
    for (const [order, [code, strand]] of [['FIXED', 'FIXED'], ['FLEX', 'FLEX']].entries()) {
      await sql.query(`insert into iom_cohort (code, name, strand, entry_criteria, capacity, requires_neighbourhood_crime, requires_domestic_abuse, display_order) values ($1, $1, $2, 'test', 60, false, false, $3)`, [code, strand, order]);
    }
    const conferenceIds: Record<string, string> = {};
    for (const [name, day] of Object.entries(CONFERENCES)) {
      const { rows } = await sql.query<{ id: string }>(`insert into iom_case_conference (held_on, chair_agencies, status) values ($1, '{POLICE,PROBATION}', 'HELD') returning id`, [day]);
      conferenceIds[name] = rows[0].id;
    }
    for (const p of people) {
      const { rows } = await sql.query<{ id: string }>(
        `insert into iom_case (person_id, cohort_code, status, sex, age_at_referral, source_agency, referral_reason, referred_on, neighbourhood_crime, domestic_abuse_perpetrator, decided_on, adopted_on, case_basis, lead_agency)
         values ($1, 'FIXED', 'ADOPTED', 'MALE', 30, 'POLICE', 'test', $2::date - 20, false, false, $2::date, $2::date, 'STATUTORY', 'POLICE') returning id`,
        [p.hubId, p.group.adoptedOn],
      );
      for (const { conference, rating } of p.group.ratings) {
        await sql.query(`insert into iom_rag_review (case_id, conference_id, reviewed_on, rating, rationale) values ($1, $2, $3, $4, 'test')`, [rows[0].id, conferenceIds[conference], CONFERENCES[conference], rating(p.i)]);
      }
      if (p.group.pathway) {
        // Seven pathways for a man: scores as even as the total allows.
        const base = Math.floor(p.group.pathway.total / 7);
        const scores = Array.from({ length: 7 }, (_, i) => base + (i < p.group.pathway!.total - base * 7 ? 1 : 0));
        await sql.query(
          `insert into iom_pathway_assessment (case_id, assessed_on, checkpoint, total, accommodation, education_training_employment, finance_benefit_debt, children_and_families,
             drugs_and_alcohol, health, attitudes_thinking_behaviour) values ($1, $2, 0, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [rows[0].id, p.group.pathway.on, p.group.pathway.total, ...scores],
        );
      }
    }
  });
}

interface CaseloadRow {
  cohortCode?: string;
  strand: string;
  adopted: number | null;
  waiting: number | null;
  suppressed: string[];
  withheldBecause: string | null;
}

interface Spread {
  heldOn: string | null;
  red: number | null;
  amber: number | null;
  green: number | null;
  reviewed: number | null;
  suppressed: string[];
  withheldBecause: string | null;
}

interface Checkpoint {
  checkpoint: number;
  assessments: number | null;
  averageTotal: number | null;
  suppressed: string[];
  withheldBecause: string | null;
}

const CASELOAD_FIELDS = 'caseloadByCohort(filter: $filter) { cohortCode strand adopted waiting suppressed withheldBecause } caseloadByStrand(filter: $filter) { strand adopted waiting suppressed withheldBecause }';
const SPREAD_FIELDS = '{ heldOn red amber green reviewed suppressed withheldBecause }';
const PATHWAY_FIELDS = '{ checkpoint assessments averageTotal suppressed withheldBecause }';
const RATE = '{ releasesCounted met rate suppressed }';

const round2 = (value: number) => Math.round(value * 100) / 100;
/** The average pathway total at entry of the groups named (everyone assessed once). */
const averageOf = (...names: string[]) => round2(GROUPS.filter((g) => names.includes(g.name)).reduce((sum, g) => sum + g.size * g.pathway!.total, 0) / sizeOf(...names));

describe('differencing between answers for caseload, RAG spread, pathway averages and the after-release measures', () => {
  let hub: RunningHub;
  let urls: Record<string, string>;
  beforeAll(async () => {
    urls = await ownDatabases('cohort_measure_differencing', { empty: ['people', 'housing', 'substance-misuse', 'iom'] });
    await buildPartnership(urls);
    hub = await startTestHub({ databaseUrls: urls });
  });
  afterAll(() => hub?.stop());

  const analyst = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const response = await postGraphQL<{ iomMeasures: T }>(hub.gatewayUrl, query, variables, await as('analyst', { purpose: 'analysis' }));
    expect(response.errors).toBeUndefined();
    return response.data!.iomMeasures;
  };

  const caseload = (asOf: string, filter: Record<string, unknown> | null = null) =>
    analyst<{ caseloadByCohort: CaseloadRow[]; caseloadByStrand: CaseloadRow[] }>(`query($asOf: LocalDate, $filter: IomCohortFilter) { iomMeasures(asOf: $asOf) { ${CASELOAD_FIELDS} } }`, { asOf, filter });
  const fixedOf = (tables: { caseloadByCohort: CaseloadRow[]; caseloadByStrand: CaseloadRow[] }) => ({
    cohort: tables.caseloadByCohort.find((row) => row.cohortCode === 'FIXED'),
    strand: tables.caseloadByStrand.find((row) => row.strand === 'FIXED'),
  });
  const answeredCaseload = (adopted: number) => ({
    cohort: { cohortCode: 'FIXED', strand: 'FIXED', adopted, waiting: 0, suppressed: [], withheldBecause: null },
    strand: { strand: 'FIXED', adopted, waiting: 0, suppressed: [], withheldBecause: null },
  });
  const withheldRow = { adopted: null, waiting: null, suppressed: ['adopted', 'waiting'], withheldBecause: NEAR };

  it('caseload: answers 31 January, withholds 28 February (three adopted since) whole, answers 31 March (nine since)', async () => {
    expect(fixedOf(await caseload('2026-01-31'))).toEqual(answeredCaseload(sizeOf('G1')));
    const february = await caseload('2026-02-28');
    // Every row of both tables, the empty strands' too: the answer holds no count at all.
    for (const row of [...february.caseloadByCohort, ...february.caseloadByStrand]) expect(row).toMatchObject(withheldRow);
    expect(fixedOf(await caseload('2026-03-31'))).toEqual(answeredCaseload(sizeOf('G1', 'G2', 'G3')));
  });

  it('caseload: a filtered answer is compared with the unfiltered ones (three from 31 January: withheld; nine and ten apart: answered)', async () => {
    // Adopted by 28 February, as of 31 March: G1 and G2 (13), three from 31 January's G1. Its wider
    // group's rest (G3, six) is not small: the reason is the earlier answer.
    const upToFebruary = await caseload('2026-03-31', { adoptedTo: '2026-02-28' });
    for (const row of [...upToFebruary.caseloadByCohort, ...upToFebruary.caseloadByStrand]) expect(row).toMatchObject(withheldRow);
    // Adopted from 1 February: G2 and G3 (9): nine from G1, ten from the 19 of 31 March.
    expect(fixedOf(await caseload('2026-03-31', { adoptedFrom: '2026-02-01' }))).toEqual(answeredCaseload(sizeOf('G2', 'G3')));
  });

  it('caseload: both tables of one request are one answer, counted by one statement', async () => {
    const iom = Object.values(hub.subgraphs).find((subgraph) => subgraph.name === 'iom')!;
    iom.sqlCounter.reset();
    // 30 April: the same 19 as 31 March.
    expect(fixedOf(await caseload('2026-04-30'))).toEqual(answeredCaseload(sizeOf('G1', 'G2', 'G3')));
    const caseloadStatements = iom.sqlCounter.lastStatements.filter((sql) => sql.includes('from iom_cohort k left join iom_case c'));
    expect(caseloadStatements).toHaveLength(1);
  });

  it('RAG spread: answers C1, withholds C2 (three more reviewed), answers C3 (six more than C1)', async () => {
    const spread = (asOf: string) => analyst<{ ragSpreadAtLatestConference: Spread }>(`query($asOf: LocalDate) { iomMeasures(asOf: $asOf) { ragSpreadAtLatestConference ${SPREAD_FIELDS} } }`, { asOf });
    expect((await spread('2026-02-15')).ragSpreadAtLatestConference).toEqual({ heldOn: CONFERENCES.C1, red: 5, amber: 0, green: 5, reviewed: sizeOf('G1'), suppressed: [], withheldBecause: null });
    expect((await spread('2026-03-15')).ragSpreadAtLatestConference).toEqual({
      heldOn: CONFERENCES.C2, red: null, amber: null, green: null, reviewed: null, suppressed: ['amber', 'green', 'red', 'reviewed'], withheldBecause: NEAR,
    });
    expect((await spread('2026-04-15')).ragSpreadAtLatestConference).toEqual({ heldOn: CONFERENCES.C3, red: 5, amber: sizeOf('G3'), green: 5, reviewed: sizeOf('G1', 'G3'), suppressed: [], withheldBecause: null });
  });

  it('pathway averages: answers 31 January, withholds 28 February (three more assessments), answers 31 March', async () => {
    const totals = (asOf: string) => analyst<{ pathwayTotalsByCheckpoint: Checkpoint[] }>(`query($asOf: LocalDate) { iomMeasures(asOf: $asOf) { pathwayTotalsByCheckpoint ${PATHWAY_FIELDS} } }`, { asOf });
    expect((await totals('2026-01-31')).pathwayTotalsByCheckpoint).toEqual([{ checkpoint: 0, assessments: sizeOf('G1'), averageTotal: averageOf('G1'), suppressed: [], withheldBecause: null }]);
    expect((await totals('2026-02-28')).pathwayTotalsByCheckpoint).toEqual([{ checkpoint: 0, assessments: null, averageTotal: null, suppressed: ['assessments', 'averageTotal'], withheldBecause: NEAR }]);
    expect((await totals('2026-03-31')).pathwayTotalsByCheckpoint).toEqual([{ checkpoint: 0, assessments: sizeOf('G1', 'G2', 'G3'), averageTotal: averageOf('G1', 'G2', 'G3'), suppressed: [], withheldBecause: null }]);
  });

  it("the cohort measures' series: each point is compared with the single answers for its day and with the points before it", async () => {
    const series = await analyst<{ cohortMeasuresSeries: { asOf: string; caseloadByStrand: CaseloadRow[]; ragSpreadAtLatestConference: Spread; pathwayTotalsByCheckpoint: Checkpoint[] }[] }>(
      `query { iomMeasures { cohortMeasuresSeries(from: "2026-01-01", to: "2026-04-30", interval: MONTH) {
        asOf caseloadByStrand { strand adopted waiting suppressed withheldBecause } ragSpreadAtLatestConference ${SPREAD_FIELDS} pathwayTotalsByCheckpoint ${PATHWAY_FIELDS} } } }`,
    );
    const points = series.cohortMeasuresSeries.map((point) => ({
      asOf: point.asOf,
      adopted: point.caseloadByStrand.find((row) => row.strand === 'FIXED')!.adopted,
      caseloadWithheld: point.caseloadByStrand.find((row) => row.strand === 'FIXED')!.withheldBecause,
      reviewed: point.ragSpreadAtLatestConference.reviewed,
      spreadWithheld: point.ragSpreadAtLatestConference.withheldBecause,
      assessments: point.pathwayTotalsByCheckpoint.map((row) => row.assessments),
      pathwayWithheld: point.pathwayTotalsByCheckpoint.map((row) => row.withheldBecause),
    }));
    expect(points).toEqual([
      // As the single answers of the same days: 31 January (10 adopted; no conference yet; 10 assessments).
      { asOf: '2026-01-31', adopted: 10, caseloadWithheld: null, reviewed: 0, spreadWithheld: null, assessments: [10], pathwayWithheld: [null] },
      // 28 February: 13 adopted and assessed, three from the point before; C1's ten reviewed, answered before.
      { asOf: '2026-02-28', adopted: null, caseloadWithheld: NEAR, reviewed: 10, spreadWithheld: null, assessments: [null], pathwayWithheld: [NEAR] },
      // 31 March: 19 and 19, answered before; C2's thirteen reviewed, three from C1's ten.
      { asOf: '2026-03-31', adopted: 19, caseloadWithheld: null, reviewed: null, spreadWithheld: NEAR, assessments: [19], pathwayWithheld: [null] },
      // 30 April: the same people as 31 March; C3's sixteen, answered before.
      { asOf: '2026-04-30', adopted: 19, caseloadWithheld: null, reviewed: 16, spreadWithheld: null, assessments: [19], pathwayWithheld: [null] },
    ]);
  });

  const housing = (from: string, to: string) =>
    analyst<{ releaseHousing: Record<string, unknown> }>(`query($from: LocalDate, $to: LocalDate) { iomMeasures { releaseHousing(from: $from, to: $to) { from to accommodatedOnRelease ${RATE} settledThreeMonthsAfter ${RATE} withheldBecause } } }`, { from, to });
  /** Everyone released was accommodated on release and none settled, each counted three months on (see the file's comment). */
  const housed = (from: string, to: string, releases: number) => ({
    from, to, accommodatedOnRelease: { releasesCounted: releases, met: releases, rate: 1, suppressed: [] }, settledThreeMonthsAfter: { releasesCounted: releases, met: 0, rate: 0, suppressed: [] }, withheldBecause: null,
  });
  const withheldRate = { releasesCounted: null, met: null, rate: null, suppressed: ['met', 'rate', 'releasesCounted'] };

  it('release housing: answers January, withholds January–February (three releases more), answers January–March and February–March', async () => {
    expect((await housing('2026-01-01', '2026-01-31')).releaseHousing).toEqual(housed('2026-01-01', '2026-01-31', sizeOf('G1')));
    expect((await housing('2026-01-01', '2026-02-28')).releaseHousing).toEqual({ from: '2026-01-01', to: '2026-02-28', accommodatedOnRelease: withheldRate, settledThreeMonthsAfter: withheldRate, withheldBecause: NEAR });
    expect((await housing('2026-01-01', '2026-03-31')).releaseHousing).toEqual(housed('2026-01-01', '2026-03-31', sizeOf('G1', 'G2', 'G3')));
    // G2 and G3 (9): ten from January–March, nineteen from January.
    expect((await housing('2026-02-01', '2026-03-31')).releaseHousing).toEqual(housed('2026-02-01', '2026-03-31', sizeOf('G2', 'G3')));
  });

  it("release housing's series: a point is compared with the single answers (March, three from February–March, is withheld)", async () => {
    const series = await analyst<{ releaseHousingSeries: { periodStart: string; periodEnd: string; measure: Record<string, unknown> }[] }>(
      `query { iomMeasures { releaseHousingSeries(from: "2026-01-01", to: "2026-03-31", interval: MONTH) { periodStart periodEnd measure { from to accommodatedOnRelease ${RATE} settledThreeMonthsAfter ${RATE} withheldBecause } } } }`,
    );
    expect(series.releaseHousingSeries).toEqual([
      // January: G1, the single answer's ten.
      { periodStart: '2026-01-01', periodEnd: '2026-01-31', measure: housed('2026-01-01', '2026-01-31', sizeOf('G1')) },
      // February: G2's three releases, a small count: suppressed, not withheld.
      { periodStart: '2026-02-01', periodEnd: '2026-02-28', measure: { from: '2026-02-01', to: '2026-02-28', accommodatedOnRelease: withheldRate, settledThreeMonthsAfter: withheldRate, withheldBecause: null } },
      // March: G3's six, three from February–March's nine.
      { periodStart: '2026-03-01', periodEnd: '2026-03-31', measure: { from: '2026-03-01', to: '2026-03-31', accommodatedOnRelease: withheldRate, settledThreeMonthsAfter: withheldRate, withheldBecause: NEAR } },
    ]);
    // The quarter is January–March, answered before.
    const quarter = await analyst<{ releaseHousingSeries: { measure: Record<string, unknown> }[] }>(
      `query { iomMeasures { releaseHousingSeries(from: "2026-01-01", to: "2026-03-31", interval: QUARTER) { measure { from to accommodatedOnRelease ${RATE} settledThreeMonthsAfter ${RATE} withheldBecause } } } }`,
    );
    expect(quarter.releaseHousingSeries).toEqual([{ measure: housed('2026-01-01', '2026-03-31', sizeOf('G1', 'G2', 'G3')) }]);
  });

  it("continuity of care: a single answer is compared with the series' points (January–February, three from January, is withheld)", async () => {
    const CONTINUITY = '{ from to releases engagedWithin21Days stillWithin21Days rate suppressed withheldBecause }';
    const engaged = (from: string, to: string, releases: number) => ({ from, to, releases, engagedWithin21Days: releases, stillWithin21Days: 0, rate: 1, suppressed: [], withheldBecause: null });
    const series = await analyst<{ continuityOfCareSeries: { periodStart: string; measure: Record<string, unknown> }[] }>(
      `query { iomMeasures { continuityOfCareSeries(from: "2026-01-01", to: "2026-03-31", interval: MONTH) { periodStart measure ${CONTINUITY} } } }`,
    );
    expect(series.continuityOfCareSeries).toEqual([
      { periodStart: '2026-01-01', measure: engaged('2026-01-01', '2026-01-31', sizeOf('G1')) },
      {
        periodStart: '2026-02-01',
        measure: { from: '2026-02-01', to: '2026-02-28', releases: null, engagedWithin21Days: null, stillWithin21Days: null, rate: null, suppressed: ['engagedWithin21Days', 'rate', 'releases', 'stillWithin21Days'], withheldBecause: null },
      },
      // March's six and January's ten have no one in common.
      { periodStart: '2026-03-01', measure: engaged('2026-03-01', '2026-03-31', sizeOf('G3')) },
    ]);
    const single = async (from: string, to: string) => (await analyst<{ continuityOfCare: Record<string, unknown> }>(`query($from: LocalDate, $to: LocalDate) { iomMeasures { continuityOfCare(from: $from, to: $to) ${CONTINUITY} } }`, { from, to })).continuityOfCare;
    expect(await single('2026-01-01', '2026-02-28')).toEqual({
      from: '2026-01-01', to: '2026-02-28', releases: null, engagedWithin21Days: null, stillWithin21Days: null, rate: null, suppressed: ['engagedWithin21Days', 'rate', 'releases', 'stillWithin21Days'], withheldBecause: NEAR,
    });
    expect(await single('2026-01-01', '2026-03-31')).toEqual(engaged('2026-01-01', '2026-03-31', sizeOf('G1', 'G2', 'G3')));
    expect(await single('2026-03-01', '2026-03-31')).toEqual(engaged('2026-03-01', '2026-03-31', sizeOf('G3')));
  });

  it('refuses a measure when the check cannot run, and answers one whose every set is recorded already', async () => {
    const ask = async (query: string) => postGraphQL<{ iomMeasures: Record<string, unknown> | null }>(hub.gatewayUrl, query, {}, await as('analyst', { purpose: 'analysis' }));
    // Assessments of people adopted from 1 February, as of 31 March: G2 and G3, nine never compared before.
    const FRESH = `query { iomMeasures(asOf: "2026-03-31") { pathwayTotalsByCheckpoint(filter: { adoptedFrom: "2026-02-01" }) ${PATHWAY_FIELDS} } }`;
    await withSql(urls.iom, async (sql) => {
      await sql.query('begin');
      await sql.query(`select pg_advisory_xact_lock(hashtext('iom_released_set'))`);
      try {
        const refused = await ask(FRESH);
        expect(refused.data?.iomMeasures ?? null).toBeNull();
        expect(refused.errors?.[0].extensions?.code).toBe('DISCLOSURE_CHECK_UNAVAILABLE');
        // Releases January–June are January–March's nineteen: recorded already, answered without the lock.
        const recorded = await ask(`query { iomMeasures { releaseHousing(from: "2026-01-01", to: "2026-06-30") { accommodatedOnRelease { releasesCounted } withheldBecause } } }`);
        expect(recorded.errors).toBeUndefined();
        expect(recorded.data!.iomMeasures!.releaseHousing).toEqual({ accommodatedOnRelease: { releasesCounted: sizeOf('G1', 'G2', 'G3') }, withheldBecause: null });
      } finally {
        await sql.query('rollback');
      }
    });
    const answered = await ask(FRESH);
    expect(answered.errors).toBeUndefined();
    expect(answered.data!.iomMeasures!.pathwayTotalsByCheckpoint).toEqual([{ checkpoint: 0, assessments: sizeOf('G2', 'G3'), averageTotal: averageOf('G2', 'G3'), suppressed: [], withheldBecause: null }]);
  });

  it("the cohorts' caseload: compared with the caseload tables' (24 now, five from 31 March: answered; one more adopted: withheld, exact with case-conference)", async () => {
    const COHORTS = `query { iomCohorts { code caseload placesAvailable full suppressed withheldBecause } }`;
    const cohorts = async (profile: string) => {
      const response = await postGraphQL<{ iomCohorts: { code: string; caseload: number | null; withheldBecause: string | null }[] }>(hub.gatewayUrl, COHORTS, {}, await as(profile, profile === 'analyst' ? { purpose: 'analysis' } : {}));
      expect(response.errors).toBeUndefined();
      return response.data!.iomCohorts.find((cohort) => cohort.code === 'FIXED');
    };
    const now = sizeOf('G1', 'G2', 'G3', 'G4');
    expect(await cohorts('analyst')).toEqual({ code: 'FIXED', caseload: now, placesAvailable: 60 - now, full: false, suppressed: [], withheldBecause: null });
    await withSql(urls.iom, (sql) =>
      sql.query(
        `insert into iom_case (person_id, cohort_code, status, sex, age_at_referral, source_agency, referral_reason, referred_on, neighbourhood_crime, domestic_abuse_perpetrator, decided_on, adopted_on, case_basis, lead_agency)
         values ('00000000-0000-4000-8000-000000009999', 'FIXED', 'ADOPTED', 'MALE', 30, 'POLICE', 'test', '2026-06-01', false, false, '2026-06-10', '2026-06-10', 'STATUTORY', 'POLICE')`,
      ),
    );
    expect(await cohorts('analyst')).toEqual({ code: 'FIXED', caseload: null, placesAvailable: null, full: null, suppressed: ['caseload', 'full', 'placesAvailable'], withheldBecause: NEAR });
    expect(await cohorts('iom-coordinator')).toMatchObject({ code: 'FIXED', caseload: now + 1, withheldBecause: null });
  });
});
