/**
 * The caseload policy's data: which people an IOM officer's team works with. The IOM subgraph
 * owns it; the gateway asks it (as itself, with a signed caller context of its own) and keeps the
 * answer for a short while, then puts the hub ids into the caller context every subgraph sees.
 */
import type { Caller } from '../../subgraphs/kit/access/caller';
import { signCallerToken, type CallerTokenKeys } from '../../subgraphs/kit/access/caller-token';
import { logger } from '../../subgraphs/kit/logger';
import type { CaseloadLookup } from './verify';

const CACHE_MILLISECONDS = 30_000;

/** The gateway asking on its own behalf: it may read the caseload, nothing else. */
const GATEWAY_CALLER: Caller = {
  subject: 'hub-gateway',
  issuer: 'reducing-reoffending-hub:gateway',
  profile: 'gateway',
  agency: 'IOM',
  role: 'GATEWAY',
  team: null,
  purpose: 'case-management',
  scopes: ['case-conference'],
  caseload: null,
};

export function iomCaseloadLookup(iomUrl: string, keys: CallerTokenKeys): CaseloadLookup {
  // One IOM team per partnership today: the team claim is kept for when a partnership has several.
  let cached: { at: number; ids: string[] } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < CACHE_MILLISECONDS) return cached.ids;
    try {
      const response = await fetch(iomUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await signCallerToken(keys, GATEWAY_CALLER)}` },
        body: JSON.stringify({ query: '{ iomCaseload }' }),
        signal: AbortSignal.timeout(5000),
      });
      const body = (await response.json()) as { data?: { iomCaseload?: string[] | null } };
      const ids = body.data?.iomCaseload;
      if (!Array.isArray(ids)) throw new Error(`unexpected answer (HTTP ${response.status})`);
      cached = { at: Date.now(), ids };
      return ids;
    } catch (error) {
      // Fail closed: without the caseload, a caseload-only caller sees no one.
      logger.warn({ err: error }, 'IOM caseload unavailable; caseload-only callers see no one until it is back');
      return [];
    }
  };
}
