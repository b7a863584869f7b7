import { Client } from 'pg';
import type { RunningHub } from '../../runtime/hub';
import { databaseUrlsFor, prepareDatabases } from '../../runtime/databases';
import { SUBGRAPHS } from '../../subgraphs';
import { makeIdentifier } from '../../synthetic/identifiers';
import { as, postGraphQL, startTestHub, TEST_TODAY } from '../support/hub';

/**
 * The reoffending measure on a hand-built partnership in databases of its own: every person,
 * adoption date, offence and custody spell is made here, and the expected figures are worked out
 * below from the definition (six-month windows, as Leicestershire's first report used).
 *
 * Start date 1 July 2025 for everyone comparable: the after window is 1 July – 31 December 2025
 * (184 days), the before window 1 January – 30 June 2025 (181 days). Today is 30 June 2026.
 */
const START = '2025-07-01';

interface Offence {
  on: string;
  outcome: 'CHARGE' | 'CAUTION' | 'COMMUNITY_RESOLUTION' | 'NO_FURTHER_ACTION' | null;
}

interface Group {
  name: string;
  size: number;
  cohortCode: string;
  adoptedOn: string;
  offences: Offence[];
  custody: { start: string; release: string | null }[];
  /** Worked out by hand from the windows: offences counted before and after, detected and all recorded. */
  expected: { window: 'comparable' | 'incomplete' | 'custody'; detected: [number, number]; recorded: [number, number] };
}

const GROUPS: Group[] = [
  {
    name: 'A: three detected and one no-further-action before, one charge after',
    size: 5,
    cohortCode: 'FIXED',
    adoptedOn: START,
    offences: [
      { on: '2025-02-10', outcome: 'CHARGE' },
      { on: '2025-03-10', outcome: 'CAUTION' },
      { on: '2025-04-10', outcome: 'COMMUNITY_RESOLUTION' },
      { on: '2025-05-10', outcome: 'NO_FURTHER_ACTION' },
      { on: '2025-09-10', outcome: 'CHARGE' },
    ],
    custody: [],
    expected: { window: 'comparable', detected: [3, 1], recorded: [4, 1] },
  },
  {
    name: 'B: offences on every edge of the windows',
    size: 5,
    cohortCode: 'FIXED',
    adoptedOn: START,
    offences: [
      { on: '2024-12-31', outcome: 'CHARGE' }, // the day before the before window: not counted
      { on: '2025-01-01', outcome: 'CHARGE' }, // its first day
      { on: '2025-06-30', outcome: 'CHARGE' }, // its last day
      { on: '2025-07-01', outcome: 'CHARGE' }, // the start day belongs to after
      { on: '2025-12-31', outcome: 'CAUTION' }, // the after window's last day
      { on: '2026-01-01', outcome: 'CHARGE' }, // after it: not counted
    ],
    custody: [],
    expected: { window: 'comparable', detected: [2, 2], recorded: [2, 2] },
  },
  {
    name: 'C: a month in custody after the start moves the window on',
    size: 5,
    cohortCode: 'FIXED',
    adoptedOn: START,
    offences: [
      { on: '2025-03-01', outcome: 'CHARGE' },
      { on: '2025-03-02', outcome: 'CHARGE' },
      // In custody 1–31 August: left out.
      { on: '2025-08-15', outcome: 'CHARGE' },
      { on: '2025-08-16', outcome: 'CHARGE' },
      // The after window is July, then 1 September + 153 days at liberty: to 31 January 2026.
      { on: '2026-01-20', outcome: 'CHARGE' },
    ],
    custody: [{ start: '2025-08-01', release: '2025-09-01' }],
    expected: { window: 'comparable', detected: [2, 1], recorded: [2, 1] },
  },
  {
    name: 'D: no offence before, one after',
    size: 5,
    cohortCode: 'FIXED',
    adoptedOn: START,
    offences: [{ on: '2025-10-01', outcome: 'CHARGE' }],
    custody: [],
    expected: { window: 'comparable', detected: [0, 1], recorded: [0, 1] },
  },
  {
    name: 'E: adopted in March 2026, so the after window runs to August',
    size: 5,
    cohortCode: 'FIXED',
    adoptedOn: '2026-03-01',
    offences: [{ on: '2025-12-01', outcome: 'CHARGE' }],
    custody: [],
    expected: { window: 'incomplete', detected: [0, 0], recorded: [0, 0] },
  },
  {
    name: 'G: in custody June 2025 to June 2026: 184 days at liberty cannot be found within a year',
    size: 5,
    cohortCode: 'FLEX',
    adoptedOn: START,
    offences: [{ on: '2025-03-01', outcome: 'CHARGE' }],
    custody: [{ start: '2025-06-01', release: '2026-06-01' }],
    expected: { window: 'custody', detected: [0, 0], recorded: [0, 0] },
  },
  {
    name: 'I: a charge before; after, only an offence with no further action, in March 2026',
    size: 5,
    cohortCode: 'FLEX',
    adoptedOn: START,
    offences: [
      { on: '2025-02-01', outcome: 'CHARGE' },
      { on: '2026-03-01', outcome: 'NO_FURTHER_ACTION' }, // after the six-month window; inside the 12-month one
    ],
    custody: [],
    expected: { window: 'comparable', detected: [1, 0], recorded: [1, 0] },
  },
  {
    name: 'H: three women, one caution before and none after',
    size: 3,
    cohortCode: 'FREE_FEMALE',
    adoptedOn: START,
    offences: [{ on: '2025-05-05', outcome: 'CAUTION' }],
    custody: [],
    expected: { window: 'comparable', detected: [1, 0], recorded: [1, 0] },
  },
];

const COHORTS = [
  ['FIXED', 'FIXED'],
  ['FLEX', 'FLEX'],
  ['FREE_FEMALE', 'FREE'],
] as const;

async function withSql(url: string, action: (client: Client) => Promise<void>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await action(client);
  } finally {
    await client.end();
  }
}

interface Built {
  hubIds: string[];
  pncIds: string[];
  housingReferences: string[];
}

async function buildPartnership(urls: Record<string, string>): Promise<Built> {
  const built: Built = { hubIds: [], pncIds: [], housingReferences: [] };
  let serial = 0;
  const people: { hubId: string; pncId: string; housingReference: string; group: Group }[] = [];
  for (const group of GROUPS) {
    for (let i = 0; i < group.size; i++) {
      serial++;
      const hubId = `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`;
      people.push({ hubId, pncId: makeIdentifier.pncId(2015, 4200 + serial), housingReference: makeIdentifier.housingReference('LIN', 900 + serial), group });
    }
  }
  built.hubIds = people.map((p) => p.hubId);
  built.pncIds = people.map((p) => p.pncId);
  built.housingReferences = people.map((p) => p.housingReference);
  await withSql(urls.people, async (sql) => {
    for (const p of people) {
      await sql.query(`insert into person (id, given_name, family_name, date_of_birth, sex) values ($1, 'Test', 'Person', '1990-01-01', $2)`, [p.hubId, p.group.cohortCode === 'FREE_FEMALE' ? 'FEMALE' : 'MALE']);
      await sql.query(`insert into person_identifier (person_id, type, value, source_agency, link_method) values ($1, 'PNC_ID', $2, 'POLICE', 'EXACT'), ($1, 'HOUSING_REFERENCE', $3, 'HOUSING', 'EXACT')`, [p.hubId, p.pncId, p.housingReference]);
    }
  });
  await withSql(urls.police, async (sql) => {
    for (const [i, p] of people.entries()) {
      await sql.query(`insert into police_nominal (pnc_id, local_reference, policing_area, neighbourhood, date_of_birth, in_custody) values ($1, $2, 'North', 'Town', '1990-01-01', false)`, [p.pncId, `NOM-TST-${i}`]);
      for (const offence of p.group.offences) {
        await sql.query(`insert into police_offence (pnc_id, committed_on, crime_type, outcome) values ($1, $2, 'SHOPLIFTING', $3)`, [p.pncId, offence.on, offence.outcome]);
      }
    }
  });
  await withSql(urls.housing, async (sql) => {
    for (const p of people) {
      await sql.query(`insert into housing_client (housing_reference, local_authority_code, local_authority_name) values ($1, 'LIN', 'Lincoln')`, [p.housingReference]);
      for (const spell of p.group.custody) {
        await sql.query(`insert into accommodation_period (housing_reference, status, start_date, end_date) values ($1, 'IN_CUSTODY', $2, $3)`, [p.housingReference, spell.start, spell.release]);
      }
    }
  });
  await withSql(urls.iom, async (sql) => {
    for (const [order, [code, strand]] of COHORTS.entries()) {
      await sql.query(
        `insert into iom_cohort (code, name, strand, entry_criteria, capacity, requires_neighbourhood_crime, requires_domestic_abuse, display_order) values ($1, $1, $2, 'test', 50, false, false, $3)`,
        [code, strand, order],
      );
    }
    for (const p of people) {
      await sql.query(
        `insert into iom_case (person_id, cohort_code, status, sex, age_at_referral, source_agency, referral_reason, referred_on, neighbourhood_crime, domestic_abuse_perpetrator, decided_on, adopted_on, case_basis, lead_agency)
         values ($1, $2, 'ADOPTED', $3, 35, 'POLICE', 'test', $4::date - 20, false, false, $4::date - 10, $4::date, 'STATUTORY', 'POLICE')`,
        [p.hubId, p.group.cohortCode, p.group.cohortCode === 'FREE_FEMALE' ? 'FEMALE' : 'MALE', p.group.adoptedOn],
      );
    }
  });
  return built;
}

/** The figures the definition gives for some groups, before disclosure control. */
function expectedFigures(groups: Group[], variant: 'detected' | 'recorded', target: number) {
  const people = groups.filter((g) => g.expected.window === 'comparable').flatMap((g) => Array.from({ length: g.size }, () => g.expected[variant]));
  const compared = people.filter(([before]) => before > 0);
  const before = compared.reduce((sum, [b]) => sum + b, 0);
  const after = compared.reduce((sum, [, a]) => sum + a, 0);
  const met = compared.filter(([b, a]) => (b - a) / b >= target / 100).length;
  const reoffenders = compared.filter(([, a]) => a > 0).length;
  return {
    peopleCompared: compared.length,
    noOffenceBefore: people.length - compared.length,
    offencesBefore: before,
    offencesAfter: after,
    reductionPercent: Math.round(((before - after) / before) * 10000) / 100,
    metTarget: met,
    metTargetPercent: Math.round((met / compared.length) * 10000) / 100,
    reoffenders,
    offencesPerReoffender: Math.round((after / reoffenders) * 100) / 100,
  };
}

const REOFFENDING = `query($asOf: LocalDate, $months: Int, $target: Float, $filter: IomCohortFilter) {
  iomMeasures(asOf: $asOf) { reoffending(months: $months, targetReductionPercent: $target, filter: $filter) {
    months targetReductionPercent smallCellThreshold cohortSize followUpIncomplete tooLongInCustody measurable suppressed
    detected { peopleCompared noOffenceBefore offencesBefore offencesAfter reductionPercent metTarget metTargetPercent reoffenders offencesPerReoffender suppressed }
    allRecorded { peopleCompared noOffenceBefore offencesBefore offencesAfter reductionPercent metTarget metTargetPercent reoffenders offencesPerReoffender suppressed } } } }`;

type Figures = Record<string, number | null | string[]>;
interface Answer {
  iomMeasures: { reoffending: Figures & { detected: Figures; allRecorded: Figures } };
}

describe('the reoffending measure on a hand-built partnership', () => {
  let hub: RunningHub;
  let built: Built;
  let urls: Record<string, string>;
  beforeAll(async () => {
    const server = process.env.HUB_TEST_SERVER_URL;
    if (!server) throw new Error('HUB_TEST_SERVER_URL is not set: run the tests with `npm test`.');
    urls = databaseUrlsFor(SUBGRAPHS, server, 'hub_test_reoffending');
    await prepareDatabases(SUBGRAPHS, urls, { reset: true });
    built = await buildPartnership(urls);
    hub = await startTestHub({ databaseUrls: urls });
  });
  afterAll(() => hub?.stop());

  const ask = async (variables: Record<string, unknown>, profile = 'analyst') => {
    const response = await postGraphQL<Answer>(hub.gatewayUrl, REOFFENDING, { months: 6, ...variables }, await as(profile, profile === 'analyst' ? { purpose: 'analysis' } : {}));
    return response;
  };

  it('gives the analyst the cohort figures the definition gives, detected and all recorded', async () => {
    const response = await ask({});
    expect(response.errors).toBeUndefined();
    const measure = response.data!.iomMeasures.reoffending;
    const size = (window: string) => GROUPS.filter((g) => g.expected.window === window).reduce((sum, g) => sum + g.size, 0);
    expect(measure).toMatchObject({
      months: 6,
      targetReductionPercent: 17,
      smallCellThreshold: 5,
      cohortSize: GROUPS.reduce((sum, g) => sum + g.size, 0),
      followUpIncomplete: size('incomplete'),
      tooLongInCustody: size('custody'),
      measurable: size('comparable'),
      suppressed: [],
    });
    expect(measure.detected).toEqual({ ...expectedFigures(GROUPS, 'detected', 17), suppressed: [] });
    expect(measure.allRecorded).toEqual({ ...expectedFigures(GROUPS, 'recorded', 17), suppressed: [] });
    // Worked by hand as a check on the helper: detected 43 before (A 15, B 10, C 10, H 3, I 5), 20 after (A 5, B 10, C 5).
    expect(measure.detected).toMatchObject({ offencesBefore: 43, offencesAfter: 20, reductionPercent: 53.49, metTarget: 18, peopleCompared: 23, noOffenceBefore: 5, reoffenders: 15 });
    expect(measure.allRecorded).toMatchObject({ offencesBefore: 48, offencesAfter: 20, reductionPercent: 58.33 });
  });

  it('shows every figure once no small cell remains, and the target is an argument', async () => {
    const filter = { cohortCode: 'FIXED' };
    const groups = GROUPS.filter((g) => g.cohortCode === 'FIXED');
    const response = await ask({ filter, target: 60 });
    expect(response.errors).toBeUndefined();
    const measure = response.data!.iomMeasures.reoffending;
    // At 60% only A meets it when counting detected (3 → 1), A again recorded (4 → 1); C (2 → 1) does not.
    expect(measure.detected).toEqual({ ...expectedFigures(groups, 'detected', 60), suppressed: [] });
    expect(measure.allRecorded).toEqual({ ...expectedFigures(groups, 'recorded', 60), suppressed: [] });
    expect(measure.detected.metTarget).toBe(5);
  });

  it('suppresses a cohort of three entirely, with each suppressed field named', async () => {
    const response = await ask({ filter: { cohortCode: 'FREE_FEMALE' } });
    expect(response.errors).toBeUndefined();
    const measure = response.data!.iomMeasures.reoffending;
    expect(measure).toMatchObject({ cohortSize: null, measurable: null, followUpIncomplete: null, tooLongInCustody: null });
    expect(measure.suppressed).toEqual(['cohortSize', 'followUpIncomplete', 'measurable', 'tooLongInCustody']);
    expect(measure.detected.reductionPercent).toBeNull();
    expect(measure.detected.suppressed).toContain('offencesBefore');
  });

  it('gives binary reoffending, returns to custody and desistance over 12 months', async () => {
    const OUTCOMES = `query($filter: IomCohortFilter) { iomMeasures { reoffendingOutcomes(filter: $filter) { followUpMonths
      binaryDetected { people count ratePercent suppressed } binaryRecorded { people count ratePercent suppressed }
      returnedToCustody { people count ratePercent suppressed } desisted { people count ratePercent suppressed } } } }`;
    const response = await postGraphQL<{ iomMeasures: { reoffendingOutcomes: Record<string, unknown> } }>(hub.gatewayUrl, OUTCOMES, {}, await as('analyst', { purpose: 'analysis' }));
    expect(response.errors).toBeUndefined();
    // By hand, 12 months from 1 July 2025 with today 30 June 2026 (365 days at liberty to find):
    // followed up: A, B, D, H, I (23); C's August in custody pushes its year past today; E too recent; G in custody.
    //   detected offence in it: A, B, D (15); any recorded one: also I's no-further-action (20), leaving H's 3: suppressed.
    // returned to custody: all adopted a year ago (33: not E); C began a spell in August 2025 (5); G's began before adoption.
    // desisted: the same 33 open cases; no offence from 1 July 2025 to 30 June 2026: G and H (8).
    const share = (people: number, count: number) => ({ people, count, ratePercent: Math.round((count / people) * 10000) / 100, suppressed: [] });
    expect(response.data!.iomMeasures.reoffendingOutcomes).toEqual({
      followUpMonths: 12,
      binaryDetected: share(23, 15),
      binaryRecorded: { people: 23, count: null, ratePercent: null, suppressed: ['count', 'ratePercent'] },
      returnedToCustody: share(33, 5),
      desisted: share(33, 8),
    });
  });

  it('gives a series by quarter of adoption in one call: each point the measure for that quarter', async () => {
    const SERIES = `query($from: LocalDate!, $to: LocalDate!) { iomMeasures { reoffendingSeries(from: $from, to: $to, interval: QUARTER, months: 6) {
      periodStart periodEnd measure { cohortSize followUpIncomplete tooLongInCustody measurable suppressed
        detected { peopleCompared noOffenceBefore offencesBefore offencesAfter reductionPercent metTarget metTargetPercent reoffenders offencesPerReoffender suppressed } } } } }`;
    const response = await postGraphQL<{ iomMeasures: { reoffendingSeries: { periodStart: string; periodEnd: string; measure: Figures & { detected: Figures } }[] } }>(
      hub.gatewayUrl, SERIES, { from: '2025-08-15', to: '2026-03-31' }, await as('analyst', { purpose: 'analysis' }));
    expect(response.errors).toBeUndefined();
    const points = response.data!.iomMeasures.reoffendingSeries;
    expect(points.map((p) => [p.periodStart, p.periodEnd])).toEqual([
      ['2025-07-01', '2025-09-30'],
      ['2025-10-01', '2025-12-31'],
      ['2026-01-01', '2026-03-31'],
    ]);
    // July 2025's adoptions are everyone but E; the last quarter holds E's five, not yet measurable.
    const july = GROUPS.filter((g) => g.adoptedOn === START);
    const sizeOf = (groups: Group[], window: string) => groups.filter((g) => g.expected.window === window).reduce((sum, g) => sum + g.size, 0);
    expect(points[0].measure).toMatchObject({
      cohortSize: july.reduce((sum, g) => sum + g.size, 0),
      followUpIncomplete: 0,
      tooLongInCustody: sizeOf(july, 'custody'),
      measurable: sizeOf(july, 'comparable'),
      detected: { ...expectedFigures(july, 'detected', 17), suppressed: [] },
    });
    expect(points[1].measure).toMatchObject({ cohortSize: 0, measurable: 0 });
    expect(points[2].measure).toMatchObject({ cohortSize: 5, followUpIncomplete: 5, measurable: 0 });
    const tooLong = await postGraphQL(hub.gatewayUrl, SERIES, { from: '2010-01-01', to: '2026-03-31' }, await as('analyst', { purpose: 'analysis' }));
    expect(tooLong.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers Accept: text/csv with the series as CSV, one row per quarter; a refusal stays JSON', async () => {
    const SERIES = `query { iomMeasures { reoffendingSeries(from: "2025-07-01", to: "2026-03-31", interval: QUARTER, months: 6) {
      periodStart measure { cohortSize measurable detected { offencesBefore offencesAfter suppressed } } } } }`;
    const csv = async (profile: string, options = {}) =>
      fetch(hub.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/csv', ...(await as(profile, options)) },
        body: JSON.stringify({ query: SERIES }),
      });
    const response = await csv('analyst', { purpose: 'analysis' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('periodStart,measure.cohortSize,measure.measurable,measure.detected.offencesBefore,measure.detected.offencesAfter,measure.detected.suppressed');
    const july = GROUPS.filter((g) => g.adoptedOn === START);
    const expected = expectedFigures(july, 'detected', 17);
    const measurable = july.filter((g) => g.expected.window === 'comparable').reduce((sum, g) => sum + g.size, 0);
    expect(lines.slice(1)).toEqual([
      `2025-07-01,${july.reduce((sum, g) => sum + g.size, 0)},${measurable},${expected.offencesBefore},${expected.offencesAfter},`,
      '2025-10-01,0,0,0,0,',
      '2026-01-01,5,0,0,0,',
    ]);
    const refused = await csv('housing-officer');
    expect(refused.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it("holds no person's id, PNC ID or housing reference anywhere in the analyst's answer", async () => {
    const response = await ask({});
    expect(response.errors).toBeUndefined();
    expect(response.data!.iomMeasures.reoffending.measurable).toBeGreaterThan(0);
    const text = JSON.stringify(response);
    for (const key of [...built.hubIds, ...built.pncIds, ...built.housingReferences]) expect(text).not.toContain(key);
    // And the analyst still sees no one.
    const person = await postGraphQL(hub.gatewayUrl, `query($id: ID!) { person(id: $id) { id } }`, { id: built.hubIds[0] }, await as('analyst', { purpose: 'analysis' }));
    expect(person.data?.person ?? null).toBeNull();
  });

  it('answers the coordinator the same figures, and refuses a profile without aggregate statistics', async () => {
    const analyst = await ask({});
    const coordinator = await ask({}, 'iom-coordinator');
    expect(coordinator.data).toEqual(analyst.data);
    const officer = await ask({}, 'housing-officer');
    expect(officer.data?.iomMeasures ?? null).toBeNull();
    expect(officer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses windows and filters that cannot be right', async () => {
    for (const [variables, part] of [
      [{ months: 0 }, '"months"'],
      [{ months: 37 }, '"months"'],
      [{ target: 120 }, 'targetReductionPercent'],
      [{ filter: { adoptedTo: '2026-07-01' } }, 'adoptedTo'],
      [{ filter: { adoptedFrom: '2026-01-01', adoptedTo: '2025-01-01' } }, 'adoptedFrom'],
    ] as [Record<string, unknown>, string][]) {
      const response = await ask({ asOf: TEST_TODAY, ...variables });
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).toContain(part);
    }
  });
});
