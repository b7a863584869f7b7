/**
 * The bounded caches that spare the gateway a signature per request and each subgraph a
 * verification per request: entries expire when the token does, the cache never grows past its
 * bound, a caller's context is reused only while it stays valid long enough for the fetch, and a
 * token that was never verified is never accepted because another one was.
 */
import { decodeJwt } from 'jose';
import { ExpiringCache } from '../../subgraphs/kit/expiring-cache';
import { CallerTokenSigner, callerTokenVerifier, CALLER_TOKEN_LIFETIME_SECONDS, loadOrCreateCallerTokenKeys } from '../../subgraphs/kit/access/caller-token';
import { callerFor } from '../support/hub';

describe('ExpiringCache', () => {
  it('answers until the expiry it was given, then forgets', () => {
    const cache = new ExpiringCache<string>(10);
    cache.set('a', 'alpha', 1_000);
    expect(cache.get('a', 999)).toBe('alpha');
    expect(cache.get('a', 1_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps at most its bound, dropping the oldest entry first', () => {
    const cache = new ExpiringCache<number>(3);
    for (const [i, key] of ['a', 'b', 'c', 'd'].entries()) cache.set(key, i, 10_000);
    expect(cache.size).toBe(3);
    expect(cache.get('a', 0)).toBeUndefined();
    expect(['b', 'c', 'd'].map((key) => cache.get(key, 0))).toEqual([1, 2, 3]);
    // Setting an existing key again makes it the newest.
    cache.set('b', 10, 10_000);
    cache.set('e', 4, 10_000);
    expect(cache.get('c', 0)).toBeUndefined();
    expect(cache.get('b', 0)).toBe(10);
  });

  it('refuses a bound below one', () => {
    expect(() => new ExpiringCache(0)).toThrow(/at least one entry/);
    expect(() => new ExpiringCache(10, 0)).toThrow(/weight bound/);
  });

  it('keeps the sum of its entries\' weights within its weight bound, dropping the oldest first', () => {
    const cache = new ExpiringCache<string>(100, 1_000);
    cache.set('a', 'alpha', 10_000, 400);
    cache.set('b', 'beta', 10_000, 400);
    expect(cache.weight).toBe(800);
    // 800 + 300 is over the bound: the oldest (a) goes, leaving b and c.
    cache.set('c', 'gamma', 10_000, 300);
    expect(cache.get('a', 0)).toBeUndefined();
    expect([cache.get('b', 0), cache.get('c', 0)]).toEqual(['beta', 'gamma']);
    expect(cache.weight).toBe(700);
    // Setting a key again replaces its weight rather than adding to it.
    cache.set('b', 'beta again', 10_000, 100);
    expect(cache.weight).toBe(400);
    // Heavier than the whole bound: not kept, and nothing is dropped for it.
    cache.set('d', 'delta', 10_000, 1_001);
    expect(cache.get('d', 0)).toBeUndefined();
    expect(cache.size).toBe(2);
    // An expired entry read is forgotten with its weight.
    cache.set('e', 'epsilon', 5, 200);
    expect(cache.get('e', 5)).toBeUndefined();
    expect(cache.weight).toBe(400);
  });
});

describe('CallerTokenSigner', () => {
  it('reuses one signed context per caller while it stays valid long enough, and signs afresh otherwise', async () => {
    const keys = await loadOrCreateCallerTokenKeys('');
    const signer = new CallerTokenSigner(keys);
    const coordinator = callerFor('iom-coordinator');
    const first = signer.tokenFor(coordinator, 20_000);
    expect(signer.tokenFor(coordinator, 20_000)).toBe(first);
    // Another caller (here: another purpose) never shares a context.
    const other = signer.tokenFor(callerFor('iom-coordinator', { purpose: 'case-conference' }), 20_000);
    expect(await other.token).not.toBe(await first.token);
    expect(decodeJwt(await other.token).caller).toMatchObject({ purpose: 'case-conference' });
    // A fetch that could outlive what the remembered token has left gets a new one.
    const longer = signer.tokenFor(coordinator, CALLER_TOKEN_LIFETIME_SECONDS * 1000);
    expect(longer).not.toBe(first);
    const claims = decodeJwt(await first.token);
    expect(claims.exp! * 1000).toBeGreaterThanOrEqual(first.expiresAt);
  });
});

describe('callerTokenVerifier', () => {
  it('answers a verified token from memory, and still refuses a token it has not verified', async () => {
    const keys = await loadOrCreateCallerTokenKeys('');
    const verify = await callerTokenVerifier(keys.publicJwk, 2);
    const token = await new CallerTokenSigner(keys).tokenFor(callerFor('housing-officer'), 0).token;
    const caller = await verify(token);
    expect(caller).toMatchObject({ profile: 'housing-officer' });
    expect(await verify(token)).toBe(caller);
    // One changed character in the signature: not the remembered token, so checked, and refused.
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(verify(tampered)).rejects.toThrow();
    // A token signed by another key is refused however many good ones were remembered.
    const stranger = await loadOrCreateCallerTokenKeys('');
    await expect(verify(await new CallerTokenSigner(stranger).tokenFor(callerFor('housing-officer'), 0).token)).rejects.toThrow();
  });
});
