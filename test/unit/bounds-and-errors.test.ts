import 'reflect-metadata';
import { GraphQLError } from 'graphql';
import { CallerRateLimiter, rateLimitFromEnvironment, DEFAULT_RATE_LIMIT } from '../../gateway/rate-limit';
import { DEFAULT_SUBGRAPH_TIMEOUT_MS, subgraphTimeoutMs } from '../../gateway/subgraph-data-source';
import { errorForLog, formatHubError } from '../../subgraphs/kit/errors';
import { decodeCursor, encodeCursor } from '../../subgraphs/kit/pagination';

describe('the per-caller rate limit (sliding window)', () => {
  it('allows the budget, then tells how long to wait; the previous window counts by its overlap', () => {
    let now = 120_000; // the start of a window
    const limiter = new CallerRateLimiter({ requests: 10, windowMs: 60_000 }, () => now);
    for (let i = 0; i < 10; i++) expect(limiter.take('iss', 'a')).toEqual({ allowed: true });
    // Nothing in the previous window: wait for this one to end, 60 s away.
    expect(limiter.take('iss', 'a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    // Another caller has its own budget.
    expect(limiter.take('iss', 'b')).toEqual({ allowed: true });
    // The same subject from another issuer is another caller.
    expect(limiter.take('other-iss', 'a')).toEqual({ allowed: true });
    // Next window, at its start: the previous 10 still weigh fully (10 × 1.0 = 10, no room).
    now = 180_000;
    // One more is allowed once 1 of the previous 10 has slid out: 1/10 of 60 s = 6 s.
    expect(limiter.take('iss', 'a')).toEqual({ allowed: false, retryAfterSeconds: 6 });
    // 6 s later the previous window weighs 10 × 0.9 = 9: one more fits, then none.
    now = 186_000;
    expect(limiter.take('iss', 'a')).toEqual({ allowed: true });
    expect(limiter.take('iss', 'a').allowed).toBe(false);
  });

  it('is off when the budget is 0, and reads its settings from the environment', () => {
    const limiter = new CallerRateLimiter({ requests: 0, windowMs: 60_000 });
    for (let i = 0; i < 1000; i++) expect(limiter.take('iss', 'a').allowed).toBe(true);
    expect(rateLimitFromEnvironment({})).toEqual(DEFAULT_RATE_LIMIT);
    expect(rateLimitFromEnvironment({ HUB_RATE_LIMIT_REQUESTS: '50', HUB_RATE_LIMIT_WINDOW_MS: '10000' })).toEqual({ requests: 50, windowMs: 10_000 });
    expect(rateLimitFromEnvironment({ HUB_RATE_LIMIT_REQUESTS: 'lots' })).toEqual(DEFAULT_RATE_LIMIT);
  });
});

describe('subgraph timeouts', () => {
  it('default to 15 s, can be set per subgraph or for all, and never outlive the 60 s caller context', () => {
    expect(subgraphTimeoutMs('POLICE', {})).toBe(DEFAULT_SUBGRAPH_TIMEOUT_MS);
    expect(DEFAULT_SUBGRAPH_TIMEOUT_MS).toBe(15_000);
    expect(subgraphTimeoutMs('POLICE', { HUB_SUBGRAPH_TIMEOUT_MS: '8000' })).toBe(8000);
    expect(subgraphTimeoutMs('POLICE', { HUB_SUBGRAPH_TIMEOUT_MS: '8000', POLICE_TIMEOUT_MS: '3000' })).toBe(3000);
    expect(subgraphTimeoutMs('HOUSING', { POLICE_TIMEOUT_MS: '3000' })).toBe(15_000);
    expect(() => subgraphTimeoutMs('POLICE', { POLICE_TIMEOUT_MS: '60000' })).toThrow(/caller context/);
    expect(() => subgraphTimeoutMs('POLICE', { POLICE_TIMEOUT_MS: 'soon' })).toThrow();
  });
});

describe('cursors are checked value by value', () => {
  it('accepts what the list made and refuses anything of another shape or type', () => {
    const shape = ['text', 'text', 'uuid'] as const;
    const made = ['Smith', 'Ann', '3f2b8c1e-9d4a-4c6b-8e2f-1a2b3c4d5e6f'];
    expect(decodeCursor(encodeCursor(made), shape)).toEqual(made);
    for (const values of [[1, 'Ann', made[2]], ['Smith', 'Ann', 'x'], ['Smith', 'Ann'], ['Smith', 'Ann\u0000', made[2]], ['Smith', null, made[2]]]) {
      expect(() => decodeCursor(encodeCursor(values as (string | number | null)[]), shape)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    }
    expect(decodeCursor(encodeCursor(['2026-02-28', made[2]]), ['date', 'uuid'])).toEqual(['2026-02-28', made[2]]);
    expect(() => decodeCursor(encodeCursor(['2026-02-30', made[2]]), ['date', 'uuid'])).toThrow();
    expect(() => decodeCursor('%%%', ['text'])).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });
});

describe('what is logged of an error', () => {
  /** As MikroORM wraps a PostgreSQL error: the SQL text and the value in the message. */
  const driverError = Object.assign(new Error(`select "p0".* from "person" as "p0" where "p0"."given_name" ilike '%Hartley%' - invalid input syntax for type uuid: "Hartley"`), {
    name: 'DriverException',
    code: '22P02',
    sqlState: '22P02',
  });

  it('keeps a database error\'s SQLSTATE and drops its SQL and values', () => {
    const logged = JSON.stringify(errorForLog(driverError));
    expect(logged).toContain('22P02');
    expect(logged).not.toMatch(/Hartley|select|person/);
  });

  it('keeps another error\'s message with quoted values removed', () => {
    const logged = errorForLog(new Error(`no person matched "Hartley" in 'Lincoln'`));
    expect(logged.message).toBe('no person matched "…" in \'…\'');
  });

  it('answers a database data exception (the caller\'s value) as BAD_USER_INPUT with nothing of the SQL', () => {
    const wrapped = new GraphQLError(driverError.message, { originalError: driverError, path: ['people'] });
    const formatted = formatHubError({ message: wrapped.message, path: ['people'] }, wrapped);
    expect(formatted.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(formatted)).not.toMatch(/Hartley|select/);
  });

  it('still answers a lost connection as DATABASE_UNAVAILABLE', () => {
    const lost = Object.assign(new Error('Connection terminated unexpectedly'), {});
    expect(formatHubError({ message: lost.message }, lost).extensions?.code).toBe('DATABASE_UNAVAILABLE');
  });
});
