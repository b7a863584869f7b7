import type { RunningHub } from '../../runtime/hub';
import { as, postGraphQL, startTestHub } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { withSql } from '../support/sql';

/**
 * The area filter, release housing and continuity of care for the IOM cohort, and the filters,
 * series and disclosure control of caseload, RAG spread and pathway averages — on person index,
 * housing, treatment and IOM databases of this file's own. Today is 30 June 2026. Every expected
 * figure is worked out in the comments from the README's definitions.
 */
const BOSTON = 'E07000136';
const LINCOLN = 'E07000138';

interface Group {
  name: string;
  size: number;
  sex: 'MALE' | 'FEMALE';
  /** Null: not on IOM (housing and treatment hold them all the same). */
  cohort: 'FIXED' | 'FLEX' | 'FREE_FEMALE' | null;
  adoptedOn: string | null;
  area: string | null;
  /** Accommodation history: [status, start, end]. */
  housing: [string, string, string | null][];
  treatment: { release: string; episode: string | null } | null;
  rating: 'RED' | 'AMBER' | 'GREEN' | null;
  pathwayTotal: number | null;
}

const GROUPS: Group[] = [
  {
    name: 'A1: five men in Boston, released 15 January to temporary housing, settled from 1 March; in treatment on day 12; GREEN; entry total 20',
    size: 5, sex: 'MALE', cohort: 'FIXED', adoptedOn: '2025-07-01', area: BOSTON,
    housing: [['IN_CUSTODY', '2025-09-01', '2026-01-15'], ['TEMPORARY', '2026-01-15', '2026-03-01'], ['SETTLED', '2026-03-01', null]],
    treatment: { release: '2026-01-20', episode: '2026-02-01' }, rating: 'GREEN', pathwayTotal: 20,
  },
  {
    name: 'A2: five men in Boston, released 15 January with no fixed abode, still so; no treatment; AMBER; entry total 20',
    size: 5, sex: 'MALE', cohort: 'FIXED', adoptedOn: '2025-07-01', area: BOSTON,
    housing: [['IN_CUSTODY', '2025-09-01', '2026-01-15'], ['NO_FIXED_ABODE', '2026-01-15', null]],
    treatment: { release: '2026-02-01', episode: null }, rating: 'AMBER', pathwayTotal: 20,
  },
  {
    name: 'B: six men in Lincoln, settled throughout; GREEN',
    size: 6, sex: 'MALE', cohort: 'FIXED', adoptedOn: '2025-07-01', area: LINCOLN,
    housing: [['SETTLED', '2024-01-01', null]], treatment: null, rating: 'GREEN', pathwayTotal: null,
  },
  {
    name: 'C: five women in Boston on FLEX, released 20 May to supported housing (three months not yet passed); 10 days out of custody today; RED; entry total 30',
    size: 5, sex: 'FEMALE', cohort: 'FLEX', adoptedOn: '2025-10-01', area: BOSTON,
    housing: [['IN_CUSTODY', '2026-01-05', '2026-05-20'], ['SUPPORTED', '2026-05-20', null]],
    treatment: { release: '2026-06-20', episode: null }, rating: 'RED', pathwayTotal: 30,
  },
  { name: 'D: five men on FLEX with no housing case', size: 5, sex: 'MALE', cohort: 'FLEX', adoptedOn: '2025-10-01', area: null, housing: [], treatment: null, rating: null, pathwayTotal: null },
  {
    name: 'E: one woman in Lincoln on FIXED; GREEN',
    size: 1, sex: 'FEMALE', cohort: 'FIXED', adoptedOn: '2025-07-01', area: LINCOLN, housing: [['SETTLED', '2024-01-01', null]], treatment: null, rating: 'GREEN', pathwayTotal: null,
  },
  { name: 'G: two women adopted on 15 June 2026 onto FREE_FEMALE', size: 2, sex: 'FEMALE', cohort: 'FREE_FEMALE', adoptedOn: '2026-06-15', area: null, housing: [], treatment: null, rating: null, pathwayTotal: null },
  {
    name: 'F: five people in Boston not on IOM, released 1 February to settled housing',
    size: 5, sex: 'MALE', cohort: null, adoptedOn: null, area: BOSTON,
    housing: [['IN_CUSTODY', '2025-10-01', '2026-02-01'], ['SETTLED', '2026-02-01', null]], treatment: null, rating: null, pathwayTotal: null,
  },
];

const CONFERENCE_DAY = '2026-06-01';

async function buildPartnership(urls: Record<string, string>): Promise<string[]> {
  const people = GROUPS.flatMap((group, g) =>
    Array.from({ length: group.size }, (_, i) => {
      const serial = g * 10 + i + 1;
      return {
        group,
        hubId: `00000000-0000-4000-8000-${String(7000 + serial).padStart(12, '0')}`,
        housingReference: group.area ? `HOU-LIN-${String(700000 + serial)}` : null,
        treatmentClientId: group.treatment ? `TC${String(70000000 + serial)}` : null,
      };
    }),
  );
  await withSql(urls.people, async (sql) => {
    for (const p of people) {
      await sql.query(`insert into person (id, given_name, family_name, date_of_birth, sex) values ($1, 'Test', 'Person', '1990-01-01', $2)`, [p.hubId, p.group.sex]);
      if (p.housingReference) await sql.query(`insert into person_identifier (person_id, type, value, source_agency, link_method) values ($1, 'HOUSING_REFERENCE', $2, 'HOUSING', 'EXACT')`, [p.hubId, p.housingReference]);
      if (p.treatmentClientId) await sql.query(`insert into person_identifier (person_id, type, value, source_agency, link_method) values ($1, 'TREATMENT_CLIENT_ID', $2, 'SUBSTANCE_MISUSE', 'EXACT')`, [p.hubId, p.treatmentClientId]);
    }
  });
  await withSql(urls.housing, async (sql) => {
    for (const p of people.filter((p) => p.housingReference)) {
      await sql.query(`insert into housing_client (housing_reference, local_authority_code, local_authority_name) values ($1, $2, $3)`, [p.housingReference, p.group.area, p.group.area === BOSTON ? 'Boston' : 'Lincoln']);
      for (const [status, start, end] of p.group.housing) {
        await sql.query(`insert into accommodation_period (housing_reference, status, start_date, end_date) values ($1, $2, $3, $4)`, [p.housingReference, status, start, end]);
      }
    }
  });
  await withSql(urls['substance-misuse'], async (sql) => {
    for (const p of people.filter((p) => p.treatmentClientId)) {
      await sql.query(`insert into treatment_custody_release (treatment_client_id, release_date) values ($1, $2)`, [p.treatmentClientId, p.group.treatment!.release]);
      if (p.group.treatment!.episode) {
        await sql.query(
          `insert into treatment_episode (treatment_client_id, provider, referral_route, start_date, appointments_kept, appointments_missed, last_contact_date, substances)
           values ($1, 'Test provider', 'CUSTODY', $2, 1, 0, $2, '{OPIATES}')`,
          [p.treatmentClientId, p.group.treatment!.episode],
        );
      }
    }
  });
  await withSql(urls.iom, async (sql) => {
    for (const [order, [code, strand]] of [['FIXED', 'FIXED'], ['FLEX', 'FLEX'], ['FREE_FEMALE', 'FREE']].entries()) {
      await sql.query(`insert into iom_cohort (code, name, strand, entry_criteria, capacity, requires_neighbourhood_crime, requires_domestic_abuse, display_order) values ($1, $1, $2, 'test', 60, false, false, $3)`, [code, strand, order]);
    }
    const conference = await sql.query<{ id: string }>(`insert into iom_case_conference (held_on, chair_agencies, status) values ($1, '{POLICE,PROBATION}', 'HELD') returning id`, [CONFERENCE_DAY]);
    await sql.query(`insert into iom_conference_attendance (conference_id, agency, attendees) values ($1, 'POLICE', 2)`, [conference.rows[0].id]);
    for (const p of people.filter((p) => p.group.cohort)) {
      const { rows } = await sql.query<{ id: string }>(
        `insert into iom_case (person_id, cohort_code, status, sex, age_at_referral, source_agency, referral_reason, referred_on, neighbourhood_crime, domestic_abuse_perpetrator, decided_on, adopted_on, case_basis, lead_agency)
         values ($1, $2, 'ADOPTED', $3, 30, 'POLICE', 'test', $4::date - 20, false, false, $4::date - 10, $4::date, 'STATUTORY', 'POLICE') returning id`,
        [p.hubId, p.group.cohort, p.group.sex, p.group.adoptedOn],
      );
      if (p.group.rating) await sql.query(`insert into iom_rag_review (case_id, conference_id, reviewed_on, rating, rationale) values ($1, $2, $3, $4, 'test')`, [rows[0].id, conference.rows[0].id, CONFERENCE_DAY, p.group.rating]);
      if (p.group.pathwayTotal !== null) {
        const pathways = p.group.sex === 'FEMALE' ? 9 : 7;
        const base = Math.floor(p.group.pathwayTotal / pathways);
        const scores = Array.from({ length: pathways }, (_, i) => base + (i < p.group.pathwayTotal! - base * pathways ? 1 : 0));
        await sql.query(
          `insert into iom_pathway_assessment (case_id, assessed_on, checkpoint, total, accommodation, education_training_employment, finance_benefit_debt, children_and_families,
             drugs_and_alcohol, health, attitudes_thinking_behaviour, abuse_domestic_violence, sex_work) values ($1, $2, 0, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [rows[0].id, p.group.adoptedOn, p.group.pathwayTotal, ...scores.slice(0, 7), scores[7] ?? null, scores[8] ?? null],
        );
      }
    }
  });
  return people.flatMap((p) => [p.hubId, ...(p.housingReference ? [p.housingReference] : []), ...(p.treatmentClientId ? [p.treatmentClientId] : [])]);
}

type Answer<T> = { iomMeasures: T };

describe('cohort filters, the area and the after-release measures on a hand-built partnership', () => {
  let hub: RunningHub;
  let keys: string[];
  beforeAll(async () => {
    const urls = await ownDatabases('cohort_filters', { empty: ['people', 'housing', 'substance-misuse', 'iom'] });
    keys = await buildPartnership(urls);
    hub = await startTestHub({ databaseUrls: urls });
  });
  afterAll(() => hub?.stop());

  const analyst = async <T>(query: string, variables: Record<string, unknown> = {}) => postGraphQL<Answer<T>>(hub.gatewayUrl, query, variables, await as('analyst', { purpose: 'analysis' }));

  const RELEASES = `query($filter: IomCohortFilter) { iomMeasures {
    releaseHousing(from: "2026-01-01", filter: $filter) { from to accommodatedOnRelease { releasesCounted met rate suppressed } settledThreeMonthsAfter { releasesCounted met rate suppressed } }
    continuityOfCare(from: "2026-01-01", filter: $filter) { from to releases engagedWithin21Days stillWithin21Days rate suppressed } } }`;

  it('counts release housing and continuity of care for the whole IOM cohort, by the partners, in totals alone', async () => {
    const response = await analyst<Record<string, unknown>>(RELEASES);
    expect(response.errors).toBeUndefined();
    expect(response.data!.iomMeasures).toEqual({
      // Released 1 January – 30 June 2026, IOM only: A1 and A2 (15 January, 10) and C (20 May, 5) — F is not on IOM.
      // Accommodated on release: A1 (temporary) and C (supported): 10 of 15. Three months on (by today): A1 settled, A2 not;
      // C's three months (20 August) have not passed: 5 of 10.
      releaseHousing: {
        from: '2026-01-01', to: '2026-06-30',
        accommodatedOnRelease: { releasesCounted: 15, met: 10, rate: 0.667, suppressed: [] },
        settledThreeMonthsAfter: { releasesCounted: 10, met: 5, rate: 0.5, suppressed: [] },
      },
      // Releases told to the provider: A1 (20 January, treatment on day 12: engaged), A2 (1 February, none: not engaged),
      // C (20 June: day 10 today, still within 21 days). 5 engaged of the 10 decided.
      continuityOfCare: { from: '2026-01-01', to: '2026-06-30', releases: 15, engagedWithin21Days: 5, stillWithin21Days: 5, rate: 0.5, suppressed: [] },
    });
    const text = JSON.stringify(response);
    for (const key of keys) expect(text).not.toContain(key);
  });

  it('limits the after-release measures to the cohort the filter names', async () => {
    const women = await analyst<{ releaseHousing: unknown; continuityOfCare: unknown }>(RELEASES, { filter: { sex: 'FEMALE' } });
    expect(women.errors).toBeUndefined();
    // C and E (and G): C's five releases, all accommodated; none three months on yet. Rests: the men (A: 10 releases, 5 and 5)
    // and everyone housing holds minus the women (A and F) show no small count.
    expect(women.data!.iomMeasures.releaseHousing).toMatchObject({
      accommodatedOnRelease: { releasesCounted: 5, met: 5, rate: 1, suppressed: [] },
      settledThreeMonthsAfter: { releasesCounted: 0, met: 0, rate: null, suppressed: [] },
    });
    expect(women.data!.iomMeasures.continuityOfCare).toMatchObject({ releases: 5, engagedWithin21Days: 0, stillWithin21Days: 5, rate: null, suppressed: [] });
    // Lincoln (B and E): no release at all; the rest (everyone else) is the whole answer above: nothing small.
    const lincoln = await analyst<{ releaseHousing: { accommodatedOnRelease: unknown } }>(RELEASES, { filter: { area: LINCOLN } });
    expect(lincoln.data!.iomMeasures.releaseHousing.accommodatedOnRelease).toEqual({ releasesCounted: 0, met: 0, rate: null, suppressed: [] });
  });

  it('filters the caseload by area (the authority holding the housing case) and protects the rest of each wider filter', async () => {
    const query = `query($filter: IomCohortFilter) { iomMeasures(asOf: "2026-06-01") {
      caseloadByCohort(filter: $filter) { cohortCode adopted waiting suppressed } caseloadByStrand(filter: $filter) { strand adopted suppressed } } }`;
    const boston = await analyst<{ caseloadByCohort: unknown; caseloadByStrand: unknown }>(query, { filter: { area: BOSTON } });
    expect(boston.errors).toBeUndefined();
    // On 1 June (before G was accepted on 5 June, so not even waiting): Boston is A1, A2 (FIXED, 10) and C (FLEX, 5). Without the area: FIXED 17, FLEX 10;
    // the rest is 7 and 5: nothing small.
    expect(boston.data!.iomMeasures.caseloadByCohort).toEqual([
      { cohortCode: 'FIXED', adopted: 10, waiting: 0, suppressed: [] },
      { cohortCode: 'FLEX', adopted: 5, waiting: 0, suppressed: [] },
      { cohortCode: 'FREE_FEMALE', adopted: 0, waiting: 0, suppressed: [] },
    ]);
    expect(boston.data!.iomMeasures.caseloadByStrand).toEqual([
      { strand: 'FIXED', adopted: 10, suppressed: [] },
      { strand: 'FLEX', adopted: 5, suppressed: [] },
      { strand: 'FREE', adopted: 0, suppressed: [] },
    ]);
    // Women: E alone on FIXED (1: suppressed, with its strand), C on FLEX (5).
    const women = await analyst<{ caseloadByCohort: unknown }>(query, { filter: { sex: 'FEMALE' } });
    expect(women.data!.iomMeasures.caseloadByCohort).toEqual([
      { cohortCode: 'FIXED', adopted: null, waiting: 0, suppressed: ['adopted'] },
      { cohortCode: 'FLEX', adopted: 5, waiting: 0, suppressed: [] },
      { cohortCode: 'FREE_FEMALE', adopted: 0, waiting: 0, suppressed: [] },
    ]);
    // Men in Lincoln: B (6) shows no small cell, but Lincoln without the sex filter is B and E, and 7 − 6 would give E away: withheld whole.
    const lincolnMen = await analyst<{ caseloadByCohort: { adopted: number | null; suppressed: string[] }[] }>(query, { filter: { area: LINCOLN, sex: 'MALE' } });
    expect(lincolnMen.data!.iomMeasures.caseloadByCohort.map((row) => row.adopted)).toEqual([null, null, null]);
    expect(lincolnMen.data!.iomMeasures.caseloadByCohort[0].suppressed).toEqual(['adopted', 'waiting']);
  });

  it('filters the RAG spread and pathway averages, withholding what a wider filter would give away', async () => {
    const query = `query($filter: IomCohortFilter) { iomMeasures {
      ragSpreadAtLatestConference(filter: $filter) { heldOn red amber green reviewed suppressed } pathwayTotalsByCheckpoint(filter: $filter) { checkpoint assessments averageTotal suppressed } } }`;
    const all = await analyst<{ ragSpreadAtLatestConference: unknown; pathwayTotalsByCheckpoint: unknown }>(query);
    expect(all.errors).toBeUndefined();
    // 1 June: A1 green, A2 amber, B green, C red, E green: 5 red, 5 amber, 12 green. Entry totals: A 10 × 20, C 5 × 30: 350 / 15.
    expect(all.data!.iomMeasures).toEqual({
      ragSpreadAtLatestConference: { heldOn: CONFERENCE_DAY, red: 5, amber: 5, green: 12, reviewed: 22, suppressed: [] },
      pathwayTotalsByCheckpoint: [{ checkpoint: 0, assessments: 15, averageTotal: 23.33, suppressed: [] }],
    });
    // Women: C red (5) and E green (1: suppressed, and amber 0 is no help, so the next smallest shown part, red, goes too).
    const women = await analyst<{ ragSpreadAtLatestConference: unknown; pathwayTotalsByCheckpoint: unknown }>(query, { filter: { sex: 'FEMALE' } });
    expect(women.data!.iomMeasures).toEqual({
      ragSpreadAtLatestConference: { heldOn: CONFERENCE_DAY, red: null, amber: 0, green: null, reviewed: 6, suppressed: ['green', 'red'] },
      // C's five at 30; the men's rest (A, ten) is not small.
      pathwayTotalsByCheckpoint: [{ checkpoint: 0, assessments: 5, averageTotal: 30, suppressed: [] }],
    });
    // Men in Lincoln: B's six greens, but Lincoln minus them is E's one green: withheld whole.
    const lincolnMen = await analyst<{ ragSpreadAtLatestConference: unknown }>(query, { filter: { area: LINCOLN, sex: 'MALE' } });
    expect(lincolnMen.data!.iomMeasures.ragSpreadAtLatestConference).toEqual({ heldOn: CONFERENCE_DAY, red: null, amber: null, green: null, reviewed: null, suppressed: ['amber', 'green', 'red', 'reviewed'] });
  });

  it('answers caseload, RAG spread and pathway averages by quarter in one call, each point as it stood at its end', async () => {
    const response = await analyst<{ cohortMeasuresSeries: unknown[] }>(
      `{ iomMeasures { cohortMeasuresSeries(from: "2025-07-01", to: "2026-03-31", interval: QUARTER, filter: { area: "${BOSTON}" }) {
        periodStart periodEnd asOf caseloadByStrand { strand adopted suppressed } ragSpreadAtLatestConference { reviewed } pathwayTotalsByCheckpoint { checkpoint assessments averageTotal } } } }`,
    );
    expect(response.errors).toBeUndefined();
    const strands = (fixed: number, flex: number) => [
      { strand: 'FIXED', adopted: fixed, suppressed: [] },
      { strand: 'FLEX', adopted: flex, suppressed: [] },
      { strand: 'FREE', adopted: 0, suppressed: [] },
    ];
    // Boston: A (FIXED, adopted 1 July 2025, ten), C (FLEX, 1 October, five). Assessments on adoption. No conference before June.
    expect(response.data!.iomMeasures.cohortMeasuresSeries).toEqual([
      { periodStart: '2025-07-01', periodEnd: '2025-09-30', asOf: '2025-09-30', caseloadByStrand: strands(10, 0), ragSpreadAtLatestConference: { reviewed: 0 },
        pathwayTotalsByCheckpoint: [{ checkpoint: 0, assessments: 10, averageTotal: 20 }] },
      { periodStart: '2025-10-01', periodEnd: '2025-12-31', asOf: '2025-12-31', caseloadByStrand: strands(10, 5), ragSpreadAtLatestConference: { reviewed: 0 },
        pathwayTotalsByCheckpoint: [{ checkpoint: 0, assessments: 15, averageTotal: 23.33 }] },
      { periodStart: '2026-01-01', periodEnd: '2026-03-31', asOf: '2026-03-31', caseloadByStrand: strands(10, 5), ragSpreadAtLatestConference: { reviewed: 0 },
        pathwayTotalsByCheckpoint: [{ checkpoint: 0, assessments: 15, averageTotal: 23.33 }] },
    ]);
  });

  it('narrows the outcome measures by area too, judged against the rest outside it', async () => {
    const response = await analyst<{ reoffendingOutcomes: Record<string, unknown> }>(
      `query($filter: IomCohortFilter) { iomMeasures { reoffendingOutcomes(filter: $filter) {
        returnedToCustody { people count ratePercent suppressed } desisted { people count ratePercent suppressed } } } }`,
      { filter: { area: BOSTON } },
    );
    expect(response.errors).toBeUndefined();
    // Boston's cohort adopted a year ago or more: A (1 July 2025, ten), all in custody from 1 September: returned, 10 of 10.
    // Their cases lasted a year with no offence the hub knows of (no PNC ID linked): desisted, 10 of 10. Outside Boston,
    // B and E (seven, none returned, all desisted) show no small count, so nothing is withheld.
    expect(response.data!.iomMeasures.reoffendingOutcomes).toEqual({
      returnedToCustody: { people: 10, count: 10, ratePercent: 100, suppressed: [] },
      desisted: { people: 10, count: 10, ratePercent: 100, suppressed: [] },
    });
  });

  it('refuses an area that is not a local authority code, or one housing holds no case in', async () => {
    for (const [area, message] of [['Boston', 'local authority code'], ['E07000999', 'No housing case']]) {
      const response = await analyst(`query($filter: IomCohortFilter) { iomMeasures { caseloadByCohort(filter: $filter) { adopted } } }`, { filter: { area } });
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).toContain(message);
    }
  });

  it("suppresses iomCohorts' small caseload for a caller without case-conference; the coordinator sees it", async () => {
    const query = `{ iomCohorts { code caseload placesAvailable full suppressed } }`;
    // Today: FIXED 17 (A, B, E), FLEX 10 (C, D), FREE_FEMALE 2 (G): small, the only cohort of its strand.
    const analystView = await postGraphQL<{ iomCohorts: unknown[] }>(hub.gatewayUrl, query, {}, await as('analyst', { purpose: 'analysis' }));
    expect(analystView.errors).toBeUndefined();
    expect(analystView.data!.iomCohorts).toEqual([
      { code: 'FIXED', caseload: 17, placesAvailable: 43, full: false, suppressed: [] },
      { code: 'FLEX', caseload: 10, placesAvailable: 50, full: false, suppressed: [] },
      { code: 'FREE_FEMALE', caseload: null, placesAvailable: null, full: null, suppressed: ['caseload', 'full', 'placesAvailable'] },
    ]);
    const coordinator = await postGraphQL<{ iomCohorts: { code: string; caseload: number }[] }>(hub.gatewayUrl, query, {}, await as('iom-coordinator'));
    expect(coordinator.data!.iomCohorts[2]).toEqual({ code: 'FREE_FEMALE', caseload: 2, placesAvailable: 58, full: false, suppressed: [] });
  });

  it('gives a caller without aggregate statistics null and FORBIDDEN for every new figure', async () => {
    for (const field of [
      'releaseHousing { accommodatedOnRelease { met } }',
      'continuityOfCare { releases }',
      `cohortMeasuresSeries(from: "2026-01-01", to: "2026-03-31") { asOf }`,
      `caseloadByCohort(filter: { area: "${BOSTON}" }) { adopted }`,
    ]) {
      const response = await postGraphQL<{ iomMeasures: unknown }>(hub.gatewayUrl, `{ iomMeasures { ${field} } }`, {}, await as('housing-officer'));
      expect(response.data?.iomMeasures ?? null).toBeNull();
      expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });
});
