/**
 * The information sharing agreement (schema/access-policy.json): which scopes (data categories)
 * and purposes each agency + role may use, and which profiles see only their team's caseload.
 */
import { readFileSync } from 'node:fs';
import { fromRoot } from '../paths';

export interface AccessProfile {
  label: string;
  agency: string;
  role: string;
  scopes: string[];
  purposes: string[];
  /** Sees only people on the IOM caseload of the caller's team. */
  caseloadOnly: boolean;
}

export interface AccessPolicy {
  scopes: Record<string, string>;
  purposes: Record<string, string>;
  policies: Record<string, string>;
  /** Fields reachable from Person that carry no personal data, each with the reason. */
  notPersonalData: Record<string, string>;
  profiles: Record<string, AccessProfile>;
}

export const ACCESS_POLICY_PATH = 'schema/access-policy.json';

let cached: AccessPolicy | undefined;

export function loadAccessPolicy(): AccessPolicy {
  if (cached) return cached;
  const policy = JSON.parse(readFileSync(fromRoot(ACCESS_POLICY_PATH), 'utf8')) as AccessPolicy;
  for (const [name, profile] of Object.entries(policy.profiles)) {
    for (const scope of profile.scopes) if (!(scope in policy.scopes)) throw new Error(`Profile ${name} names unknown scope "${scope}".`);
    for (const purpose of profile.purposes) if (!(purpose in policy.purposes)) throw new Error(`Profile ${name} names unknown purpose "${purpose}".`);
  }
  cached = policy;
  return policy;
}

/** The profile for an agency + role, as named in a caller's token. */
export function findProfile(agency: string, role: string): [string, AccessProfile] | undefined {
  return Object.entries(loadAccessPolicy().profiles).find(([, profile]) => profile.agency === agency && profile.role === role);
}
