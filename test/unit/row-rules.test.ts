import { auditOutcome } from '../../gateway/access/access-plugin';
import type { Caller } from '../../subgraphs/kit/access/caller';
import { IdentifierType } from '../../subgraphs/kit/identifiers';
import { accessFor, loadAccessPolicy } from '../../subgraphs/kit/access/policy';
import { createRowGuard, HUB_ID, RowKeyCache, ROWS_UNAVAILABLE_MESSAGE, type RowKeySource } from '../../subgraphs/kit/access/rows';

const policy = loadAccessPolicy();
const caller = (rows: Caller['rows'], agency = 'HOUSING'): Caller => ({
  subject: 's', issuer: 'i', profile: 'p', agency, role: 'r', team: 't', purpose: 'case-management', scopes: [], rows,
});

/** A membership source that counts its reads and answers from a fixed table. */
function countingSource(members: Record<string, string[]>): RowKeySource & { reads: number } {
  const read: RowKeySource = async (_caller, _token, type) => {
    source.reads++;
    return members[type] ?? [];
  };
  const source = Object.assign(read, { reads: 0 });
  return source;
}

describe('a purpose narrows a profile', () => {
  const cases = Object.entries(policy.profiles).flatMap(([name, profile]) => profile.purposes.map((purpose) => [name, purpose] as const));
  it.each(cases)('%s for %s: the profile scopes the purpose allows, and its row rule', (name, purpose) => {
    const profile = policy.profiles[name];
    const limit = policy.purposeLimits[purpose];
    const access = accessFor(profile, purpose);
    expect(access.scopes).toEqual(profile.scopes.filter((scope) => limit.scopes.includes(scope)));
    expect(access.rows).toBe(profile.rows === 'none' ? 'none' : (limit.rows ?? profile.rows));
  });

  it('analysis leaves the coordinator aggregates only, and no one', () => {
    expect(accessFor(policy.profiles['iom-coordinator'], 'analysis')).toEqual({ scopes: ['aggregate-statistics'], rows: 'none' });
  });

  it('a purpose the profile may not use gives nothing', () => {
    expect(accessFor(policy.profiles['housing-officer'], 'analysis')).toEqual({ scopes: [], rows: 'none' });
  });
});

describe('the row guard', () => {
  it('reads nothing for "everyone" (every row) or "none" (no row)', async () => {
    const source = countingSource({});
    const everyone = createRowGuard(caller('everyone'), 'token', source, new RowKeyCache());
    const none = createRowGuard(caller('none'), 'token', source, new RowKeyCache());
    expect(await everyone.visibleKeys(HUB_ID)).toBeNull();
    expect(await everyone.allows(HUB_ID, 'a')).toBe(true);
    expect(await none.allows(HUB_ID, 'a')).toBe(false);
    expect(source.reads).toBe(0);
  });

  it('reads a membership once per kind of key, shares it for the same rule within the cache age, and notes what it let through', async () => {
    const source = countingSource({ [HUB_ID]: ['a', 'b'], PNC_ID: ['2019/0000001A'] });
    const cache = new RowKeyCache();
    const first = createRowGuard(caller('iom-caseload'), 'token', source, cache);
    expect(await first.filter(HUB_ID, ['a', 'c', 'b'], (id) => id)).toEqual(['a', 'b']);
    expect(await first.allows(HUB_ID, 'c')).toBe(false);
    expect(await first.allows(IdentifierType.PNC_ID, '2019/0000001A')).toBe(true);
    expect(source.reads).toBe(2);
    expect(first.disclosed()).toEqual({ [HUB_ID]: ['a', 'b'], PNC_ID: ['2019/0000001A'] });
    const second = createRowGuard(caller('iom-caseload'), 'token', source, cache);
    expect(await second.allows(HUB_ID, 'a')).toBe(true);
    expect(source.reads).toBe(2);
    // Another agency's rule is another membership.
    const other = createRowGuard(caller('agency-clients-and-iom-caseload', 'PROBATION'), 'token', source, cache);
    await other.allows(HUB_ID, 'a');
    expect(source.reads).toBe(3);
  });

  it('reads again once the cache age has passed', async () => {
    const source = countingSource({ [HUB_ID]: ['a'] });
    const cache = new RowKeyCache(0);
    await createRowGuard(caller('iom-caseload'), 'token', source, cache).allows(HUB_ID, 'a');
    await createRowGuard(caller('iom-caseload'), 'token', source, cache).allows(HUB_ID, 'a');
    expect(source.reads).toBe(2);
  });

  it('refuses a cache age over 30 s', () => {
    expect(() => new RowKeyCache(30_001)).toThrow('at most 30000 ms');
  });

  it('fails closed when the membership cannot be read, and does not remember the failure', async () => {
    let fail = true;
    const source: RowKeySource = async () => {
      if (fail) throw new Error('unreachable');
      return ['a'];
    };
    const cache = new RowKeyCache();
    await expect(createRowGuard(caller('iom-caseload'), 'token', source, cache).allows(HUB_ID, 'a')).rejects.toThrow(ROWS_UNAVAILABLE_MESSAGE);
    fail = false;
    expect(await createRowGuard(caller('iom-caseload'), 'token', source, cache).allows(HUB_ID, 'a')).toBe(true);
  });
});

describe('the audit outcome', () => {
  it.each([
    [['p'], ['Person.offences'], false, 'PARTIAL'],
    [['p'], [], false, 'DISCLOSED'],
    [['p'], [], true, 'DISCLOSED'],
    [[], ['Person.offences'], false, 'REFUSED'],
    [[], [], false, 'NO_PERSONAL_DATA'],
    [[], [], true, 'ERROR'],
  ] as const)('people %j, refused %j, other errors %s → %s', (people, refused, otherErrors, outcome) => {
    expect(auditOutcome(people, refused, otherErrors)).toBe(outcome);
  });
});
