/**
 * The gateway's signed, short-lived statement of who the caller is, sent with every subgraph
 * request. Subgraphs accept nothing else: a request without a valid one gets 401.
 */
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK, type CryptoKey } from 'jose';
import type { Caller } from './caller';

export const CALLER_TOKEN_ISSUER = 'reducing-reoffending-hub:gateway';
export const CALLER_TOKEN_AUDIENCE = 'reducing-reoffending-hub:subgraphs';
const ALGORITHM = 'ES256';
/** How long a caller context is valid; the gateway's subgraph timeouts stay well inside it. */
export const CALLER_TOKEN_LIFETIME_SECONDS = 60;

export interface CallerTokenKeys {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A fresh key pair (an in-process hub), or the one in GATEWAY_SIGNING_KEY (a private JWK, deployments). */
export async function loadOrCreateCallerTokenKeys(privateJwkJson = process.env.GATEWAY_SIGNING_KEY): Promise<CallerTokenKeys> {
  if (privateJwkJson) {
    const privateJwk = JSON.parse(privateJwkJson) as JWK;
    const privateKey = (await importJWK(privateJwk, ALGORITHM)) as CryptoKey;
    const { d: _secret, ...publicJwk } = privateJwk;
    return { privateKey, publicJwk };
  }
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  return { privateKey, publicJwk: await exportJWK(publicKey) };
}

export async function signCallerToken(keys: CallerTokenKeys, caller: Caller): Promise<string> {
  return new SignJWT({ caller })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setIssuer(CALLER_TOKEN_ISSUER)
    .setAudience(CALLER_TOKEN_AUDIENCE)
    .setSubject(caller.subject)
    .setIssuedAt()
    .setExpirationTime(`${CALLER_TOKEN_LIFETIME_SECONDS}s`)
    .sign(keys.privateKey);
}

export type CallerTokenVerifier = (token: string) => Promise<Caller>;

/** Verifies with the gateway's public key only; anything else (wrong key, expired, alg) throws. */
export async function callerTokenVerifier(publicJwk: JWK): Promise<CallerTokenVerifier> {
  const key = await importJWK(publicJwk, ALGORITHM);
  return async (token) => {
    const { payload } = await jwtVerify(token, key, { issuer: CALLER_TOKEN_ISSUER, audience: CALLER_TOKEN_AUDIENCE, algorithms: [ALGORITHM], clockTolerance: 5 });
    const caller = payload.caller as Caller | undefined;
    if (!caller || typeof caller.subject !== 'string' || !Array.isArray(caller.scopes)) throw new Error('caller token without a caller');
    return caller;
  };
}
