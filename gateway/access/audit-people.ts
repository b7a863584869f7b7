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
import { AUDIT_HUB_IDS_PATH, AUDIT_KEYS_PER_ASK, AUDIT_LOOKUPS_PER_ASK } from '../../subgraphs/kit/access/audit-hub-ids-route';
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

/** Requests to the person index in flight at once; lookups arriving meanwhile wait and go together. */
export const AUDIT_LOOKUPS_IN_FLIGHT = 4;

interface PendingLookup {
  keys: string[];
  resolve(ids: string[]): void;
  reject(error: unknown): void;
}

/**
 * The person index's hub ids for several requests' partner keys in one request, at its audit route
 * (subgraphs/kit/access/audit-hub-ids-route.ts): a list of keys per request, a list of hub ids
 * back for each, so each gets the ids of its own keys and nothing else (one request, one
 * caller-context check and one batched read in the person index, however many answers are
 * waiting to be audited). A plain JSON route, not GraphQL: the index parses no document and the
 * gateway builds no GraphQL answer for it. Sent on the gateway's own keep-alive sockets to the
 * subgraphs (subgraph-client.ts). Any answer but a list per lookup rejects, and the answers
 * waiting on it are withheld.
 */
export async function askPersonIndex(url: string, callerToken: string, lookups: string[][]): Promise<string[][]> {
  const answer = await sendToSubgraph(
    new URL(AUDIT_HUB_IDS_PATH, url).href,
    {
      method: 'POST',
      // The lookup joins the request's trace (when tracing is on).
      headers: { 'content-type': 'application/json', authorization: `Bearer ${callerToken}`, ...traceHeaders() },
      body: JSON.stringify({ lookups }),
    },
    ROW_LOOKUP_TIMEOUT_MILLISECONDS,
    // A read: sent once more if a reused socket turned out closed, as a GraphQL query would be.
    true,
  );
  const failed = (message: string | undefined) => new Error(`the person index could not name the people of an audit record (HTTP ${answer.status}): ${message ?? 'no answer'}`);
  let body: { hubIds?: unknown; errors?: { message?: string }[] };
  try {
    body = (await answer.json()) as typeof body;
  } catch {
    throw failed('not JSON');
  }
  const hubIds = body.hubIds;
  const isIds = (ids: unknown): ids is string[] => Array.isArray(ids) && ids.every((id) => typeof id === 'string');
  if (!answer.ok || !Array.isArray(hubIds) || hubIds.length !== lookups.length || !hubIds.every(isIds)) throw failed(body.errors?.[0]?.message);
  return hubIds;
}

/** Takes from `waiting` as many lookups as one ask may carry: at most AUDIT_LOOKUPS_PER_ASK, and AUDIT_KEYS_PER_ASK keys in all. */
function nextGroup(waiting: PendingLookup[]): PendingLookup[] {
  let keys = 0;
  let count = 0;
  while (count < waiting.length && count < AUDIT_LOOKUPS_PER_ASK && keys + waiting[count].keys.length <= AUDIT_KEYS_PER_ASK) keys += waiting[count++].keys.length;
  return waiting.splice(0, count);
}

export type AuditPeopleResolver = (rows: DisclosedRows) => Promise<string[]>;

export function personIndexAuditPeople(peopleUrl: () => string | undefined, keys: CallerTokenKeys): AuditPeopleResolver {
  // The gateway's own context, signed once and reused while it outlives the lookup: the person
  // index then verifies it once, not on every request.
  const signer = new CallerTokenSigner(keys, 1);
  const waiting: PendingLookup[] = [];
  let inFlight = 0;
  const lookUp = async (group: PendingLookup[]): Promise<void> => {
    try {
      const url = peopleUrl();
      if (!url) throw new Error('no person index to name the people in an audit record');
      const token = await signer.tokenFor(GATEWAY_CALLER, ROW_LOOKUP_TIMEOUT_MILLISECONDS + 5_000).token;
      const answers = await askPersonIndex(url, token, group.map((lookup) => lookup.keys));
      group.forEach((lookup, i) => lookup.resolve(answers[i]));
    } catch (error) {
      for (const lookup of group) lookup.reject(error);
    }
  };
  // An idle gateway sends each lookup at once; a busy one groups what waits behind those in flight.
  const sendWaiting = (): void => {
    while (waiting.length && inFlight < AUDIT_LOOKUPS_IN_FLIGHT) {
      inFlight++;
      void lookUp(nextGroup(waiting)).finally(() => {
        inFlight--;
        sendWaiting();
      });
    }
  };
  return async (rows) => {
    const hubIds = new Set(rows.get(HUB_ID) ?? []);
    const partnerKeys = [...rows].filter(([type]) => type !== HUB_ID).flatMap(([type, values]) => [...values].map((value) => `${type}:${value}`));
    // More keys than the index takes in one ask: it would refuse them, so the answer is withheld now.
    if (partnerKeys.length > AUDIT_KEYS_PER_ASK) throw new Error(`the person index names the people of at most ${AUDIT_KEYS_PER_ASK} keys at once`);
    if (partnerKeys.length) {
      const ids = await new Promise<string[]>((resolve, reject) => {
        waiting.push({ keys: partnerKeys, resolve, reject });
        sendWaiting();
      });
      for (const id of ids) hubIds.add(id);
    }
    return [...hubIds].sort();
  };
}
