/**
 * The identity providers the hub trusts: each partner's issuer with its keys (a JWKS URL or a
 * key file), the audience its tokens must name, the algorithms allowed, and where in its tokens
 * the hub finds agency, role, team and purpose. Configured in the file named by
 * HUB_ISSUERS_FILE; the development issuer is added unless NODE_ENV=production.
 */
import { readFileSync } from 'node:fs';
import type { JSONWebKeySet } from 'jose';
import { fromRoot } from '../../subgraphs/kit/paths';
import { DEV_ISSUER, HUB_AUDIENCE, devIssuerEnabled, devIssuerPublicJwks } from './dev-issuer';

/** Asymmetric algorithms only: a shared secret would let any partner mint another's tokens. */
export const ALLOWED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

export interface ClaimMapping {
  agency: string;
  role: string;
  team: string;
  purpose: string;
}

export interface IssuerConfig {
  issuer: string;
  audience: string;
  algorithms: string[];
  /** Exactly one of these. */
  jwksUrl?: string;
  keyFile?: string;
  jwks?: JSONWebKeySet;
  claims: ClaimMapping;
  /** For a single-agency identity provider whose tokens do not carry the agency. */
  fixedAgency?: string;
  /** The longest an access token may live (`exp - iat`), in seconds; 12 h unless set. */
  maxLifetimeSeconds?: number;
}

export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;
/** No configuration may accept tokens living longer than a week. */
const LONGEST_MAX_TOKEN_LIFETIME_SECONDS = 7 * 24 * 60 * 60;

export const DEFAULT_CLAIMS: ClaimMapping = { agency: 'agency', role: 'role', team: 'team', purpose: 'purpose' };

function validated(config: IssuerConfig): IssuerConfig {
  const sources = [config.jwksUrl, config.keyFile, config.jwks].filter(Boolean).length;
  if (sources !== 1) throw new Error(`Issuer ${config.issuer}: give exactly one of jwksUrl, keyFile or jwks.`);
  const bad = config.algorithms.filter((alg) => !(ALLOWED_ALGORITHMS as readonly string[]).includes(alg));
  if (bad.length || config.algorithms.length === 0) throw new Error(`Issuer ${config.issuer}: algorithms must be asymmetric (${ALLOWED_ALGORITHMS.join(', ')}); got ${bad.join(', ') || 'none'}.`);
  if (!config.audience) throw new Error(`Issuer ${config.issuer}: an audience is required.`);
  const lifetime = config.maxLifetimeSeconds;
  if (lifetime !== undefined && (!Number.isInteger(lifetime) || lifetime < 60 || lifetime > LONGEST_MAX_TOKEN_LIFETIME_SECONDS)) {
    throw new Error(`Issuer ${config.issuer}: maxLifetimeSeconds must be a whole number of seconds from 60 to ${LONGEST_MAX_TOKEN_LIFETIME_SECONDS}; got ${lifetime}.`);
  }
  return { ...config, claims: { ...DEFAULT_CLAIMS, ...config.claims } };
}

export function loadIssuerConfigs(): IssuerConfig[] {
  const configs: IssuerConfig[] = [];
  const file = process.env.HUB_ISSUERS_FILE;
  if (file) {
    const parsed = JSON.parse(readFileSync(file.startsWith('/') ? file : fromRoot(file), 'utf8')) as { issuers: IssuerConfig[] };
    configs.push(...parsed.issuers);
  }
  if (devIssuerEnabled()) {
    configs.push({ issuer: DEV_ISSUER, audience: HUB_AUDIENCE, algorithms: ['ES256'], jwks: devIssuerPublicJwks(), claims: DEFAULT_CLAIMS });
  }
  return configs.map(validated);
}
