import { auditOutcome } from '../../gateway/access/access-plugin';
import type { Caller } from '../../subgraphs/kit/access/caller';
import { IdentifierType } from '../../subgraphs/kit/identifiers';
import { accessFor, loadAccessPolicy } from '../../subgraphs/kit/access/policy';
import { createRowGuard, HUB_ID, RowKeyCache, rowKeysCondition, rowKeysOf, ROWS_UNAVAILABLE_MESSAGE, type RowKeySource, type WithheldKeySource } from '../../subgraphs/kit/access/rows';

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

/** Restricted people withheld from every caller, counting its reads. */
function withholding(keys: Record<string, string[]>): WithheldKeySource & { reads: number } {
  const read: WithheldKeySource = async (_caller, _token, type) => {
    source.reads++;
    return keys[type] ?? [];
  };
  const source = Object.assign(read, { reads: 0 });
  return source;
}
const nothingWithheld: WithheldKeySource = async () => [];

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
  it('reads no membership for "everyone" (every row) or "none" (no row); only "everyone" asks who is restricted', async () => {
    const source = countingSource({});
    const withheld = withholding({});
    const everyone = createRowGuard(caller('everyone'), 'token', source, withheld, new RowKeyCache());
    const none = createRowGuard(caller('none'), 'token', source, withheld, new RowKeyCache());
    expect((await everyone.visibleKeys(HUB_ID)).members).toBeNull();
    expect((await everyone.visibleKeys(HUB_ID)).everyRow).toBe(true);
    expect(await everyone.allows(HUB_ID, 'a')).toBe(true);
    expect(await none.allows(HUB_ID, 'a')).toBe(false);
    expect(source.reads).toBe(0);
    // Once per request and kind of key, and never for a rule that sees no one.
    expect(withheld.reads).toBe(1);
  });

  it('answers a check at once only once the request has read its keys, judging and noting as allows does', async () => {
    const guard = createRowGuard(caller('iom-caseload'), 'token', countingSource({ [HUB_ID]: ['a', 'r'] }), withholding({ [HUB_ID]: ['r'] }), new RowKeyCache());
    expect(guard.allowsNow(HUB_ID, 'a')).toBeUndefined();
    expect(guard.visibleKeysNow(HUB_ID)).toBeUndefined();
    expect(guard.allowsNow(HUB_ID, null)).toBe(false);
    const read = await guard.visibleKeys(HUB_ID);
    // The very keys the read gave, to be judged at once.
    expect(guard.visibleKeysNow(HUB_ID)).toBe(read);
    expect(guard.allowsNow(HUB_ID, 'a')).toBe(true);
    expect(guard.allowsNow(HUB_ID, 'r')).toBe(false);
    expect(guard.allowsNow(HUB_ID, 'x')).toBe(false);
    // Another kind of key has not been read in this request.
    expect(guard.allowsNow(IdentifierType.PNC_ID, '2019/0000002B')).toBeUndefined();
    expect(guard.disclosed()).toEqual({ [HUB_ID]: ['a'] });
    expect(guard.withheld()).toEqual({ [HUB_ID]: ['r'] });
  });

  it('withholds restricted people from every rule, reads them afresh for every request, and notes the attempts', async () => {
    const source = countingSource({ [HUB_ID]: ['a', 'r'] });
    const withheld = withholding({ [HUB_ID]: ['r'], PNC_ID: ['2019/0000002B'] });
    const cache = new RowKeyCache();
    const everyone = createRowGuard(caller('everyone'), 'token', source, withheld, cache);
    expect(await everyone.allows(HUB_ID, 'r')).toBe(false);
    expect(await everyone.allows(HUB_ID, 'x')).toBe(true);
    expect(await everyone.allows(IdentifierType.PNC_ID, '2019/0000002B')).toBe(false);
    expect(everyone.disclosed()).toEqual({ [HUB_ID]: ['x'] });
    expect(everyone.withheld()).toEqual({ [HUB_ID]: ['r'], PNC_ID: ['2019/0000002B'] });
    const caseload = createRowGuard(caller('iom-caseload'), 'token', source, withheld, cache);
    expect(await caseload.filter(HUB_ID, ['a', 'r', 'x'], (id) => id)).toEqual(['a']);
    expect(caseload.withheld()).toEqual({ [HUB_ID]: ['r'] });
    // Someone outside the rule who is not restricted is simply not there: no attempt to note.
    expect(await caseload.allows(HUB_ID, 'x')).toBe(false);
    expect(caseload.withheld()).toEqual({ [HUB_ID]: ['r'] });
    // Two kinds of key in the first request, one in the second: nothing kept between requests.
    expect(withheld.reads).toBe(3);
  });

  it('fails closed when the restricted people cannot be read', async () => {
    const failing: WithheldKeySource = async () => {
      throw new Error('unreachable');
    };
    await expect(createRowGuard(caller('everyone'), 'token', countingSource({}), failing, new RowKeyCache()).allows(HUB_ID, 'a')).rejects.toThrow(ROWS_UNAVAILABLE_MESSAGE);
    expect(await createRowGuard(caller('none'), 'token', countingSource({}), failing, new RowKeyCache()).allows(HUB_ID, 'a')).toBe(false);
  });

  it('turns visible keys into one SQL condition: members in, withheld out, nothing when every row is visible', () => {
    expect(rowKeysCondition('p.id', rowKeysOf(null, new Set()), '::uuid')).toBeNull();
    expect(rowKeysCondition('p.id', rowKeysOf(null, new Set(['r'])), '::uuid')).toEqual({ sql: 'p.id not in (select jsonb_array_elements_text(?::jsonb)::uuid)', params: ['["r"]'] });
    expect(rowKeysCondition('n.pnc_id', rowKeysOf(new Set(['a']), new Set(['r'])))).toEqual({
      sql: 'n.pnc_id in (select jsonb_array_elements_text(?::jsonb)) and n.pnc_id not in (select jsonb_array_elements_text(?::jsonb))',
      params: ['["a"]', '["r"]'],
    });
  });

  it('reads a membership once per kind of key, shares it for the same rule within the cache age, and notes what it let through', async () => {
    const source = countingSource({ [HUB_ID]: ['a', 'b'], PNC_ID: ['2019/0000001A'] });
    const cache = new RowKeyCache();
    const first = createRowGuard(caller('iom-caseload'), 'token', source, nothingWithheld, cache);
    expect(await first.filter(HUB_ID, ['a', 'c', 'b'], (id) => id)).toEqual(['a', 'b']);
    expect(await first.allows(HUB_ID, 'c')).toBe(false);
    expect(await first.allows(IdentifierType.PNC_ID, '2019/0000001A')).toBe(true);
    expect(source.reads).toBe(2);
    expect(first.disclosed()).toEqual({ [HUB_ID]: ['a', 'b'], PNC_ID: ['2019/0000001A'] });
    const second = createRowGuard(caller('iom-caseload'), 'token', source, nothingWithheld, cache);
    expect(await second.allows(HUB_ID, 'a')).toBe(true);
    expect(source.reads).toBe(2);
    // Another agency's rule is another membership.
    const other = createRowGuard(caller('agency-clients-and-iom-caseload', 'PROBATION'), 'token', source, nothingWithheld, cache);
    await other.allows(HUB_ID, 'a');
    expect(source.reads).toBe(3);
  });

  it('reads again once the cache age has passed', async () => {
    const source = countingSource({ [HUB_ID]: ['a'] });
    const cache = new RowKeyCache(0);
    await createRowGuard(caller('iom-caseload'), 'token', source, nothingWithheld, cache).allows(HUB_ID, 'a');
    await createRowGuard(caller('iom-caseload'), 'token', source, nothingWithheld, cache).allows(HUB_ID, 'a');
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
    await expect(createRowGuard(caller('iom-caseload'), 'token', source, nothingWithheld, cache).allows(HUB_ID, 'a')).rejects.toThrow(ROWS_UNAVAILABLE_MESSAGE);
    fail = false;
    expect(await createRowGuard(caller('iom-caseload'), 'token', source, nothingWithheld, cache).allows(HUB_ID, 'a')).toBe(true);
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
