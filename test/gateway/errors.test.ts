/**
 * Errors as the README documents them: whatever is found before execution is HTTP 400 with its
 * code; a field's own BAD_USER_INPUT stays 200 at its path; every answer, whatever its status,
 * carries the correlation id in the header and in each error; a subgraph's own errors keep their
 * code and message through the gateway.
 */
import { startGateway, type RunningGateway } from '../../gateway/gateway';
import type { RunningHub } from '../../runtime/hub';
import { readSupergraph } from '../../gateway/supergraph-file';
import { MAX_PAGE_SIZE } from '../../subgraphs/kit/page-size';
import { encodeCursor } from '../../subgraphs/kit/pagination';
import { ANONYMOUS, as, postGraphQL, startTestHub, type GraphQLResponse } from '../support/hub';
import { testPopulation } from '../support/population';
import { IOM_COHORTS } from '../../synthetic/seeds/iom';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The id is in the header, and the same id is in every error. */
function expectCorrelated(response: { headers: Headers; errors?: GraphQLResponse['errors'] }): void {
  const id = response.headers.get('x-correlation-id');
  expect(id).toMatch(UUID);
  expect(response.errors?.length).toBeGreaterThan(0);
  for (const error of response.errors ?? []) expect(error.extensions?.correlationId).toBe(id);
}

async function raw(url: string, init: RequestInit): Promise<{ status: number; headers: Headers; errors?: GraphQLResponse['errors'] }> {
  const response = await fetch(url, init);
  const body = (await response.json()) as { errors?: GraphQLResponse['errors'] };
  return { status: response.status, headers: response.headers, errors: body.errors };
}

describe('errors as documented', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const PEOPLE = `query($first: Int, $after: String, $filter: PersonFilter) { people(first: $first, after: $after, filter: $filter) { totalCount } }`;

  describe('found before execution: HTTP 400 with a code, no data', () => {
    it.each([
      ['a parse error', '{ people(first: 1 { totalCount }', {}, 'GRAPHQL_PARSE_FAILED'],
      ['an unknown field', '{ people(first: 1) { nope } }', {}, 'GRAPHQL_VALIDATION_FAILED'],
      ['a subscription', 'subscription { people(first: 1) { totalCount } }', {}, 'GRAPHQL_VALIDATION_FAILED'],
      ['a thousand @include', `{ people(first: 1) { totalCount${' @include(if: true)'.repeat(1000)} } }`, {}, undefined],
      ['an operation over the token limit', `{ people(first: 1) { ${'totalCount '.repeat(4000)} } }`, {}, undefined],
      ['a literal page size over the limit', '{ people(first: 100000) { totalCount } }', {}, 'BAD_USER_INPUT'],
      ['a page size over the limit in a variable', PEOPLE, { first: 100000 }, 'BAD_USER_INPUT'],
      ['a page size of zero', '{ people(first: 0) { totalCount } }', {}, 'BAD_USER_INPUT'],
      ['a NUL character in a variable that would reach SQL', PEOPLE, { first: 5, filter: { name: 'Smi\u0000th' } }, 'BAD_USER_INPUT'],
      ['a NUL character in a literal', '{ people(first: 5, filter: { name: "Smi\\u0000th" }) { totalCount } }', {}, 'BAD_USER_INPUT'],
    ])('%s', async (_name, query, variables, code) => {
      const response = await postGraphQL(hub.gatewayUrl, query, variables);
      expect(response.status).toBe(400);
      expect(response.data ?? null).toBeNull();
      expectCorrelated(response);
      if (code) expect(response.errors?.[0].extensions?.code).toBe(code);
      else expect(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(response.errors?.[0].extensions?.code);
    });

    it('names the page size limit, and only once', async () => {
      for (const response of [
        await postGraphQL(hub.gatewayUrl, '{ people(first: 100000) { totalCount } }'),
        await postGraphQL(hub.gatewayUrl, PEOPLE, { first: MAX_PAGE_SIZE + 1 }),
      ]) {
        expect(response.errors).toHaveLength(1);
        expect(response.errors?.[0].message).toContain(`between 1 and ${MAX_PAGE_SIZE}`);
        expect(response.errors?.[0].extensions?.argumentName).toBe('first');
      }
      // The limit itself is a page size the hub serves.
      const largest = await postGraphQL(hub.gatewayUrl, `query($first: Int) { people(first: $first) { totalCount edges { node { id } } } }`, { first: MAX_PAGE_SIZE });
      expect(largest.status).toBe(200);
      expect(largest.errors).toBeUndefined();
      const everyone = testPopulation().people.length;
      expect(largest.data).toMatchObject({ people: { totalCount: everyone } });
      expect((largest.data as { people: { edges: unknown[] } }).people.edges).toHaveLength(Math.min(MAX_PAGE_SIZE, everyone));
    });

    it('a NUL character is refused without echoing the value', async () => {
      const response = await postGraphQL(hub.gatewayUrl, PEOPLE, { first: 5, filter: { name: 'Hartley\u0000' } });
      expect(JSON.stringify(response.errors)).not.toContain('Hartley');
    });

    it('an unknown operationName', async () => {
      const response = await raw(hub.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await as('iom-coordinator')) },
        body: JSON.stringify({ query: 'query A { people(first: 1) { totalCount } }', operationName: 'B' }),
      });
      expect(response.status).toBe(400);
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expectCorrelated(response);
    });
  });

  describe('found by a resolver: 200, the error at its path, the rest answers', () => {
    it('a cursor whose values have the wrong types is BAD_USER_INPUT, not an internal error', async () => {
      for (const after of [encodeCursor([1, 'x', 2]), encodeCursor(['Smith', 'Ann', 'not-a-uuid']), encodeCursor(['a', 'b'])]) {
        const response = await postGraphQL(hub.gatewayUrl, `query($after: String) { people(first: 2, after: $after) { totalCount } iomCohorts { code } }`, { after });
        expect(response.status).toBe(200);
        expect(response.data?.people).toBeNull();
        // The rest of the operation answers in full: every cohort seeded.
        const codes = (response.data as { iomCohorts: { code: string }[] }).iomCohorts.map((cohort) => cohort.code);
        expect(codes.sort()).toEqual(IOM_COHORTS.map((cohort) => cohort.code).sort());
        expect(response.errors).toHaveLength(1);
        expect(response.errors?.[0]).toMatchObject({ path: ['people'], extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' } });
        expectCorrelated(response);
      }
    });

    it('a subgraph\'s BAD_USER_INPUT keeps its code and message through the gateway', async () => {
      const response = await postGraphQL(hub.gatewayUrl, `{ personByIdentifier(type: PNC_ID, value: "zz") { id } }`);
      expect(response.status).toBe(200);
      expect(response.errors?.[0]).toMatchObject({ path: ['personByIdentifier'], extensions: { code: 'BAD_USER_INPUT' } });
      expect(response.errors?.[0].message).toContain('not a valid PNC ID');
      expect(response.errors?.[0].message).not.toMatch(/temporarily unavailable/);
    });

    it('a subgraph\'s BAD_USER_INPUT on an entity field keeps its meaning (housing: a date in the future)', async () => {
      const person = testPopulation().people.find((p) => p.duplicateOf === undefined && p.identifiers.housingReference)!;
      const response = await postGraphQL(hub.gatewayUrl, `query($id: ID!) { person(id: $id) { id accommodation(at: "2999-01-01") { status } } }`, { id: person.hubId });
      expect(response.status).toBe(200);
      expect(response.data).toEqual({ person: { id: person.hubId, accommodation: null } });
      expect(response.errors?.[0]).toMatchObject({ path: ['person', 'accommodation'], extensions: { code: 'BAD_USER_INPUT' } });
    });
  });

  describe('every status carries the correlation id', () => {
    it('401 without a token, 403 for a purpose the role may not use', async () => {
      const unauthenticated = await postGraphQL(hub.gatewayUrl, PEOPLE, { first: 1 }, ANONYMOUS);
      expect(unauthenticated.status).toBe(401);
      expectCorrelated(unauthenticated);
      const forbidden = await postGraphQL(hub.gatewayUrl, PEOPLE, { first: 1 }, await as('housing-officer', { purpose: 'analysis' }));
      expect(forbidden.status).toBe(403);
      expectCorrelated(forbidden);
    });

    it('404 for another path, 413 for a large body, 400 for a batch or a body that is not JSON', async () => {
      const notFound = await raw(hub.gatewayUrl.replace(/\/graphql$/, '/admin'), { method: 'GET' });
      expect(notFound.status).toBe(404);
      expectCorrelated(notFound);
      const json = { 'content-type': 'application/json', ...(await as('iom-coordinator')) };
      const tooLarge = await raw(hub.gatewayUrl, { method: 'POST', headers: json, body: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(101 * 1024) } }) });
      expect(tooLarge.status).toBe(413);
      expectCorrelated(tooLarge);
      const batch = await raw(hub.gatewayUrl, { method: 'POST', headers: json, body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]) });
      expect(batch.status).toBe(400);
      expectCorrelated(batch);
      const notJson = await raw(hub.gatewayUrl, { method: 'POST', headers: json, body: '{"query": ' });
      expect(notJson.status).toBe(400);
      expectCorrelated(notJson);
    });

    it('GET /health answers, on the gateway and on a subgraph', async () => {
      const gateway = await fetch(hub.gatewayUrl.replace(/\/graphql$/, '/health'));
      expect(gateway.status).toBe(200);
      expect(await gateway.json()).toEqual({ ok: true });
      const people = await fetch(hub.subgraphs.people.url.replace(/\/graphql$/, '/health'));
      expect(people.status).toBe(200);
      expect(await people.json()).toEqual({ ok: true, service: 'people', database: 'up' });
    });

    it('431 for headers over the size limit', async () => {
      const response = await raw(hub.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-padding': 'x'.repeat(20 * 1024) }, body: '{}' });
      expect(response.status).toBe(431);
      expectCorrelated(response);
    });

    it('503 when the audit trail cannot be written', async () => {
      let gateway: RunningGateway | undefined;
      try {
        gateway = await startGateway({
          supergraphSdl: readSupergraph(),
          subgraphUrls: Object.fromEntries(Object.values(hub.subgraphs).map((s) => [s.name, s.url])),
          port: 0,
          callerTokenKeys: hub.callerTokenKeys,
          audit: { append: () => Promise.reject(new Error('audit database down')) },
        });
        const someone = testPopulation().people[0];
        const response = await postGraphQL(gateway.url, `query($id: ID!) { person(id: $id) { id givenName } }`, { id: someone.hubId });
        expect(response.status).toBe(503);
        expect(response.errors?.[0].extensions?.code).toBe('AUDIT_UNAVAILABLE');
        expectCorrelated(response);
      } finally {
        await gateway?.stop();
      }
    });
  });
});
