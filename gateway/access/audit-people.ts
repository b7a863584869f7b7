/**
 * Who the audit record names: the people whose data left, whatever field carried it. Subgraphs
 * report the rows they let through in their own keys (a PNC ID, a CRN, a hub id…); the person
 * index turns those into hub ids. The gateway asks as itself, and if it cannot find out, the
 * record cannot be written and no personal data is returned.
 */
import type { Caller } from '../../subgraphs/kit/access/caller';
import { CallerTokenSigner, type CallerTokenKeys } from '../../subgraphs/kit/access/caller-token';
import { askWithCallerContext, HUB_ID, ROW_LOOKUP_TIMEOUT_MILLISECONDS } from '../../subgraphs/kit/access/rows';

/** The gateway asking on its own behalf: it may map keys to hub ids for the audit, nothing else. */
export const GATEWAY_CALLER: Caller = {
  subject: 'hub-gateway',
  issuer: 'reducing-reoffending-hub:gateway',
  profile: 'gateway',
  agency: 'IOM',
  role: 'GATEWAY',
  team: null,
  purpose: 'audit',
  scopes: [],
  rows: 'everyone',
};

/** Rows reported by subgraphs: kind of key → keys. */
export type DisclosedRows = Map<string, Set<string>>;

export function mergeDisclosedRows(into: DisclosedRows, reported: unknown): void {
  if (!reported || typeof reported !== 'object') return;
  for (const [type, values] of Object.entries(reported as Record<string, unknown>)) {
    if (!Array.isArray(values)) continue;
    let set = into.get(type);
    if (!set) into.set(type, (set = new Set()));
    for (const value of values) if (typeof value === 'string') set.add(value);
  }
}

export type AuditPeopleResolver = (rows: DisclosedRows) => Promise<string[]>;

export function personIndexAuditPeople(peopleUrl: () => string | undefined, keys: CallerTokenKeys): AuditPeopleResolver {
  // The gateway's own context, signed once and reused while it outlives the lookup: the person
  // index then verifies it once, not on every request.
  const signer = new CallerTokenSigner(keys, 1);
  return async (rows) => {
    const hubIds = new Set(rows.get(HUB_ID) ?? []);
    const partnerKeys = [...rows].filter(([type]) => type !== HUB_ID).flatMap(([type, values]) => [...values].map((value) => `${type}:${value}`));
    if (partnerKeys.length) {
      const url = peopleUrl();
      if (!url) throw new Error('no person index to name the people in an audit record');
      const data = await askWithCallerContext<{ hubIdsForKeys: string[] }>(
        url,
        await signer.tokenFor(GATEWAY_CALLER, ROW_LOOKUP_TIMEOUT_MILLISECONDS + 5_000).token,
        'query AuditPeople($keys: [String!]!) { hubIdsForKeys(keys: $keys) }',
        { keys: partnerKeys },
      );
      for (const id of data.hubIdsForKeys) hubIds.add(id);
    }
    return [...hubIds].sort();
  };
}
