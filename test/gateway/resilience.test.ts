import { startGateway } from '../../gateway/gateway';
import type { RunningHub } from '../../runtime/hub';
import { readSupergraph } from '../../gateway/supergraph-file';
import { SUBGRAPHS } from '../../subgraphs';
import { loadOrCreateCallerTokenKeys } from '../../subgraphs/kit/access/caller-token';
import { postGraphQL, startTestHub, testDatabaseUrls } from '../support/hub';
import { openAuditWriter } from '../../audit-trail/audit-log';
import { testPopulation } from '../support/population';
import { unusedPort } from '../support/ports';

describe('when a subgraph is down', () => {
  it('the gateway still starts and answers with an error at the path it could not fetch', async () => {
    const port = await unusedPort();
    const audit = await openAuditWriter(testDatabaseUrls().audit);
    const gateway = await startGateway({
      supergraphSdl: readSupergraph(),
      subgraphUrls: Object.fromEntries(SUBGRAPHS.map((s) => [s.name, `http://127.0.0.1:${port}/graphql`])),
      port: 0,
      callerTokenKeys: await loadOrCreateCallerTokenKeys(),
      audit,
    });
    try {
      const response = await postGraphQL(gateway.url, `{ person(id: "00000000-0000-4000-8000-000000000000") { id } }`);
      expect(response.status).toBe(200);
      expect(response.data).toEqual({ person: null });
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0]).toMatchObject({ path: ['person'], extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
      // Nothing about which service or where it lives.
      expect(JSON.stringify(response.errors)).not.toMatch(/people|127\.0\.0\.1|ECONNREFUSED|serviceName/);
    } finally {
      await gateway.stop();
      await audit.close();
    }
  });

  describe('in a running hub', () => {
    let hub: RunningHub;
    beforeAll(async () => {
      hub = await startTestHub();
    });
    afterAll(() => hub.stop());

    it('stopping the people subgraph gives null + SUBGRAPH_UNAVAILABLE at that path, not a crash', async () => {
      const someone = testPopulation().people[0];
      const before = await postGraphQL(hub.gatewayUrl, `query($id: ID!) { person(id: $id) { id } }`, { id: someone.hubId });
      expect(before.data).toEqual({ person: { id: someone.hubId } });
      await hub.subgraphs.people.stop();
      const after = await postGraphQL(hub.gatewayUrl, `query($id: ID!) { person(id: $id) { id } }`, { id: someone.hubId });
      expect(after.data).toEqual({ person: null });
      expect(after.errors?.[0]).toMatchObject({ path: ['person'], extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
      expect(typeof after.errors?.[0].extensions?.correlationId).toBe('string');
    });
  });
});

describe('a subgraph that refuses a request', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it('passes on its BAD_USER_INPUT (a malformed date) instead of calling it unavailable', async () => {
    const response = await postGraphQL(hub.gatewayUrl, `query($asOf: LocalDate) { iomMeasures(asOf: $asOf) { asOf } }`, { asOf: '30/06/2026' });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('asOf');
  });
});
