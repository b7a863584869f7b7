/**
 * Turns a bearer token into a Caller: verified against its own issuer's keys only (chosen by
 * `kid`), allow-listed asymmetric algorithms, `iss`, `aud`, `exp` and `nbf` checked with at most
 * 60 s of clock skew, then mapped through the access policy. Keys are never fetched from
 * addresses named in the token (`jku`, `x5u` are ignored). Identity comes from the token alone.
 */
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { readFileSync } from 'node:fs';
import type { JSONWebKeySet } from 'jose';
import { GraphQLError } from 'graphql';
import type { Caller } from '../../subgraphs/kit/access/caller';
import { accessFor, findProfile } from '../../subgraphs/kit/access/policy';
import { ErrorCode, unauthenticated } from '../../subgraphs/kit/errors';
import type { IssuerConfig } from './issuers';

const CLOCK_SKEW_SECONDS = 60;

function forbiddenCaller(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } } });
}

export class IdentityVerifier {
  private readonly keySets = new Map<string, JWTVerifyGetKey>();

  constructor(private readonly issuers: IssuerConfig[]) {
    for (const config of issuers) {
      const jwks = config.jwks ?? (config.keyFile ? (JSON.parse(readFileSync(config.keyFile, 'utf8')) as JSONWebKeySet) : undefined);
      this.keySets.set(config.issuer, jwks ? createLocalJWKSet(jwks) : createRemoteJWKSet(new URL(config.jwksUrl!), { cooldownDuration: 30_000, timeoutDuration: 5_000 }));
    }
  }

  /** Every failure is the same 401 to the caller: which check failed is for the logs, not for them. */
  async callerFrom(authorization: string | undefined): Promise<Caller> {
    const token = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization?.trim() ?? '')?.[1];
    if (!token) throw unauthenticated('Send a bearer token from your identity provider in the Authorization header.');
    let payload: JWTPayload;
    let config: IssuerConfig;
    try {
      const header = decodeProtectedHeader(token);
      const claimed = decodeJwt(token);
      const found = this.issuers.find((issuer) => issuer.issuer === claimed.iss);
      if (!found || !header.alg || !found.algorithms.includes(header.alg)) throw new Error('issuer or algorithm not accepted');
      config = found;
      ({ payload } = await jwtVerify(token, this.keySets.get(config.issuer)!, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: config.algorithms,
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch {
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
    return {
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
  }
}
