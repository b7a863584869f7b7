/**
 * A per-caller request budget at the gateway, keyed by the verified token's issuer and subject
 * (never by anything the client could vary, such as its address or a header). The default is far
 * above what a person or a partner's app does interactively: it exists so that one token cannot
 * take the hub's capacity from everyone else.
 *
 * A sliding window over the last `windowMs`: the count of the previous fixed window is weighted
 * by how much of it still overlaps, which keeps the memory at two numbers per caller.
 */
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../subgraphs/kit/errors';

export interface RateLimitConfig {
  /** Requests one caller may make per window; 0 turns the limit off. */
  requests: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { requests: 600, windowMs: 60_000 };

export function rateLimitFromEnvironment(env: NodeJS.ProcessEnv = process.env): RateLimitConfig {
  const requests = Number(env.HUB_RATE_LIMIT_REQUESTS);
  const windowMs = Number(env.HUB_RATE_LIMIT_WINDOW_MS);
  return {
    requests: env.HUB_RATE_LIMIT_REQUESTS !== undefined && Number.isInteger(requests) && requests >= 0 ? requests : DEFAULT_RATE_LIMIT.requests,
    windowMs: Number.isFinite(windowMs) && windowMs >= 1000 ? windowMs : DEFAULT_RATE_LIMIT.windowMs,
  };
}

interface Window {
  start: number;
  count: number;
  previousCount: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class CallerRateLimiter {
  private readonly windows = new Map<string, Window>();
  private lastSweep = 0;

  constructor(private readonly config: RateLimitConfig, private readonly now: () => number = Date.now) {}

  /** Counts one request for this caller, or says how long to wait when over the budget. */
  take(issuer: string, subject: string): RateDecision {
    if (this.config.requests === 0) return { allowed: true };
    const now = this.now();
    this.sweep(now);
    const key = JSON.stringify([issuer, subject]);
    const { windowMs, requests } = this.config;
    const start = now - (now % windowMs);
    let window = this.windows.get(key);
    if (!window || window.start !== start) {
      const previousCount = window && window.start === start - windowMs ? window.count : 0;
      window = { start, count: 0, previousCount };
      this.windows.set(key, window);
    }
    const overlap = 1 - (now - start) / windowMs;
    const estimate = window.previousCount * overlap + window.count;
    if (estimate + 1 > requests) {
      // Wait until enough of the previous window has slid out, or the current one has ended.
      const needed = estimate + 1 - requests;
      const waitMs = window.previousCount > 0 ? Math.min(start + windowMs - now, (needed / window.previousCount) * windowMs) : start + windowMs - now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    window.count += 1;
    return { allowed: true };
  }

  /** Forgets callers silent for two windows, so memory follows active callers only. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.config.windowMs) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) {
      if (window.start + 2 * this.config.windowMs <= now) this.windows.delete(key);
    }
  }
}

/** The 429 answer: a caller-facing code, and Retry-After in seconds. */
export function rateLimited(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`Too many requests from this caller; try again in ${retryAfterSeconds} s.`, {
    extensions: {
      code: ErrorCode.RATE_LIMITED,
      http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}
