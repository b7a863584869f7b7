import type { RunningHub } from '../../runtime/hub';
import { databaseUrlsFor, prepareDatabases } from '../../runtime/databases';
import { SUBGRAPHS } from '../../subgraphs';
import { makeIdentifier } from '../../synthetic/identifiers';
import { as, postGraphQL, startTestHub } from '../support/hub';
import { withSql } from '../support/sql';

/**
 * Differencing between answers, through the gateway, on a hand-built partnership in databases of
 * its own (today is 30 June 2026). Everyone has one charge before their start date and nothing
 * after, so every figure of every group is its whole size or zero: no answer here is suppressed
 * or withheld for a small cell or a small rest, and a withheld answer is withheld for the reason
 * the test names alone.
 *
 * FIXED (six-month windows, all complete by today), for the adoption ranges:
 *   J1  10 people adopted 15 March 2025      (January–May)
 *   J2   2 people adopted 10 June 2025       (June)
 *   J3a  2 people adopted 5 July 2025
 *   J3b  4 people adopted 20 July 2025
 * FLEX (three-month windows), for the days asked about:
 *   K1  10 people adopted 1 August 2025      after window to 31 October 2025
 *   K2   3 people adopted 20 August 2025     to 19 November 2025
 *   K3   5 people adopted 10 September 2025  to 9 December 2025
 */
interface Group {
  name: string;
  size: number;
  cohortCode: 'FIXED' | 'FLEX';
  adoptedOn: string;
  offenceOn: string;
}

const GROUPS: Group[] = [
  { name: 'J1', size: 10, cohortCode: 'FIXED', adoptedOn: '2025-03-15', offenceOn: '2025-02-01' },
  { name: 'J2', size: 2, cohortCode: 'FIXED', adoptedOn: '2025-06-10', offenceOn: '2025-02-01' },
  { name: 'J3a', size: 2, cohortCode: 'FIXED', adoptedOn: '2025-07-05', offenceOn: '2025-02-01' },
  { name: 'J3b', size: 4, cohortCode: 'FIXED', adoptedOn: '2025-07-20', offenceOn: '2025-02-01' },
  { name: 'K1', size: 10, cohortCode: 'FLEX', adoptedOn: '2025-08-01', offenceOn: '2025-07-01' },
  { name: 'K2', size: 3, cohortCode: 'FLEX', adoptedOn: '2025-08-20', offenceOn: '2025-07-01' },
  { name: 'K3', size: 5, cohortCode: 'FLEX', adoptedOn: '2025-09-10', offenceOn: '2025-07-01' },
];

const sizeOf = (...names: string[]) => GROUPS.filter((g) => names.includes(g.name)).reduce((sum, g) => sum + g.size, 0);

const REOFFENDING = `query($asOf: LocalDate, $months: Int, $filter: IomCohortFilter) {
  iomMeasures(asOf: $asOf) { reoffending(months: $months, filter: $filter) {
    cohortSize followUpIncomplete tooLongInCustody measurable suppressed withheldBecause
    detected { peopleCompared noOffenceBefore offencesBefore offencesAfter metTarget reoffenders suppressed } } } }`;

const POSITIVE = `query($filter: IomCohortFilter) { iomMeasures { positiveOutcomes(filter: $filter) { cohortSize onEntry asOfDay suppressed withheldBecause } } }`;

interface Measure {
  cohortSize: number | null;
  followUpIncomplete: number | null;
  tooLongInCustody: number | null;
  measurable: number | null;
  suppressed: string[];
  withheldBecause: string | null;
  detected: Record<string, number | null | string[]>;
}

const WITHHELD = {
  cohortSize: null,
  followUpIncomplete: null,
  tooLongInCustody: null,
  measurable: null,
  suppressed: ['cohortSize', 'followUpIncomplete', 'measurable', 'tooLongInCustody'],
  withheldBecause: 'NEAR_EARLIER_ANSWER',
};

describe('differencing between answers: sets of people near an earlier answer are withheld', () => {
  let hub: RunningHub;
  let urls: Record<string, string>;
  const hubIds: string[] = [];

  beforeAll(async () => {
    const server = process.env.HUB_TEST_SERVER_URL;
    if (!server) throw new Error('HUB_TEST_SERVER_URL is not set: run the tests with `npm test`.');
    urls = databaseUrlsFor(SUBGRAPHS, server, 'hub_test_differencing');
    await prepareDatabases(SUBGRAPHS, urls, { reset: true });
    const people = GROUPS.flatMap((group) => Array.from({ length: group.size }, () => group));
    const keys = people.map((group, i) => ({
      group,
      hubId: `00000000-0000-4000-9000-${String(i + 1).padStart(12, '0')}`,
      pncId: makeIdentifier.pncId(2016, 5100 + i),
    }));
    hubIds.push(...keys.map((k) => k.hubId));
    await withSql(urls.people, async (sql) => {
      for (const k of keys) {
        await sql.query(`insert into person (id, given_name, family_name, date_of_birth, sex) values ($1, 'Test', 'Person', '1990-01-01', 'MALE')`, [k.hubId]);
        await sql.query(`insert into person_identifier (person_id, type, value, source_agency, link_method) values ($1, 'PNC_ID', $2, 'POLICE', 'EXACT')`, [k.hubId, k.pncId]);
      }
    });
    await withSql(urls.police, async (sql) => {
      for (const [i, k] of keys.entries()) {
        await sql.query(`insert into police_nominal (pnc_id, local_reference, policing_area, neighbourhood, date_of_birth, in_custody) values ($1, $2, 'North', 'Town', '1990-01-01', false)`, [k.pncId, `NOM-DIF-${i}`]);
        await sql.query(`insert into police_offence (pnc_id, committed_on, crime_type, outcome) values ($1, $2, 'SHOPLIFTING', 'CHARGE')`, [k.pncId, k.group.offenceOn]);
      }
    });
    await withSql(urls.iom, async (sql) => {
      for (const [order, [code, strand]] of [['FIXED', 'FIXED'], ['FLEX', 'FLEX']].entries()) {
        await sql.query(
          `insert into iom_cohort (code, name, strand, entry_criteria, capacity, requires_neighbourhood_crime, requires_domestic_abuse, display_order) values ($1, $1, $2, 'test', 50, false, false, $3)`,
          [code, strand, order],
        );
      }
      for (const k of keys) {
        await sql.query(
          `insert into iom_case (person_id, cohort_code, status, sex, age_at_referral, source_agency, referral_reason, referred_on, neighbourhood_crime, domestic_abuse_perpetrator, decided_on, adopted_on, case_basis, lead_agency)
           values ($1, $2, 'ADOPTED', 'MALE', 35, 'POLICE', 'test', $3::date - 20, false, false, $3::date - 10, $3::date, 'STATUTORY', 'POLICE')`,
          [k.hubId, k.group.cohortCode, k.group.adoptedOn],
        );
      }
    });
    hub = await startTestHub({ databaseUrls: urls });
  });
  afterAll(() => hub?.stop());

  const ask = async (variables: Record<string, unknown>, profile = 'analyst') => {
    const response = await postGraphQL<{ iomMeasures: { reoffending: Measure } }>(hub.gatewayUrl, REOFFENDING, variables, await as(profile, profile === 'analyst' ? { purpose: 'analysis' } : {}));
    expect(response.errors).toBeUndefined();
    return response.data!.iomMeasures.reoffending;
  };
  const fixed = (adoptedFrom: string, adoptedTo: string) => ({ months: 6, filter: { cohortCode: 'FIXED', adoptedFrom, adoptedTo } });
  /** Everyone answered here has one offence before and none after (see the file's comment). */
  const answered = (people: number) => ({
    cohortSize: people, followUpIncomplete: 0, tooLongInCustody: 0, measurable: people, suppressed: [], withheldBecause: null,
    detected: { peopleCompared: people, noOffenceBefore: 0, offencesBefore: people, offencesAfter: 0, metTarget: people, reoffenders: 0, suppressed: [] },
  });

  it('answers January–June, withholds January–May (two June adoptions apart) from anyone, and answers January–July (six more)', async () => {
    expect(await ask(fixed('2025-01-01', '2025-06-30'))).toEqual(answered(sizeOf('J1', 'J2')));
    // January–May is J1 alone: June's two would be January–June minus it.
    const mayAnalyst = await ask(fixed('2025-01-01', '2025-05-31'));
    expect(mayAnalyst).toMatchObject(WITHHELD);
    expect(mayAnalyst.detected).toMatchObject({ peopleCompared: null, offencesBefore: null, metTarget: null });
    expect(mayAnalyst.detected.suppressed).toEqual(expect.arrayContaining(['peopleCompared', 'offencesBefore', 'offencesAfter', 'metTarget', 'reoffenders']));
    // Another caller gets no more: the answers of every caller are compared.
    expect(await ask(fixed('2025-01-01', '2025-05-31'), 'iom-coordinator')).toMatchObject(WITHHELD);
    // The first of the two near sets stays answered, the same again.
    expect(await ask(fixed('2025-01-01', '2025-06-30'))).toEqual(answered(sizeOf('J1', 'J2')));
    // January–July adds J3a and J3b: six people apart from January–June, so it is answered.
    expect(await ask(fixed('2025-01-01', '2025-07-31'))).toEqual(answered(sizeOf('J1', 'J2', 'J3a', 'J3b')));
  });

  it('answers one day, withholds a later one whose measurable people differ by three, and answers one five or more on', async () => {
    const flex = (asOf: string) => ({ asOf, months: 3, filter: { cohortCode: 'FLEX', adoptedFrom: '2025-08-01', adoptedTo: '2025-09-30' } });
    // 10 November 2025: K1's windows are over; K2's and K3's are not.
    expect(await ask(flex('2025-11-10'))).toMatchObject({ cohortSize: sizeOf('K1', 'K2', 'K3'), measurable: sizeOf('K1'), followUpIncomplete: sizeOf('K2', 'K3'), withheldBecause: null });
    // 25 November: K2's three windows are over too; measurable and incomplete each differ by those three.
    expect(await ask(flex('2025-11-25'))).toMatchObject(WITHHELD);
    // 20 December: K3's five as well, seven from 10 November.
    expect(await ask(flex('2025-12-20'))).toMatchObject({ cohortSize: sizeOf('K1', 'K2', 'K3'), measurable: sizeOf('K1', 'K2', 'K3'), followUpIncomplete: 0, withheldBecause: null });
    // The filter left to default to the day: on 19 August the cohort is K1, on 21 August K1 and K2 (three more).
    const growing = (asOf: string) => ({ asOf, months: 3, filter: { cohortCode: 'FLEX', adoptedFrom: '2025-08-01' } });
    expect(await ask(growing('2025-08-19'))).toMatchObject({ cohortSize: sizeOf('K1'), withheldBecause: null });
    expect(await ask(growing('2025-08-21'))).toMatchObject(WITHHELD);
  });

  it('withholds alike whichever and however many people differ: the answer holds no figure at all', async () => {
    // January–May: two people from January–June, FIXED, six-month windows.
    const two = await postGraphQL(hub.gatewayUrl, REOFFENDING, fixed('2025-01-01', '2025-05-31'), await as('analyst', { purpose: 'analysis' }));
    // FLEX on 25 November: three other people from 10 November, three-month windows.
    const three = await postGraphQL(hub.gatewayUrl, REOFFENDING, { asOf: '2025-11-25', months: 3, filter: { cohortCode: 'FLEX', adoptedFrom: '2025-08-01', adoptedTo: '2025-09-30' } }, await as('analyst', { purpose: 'analysis' }));
    expect(two.errors).toBeUndefined();
    expect(two.data).toEqual(three.data);
    expect(two.data).toMatchObject({ iomMeasures: { reoffending: WITHHELD } });
    // No count, id or date: nothing that says who or how many.
    expect(JSON.stringify(two.data)).not.toMatch(/\d/);
  });

  it("checks a series' points against the answers before them, each point on its own", async () => {
    const SERIES = `query { iomMeasures { reoffendingSeries(from: "2025-01-01", to: "2025-09-30", interval: QUARTER, months: 6, filter: { cohortCode: "FIXED" }) {
      periodStart measure { cohortSize measurable suppressed withheldBecause } } } }`;
    const response = await postGraphQL<{ iomMeasures: { reoffendingSeries: { periodStart: string; measure: Partial<Measure> }[] } }>(hub.gatewayUrl, SERIES, {}, await as('analyst', { purpose: 'analysis' }));
    expect(response.errors).toBeUndefined();
    expect(response.data!.iomMeasures.reoffendingSeries).toEqual([
      // January–March is J1 alone: two from January–June, answered above.
      { periodStart: '2025-01-01', measure: { cohortSize: null, measurable: null, suppressed: WITHHELD.suppressed, withheldBecause: 'NEAR_EARLIER_ANSWER' } },
      // April–June is J2's two: a small cohort, suppressed.
      { periodStart: '2025-04-01', measure: { cohortSize: null, measurable: null, suppressed: WITHHELD.suppressed, withheldBecause: null } },
      // July–September is J3a and J3b (6): twelve from January–June, eighteen from January–July.
      { periodStart: '2025-07-01', measure: { cohortSize: sizeOf('J3a', 'J3b'), measurable: sizeOf('J3a', 'J3b'), suppressed: [], withheldBecause: null } },
    ]);
  });

  it('of two near answers asked at once, exactly one is answered', async () => {
    const positive = async (adoptedTo: string) =>
      (await postGraphQL<{ iomMeasures: { positiveOutcomes: { cohortSize: number | null; withheldBecause: string | null } } }>(
        hub.gatewayUrl, POSITIVE, { filter: { cohortCode: 'FIXED', adoptedFrom: '2025-01-01', adoptedTo } }, await as('analyst', { purpose: 'analysis' }),
      )).data!.iomMeasures.positiveOutcomes;
    // The positive-outcomes measure has answered nobody yet: January–June (12) and January–May (10) at once.
    const answers = await Promise.all([positive('2025-06-30'), positive('2025-05-31')]);
    const shown = answers.filter((answer) => answer.withheldBecause === null);
    expect(shown).toHaveLength(1);
    expect([sizeOf('J1', 'J2'), sizeOf('J1')]).toContain(shown[0].cohortSize);
    expect(answers.find((answer) => answer.withheldBecause !== null)).toMatchObject({ cohortSize: null, withheldBecause: 'NEAR_EARLIER_ANSWER' });
  });

  it('refuses the measure when the check against earlier answers cannot run (another check holds the lock too long)', async () => {
    const COST = `query($filter: IomCohortFilter) { iomMeasures { costOfCrime(months: 6, filter: $filter) { measurable offencesBefore suppressed withheldBecause } } }`;
    const cost = async () =>
      postGraphQL<{ iomMeasures: { costOfCrime: { measurable: number | null; withheldBecause: string | null } | null } | null }>(
        hub.gatewayUrl, COST, { filter: { cohortCode: 'FIXED', adoptedFrom: '2025-01-01', adoptedTo: '2025-07-31' } }, await as('analyst', { purpose: 'analysis' }),
      );
    await withSql(urls.iom, async (sql) => {
      await sql.query('begin');
      await sql.query(`select pg_advisory_xact_lock(hashtext('iom_released_set'))`);
      try {
        // The cost of crime has answered nobody yet: its sets must be checked, and the check cannot take the lock.
        const refused = await cost();
        expect(refused.data?.iomMeasures?.costOfCrime ?? null).toBeNull();
        expect(refused.errors?.[0].extensions?.code).toBe('DISCLOSURE_CHECK_UNAVAILABLE');
        // An answer whose every set is recorded already is near nothing, and needs no lock.
        expect(await ask(fixed('2025-01-01', '2025-07-31'))).toEqual(answered(sizeOf('J1', 'J2', 'J3a', 'J3b')));
      } finally {
        await sql.query('rollback');
      }
    });
    // Once the lock is free the same question is answered.
    const response = await cost();
    expect(response.errors).toBeUndefined();
    expect(response.data!.iomMeasures!.costOfCrime).toMatchObject({ measurable: sizeOf('J1', 'J2', 'J3a', 'J3b'), offencesBefore: sizeOf('J1', 'J2', 'J3a', 'J3b'), withheldBecause: null });
  });

  it('still withholds a filtered answer whose wider group minus it is small, for that reason', async () => {
    // The FIXED strand adopted from 1 January to 6 July 2025 is J1, J2 and J3a (14); the strand
    // without the range is all four groups (18), whose rest, J3b, is four people.
    const withheld = await ask({ months: 6, filter: { strand: 'FIXED', adoptedFrom: '2025-01-01', adoptedTo: '2025-07-06' } });
    expect(withheld).toMatchObject({ cohortSize: null, measurable: null, withheldBecause: 'REST_OF_WIDER_GROUP' });
    // J3b alone is a small cohort: suppressed, not withheld.
    expect(await ask({ months: 6, filter: { cohortCode: 'FIXED', adoptedFrom: '2025-07-06' } })).toMatchObject({ cohortSize: null, withheldBecause: null });
  });
});
