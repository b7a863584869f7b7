/**
 * Turns a bearer token into a Caller: verified against its own issuer's keys only (chosen by
 * `kid`, which every token must carry), allow-listed asymmetric algorithms, `iss`, `aud`, `exp`
 * and `nbf` checked with at most 60 s of clock skew, then mapped through the access policy. Keys
 * are never fetched from addresses named in the token (`jku`, `x5u`, `jwk` are ignored).
 * Identity comes from the token alone.
 *
 * Only access tokens are accepted:
 * - the header's `typ` must be `JWT` or `at+jwt` (RFC 9068; `application/at+jwt` too), so a token
 *   typed as anything else (`id_token`, `refresh+jwt`, `logout+jwt`…) or untyped is refused;
 * - an ID token is recognised by what only ID tokens carry (`nonce`, `at_hash`, `c_hash`) or by the
 *   token use some providers state in the payload (`typ` other than `Bearer`, as Keycloak writes
 *   `ID` or `Refresh`; `token_use` other than `access`): refused too;
 * - it must say when it was issued (`iat`), and live no longer than its issuer's
 *   `maxLifetimeSeconds` (`exp - iat`, 12 h unless configured), so a leaked long-lived token is not
 *   accepted for years.
 */
import { compactVerify, createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { readFileSync } from 'node:fs';
import type { JSONWebKeySet } from 'jose';
import { GraphQLError } from 'graphql';
import type { Caller } from '../../subgraphs/kit/access/caller';
import { accessFor, findProfile } from '../../subgraphs/kit/access/policy';
import { ErrorCode, unauthenticated } from '../../subgraphs/kit/errors';
import { logger } from '../../subgraphs/kit/logger';
import { ExpiringCache } from '../../subgraphs/kit/expiring-cache';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, type IssuerConfig } from './issuers';

const CLOCK_SKEW_SECONDS = 60;
/** Bearer tokens remembered after they verified (a caller sends the same one for hours). */
const VERIFIED_TOKENS_KEPT = 10_000;

/** Header `typ` values of an access token (compared case-insensitively). */
export const ACCESS_TOKEN_TYPES = ['jwt', 'at+jwt', 'application/at+jwt'];
/** Claims only an OpenID Connect ID token carries. */
const ID_TOKEN_CLAIMS = ['nonce', 'at_hash', 'c_hash'];

/** Why a token was refused: logged, never told to the caller. */
export type TokenRefusal =
  | 'malformed'
  | 'issuer'
  | 'algorithm'
  | 'kid-missing'
  | 'type'
  | 'unknown-kid'
  | 'signature'
  | 'expired'
  | 'claims'
  | 'not-access-token'
  | 'iat-missing'
  | 'lifetime';

export class TokenRefused extends Error {
  constructor(readonly reason: TokenRefusal) {
    super(`bearer token refused: ${reason}`);
  }
}

function forbiddenCaller(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } } });
}

export class IdentityVerifier {
  private readonly keySets = new Map<string, JWTVerifyGetKey>();
  private readonly verified = new ExpiringCache<Caller>(VERIFIED_TOKENS_KEPT);

  constructor(private readonly issuers: IssuerConfig[]) {
    for (const config of issuers) {
      const jwks = config.jwks ?? (config.keyFile ? (JSON.parse(readFileSync(config.keyFile, 'utf8')) as JSONWebKeySet) : undefined);
      this.keySets.set(config.issuer, jwks ? createLocalJWKSet(jwks) : createRemoteJWKSet(new URL(config.jwksUrl!), { cooldownDuration: 30_000, timeoutDuration: 5_000 }));
    }
  }

  /** Verifies an access token, or throws TokenRefused naming the first check it failed. */
  async verifyToken(token: string): Promise<{ payload: JWTPayload; config: IssuerConfig }> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    let claimed: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      claimed = decodeJwt(token);
    } catch {
      throw new TokenRefused('malformed');
    }
    const config = this.issuers.find((issuer) => issuer.issuer === claimed.iss);
    if (!config) throw new TokenRefused('issuer');
    if (!header.alg || !config.algorithms.includes(header.alg)) throw new TokenRefused('algorithm');
    if (typeof header.kid !== 'string' || header.kid.length === 0) throw new TokenRefused('kid-missing');
    if (typeof header.typ !== 'string' || !ACCESS_TOKEN_TYPES.includes(header.typ.toLowerCase())) throw new TokenRefused('type');
    // The key first, from this issuer's own set by kid, so "no such key" is told apart from a bad
    // signature in the log.
    let key: Awaited<ReturnType<JWTVerifyGetKey>>;
    try {
      const [protectedPart, payloadPart, signature] = token.split('.');
      key = await this.keySets.get(config.issuer)!({ ...header, alg: header.alg }, { protected: protectedPart, payload: payloadPart, signature });
    } catch {
      throw new TokenRefused('unknown-kid');
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: config.algorithms,
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch {
      throw new TokenRefused(await this.whyNotVerified(token, key, config));
    }
    const statesOtherUse = (payload.typ !== undefined && payload.typ !== 'Bearer') || (payload.token_use !== undefined && payload.token_use !== 'access');
    if (statesOtherUse || ID_TOKEN_CLAIMS.some((claim) => claim in payload)) throw new TokenRefused('not-access-token');
    if (typeof payload.iat !== 'number') throw new TokenRefused('iat-missing');
    if (typeof payload.exp !== 'number' || payload.exp - payload.iat > (config.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS)) throw new TokenRefused('lifetime');
    return { payload, config };
  }

  /** Names the check a token failed: the signature, else its expiry, else another claim. */
  private async whyNotVerified(token: string, key: Awaited<ReturnType<JWTVerifyGetKey>>, config: IssuerConfig): Promise<TokenRefusal> {
    try {
      await compactVerify(token, key, { algorithms: config.algorithms });
    } catch {
      return 'signature';
    }
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' && exp < Date.now() / 1000 - CLOCK_SKEW_SECONDS ? 'expired' : 'claims';
  }

  /** Every failure is the same 401 to the caller: which check failed is for the logs, not for them. */
  async callerFrom(authorization: string | undefined): Promise<Caller> {
    const token = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization?.trim() ?? '')?.[1];
    if (!token) throw unauthenticated('Send a bearer token from your identity provider in the Authorization header.');
    // A token that verified and mapped to a caller is that caller until its `exp`: the signature
    // and claim checks, the costliest part of a small request, run once per token.
    const known = this.verified.get(token);
    if (known) return known;
    let payload: JWTPayload;
    let config: IssuerConfig;
    try {
      ({ payload, config } = await this.verifyToken(token));
    } catch (error) {
      logger.info({ reason: error instanceof TokenRefused ? error.reason : 'unknown' }, 'bearer token refused');
      throw unauthenticated('The bearer token is not valid: it may have expired, or come from an issuer or audience the hub does not accept.');
    }
    const claim = (name: string): string | null => (typeof payload[name] === 'string' ? (payload[name] as string) : null);
    const agency = config.fixedAgency ?? claim(config.claims.agency);
    const role = claim(config.claims.role);
    const found = agency && role ? findProfile(agency, role) : undefined;
    if (!found) throw forbiddenCaller('Your agency and role have no access profile in the information sharing agreement.');
    const [profileName, profile] = found;
    const purpose = claim(config.claims.purpose) ?? profile.purposes[0];
    if (!profile.purposes.includes(purpose)) {
      throw forbiddenCaller(`The purpose "${purpose}" is not one your role may use (${profile.purposes.join(', ')}).`);
    }
    const team = claim(config.claims.team);
    // The caller carries the name of its row rule, never the people in it: subgraphs check
    // membership themselves, so the context stays small whatever the caseload.
    const { scopes, rows } = accessFor(profile, purpose);
    const caller: Caller = {
      subject: payload.sub!,
      issuer: config.issuer,
      profile: profileName,
      agency: profile.agency,
      role: profile.role,
      team,
      purpose,
      scopes,
      rows,
    };
    if (typeof payload.exp === 'number') this.verified.set(token, caller, payload.exp * 1000);
    return caller;
  }
}
