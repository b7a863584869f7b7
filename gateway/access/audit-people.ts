/**
 * Who the audit record names: the people whose data left, whatever field carried it. Subgraphs
 * report the rows they let through in their own keys (a PNC ID, a CRN, a hub id…); the person
 * index turns those into hub ids. The gateway asks as itself, and if it cannot find out, the
 * record cannot be written and no personal data is returned.
 */
import type { Caller } from '../../subgraphs/kit/access/caller';
import { CallerTokenSigner, type CallerTokenKeys } from '../../subgraphs/kit/access/caller-token';
import { HUB_ID, ROW_LOOKUP_TIMEOUT_MILLISECONDS } from '../../subgraphs/kit/access/rows';
import { traceHeaders } from '../../subgraphs/kit/telemetry';
import { sendToSubgraph } from '../subgraph-client';

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

const AUDIT_PEOPLE_QUERY = 'query AuditPeople($keys: [String!]!) { hubIdsForKeys(keys: $keys) }';

/**
 * The person index's hub ids for partner keys, on the gateway's own keep-alive sockets to the
 * subgraphs (subgraph-client.ts) rather than a fetch Response per request: this lookup runs for
 * nearly every answer that names someone.
 */
async function askPersonIndex(url: string, callerToken: string, keys: string[]): Promise<string[]> {
  const answer = await sendToSubgraph(
    url,
    {
      method: 'POST',
      // The lookup joins the request's trace (when tracing is on).
      headers: { 'content-type': 'application/json', authorization: `Bearer ${callerToken}`, ...traceHeaders() },
      body: JSON.stringify({ query: AUDIT_PEOPLE_QUERY, variables: { keys } }),
    },
    ROW_LOOKUP_TIMEOUT_MILLISECONDS,
  );
  const body = (await answer.json()) as { data?: { hubIdsForKeys?: unknown } | null; errors?: { message: string }[] };
  const ids = body.data?.hubIdsForKeys;
  if (!answer.ok || body.errors?.length || !Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
    throw new Error(`the person index could not name the people of an audit record (HTTP ${answer.status}): ${body.errors?.[0]?.message ?? 'no data'}`);
  }
  return ids as string[];
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
      const token = await signer.tokenFor(GATEWAY_CALLER, ROW_LOOKUP_TIMEOUT_MILLISECONDS + 5_000).token;
      for (const id of await askPersonIndex(url, token, partnerKeys)) hubIds.add(id);
    }
    return [...hubIds].sort();
  };
}
