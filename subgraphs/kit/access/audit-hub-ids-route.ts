/**
 * The route and the shape of the person index's audit lookup, apart from the route itself
 * (audit-hub-ids.ts): the gateway asks it for every answer it audits and must not load the
 * subgraphs' schema code to do so.
 *
 *   POST /audit/hub-ids   Authorization: Bearer <the gateway's own signed caller context>
 *   {"lookups": [["CRN:X123456", "PNC_ID:2019/0123456X"], ["CRN:Y654321"]]}
 *   200 {"hubIds": [["<hub id>"], []]}   one list per lookup, in order; unknown keys are left out
 *   400 not lookups of keys, or too many  ·  401 no valid caller context  ·  403 not the gateway
 *   503 not answered in time  ·  500 not read
 */
import { MAX_KEYS_PER_ASK } from '../ask-limits';

export const AUDIT_HUB_IDS_PATH = '/audit/hub-ids';

/** Lookups of different requests sent together in one ask, at most. */
export const AUDIT_LOOKUPS_PER_ASK = 32;

/** Keys in one ask, all lookups together: the limit every partner ask keeps. */
export const AUDIT_KEYS_PER_ASK = MAX_KEYS_PER_ASK;

/** The lookups of an ask, or why it is refused. */
export function auditLookups(body: unknown): string[][] | string {
  const lookups = (body as { lookups?: unknown } | null)?.lookups;
  if (!Array.isArray(lookups) || !lookups.every((lookup) => Array.isArray(lookup) && lookup.every((key) => typeof key === 'string'))) return 'Expected {"lookups": [["TYPE:value", ...], ...]}.';
  if (lookups.length > AUDIT_LOOKUPS_PER_ASK) return `At most ${AUDIT_LOOKUPS_PER_ASK} lookups at once.`;
  if ((lookups as string[][]).reduce((sum, lookup) => sum + lookup.length, 0) > AUDIT_KEYS_PER_ASK) return `At most ${AUDIT_KEYS_PER_ASK} keys at once.`;
  return lookups as string[][];
}

/** The profile of the gateway's own caller context (gateway/access/audit-people.ts): the only one answered. */
export const GATEWAY_PROFILE = 'gateway';
