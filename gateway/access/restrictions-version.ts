/**
 * The version of the person index's restrictions, read once per request and signed into the
 * caller context the request's subgraph fetches carry: with it, each subgraph reuses the
 * withheld-keys answer it read at that version instead of asking the person index on every
 * request (subgraphs/kit/access/withheld-keys.ts).
 *
 * A read serves only requests that were waiting before it started: a request arriving while one
 * is in flight waits for the next, so every request's version was read after it arrived and a
 * restriction committed before it is in its answer. Under load one read serves many requests.
 * When the version cannot be read, the request goes without one and every subgraph reads its
 * withheld keys afresh, as it would for any context without a version.
 */
import { CallerTokenSigner, type CallerTokenKeys } from '../../subgraphs/kit/access/caller-token';
import { isWithheldVersion, WITHHELD_VERSION_PATH } from '../../subgraphs/kit/access/withheld-version';
import { traceHeaders } from '../../subgraphs/kit/telemetry';
import { sendToSubgraph } from '../subgraph-client';
import { logger } from '../../subgraphs/kit/logger';
import { GATEWAY_CALLER } from './audit-people';

/** A version read taking longer than this is given up (the request then goes without one). */
export const RESTRICTIONS_VERSION_TIMEOUT_MS = 2_000;

export type RestrictionsVersionReader = () => Promise<string | undefined>;

export function personIndexRestrictionsVersion(peopleUrl: () => string | undefined, keys: CallerTokenKeys): RestrictionsVersionReader {
  const signer = new CallerTokenSigner(keys, 1);
  const readOnce = async (): Promise<string | undefined> => {
    try {
      const url = peopleUrl();
      if (!url) return undefined;
      const token = await signer.tokenFor(GATEWAY_CALLER, RESTRICTIONS_VERSION_TIMEOUT_MS + 5_000).token;
      // On the gateway's own keep-alive sockets to the person index, as its fetches and audit lookups.
      const answer = await sendToSubgraph(
        new URL(WITHHELD_VERSION_PATH, url).href,
        { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...traceHeaders() }, body: '{}' },
        RESTRICTIONS_VERSION_TIMEOUT_MS,
        // A read: sent once more if a reused socket turned out closed, rather than the request
        // going without a version and every subgraph reading its withheld keys afresh.
        true,
      );
      const version = answer.ok ? ((await answer.json()) as { version?: unknown }).version : undefined;
      if (!isWithheldVersion(version)) throw new Error(`the person index gave no restrictions version (HTTP ${answer.status})`);
      return version;
    } catch (error) {
      logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'restrictions version not read; subgraphs read withheld keys afresh');
      return undefined;
    }
  };
  let inFlight: Promise<string | undefined> | undefined;
  let next: Promise<string | undefined> | undefined;
  const start = (): Promise<string | undefined> => {
    const reading = readOnce();
    inFlight = reading;
    void reading.finally(() => {
      if (inFlight === reading) inFlight = undefined;
    });
    return reading;
  };
  return () => {
    if (!inFlight) return start();
    // Started before this request arrived: it may miss a restriction made since; wait for the next.
    next ??= inFlight.then(() => {
      next = undefined;
      return start();
    });
    return next;
  };
}
