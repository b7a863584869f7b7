import { startGateway } from '../../gateway/gateway';
import { readSupergraph, type RunningHub } from '../../runtime/hub';
import { postGraphQL, startTestHub, testDatabaseUrls, tokenFor } from '../support/hub';
import { openAuditWriter } from '../../audit-trail/audit-log';

describe('hardening at the gateway', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const expectRefusedWithoutLimits = (response: Awaited<ReturnType<typeof postGraphQL>>) => {
    expect(response.data ?? null).toBeNull();
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(response.errors?.[0].extensions?.code);
    expect(response.errors?.[0].message).toContain('too large or too complex');
    expect(response.errors?.[0].message).not.toMatch(/\d/);
  };

  it('refuses an operation nested too deeply, without saying the limit', async () => {
    let selection = 'id';
    for (let i = 0; i < 8; i++) selection = `candidateMatches { candidate { ${selection} } }`;
    expectRefusedWithoutLimits(await postGraphQL(hub.gatewayUrl, `{ person(id: "00000000-0000-4000-8000-000000000000") { ${selection} } }`));
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: person(id: "00000000-0000-4000-8000-000000000000") { id }`).join(' ');
    expectRefusedWithoutLimits(await postGraphQL(hub.gatewayUrl, `{ ${aliases} }`));
  });

  it('refuses too many directives', async () => {
    const directives = Array.from({ length: 60 }, () => '@include(if: true)').join(' ');
    expectRefusedWithoutLimits(await postGraphQL(hub.gatewayUrl, `{ __typename ${directives} }`));
  });

  it('refuses an oversized body with 413 and batched JSON arrays with 400', async () => {
    const big = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('iom-coordinator')}` },
      body: JSON.stringify({ query: `{ __typename }`, variables: { padding: 'x'.repeat(200_000) } }),
    });
    expect(big.status).toBe(413);
    const batched = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('iom-coordinator')}` },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(batched.status).toBe(400);
    expect(await batched.text()).toContain('Batched requests are not supported');
  });

  it('does not suggest field names', async () => {
    const response = await postGraphQL(hub.gatewayUrl, `{ peopel(first: 1) { totalCount } }`);
    expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0].message).not.toContain('Did you mean');
  });

  it('refuses a GET without the CSRF preflight header', async () => {
    const url = new URL(hub.gatewayUrl);
    url.searchParams.set('query', '{ __typename }');
    const response = await fetch(url, { headers: { authorization: `Bearer ${await tokenFor('iom-coordinator')}` } });
    expect(response.status).toBe(400);
  });

  it('ignores a client trace header and never returns subgraph traces', async () => {
    const response = await postGraphQL(hub.gatewayUrl, `{ people(first: 1) { totalCount } }`, {}, {
      authorization: `Bearer ${await tokenFor('iom-coordinator')}`,
      'apollo-federation-include-trace': 'ftv1',
    });
    expect(response.errors).toBeUndefined();
    expect(JSON.stringify(response)).not.toContain('ftv1');
  });

  it('turns introspection off in production', async () => {
    const audit = await openAuditWriter(testDatabaseUrls().audit);
    const gateway = await startGateway({
      supergraphSdl: readSupergraph(),
      subgraphUrls: Object.fromEntries(Object.values(hub.subgraphs).map((s) => [s.name, s.url])),
      port: 0,
      introspection: false,
      callerTokenKeys: hub.callerTokenKeys,
      audit,
    });
    try {
      const response = await postGraphQL(gateway.url, `{ __schema { types { name } } }`);
      expect(response.data ?? null).toBeNull();
      expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await gateway.stop();
      await audit.close();
    }
  });

  it('masks unexpected errors to a message, a code and a correlation id', async () => {
    const response = await postGraphQL(hub.gatewayUrl, `{ person(id: "bad") { id } }`);
    const error = response.errors![0];
    expect(Object.keys(error.extensions!).sort()).toEqual(expect.arrayContaining(['code', 'correlationId']));
    expect(JSON.stringify(error)).not.toMatch(/stacktrace|at Object|\.ts:|serviceName/);
  });
});

