/**
 * The gateway's signed, short-lived statement of who the caller is, sent with every subgraph
 * request. Subgraphs accept nothing else: a request without a valid one gets 401.
 */
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK, type CryptoKey } from 'jose';
import type { Caller } from './caller';
import { ExpiringCache } from '../expiring-cache';

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

/**
 * Signs caller contexts, reusing one per caller while it stays valid long enough: the gateway
 * signs per distinct caller every half lifetime or so instead of per request, and subgraphs
 * verify each distinct token once (see `callerTokenVerifier`). Concurrent requests for the same
 * caller share one signature.
 */
export class CallerTokenSigner {
  private readonly signed: ExpiringCache<SignedCallerToken>;

  constructor(
    private readonly keys: CallerTokenKeys,
    maxCallers = CALLER_TOKEN_CACHE_ENTRIES,
  ) {
    this.signed = new ExpiringCache(maxCallers);
  }

  /** A token for `caller` that stays valid at least `validForMs` more: a remembered one, else a new one. */
  tokenFor(caller: Caller, validForMs: number): SignedCallerToken {
    const now = Date.now();
    const key = JSON.stringify(caller);
    const cached = this.signed.get(key, now + validForMs);
    if (cached) return cached;
    // A second early: the token's own `exp` is rounded down to whole seconds.
    const signed = { token: signCallerToken(this.keys, caller), expiresAt: now + (CALLER_TOKEN_LIFETIME_SECONDS - 1) * 1000 };
    this.signed.set(key, signed, signed.expiresAt);
    signed.token.catch(() => this.signed.delete(key));
    return signed;
  }
}

export interface SignedCallerToken {
  token: Promise<string>;
  /** Milliseconds since the epoch, a little before the token's own `exp`. */
  expiresAt: number;
}

/** How many distinct callers (gateway) or tokens (subgraph) are remembered at most. */
export const CALLER_TOKEN_CACHE_ENTRIES = 10_000;

/** The token of an `Authorization: Bearer …` header (a subgraph's only caller is the gateway, with its signed context). */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
}

export type CallerTokenVerifier = (token: string) => Promise<Caller>;

/**
 * Verifies with the gateway's public key only; anything else (wrong key, expired, alg) throws. A
 * token that verified is remembered (bounded) until its `exp`, so the gateway's reused caller
 * contexts cost one signature check each, not one per request.
 */
export async function callerTokenVerifier(publicJwk: JWK, maxTokens = CALLER_TOKEN_CACHE_ENTRIES): Promise<CallerTokenVerifier> {
  const key = await importJWK(publicJwk, ALGORITHM);
  const verified = new ExpiringCache<Caller>(maxTokens);
  return async (token) => {
    const known = verified.get(token);
    if (known) return known;
    const { payload } = await jwtVerify(token, key, { issuer: CALLER_TOKEN_ISSUER, audience: CALLER_TOKEN_AUDIENCE, algorithms: [ALGORITHM], clockTolerance: 5 });
    const caller = payload.caller as Caller | undefined;
    if (!caller || typeof caller.subject !== 'string' || !Array.isArray(caller.scopes)) throw new Error('caller token without a caller');
    if (typeof payload.exp === 'number') verified.set(token, caller, payload.exp * 1000);
    return caller;
  };
}
