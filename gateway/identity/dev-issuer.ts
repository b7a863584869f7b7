/**
 * The development identity provider built into the hub: a key pair kept under data/dev-issuer/
 * and `npm run token -- <profile>` to print a token for one of the access profiles. Off when
 * NODE_ENV=production (unless HUB_DEV_ISSUER=true).
 */
import { generateKeyPairSync, createPrivateKey, randomUUID, type JsonWebKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import { fromRoot } from '../../subgraphs/kit/paths';
import { loadAccessPolicy } from '../../subgraphs/kit/access/policy';

export const DEV_ISSUER = 'urn:reducing-reoffending-hub:dev-issuer';
export const HUB_AUDIENCE = 'reducing-reoffending-hub';
export const DEV_ISSUER_KID = 'dev-issuer-1';

/** On unless NODE_ENV=production; HUB_DEV_ISSUER=true|false says so explicitly. */
export function devIssuerEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.HUB_DEV_ISSUER ? env.HUB_DEV_ISSUER === 'true' : env.NODE_ENV !== 'production';
}

function keyDirectory(): string {
  return process.env.HUB_DEV_ISSUER_DIR ?? fromRoot('data', 'dev-issuer');
}

interface DevKeys {
  privateJwk: JWK;
  publicJwk: JWK;
}

let cached: { dir: string; keys: DevKeys } | undefined;

/** Creates the key pair on first use; node:crypto keeps this synchronous so configuration can load it. */
function devKeys(): DevKeys {
  const dir = keyDirectory();
  if (cached?.dir === dir) return cached.keys;
  const file = path.join(dir, 'private.jwk.json');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(file, JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: DEV_ISSUER_KID, alg: 'ES256' }), { mode: 0o600 });
  }
  const privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  const { d: _secret, ...publicJwk } = privateJwk;
  cached = { dir, keys: { privateJwk, publicJwk: { ...publicJwk, use: 'sig' } } };
  return cached.keys;
}

export function devIssuerPublicJwks(): JSONWebKeySet {
  return { keys: [devKeys().publicJwk] };
}

/** The development issuer's signing key (tests sign deliberately flawed tokens the hub trusts). */
export function devIssuerSigningKey(): KeyObject {
  return createPrivateKey({ key: devKeys().privateJwk as JsonWebKey, format: 'jwk' });
}

export interface DevTokenOptions {
  purpose?: string;
  team?: string;
  subject?: string;
  /** e.g. '1h' (at most the 12 h the hub accepts); a negative number of seconds makes an expired token (for tests). */
  expiresIn?: string | number;
  audience?: string;
}

export async function issueDevToken(profileName: string, options: DevTokenOptions = {}): Promise<string> {
  const profile = loadAccessPolicy().profiles[profileName];
  if (!profile) {
    throw new Error(`Unknown profile "${profileName}". Profiles: ${Object.keys(loadAccessPolicy().profiles).join(', ')}.`);
  }
  const key = devIssuerSigningKey();
  const now = Math.floor(Date.now() / 1000);
  const expiry = typeof options.expiresIn === 'number' ? now + options.expiresIn : (options.expiresIn ?? '8h');
  return new SignJWT({
    agency: profile.agency,
    role: profile.role,
    team: options.team ?? 'iom-team-1',
    purpose: options.purpose ?? profile.purposes[0],
    name: profile.label,
  })
    .setProtectedHeader({ alg: 'ES256', kid: DEV_ISSUER_KID, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(options.audience ?? HUB_AUDIENCE)
    .setSubject(options.subject ?? `dev-${profileName}-${randomUUID().slice(0, 8)}`)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(expiry)
    .sign(key);
}
