import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { DEV_ISSUER, HUB_AUDIENCE, issueDevToken } from '../../gateway/identity/dev-issuer';
import type { RunningHub } from '../../runtime/hub';
import { ANONYMOUS, asGateway, postGraphQL, startTestHub } from '../support/hub';
import { testPopulation } from '../support/population';

const QUERY = `query($id: ID!) { person(id: $id) { id givenName } }`;

describe('identity: bearer tokens at the gateway', () => {
  let hub: RunningHub;
  let strangerKey: CryptoKey;
  beforeAll(async () => {
    hub = await startTestHub();
    ({ privateKey: strangerKey } = await generateKeyPair('ES256'));
  });
  afterAll(() => hub.stop());
  const someone = testPopulation().people[0];

  const expectUnauthenticated = async (authorization: string) => {
    const response = await postGraphQL(hub.gatewayUrl, QUERY, { id: someone.hubId }, { authorization });
    expect(response.status).toBe(401);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    return response;
  };

  const devLikeToken = (key: CryptoKey, header: Record<string, unknown>, claims: { iss?: string; aud?: string; exp?: number } = {}) =>
    new SignJWT({ agency: 'IOM', role: 'COORDINATOR', purpose: 'case-management' })
      .setProtectedHeader({ alg: 'ES256', ...header })
      .setIssuer(claims.iss ?? DEV_ISSUER)
      .setAudience(claims.aud ?? HUB_AUDIENCE)
      .setSubject('someone')
      .setIssuedAt()
      .setExpirationTime(claims.exp ?? '1h')
      .sign(key);

  it('answers a valid token', async () => {
    const response = await postGraphQL(hub.gatewayUrl, QUERY, { id: someone.hubId });
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ person: { id: someone.hubId, givenName: someone.givenName } });
  });

  it('refuses no token with 401 UNAUTHENTICATED', async () => {
    const response = await expectUnauthenticated('');
    expect(response.errors?.[0].message).toContain('bearer token');
    await expectUnauthenticated('Basic dXNlcjpwYXNz');
  });

  it('refuses an expired token (beyond the 60 s allowed skew)', async () => {
    await expectUnauthenticated(`Bearer ${await issueDevToken('iom-coordinator', { expiresIn: -120 })}`);
  });

  it('accepts a token expired within the allowed clock skew', async () => {
    const response = await postGraphQL(hub.gatewayUrl, QUERY, { id: someone.hubId }, { authorization: `Bearer ${await issueDevToken('iom-coordinator', { expiresIn: -20 })}` });
    expect(response.status).toBe(200);
  });

  it('refuses a token for another audience', async () => {
    await expectUnauthenticated(`Bearer ${await issueDevToken('iom-coordinator', { audience: 'some-other-service' })}`);
  });

  it('refuses a token from an issuer the hub does not trust, even with a known kid', async () => {
    await expectUnauthenticated(`Bearer ${await devLikeToken(strangerKey, { kid: 'dev-issuer-1' }, { iss: 'https://idp.example.invalid' })}`);
  });

  it('refuses a bad signature (right issuer and kid, wrong key)', async () => {
    await expectUnauthenticated(`Bearer ${await devLikeToken(strangerKey, { kid: 'dev-issuer-1' })}`);
  });

  it('refuses a tampered payload', async () => {
    const [header, , signature] = (await issueDevToken('housing-officer')).split('.');
    const payload = Buffer.from(JSON.stringify({ iss: DEV_ISSUER, aud: HUB_AUDIENCE, sub: 'x', agency: 'IOM', role: 'COORDINATOR', exp: 9999999999 })).toString('base64url');
    await expectUnauthenticated(`Bearer ${header}.${payload}.${signature}`);
  });

  it('refuses an unknown kid', async () => {
    await expectUnauthenticated(`Bearer ${await devLikeToken(strangerKey, { kid: 'not-a-key-of-this-issuer' })}`);
  });

  it('refuses alg: none', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ iss: DEV_ISSUER, aud: HUB_AUDIENCE, sub: 'x', agency: 'IOM', role: 'COORDINATOR', exp: 9999999999 })).toString('base64url');
    await expectUnauthenticated(`Bearer ${header}.${payload}.`);
  });

  it('refuses a symmetric algorithm even with a well-formed token', async () => {
    const secret = new TextEncoder().encode('a shared secret nobody should use');
    const token = await new SignJWT({ agency: 'IOM', role: 'COORDINATOR' }).setProtectedHeader({ alg: 'HS256', kid: 'dev-issuer-1' }).setIssuer(DEV_ISSUER).setAudience(HUB_AUDIENCE).setSubject('x').setExpirationTime('1h').sign(secret);
    await expectUnauthenticated(`Bearer ${token}`);
  });

  it('never fetches keys from a URL named in the token', async () => {
    const publicJwk = await exportJWK((await generateKeyPair('ES256')).publicKey);
    const token = await devLikeToken(strangerKey, { jku: 'http://127.0.0.1:9/jwks.json', jwk: publicJwk });
    await expectUnauthenticated(`Bearer ${token}`);
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
