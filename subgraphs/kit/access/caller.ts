/**
 * Who is asking, as the hub understands it after verifying their token and applying the access
 * policy. The gateway builds it; subgraphs receive it signed by the gateway.
 */
export interface Caller {
  subject: string;
  issuer: string;
  profile: string;
  agency: string;
  role: string;
  team: string | null;
  purpose: string;
  scopes: string[];
  /** Hub ids of the team's IOM caseload for caseload-only profiles; null when not restricted. */
  caseload: string[] | null;
}

export function hasScope(caller: Caller | null | undefined, scope: string): boolean {
  return !!caller && caller.scopes.includes(scope);
}

/** May this caller see the person with this hub id at all? */
export function onCaseload(caller: Caller | null | undefined, hubId: string): boolean {
  return !!caller && (caller.caseload === null || caller.caseload.includes(hubId));
}
