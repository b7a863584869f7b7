import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import type { KeyObject } from 'node:crypto';
import { DEV_ISSUER, DEV_ISSUER_KID, HUB_AUDIENCE, devIssuerSigningKey, issueDevToken } from '../../gateway/identity/dev-issuer';
import { loadIssuerConfigs } from '../../gateway/identity/issuers';
import { IdentityVerifier, type TokenRefusal } from '../../gateway/identity/verify';
import type { RunningHub } from '../../runtime/hub';
import { ANONYMOUS, asGateway, postGraphQL, startTestHub } from '../support/hub';
import { testPopulation } from '../support/population';

const QUERY = `query($id: ID!) { person(id: $id) { id givenName } }`;
const HOUR = 3600;

describe('identity: bearer tokens at the gateway', () => {
  let hub: RunningHub;
  let strangerKey: CryptoKey;
  /** The verifier the gateway builds, asked directly so a test can see which check refused. */
  let verifier: IdentityVerifier;
  beforeAll(async () => {
    hub = await startTestHub();
    ({ privateKey: strangerKey } = await generateKeyPair('ES256'));
    verifier = new IdentityVerifier(loadIssuerConfigs());
  });
  afterAll(() => hub.stop());
  const someone = testPopulation().people[0];

  const expectUnauthenticated = async (authorization: string) => {
    const response = await postGraphQL(hub.gatewayUrl, QUERY, { id: someone.hubId }, { authorization });
    expect(response.status).toBe(401);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.headers.get('x-correlation-id')).toBe(response.errors?.[0].extensions?.correlationId);
    return response;
  };

  /** Refused by the gateway (401), and by the check the test names, not an earlier one. */
  const expectRefused = async (token: string, reason: TokenRefusal) => {
    await expect(verifier.verifyToken(token)).rejects.toMatchObject({ reason });
    await expectUnauthenticated(`Bearer ${token}`);
  };

  const now = () => Math.floor(Date.now() / 1000);

  /**
   * A token like the development issuer's, signed by `key` (its own key unless a test says
   * otherwise), with the header and claims a test changes; `undefined` removes a claim.
   */
  const devLikeToken = (
    header: Record<string, unknown> = {},
    claims: Partial<Record<'iss' | 'aud' | 'exp' | 'iat' | 'sub', string | number | undefined>> & JWTPayload = {},
    key: CryptoKey | KeyObject = devIssuerSigningKey(),
  ) => {
    const issuedAt = now();
    const payload: JWTPayload = {
      agency: 'IOM',
      role: 'COORDINATOR',
      purpose: 'case-management',
      iss: DEV_ISSUER,
      aud: HUB_AUDIENCE,
      sub: 'someone',
      iat: issuedAt,
      exp: issuedAt + HOUR,
      ...claims,
    };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: DEV_ISSUER_KID, typ: 'JWT', ...header }).sign(key);
  };

  it('answers a valid token', async () => {
    const response = await postGraphQL(hub.gatewayUrl, QUERY, { id: someone.hubId });
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ person: { id: someone.hubId, givenName: someone.givenName } });
  });

  it('the hand-made token is valid as it is: each case below changes one thing', async () => {
    await expect(verifier.verifyToken(await devLikeToken())).resolves.toMatchObject({ payload: { sub: 'someone' } });
    const response = await postGraphQL(hub.gatewayUrl, QUERY, { id: someone.hubId }, { authorization: `Bearer ${await devLikeToken()}` });
    expect(response.data).toEqual({ person: { id: someone.hubId, givenName: someone.givenName } });
  });

  it('refuses no token with 401 UNAUTHENTICATED', async () => {
    const response = await expectUnauthenticated('');
    expect(response.errors?.[0].message).toContain('bearer token');
    await expectUnauthenticated('Basic dXNlcjpwYXNz');
  });

  it('refuses an expired token (beyond the 60 s allowed skew)', async () => {
    await expectRefused(await issueDevToken('iom-coordinator', { expiresIn: -120 }), 'expired');
  });

  it('accepts a token expired within the allowed clock skew', async () => {
    const response = await postGraphQL(hub.gatewayUrl, QUERY, { id: someone.hubId }, { authorization: `Bearer ${await issueDevToken('iom-coordinator', { expiresIn: -20 })}` });
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ person: { id: someone.hubId, givenName: someone.givenName } });
  });

  it('refuses a token for another audience', async () => {
    await expectRefused(await issueDevToken('iom-coordinator', { audience: 'some-other-service' }), 'claims');
  });

  it('refuses a token from an issuer the hub does not trust, even signed by a trusted key with its kid', async () => {
    await expectRefused(await devLikeToken({}, { iss: 'https://idp.example.invalid' }), 'issuer');
  });

  it('refuses a bad signature (right issuer and kid, wrong key)', async () => {
    await expectRefused(await devLikeToken({}, {}, strangerKey), 'signature');
  });

  it('refuses a tampered payload', async () => {
    const [header, , signature] = (await issueDevToken('housing-officer')).split('.');
    const payload = Buffer.from(JSON.stringify({ iss: DEV_ISSUER, aud: HUB_AUDIENCE, sub: 'x', agency: 'IOM', role: 'COORDINATOR', iat: now(), exp: now() + HOUR })).toString('base64url');
    await expectRefused(`${header}.${payload}.${signature}`, 'signature');
  });

  it('refuses a kid the issuer does not have, though the token is signed by its key', async () => {
    await expectRefused(await devLikeToken({ kid: 'not-a-key-of-this-issuer' }), 'unknown-kid');
  });

  it('refuses a token without a kid, though signed by the issuer\'s key', async () => {
    await expectRefused(await devLikeToken({ kid: undefined }), 'kid-missing');
  });

  it('refuses alg: none', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: DEV_ISSUER_KID })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ iss: DEV_ISSUER, aud: HUB_AUDIENCE, sub: 'x', agency: 'IOM', role: 'COORDINATOR', iat: now(), exp: now() + HOUR })).toString('base64url');
    await expectRefused(`${header}.${payload}.`, 'algorithm');
  });

  it('refuses a symmetric algorithm even with a well-formed token', async () => {
    const secret = new TextEncoder().encode('a shared secret nobody should use');
    const token = await new SignJWT({ agency: 'IOM', role: 'COORDINATOR' }).setProtectedHeader({ alg: 'HS256', kid: DEV_ISSUER_KID, typ: 'JWT' }).setIssuer(DEV_ISSUER).setAudience(HUB_AUDIENCE).setSubject('x').setIssuedAt().setExpirationTime('1h').sign(secret);
    await expectRefused(token, 'algorithm');
  });

  describe('never fetches keys from a URL or a key named in the token', () => {
    /** A key server the hub would get a key from, if it ever looked where a token points; it counts the requests. */
    let keyServer: http.Server;
    let fetches = 0;
    let jku: string;
    let attacker: Awaited<ReturnType<typeof generateKeyPair>>;
    let attackerJwk: Record<string, unknown>;
    beforeAll(async () => {
      attacker = await generateKeyPair('ES256');
      attackerJwk = { ...(await exportJWK(attacker.publicKey)), kid: 'attacker-key', alg: 'ES256' };
      keyServer = http.createServer((_request, response) => {
        fetches += 1;
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ keys: [attackerJwk] }));
      });
      await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
      jku = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/jwks.json`;
    });
    afterAll(() => new Promise<void>((resolve) => keyServer.close(() => resolve())));
    beforeEach(() => {
      fetches = 0;
    });

    it('a token signed validly by the issuer, pointing elsewhere for keys, is answered with no fetch: the pointers are ignored', async () => {
      const token = await devLikeToken({ jku, x5u: jku, jwk: attackerJwk });
      const response = await postGraphQL(hub.gatewayUrl, QUERY, { id: someone.hubId }, { authorization: `Bearer ${token}` });
      expect(response.data).toEqual({ person: { id: someone.hubId, givenName: someone.givenName } });
      expect(fetches).toBe(0);
    });

    it("the issuer's kid, signed by the key the token carries and points to: refused on the signature, the issuer's own key", async () => {
      await expectRefused(await devLikeToken({ jku, x5u: jku, jwk: { ...attackerJwk, kid: DEV_ISSUER_KID } }, {}, attacker.privateKey), 'signature');
      expect(fetches).toBe(0);
    });

    it('a kid only the pointed-to key set has: refused as an unknown kid', async () => {
      await expectRefused(await devLikeToken({ kid: 'attacker-key', jku, jwk: attackerJwk, x5u: jku }, {}, attacker.privateKey), 'unknown-kid');
      expect(fetches).toBe(0);
    });
  });

  describe('access tokens only, with a bounded lifetime', () => {
    it.each([['id_token'], ['refresh+jwt'], ['logout+jwt'], ['JOSE']])('refuses a token typed %s in its header', async (typ) => {
      await expectRefused(await devLikeToken({ typ }), 'type');
    });

    it('refuses a token with no typ at all', async () => {
      await expectRefused(await devLikeToken({ typ: undefined }), 'type');
    });

    it('accepts an RFC 9068 access token (typ at+jwt)', async () => {
      const response = await postGraphQL(hub.gatewayUrl, QUERY, { id: someone.hubId }, { authorization: `Bearer ${await devLikeToken({ typ: 'at+jwt' })}` });
      expect(response.status).toBe(200);
      expect(response.data).toEqual({ person: { id: someone.hubId, givenName: someone.givenName } });
    });

    it.each([
      ['an ID token (nonce and at_hash)', { nonce: 'n-0S6_WzA2Mj', at_hash: 'HK6E_P6Dh8Y93mRNtsDB1Q' }],
      ['an ID token typed in its payload (Keycloak: typ ID)', { typ: 'ID' }],
      ['a refresh token typed in its payload (Keycloak: typ Refresh)', { typ: 'Refresh' }],
      ['an ID token by token_use (Cognito)', { token_use: 'id' }],
    ])('refuses %s even when its header says JWT', async (_name, claims) => {
      await expectRefused(await devLikeToken({}, claims), 'not-access-token');
    });

    it('refuses a token that does not say when it was issued', async () => {
      await expectRefused(await devLikeToken({}, { iat: undefined }), 'iat-missing');
    });

    it('refuses a token living 100 years, and one living a minute over 12 h; accepts exactly 12 h', async () => {
      const issuedAt = now();
      await expectRefused(await devLikeToken({}, { iat: issuedAt, exp: issuedAt + 100 * 365 * 24 * HOUR }), 'lifetime');
      await expectRefused(await devLikeToken({}, { iat: issuedAt, exp: issuedAt + 12 * HOUR + 60 }), 'lifetime');
      const twelveHours = await devLikeToken({}, { iat: issuedAt, exp: issuedAt + 12 * HOUR });
      await expect(verifier.verifyToken(twelveHours)).resolves.toBeDefined();
    });

    it('applies an issuer\'s own maximum lifetime', async () => {
      const strict = new IdentityVerifier(loadIssuerConfigs().map((config) => ({ ...config, maxLifetimeSeconds: HOUR })));
      const issuedAt = now();
      await expect(strict.verifyToken(await devLikeToken({}, { iat: issuedAt, exp: issuedAt + 2 * HOUR }))).rejects.toMatchObject({ reason: 'lifetime' });
      await expect(strict.verifyToken(await devLikeToken({}, { iat: issuedAt, exp: issuedAt + HOUR }))).resolves.toBeDefined();
    });
  });

  it('refuses a purpose the role may not use, with 403 FORBIDDEN', async () => {
    const response = await postGraphQL(hub.gatewayUrl, QUERY, { id: someone.hubId }, { authorization: `Bearer ${await issueDevToken('housing-officer', { purpose: 'analysis' })}` });
    expect(response.status).toBe(403);
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('ignores identity headers sent by the client: only the token counts', async () => {
    const response = await postGraphQL(hub.gatewayUrl, QUERY, { id: someone.hubId }, {
      authorization: `Bearer ${await issueDevToken('analyst')}`,
      'x-agency': 'IOM',
      'x-role': 'COORDINATOR',
      'x-scopes': 'identity',
    });
    expect(response.data).toEqual({ person: null });
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  describe('subgraphs answer the gateway only', () => {
    const direct = (headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}) => postGraphQL(hub.subgraphs.people.url, query, variables, headers);

    it.each([
      ['a query', QUERY, { id: testPopulation().people[0].hubId }],
      ['_service', '{ _service { sdl } }', {}],
      ['_entities', 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id } } }', { r: [{ __typename: 'Person', id: testPopulation().people[0].hubId }] }],
    ])('refuses %s without the gateway-signed caller context (401)', async (_name, query, variables) => {
      const none = await direct(ANONYMOUS, query, variables);
      expect(none.status).toBe(401);
      expect(none.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      // A partner's own valid token is not the gateway's caller context either.
      const partnerToken = await direct({ authorization: `Bearer ${await issueDevToken('iom-coordinator')}` }, query, variables);
      expect(partnerToken.status).toBe(401);
    });

    it('accepts the gateway-signed caller context', async () => {
      const response = await direct(await asGateway(hub, 'iom-coordinator'), '{ _service { sdl } }');
      expect(response.status).toBe(200);
      expect(JSON.stringify(response.data)).toContain('type Person');
    });
  });
});
