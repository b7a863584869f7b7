/**
 * The information sharing agreement (schema/access-policy.json): which scopes (data categories),
 * purposes and row rule each agency + role has, and how a declared purpose narrows them.
 */
import { readFileSync } from 'node:fs';
import { fromRoot } from '../paths';

export const ROW_RULES = ['everyone', 'iom-caseload', 'agency-clients-and-iom-caseload', 'conference-people', 'none'] as const;
export type RowRuleName = (typeof ROW_RULES)[number];

export interface AccessProfile {
  label: string;
  agency: string;
  role: string;
  scopes: string[];
  purposes: string[];
  /** Which people the profile may see when its purpose does not say otherwise. */
  rows: RowRuleName;
}

export interface PurposeLimit {
  /** The most a caller declaring this purpose gets: their profile's scopes are cut down to these. */
  scopes: string[];
  /** Replaces the profile's row rule while this purpose is declared. */
  rows?: RowRuleName;
}

export interface AccessPolicy {
  scopes: Record<string, string>;
  purposes: Record<string, string>;
  purposeLimits: Record<string, PurposeLimit>;
  rowRules: Record<RowRuleName, string>;
  /** Restricted persons, on top of every row rule: who may still see them. */
  restrictions: string;
  policies: Record<string, string>;
  /** Fields reachable from Person that carry no personal data, each with the reason. */
  notPersonalData: Record<string, string>;
  profiles: Record<string, AccessProfile>;
}

export const ACCESS_POLICY_PATH = 'schema/access-policy.json';

let cached: AccessPolicy | undefined;

function isRowRule(value: unknown): value is RowRuleName {
  return typeof value === 'string' && (ROW_RULES as readonly string[]).includes(value);
}

export function loadAccessPolicy(): AccessPolicy {
  if (cached) return cached;
  const policy = JSON.parse(readFileSync(fromRoot(ACCESS_POLICY_PATH), 'utf8')) as AccessPolicy;
  for (const rule of ROW_RULES) if (!policy.rowRules?.[rule]) throw new Error(`The access policy does not describe the row rule "${rule}".`);
  if (!policy.restrictions) throw new Error('The access policy does not describe restricted persons ("restrictions").');
  for (const [purpose, limit] of Object.entries(policy.purposeLimits ?? {})) {
    if (!(purpose in policy.purposes)) throw new Error(`purposeLimits names unknown purpose "${purpose}".`);
    for (const scope of limit.scopes) if (!(scope in policy.scopes)) throw new Error(`Purpose ${purpose} names unknown scope "${scope}".`);
    if (limit.rows !== undefined && !isRowRule(limit.rows)) throw new Error(`Purpose ${purpose} names unknown row rule "${String(limit.rows)}".`);
  }
  for (const [name, profile] of Object.entries(policy.profiles)) {
    for (const scope of profile.scopes) if (!(scope in policy.scopes)) throw new Error(`Profile ${name} names unknown scope "${scope}".`);
    for (const purpose of profile.purposes) {
      if (!(purpose in policy.purposes)) throw new Error(`Profile ${name} names unknown purpose "${purpose}".`);
      // A purpose without limits would silently grant everything: refuse the file instead.
      if (!policy.purposeLimits?.[purpose]) throw new Error(`Purpose "${purpose}" has no entry in purposeLimits.`);
    }
    if (!isRowRule(profile.rows)) throw new Error(`Profile ${name} names unknown row rule "${String(profile.rows)}".`);
  }
  cached = policy;
  return policy;
}

/** The profile for an agency + role, as named in a caller's token. */
export function findProfile(agency: string, role: string): [string, AccessProfile] | undefined {
  return Object.entries(loadAccessPolicy().profiles).find(([, profile]) => profile.agency === agency && profile.role === role);
}

/**
 * What a profile may do for a purpose it is allowed: its scopes cut down to the purpose's, and
 * the purpose's row rule when it has one — except that a purpose never widens the rows of a
 * profile that sees no person at all.
 */
export function accessFor(profile: AccessProfile, purpose: string): { scopes: string[]; rows: RowRuleName } {
  const limit = loadAccessPolicy().purposeLimits[purpose];
  if (!limit || !profile.purposes.includes(purpose)) return { scopes: [], rows: 'none' };
  const scopes = profile.scopes.filter((scope) => limit.scopes.includes(scope));
  const rows = profile.rows === 'none' ? 'none' : (limit.rows ?? profile.rows);
  return { scopes, rows };
}
