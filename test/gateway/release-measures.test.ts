import type { RunningHub } from '../../runtime/hub';
import { as, postGraphQL, startTestHub, TEST_TODAY } from '../support/hub';
import { ownDatabases } from '../support/own-databases';
import { withSql } from '../support/sql';

/**
 * The partnership's two after-release measures, on housing and treatment databases of this file's
 * own (empty but for the targets their migrations hold), each history made here and each figure
 * worked out by hand from the definitions. Today is 30 June 2026; the period is the first half of 2026.
 * Releases are people leaving custody, so counts from 1 to 4 are suppressed: each history below is
 * made for five people (COPIES), and one more person's (LONE) is made once.
 */
const COPIES = 5;
const reference = (key: string, copy: number) => `${key.slice(0, -2)}${copy}${key.slice(-1)}`;
const LONE_HOUSING = 'HOU-LIN-900001';
const LONE_CLIENT = 'TC90000001';
const FROM = '2026-01-01';
const TO = TEST_TODAY;

/** Accommodation histories by housing reference: [status, start, end]. */
const HOUSING: Record<string, [string, string, string | null][]> = {
  // Released 15 Jan to temporary housing (accommodated); settled on 15 Apr (settled).
  'HOU-LIN-000001': [['IN_CUSTODY', '2025-10-01', '2026-01-15'], ['TEMPORARY', '2026-01-15', '2026-03-01'], ['SETTLED', '2026-03-01', null]],
  // Released 10 Feb with no fixed abode (not accommodated); still so on 10 May (not settled).
  'HOU-LIN-000002': [['IN_CUSTODY', '2025-11-01', '2026-02-10'], ['NO_FIXED_ABODE', '2026-02-10', '2026-06-01'], ['TEMPORARY', '2026-06-01', null]],
  // Released 20 May to supported housing (accommodated); three months on (20 Aug) is after today: not counted.
  'HOU-LIN-000003': [['IN_CUSTODY', '2026-01-05', '2026-05-20'], ['SUPPORTED', '2026-05-20', null]],
  // Released 1 Mar to approved premises (accommodated); recalled 1 Apr, in custody on 1 Jun: not counted.
  'HOU-LIN-000004': [['IN_CUSTODY', '2025-09-01', '2026-03-01'], ['APPROVED_PREMISES', '2026-03-01', '2026-04-01'], ['IN_CUSTODY', '2026-04-01', null]],
  // Released 30 Apr to the streets (not accommodated); three months on (30 Jul) is after today.
  'HOU-LIN-000005': [['IN_CUSTODY', '2026-02-01', '2026-04-30'], ['ROUGH_SLEEPING', '2026-04-30', null]],
  // Released 20 Dec 2025, before the period: not counted at all.
  'HOU-LIN-000006': [['IN_CUSTODY', '2025-06-01', '2025-12-20'], ['SETTLED', '2025-12-20', null]],
  // Still in custody: no release.
  'HOU-LIN-000007': [['SETTLED', '2024-01-01', '2026-02-01'], ['IN_CUSTODY', '2026-02-01', null]],
};

/** Releases and community treatment starts by treatment client. */
const TREATMENT: Record<string, { releases: string[]; episodes: string[] }> = {
  // Treatment on day 21: engaged.
  TC00000001: { releases: ['2026-01-10'], episodes: ['2026-01-31'] },
  // Day 22: not engaged.
  TC00000002: { releases: ['2026-02-01'], episodes: ['2026-02-23'] },
  // No treatment, 21 days long past: not engaged.
  TC00000003: { releases: ['2026-03-01'], episodes: [] },
  // Released 20 Jun: day 10 today, still within the 21 days.
  TC00000004: { releases: ['2026-06-20'], episodes: [] },
  // Day 4: engaged.
  TC00000005: { releases: ['2026-04-01'], episodes: ['2026-04-05'] },
  // Released before the period: not counted.
  TC00000006: { releases: ['2025-12-01'], episodes: ['2025-12-05'] },
  // Two releases; the one episode starts after the second (day 9): the first not engaged, the second engaged.
  TC00000007: { releases: ['2026-02-01', '2026-05-01'], episodes: ['2026-05-10'] },
};

describe('the after-release measures on hand-built histories', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    const databaseUrls = await ownDatabases('release_measures', { empty: ['housing', 'substance-misuse'] });
    await withSql(databaseUrls.housing, async (sql) => {
      const histories = [
        ...Object.entries(HOUSING).flatMap(([key, periods]) => Array.from({ length: COPIES }, (_, copy) => [reference(key, copy), periods] as const)),
        // Released 15 November 2025, once: alone in its month.
        [LONE_HOUSING, [['IN_CUSTODY', '2025-06-01', '2025-11-15'], ['SETTLED', '2025-11-15', null]]] as const,
      ];
      for (const [housingReference, periods] of histories) {
        for (const [status, start, end] of periods) {
          await sql.query(`insert into accommodation_period (housing_reference, status, start_date, end_date) values ($1, $2, $3, $4)`, [housingReference, status, start, end]);
        }
      }
    });
    await withSql(databaseUrls['substance-misuse'], async (sql) => {
      const clients = [
        ...Object.entries(TREATMENT).flatMap(([key, history]) => Array.from({ length: COPIES }, (_, copy) => [reference(key, copy), history] as const)),
        [LONE_CLIENT, { releases: ['2025-11-15'], episodes: [] as string[] }] as const,
      ];
      for (const [client, { releases, episodes }] of clients) {
        for (const releaseDate of releases) await sql.query(`insert into treatment_custody_release (treatment_client_id, release_date) values ($1, $2)`, [client, releaseDate]);
        for (const startDate of episodes) {
          await sql.query(
            `insert into treatment_episode (treatment_client_id, provider, referral_route, start_date, appointments_kept, appointments_missed, last_contact_date, substances)
             values ($1, 'Test provider', 'CUSTODY', $2, 1, 0, $2, '{OPIATES}')`,
            [client, startDate],
          );
        }
      }
    });
    hub = await startTestHub({ databaseUrls });
  });
  afterAll(() => hub?.stop());

  const analyst = () => as('analyst', { purpose: 'analysis' });

  it('housing: accommodated on release 15 of 25, settled three months on 5 of 10, against the 90% and 80% targets', async () => {
    const response = await postGraphQL<{ releaseHousingPerformance: unknown }>(
      hub.gatewayUrl,
      `query($from: LocalDate, $to: LocalDate) { releaseHousingPerformance(from: $from, to: $to) { from to measures { measure releasesCounted met rate target meetsTarget suppressed } } }`,
      { from: FROM, to: TO },
      await analyst(),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.releaseHousingPerformance).toEqual({
      from: FROM,
      to: TO,
      measures: [
        // Released in the period: 000001-000005, five of each. Accommodated: 000001 (temporary), 000003 (supported), 000004 (approved premises).
        { measure: 'ACCOMMODATED_ON_RELEASE', releasesCounted: 25, met: 15, rate: 15 / 25, target: 0.9, meetsTarget: false, suppressed: [] },
        // Three months on and out of custody: 000001 (settled) and 000002 (temporary).
        { measure: 'SETTLED_THREE_MONTHS_AFTER_RELEASE', releasesCounted: 10, met: 5, rate: 5 / 10, target: 0.8, meetsTarget: false, suppressed: [] },
      ],
    });
  });

  it('treatment: of 35 releases in the period, 5 still within 21 days, 15 of the other 30 engaged in time', async () => {
    const response = await postGraphQL<{ continuityOfCarePerformance: unknown }>(
      hub.gatewayUrl,
      `query($from: LocalDate, $to: LocalDate) { continuityOfCarePerformance(from: $from, to: $to) { from to releases engagedWithin21Days stillWithin21Days rate suppressed } }`,
      { from: FROM, to: TO },
      await analyst(),
    );
    expect(response.errors).toBeUndefined();
    // Seven releases five times over. Engaged: TC…01 (day 21), TC…05 (day 4), TC…07's second release (day 9).
    expect(response.data!.continuityOfCarePerformance).toEqual({ from: FROM, to: TO, releases: 35, engagedWithin21Days: 15, stillWithin21Days: 5, rate: 15 / 30, suppressed: [] });
  });

  it('counts only the releases in the period asked for', async () => {
    const response = await postGraphQL<{ releaseHousingPerformance: { measures: { releasesCounted: number }[] }; continuityOfCarePerformance: { releases: number } }>(
      hub.gatewayUrl,
      `{ releaseHousingPerformance(from: "2025-12-01", to: "2026-01-31") { measures { releasesCounted } } continuityOfCarePerformance(from: "2025-12-01", to: "2026-01-31") { releases } }`,
      {},
      await analyst(),
    );
    expect(response.errors).toBeUndefined();
    // Housing: 000006 (20 Dec) and 000001 (15 Jan), five of each. Treatment: TC…06 (1 Dec) and TC…01 (10 Jan).
    expect(response.data!.releaseHousingPerformance.measures[0].releasesCounted).toBe(10);
    expect(response.data!.continuityOfCarePerformance.releases).toBe(10);
  });

  it("withholds a month with one person's release: one release points at someone", async () => {
    const response = await postGraphQL<{ releaseHousingPerformance: { measures: unknown[] }; continuityOfCarePerformance: unknown }>(
      hub.gatewayUrl,
      `{ releaseHousingPerformance(from: "2025-11-01", to: "2025-11-30") { measures { releasesCounted met rate meetsTarget suppressed } }
         continuityOfCarePerformance(from: "2025-11-01", to: "2025-11-30") { releases engagedWithin21Days stillWithin21Days rate suppressed } }`,
      {},
      await analyst(),
    );
    expect(response.errors).toBeUndefined();
    const hidden = { releasesCounted: null, met: null, rate: null, meetsTarget: null, suppressed: ['meetsTarget', 'met', 'rate', 'releasesCounted'] };
    expect(response.data!.releaseHousingPerformance.measures).toEqual([hidden, hidden]);
    expect(response.data!.continuityOfCarePerformance).toEqual({
      releases: null, engagedWithin21Days: null, stillWithin21Days: null, rate: null, suppressed: ['engagedWithin21Days', 'rate', 'releases', 'stillWithin21Days'],
    });
  });
});
