/**
 * Who is asking, as the hub understands it after verifying their token and applying the access
 * policy. The gateway builds it; subgraphs receive it signed by the gateway. It stays small
 * whatever the caseload: it names the caller's row rule, never the people in it (each subgraph
 * checks membership itself, see rows.ts).
 */
import type { RowRuleName } from './policy';

export interface Caller {
  subject: string;
  issuer: string;
  profile: string;
  agency: string;
  role: string;
  team: string | null;
  purpose: string;
  /** The profile's scopes narrowed by the declared purpose. */
  scopes: string[];
  /** Which people this caller may see at all (schema/access-policy.json `rowRules`). */
  rows: RowRuleName;
  /**
   * The version of the person index's restrictions the gateway read after this request arrived
   * (see withheld-keys.ts): a subgraph may reuse a withheld-keys answer read at this version.
   * Without it, the subgraph reads them afresh.
   */
  restrictionsVersion?: string;
}

export function hasScope(caller: Caller | null | undefined, scope: string): boolean {
  return !!caller && caller.scopes.includes(scope);
}
