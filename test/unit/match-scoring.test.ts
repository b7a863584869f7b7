/**
 * The matcher's scorer, blocking and joining on hand-worked pairs. Expected weights are worked
 * out by hand from the m and u probabilities in subgraphs/people/services/match-model.ts
 * (weight = log2(m / u)), written here as numbers so a changed model has to change them too.
 */
import { prepareRecord, scorePair, bandOf, compareDatesOfBirth, type MatchRecord } from '../../subgraphs/people/services/match-scoring';
import { blockingKeys, sharedRules, BlockingRule } from '../../subgraphs/people/services/match-blocking';
import { matchAll } from '../../subgraphs/people/services/match-engine';
import { areForenameVariants } from '../../subgraphs/people/services/name-variants';
import { thresholdsFromEnvironment } from '../../subgraphs/people/services/match-model';

const record = (overrides: Partial<MatchRecord> & { id: string }): MatchRecord => ({
  givenName: 'Jonathan',
  familyName: 'Smith',
  aliases: [],
  dateOfBirth: '1980-03-14',
  sex: 'MALE',
  postcode: 'BK1 2AB',
  identifiers: [],
  ...overrides,
});

const score = (a: MatchRecord, b: MatchRecord) => scorePair(prepareRecord(a), prepareRecord(b));
const levels = (a: MatchRecord, b: MatchRecord) => Object.fromEntries(score(a, b).evidence.map((item) => [item.field, item.level]));

// log2(m/u) for the levels used below, worked by hand.
const PRIOR = -16.61; // log2(0.00001 / 0.99999)
const FORENAME_EXACT = 6.36; // log2(0.82 / 0.01)
const FORENAME_VARIANT = 4.91; // log2(0.06 / 0.002)
const FORENAME_DIFFERENT = -5.02; // log2(0.03 / 0.975)
const FAMILY_EXACT = 7.75; // log2(0.86 / 0.004)
const FAMILY_PHONETIC = 2.32; // log2(0.03 / 0.006)
const DOB_EXACT = 14.26; // log2(0.9 / 0.000046)
const DOB_TRANSPOSED = 8.97; // log2(0.025 / 0.00005)
const POSTCODE_FULL = 10.6; // log2(0.62 / 0.0004)
const POSTCODE_DIFFERENT = -1.96; // log2(0.25 / 0.9696)
const SEX_SAME = 0.98; // log2(0.985 / 0.5)
const IDENTIFIER_AGREE = 17.93; // log2(0.5 / 0.000002)
const IDENTIFIER_CONFLICT = -5.91; // log2(0.01 / 0.6)

describe('the match scorer', () => {
  it('scores two identical records as the sum of their exact-agreement weights and the prior', () => {
    const pair = score(record({ id: 'a' }), record({ id: 'b' }));
    expect(pair.score).toBeCloseTo(PRIOR + FORENAME_EXACT + FAMILY_EXACT + DOB_EXACT + POSTCODE_FULL + SEX_SAME, 1);
    expect(pair.score).toBeCloseTo(23.34, 1);
    expect(pair.twinsGuard).toBe(false);
  });

  it('reads Jon Smyth and Jonathan Smith as a nickname and a family name that sounds the same', () => {
    const a = record({ id: 'a', givenName: 'Jon', familyName: 'Smyth', identifiers: [{ type: 'PNC_ID', value: '2011/0123456X' }] });
    const b = record({ id: 'b', identifiers: [{ type: 'PNC_ID', value: '2011/0123456x' }] });
    const pair = score(a, b);
    expect(levels(a, b)).toMatchObject({ FORENAME: 'VARIANT', FAMILY_NAME: 'PHONETIC', IDENTIFIERS: 'AGREE' });
    // Smyth / Smith: Jaro 0.8667, Winkler's prefix of 2 lifts it to 0.8933 — under 0.92, so not CLOSE.
    expect(pair.evidence.find((item) => item.field === 'FAMILY_NAME')!.detail).toBe('Jaro-Winkler 0.893');
    expect(pair.score).toBeCloseTo(PRIOR + FORENAME_VARIANT + FAMILY_PHONETIC + DOB_EXACT + POSTCODE_FULL + SEX_SAME + IDENTIFIER_AGREE, 1);
    expect(pair.agreeingIdentifier).toBe('PNC_ID');
  });

  it('grades dates of birth: exact, day and month swapped, one part different, different', () => {
    const parts = (date: string) => prepareRecord(record({ id: 'x', dateOfBirth: date })).dateParts;
    expect(compareDatesOfBirth(parts('1980-03-04'), parts('1980-03-04'))).toBe('EXACT');
    expect(compareDatesOfBirth(parts('1980-03-04'), parts('1980-04-03'))).toBe('TRANSPOSED');
    expect(compareDatesOfBirth(parts('1980-03-04'), parts('1981-03-04'))).toBe('ONE_PART_DIFFERENT');
    expect(compareDatesOfBirth(parts('1980-03-04'), parts('1980-03-05'))).toBe('ONE_PART_DIFFERENT');
    expect(compareDatesOfBirth(parts('1980-03-04'), parts('1981-04-04'))).toBe('DIFFERENT');
    const transposed = score(record({ id: 'a', dateOfBirth: '1975-06-02', postcode: 'HM3 4CD' }), record({ id: 'b', dateOfBirth: '1975-02-06', postcode: 'HM3 4CD' }));
    expect(transposed.score).toBeCloseTo(PRIOR + FORENAME_EXACT + FAMILY_EXACT + DOB_TRANSPOSED + POSTCODE_FULL + SEX_SAME, 1);
  });

  it('grades postcodes: full (spacing and case do not matter), outcode, different; a missing one is not compared', () => {
    expect(levels(record({ id: 'a' }), record({ id: 'b', postcode: 'bk12ab' })).POSTCODE).toBe('FULL');
    expect(levels(record({ id: 'a' }), record({ id: 'b', postcode: 'BK1 9ZZ' })).POSTCODE).toBe('OUTCODE');
    expect(levels(record({ id: 'a' }), record({ id: 'b', postcode: 'HM3 4CD' })).POSTCODE).toBe('DIFFERENT');
    expect(levels(record({ id: 'a' }), record({ id: 'b', postcode: null })).POSTCODE).toBeUndefined();
  });

  it('counts a conflicting PNC ID against a pair, but not two housing references (a person can have several)', () => {
    const a = record({ id: 'a', identifiers: [{ type: 'PNC_ID', value: '2011/0123456X' }, { type: 'HOUSING_REFERENCE', value: 'HOU-BRK-000001' }] });
    const b = record({ id: 'b', identifiers: [{ type: 'PNC_ID', value: '2012/0654321Y' }] });
    const pair = score(a, b);
    expect(pair.conflictingIdentifier).toBe('PNC_ID');
    expect(pair.score).toBeCloseTo(PRIOR + FORENAME_EXACT + FAMILY_EXACT + DOB_EXACT + POSTCODE_FULL + SEX_SAME + IDENTIFIER_CONFLICT, 1);
    const housing = score(record({ id: 'a', identifiers: [{ type: 'HOUSING_REFERENCE', value: 'HOU-BRK-000001' }] }), record({ id: 'b', identifiers: [{ type: 'HOUSING_REFERENCE', value: 'HOU-HLM-000002' }] }));
    expect(housing.conflictingIdentifier).toBeNull();
  });

  it('agrees through an alias, one bit weaker than through the primary names', () => {
    const a = record({ id: 'a', givenName: 'Karen', familyName: 'Doyle', aliases: ['Karen Whitlock'], sex: 'FEMALE' });
    const b = record({ id: 'b', givenName: 'Karen', familyName: 'Whitlock', sex: 'FEMALE' });
    expect(levels(a, b)).toMatchObject({ FORENAME: 'EXACT', FAMILY_NAME: 'EXACT', ALIASES: 'THROUGH_ALIAS' });
    expect(score(a, b).score).toBeCloseTo(PRIOR + FORENAME_EXACT + FAMILY_EXACT - 1 + DOB_EXACT + POSTCODE_FULL + SEX_SAME, 1);
  });

  it('holds back possible twins: same family name and birthday, forenames neither equal nor variants', () => {
    const aled = record({ id: 'a', givenName: 'Aled', familyName: 'Quarrie', identifiers: [{ type: 'HOUSING_REFERENCE', value: 'HOU-STM-000003' }] });
    const bryn = record({ id: 'b', givenName: 'Bryn', familyName: 'Quarrie', identifiers: [{ type: 'HOUSING_REFERENCE', value: 'HOU-STM-000003' }] });
    const twins = score(aled, bryn);
    expect(twins.twinsGuard).toBe(true);
    expect(twins.score).toBeCloseTo(PRIOR + FORENAME_DIFFERENT + FAMILY_EXACT + DOB_EXACT + POSTCODE_FULL + SEX_SAME + IDENTIFIER_AGREE, 1);
    // At or above the join threshold with an agreeing identifier, and still only queued.
    expect(bandOf(twins, { join: 20, review: 0 })).toEqual({ band: 'REVIEW', held: ['TWINS_GUARD'] });
    expect(score(record({ id: 'a', givenName: 'Jon' }), record({ id: 'b' })).twinsGuard).toBe(false);
    expect(areForenameVariants('jon', 'jonathan')).toBe(true);
    expect(areForenameVariants('aled', 'bryn')).toBe(false);
  });

  it('bands by the thresholds: join needs an agreeing identifier; between the thresholds it is review; below, nothing', () => {
    const thresholds = { join: 20, review: 0 };
    const withIdentifier = score(record({ id: 'a', identifiers: [{ type: 'NHS_NUMBER', value: '9434765919' }] }), record({ id: 'b', identifiers: [{ type: 'NHS_NUMBER', value: '9434765919' }] }));
    expect(bandOf(withIdentifier, thresholds)).toEqual({ band: 'JOIN', held: [] });
    expect(bandOf(score(record({ id: 'a' }), record({ id: 'b' })), thresholds)).toEqual({ band: 'REVIEW', held: ['NO_AGREEING_IDENTIFIER'] });
    const moved = score(record({ id: 'a', dateOfBirth: '1975-06-02' }), record({ id: 'b', dateOfBirth: '1975-02-06', postcode: 'HM3 4CD' }));
    expect(moved.score).toBeCloseTo(PRIOR + FORENAME_EXACT + FAMILY_EXACT + DOB_TRANSPOSED + POSTCODE_DIFFERENT + SEX_SAME, 1);
    expect(bandOf(moved, thresholds).band).toBe('REVIEW');
    expect(bandOf(score(record({ id: 'a', givenName: 'Petra', familyName: 'Volk' }), record({ id: 'b', givenName: 'Quentin', familyName: 'Volk', dateOfBirth: '1971-05-05' })), thresholds).band).toBe('NONE');
  });

  it('reads thresholds from the environment and refuses nonsense', () => {
    expect(thresholdsFromEnvironment({})).toEqual({ join: 20, review: 0 });
    expect(thresholdsFromEnvironment({ PEOPLE_MATCH_JOIN_THRESHOLD: '25', PEOPLE_MATCH_REVIEW_THRESHOLD: '4' })).toEqual({ join: 25, review: 4 });
    expect(() => thresholdsFromEnvironment({ PEOPLE_MATCH_JOIN_THRESHOLD: 'high' })).toThrow('must be a number');
    expect(() => thresholdsFromEnvironment({ PEOPLE_MATCH_JOIN_THRESHOLD: '5', PEOPLE_MATCH_REVIEW_THRESHOLD: '8' })).toThrow('must not be above');
  });
});

describe('blocking', () => {
  const keys = (r: MatchRecord) => blockingKeys(prepareRecord(r));

  it('pairs Bill and William born the same day through the forename variants', () => {
    const rules = sharedRules(keys(record({ id: 'a', givenName: 'Bill', postcode: 'QD2 1AA' })), keys(record({ id: 'b', givenName: 'William', familyName: 'Smyth', postcode: 'BK1 2AB' })));
    expect(rules).toContain(BlockingRule.DATE_OF_BIRTH_AND_FORENAME_START);
  });

  it('pairs records sharing a quoted identifier whatever else differs, and leaves unrelated people apart', () => {
    const a = record({ id: 'a', identifiers: [{ type: 'PNC_ID', value: '2011/0123456X' }] });
    const b = record({ id: 'b', givenName: 'Zed', familyName: 'Other', dateOfBirth: '1999-09-09', postcode: 'WY5 1ZZ', identifiers: [{ type: 'PNC_ID', value: '2011/0123456X' }] });
    expect(sharedRules(keys(a), keys(b))).toEqual([BlockingRule.SHARED_IDENTIFIER]);
    expect(sharedRules(keys(record({ id: 'c' })), keys(record({ id: 'd', givenName: 'Zed', familyName: 'Other', dateOfBirth: '1999-09-09', postcode: 'WY5 1ZZ' })))).toEqual([]);
  });

  it('catches a swapped day and month with a move by birth year, family name sound and initial', () => {
    const rules = sharedRules(keys(record({ id: 'a', dateOfBirth: '1975-06-02' })), keys(record({ id: 'b', dateOfBirth: '1975-02-06', postcode: 'HM3 4CD' })));
    expect(rules).toContain(BlockingRule.BIRTH_YEAR_FAMILY_NAME_SOUND_AND_INITIAL);
    expect(rules).not.toContain(BlockingRule.DATE_OF_BIRTH_AND_POSTCODE);
  });
});

describe('joining clusters', () => {
  const thresholds = { join: 20, review: 0 };

  it('joins a pair at or above the join threshold with an agreeing identifier; the record with more identifiers survives', () => {
    const a = record({ id: 'a', identifiers: [{ type: 'PNC_ID', value: '2011/0123456X' }] });
    const b = record({ id: 'b', givenName: 'Jon', identifiers: [{ type: 'PNC_ID', value: '2011/0123456X' }, { type: 'NHS_NUMBER', value: '9434765919' }] });
    const plan = matchAll([a, b], { thresholds, decided: new Set(), survivorRank: (r) => r.identifiers.length });
    expect(plan.merges).toEqual([{ survivorId: 'b', merged: [expect.objectContaining({ recordId: 'a' })] }]);
    expect(plan.reviews).toEqual([]);
    const remembered = matchAll([a, b], { thresholds, decided: new Set(['a|b']) });
    expect(remembered.merges).toEqual([]);
    expect(remembered.reviews).toEqual([]);
  });

  it('sends a whole cluster to review when two of its records could be twins, though each linking pair could join', () => {
    // Jack ~ Jon (one group of the table), Jon ~ Nathan (another), Jack and Nathan are not variants.
    const jack = record({ id: 'jack', givenName: 'Jack', identifiers: [{ type: 'PNC_ID', value: '2011/0123456X' }] });
    const jon = record({ id: 'jon', givenName: 'Jon', identifiers: [{ type: 'PNC_ID', value: '2011/0123456X' }, { type: 'NHS_NUMBER', value: '9434765919' }] });
    const nathan = record({ id: 'nathan', givenName: 'Nathan', identifiers: [{ type: 'NHS_NUMBER', value: '9434765919' }] });
    const plan = matchAll([jack, jon, nathan], { thresholds, decided: new Set() });
    expect(plan.merges).toEqual([]);
    const held = plan.reviews.filter((pair) => pair.held.includes('CLUSTER_CONFLICT')).map((pair) => [pair.a.id, pair.b.id].sort().join('+'));
    expect(held.sort()).toEqual(['jack+jon', 'jon+nathan']);
  });
});
