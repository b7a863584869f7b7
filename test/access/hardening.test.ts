import { startGateway } from '../../gateway/gateway';
import type { RunningHub } from '../../runtime/hub';
import { readSupergraph } from '../../gateway/supergraph-file';
import { as, postGraphQL, startTestHub, testDatabaseUrls, tokenFor } from '../support/hub';
import { TOO_LARGE_MESSAGE } from '../../gateway/access/access-plugin';
import { openAuditWriter } from '../../audit-trail/audit-log';
import { testPopulation } from '../support/population';

describe('hardening at the gateway', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const expectRefusedWithoutLimits = (response: Awaited<ReturnType<typeof postGraphQL>>) => {
    expect(response.status).toBe(400);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toBe(TOO_LARGE_MESSAGE);
    expect(response.errors?.[0].message).not.toMatch(/\d/);
  };

  /** F0 selects two fields; each Fn spreads F(n-1) ten times: 1 KB that stands for 2 × 10^8 fields. */
  const fragmentBomb = (root: string, type: string, leaf: string) => {
    const fragments = [`fragment F0 on ${type} { ${leaf} }`];
    for (let i = 1; i <= 8; i++) fragments.push(`fragment F${i} on ${type} { ${Array.from({ length: 10 }, () => `...F${i - 1}`).join(' ')} }`);
    return `{ ${root} } ${fragments.join(' ')}`;
  };

  it('refuses a fragment bomb before expanding it, while other callers are served', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const bombs = [
      postGraphQL(hub.gatewayUrl, fragmentBomb('person(id: "00000000-0000-4000-8000-000000000000") { ...F8 }', 'Person', 'id givenName')),
      postGraphQL(hub.gatewayUrl, fragmentBomb('...F8', 'Query', 'iomMeasures { asOf }'), {}, await as('analyst')),
    ];
    const ordinary = postGraphQL<{ people: { totalCount: number } }>(hub.gatewayUrl, '{ people(first: 1) { totalCount } }');
    for (const response of await Promise.all(bombs)) expectRefusedWithoutLimits(response);
    const served = await ordinary;
    expect(served.errors).toBeUndefined();
    // Everyone seeded: the bombs cost the ordinary caller nothing of their answer.
    expect(served.data?.people.totalCount).toBe(testPopulation().people.length);
    // Expanded, the bomb ran the gateway out of heap; measured, it costs next to nothing.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * 1024 * 1024);
  });

  it('filters, rather than passes through, a field reached through fifty chained fragments', async () => {
    const fragments = ['fragment C0 on Person { id offences { crimeType } }'];
    for (let i = 1; i <= 50; i++) fragments.push(`fragment C${i} on Person { ...C${i - 1} }`);
    const response = await postGraphQL<{ people: { edges: { node: { id: string; offences: unknown } }[] } }>(
      hub.gatewayUrl,
      `{ people(first: 2) { edges { node { ...C50 } } } } ${fragments.join(' ')}`,
      {},
      await as('housing-officer'),
    );
    expect(response.status).toBe(200);
    const nodes = response.data!.people.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(2);
    for (const node of nodes) expect(node.offences).toBeNull();
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(nodes.map(() => 'FORBIDDEN'));
  });

  it('counts the cost of a page size sent as a variable', async () => {
    const page = 'people(first: $n) { edges { node { id givenName familyName pncId crn offences { committedOn crimeType } orders { type } accommodation { status } inTreatment } } }';
    const five = ['a', 'b', 'c', 'd', 'e'].map((alias) => `${alias}: ${page}`).join(' ');
    expectRefusedWithoutLimits(await postGraphQL(hub.gatewayUrl, `query Five($n: Int) { ${five} }`, { n: 500 }));
  });

  it('names the limit when a page is too large, literal or variable', async () => {
    for (const [query, variables] of [['{ people(first: 100000) { totalCount } }', {}], ['query($n: Int) { people(first: $n) { totalCount } }', { n: 501 }]] as const) {
      const response = await postGraphQL(hub.gatewayUrl, query, variables);
      expect(response.status).toBe(400);
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).toContain('between 1 and 500');
    }
  });

  it('validates the client\'s document, not only what the filter makes of it', async () => {
    const response = await postGraphQL(hub.gatewayUrl, 'query($x: NoSuchType) { people(first: 1) { totalCount } }', { x: 1 });
    expect(response.status).toBe(400);
    expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('counts depth and aliases under introspection and __typename', async () => {
    expectRefusedWithoutLimits(await postGraphQL(hub.gatewayUrl, `{ ${Array.from({ length: 40 }, (_, i) => `t${i}: __typename`).join(' ')} }`));
    let deep = 'name';
    for (let i = 0; i < 20; i++) deep = `ofType { ${deep} }`;
    expectRefusedWithoutLimits(await postGraphQL(hub.gatewayUrl, `{ __type(name: "Person") { fields { type { ${deep} } } } }`));
  });

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

