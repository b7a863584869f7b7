/**
 * The limits every partner checks on the hub's own asks (a cohort's keys, the periods it counts):
 * the same numbers and messages everywhere, and refused before any SQL runs.
 */
import { GraphQLError } from 'graphql';
import { MAX_KEYS_PER_ASK, MAX_PERIODS_PER_ASK, requireCountPeriods, requireKeysWithinLimit } from '../../subgraphs/kit/ask-limits';
import { asGateway, countSqlStatements, postGraphQL, startTestHub, TEST_TODAY } from '../support/hub';
import type { RunningHub } from '../../runtime/hub';
import { addDays } from '../../subgraphs/kit/dates';

function refusal(check: () => void): { code: unknown; message: string; argumentName: unknown } | null {
  try {
    check();
    return null;
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return { code: error.extensions.code, message: error.message, argumentName: error.extensions.argumentName };
  }
}

describe('limits on the hub’s asks', () => {
  it('lets the limit itself through and refuses one key more, naming the argument', () => {
    expect(refusal(() => requireKeysWithinLimit(new Array(MAX_KEYS_PER_ASK).fill('k'), 'keys', 'keys'))).toBeNull();
    expect(refusal(() => requireKeysWithinLimit(new Array(MAX_KEYS_PER_ASK + 1).fill('k'), 'housingReferences', 'references'))).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'At most 50000 references at once.',
      argumentName: 'housingReferences',
    });
  });

  it('refuses too many periods, a backwards period and one counted as things stand after today', () => {
    const today = '2026-06-30';
    const period = { from: '2026-01-01', to: '2026-01-31', asOf: today };
    expect(refusal(() => requireCountPeriods(new Array(MAX_PERIODS_PER_ASK).fill(period), today))).toBeNull();
    expect(refusal(() => requireCountPeriods(new Array(MAX_PERIODS_PER_ASK + 1).fill(period), today))?.message).toBe('At most 1000 periods at once.');
    expect(refusal(() => requireCountPeriods([period, { ...period, from: '2026-02-01' }], today))?.message).toBe('"from" may not be after "to".');
    expect(refusal(() => requireCountPeriods([{ ...period, asOf: '2026-07-01' }], today))?.message).toBe('"asOf" may not be after today.');
  });

  describe('at the partners, over HTTP', () => {
    let hub: RunningHub;
    beforeAll(async () => {
      hub = await startTestHub();
    });
    afterAll(() => hub.stop());

    const tooMany = (prefix: string) => Array.from({ length: MAX_KEYS_PER_ASK + 1 }, (_, i) => `${prefix}${i}`);
    const period = { from: '2026-01-01', to: '2026-01-31', asOf: TEST_TODAY };

    it.each([
      ['housing', 'query($r: [String!]!, $p: [HousingCountPeriodInput!]!) { releaseHousingCountsOf(housingReferences: $r, periods: $p) { everyone { releases } } }', { r: tooMany('HOU-'), p: [period] }, 'housingReferences'],
      ['substance-misuse', 'query($c: [String!]!, $p: [TreatmentCountPeriodInput!]!) { continuityOfCareCountsOf(treatmentClientIds: $c, periods: $p) { everyone { releases } } }', { c: tooMany('T'), p: [period] }, 'treatmentClientIds'],
      ['substance-misuse', 'query($c: [String!]!, $p: [TreatmentCountPeriodInput!]!) { continuityOfCareCountsOf(treatmentClientIds: $c, periods: $p) { everyone { releases } } }', { c: ['T1'], p: [{ ...period, asOf: addDays(TEST_TODAY, 1) }] }, 'periods'],
      ['probation', 'query($c: [String!]) { treatmentRequirementActivity(from: "2026-01-01", to: "2026-01-31", crns: $c) { starts { type } } }', { c: tooMany('X') }, 'crns'],
    ])('%s refuses an oversized or impossible ask before any SQL', async (subgraph, query, variables, argumentName) => {
      const headers = await asGateway(hub, 'analyst');
      let response: Awaited<ReturnType<typeof postGraphQL>> | undefined;
      const statements = await countSqlStatements(hub, async () => {
        response = await postGraphQL(hub.subgraphs[subgraph].url, query, variables, headers);
      });
      expect(response!.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argumentName }) })]);
      expect(statements[subgraph] ?? 0).toBe(0);
    });
  });
});
