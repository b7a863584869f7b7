/**
 * A subgraph's `_entities` answer is joined by position. Put a proxy between the gateway and the
 * police subgraph that tampers with that answer, and the gateway must refuse what no longer
 * matches the people it asked about, never attach one person's police record to another.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGateway, type RunningGateway } from '../../gateway/gateway';
import type { RunningHub } from '../../runtime/hub';
import { readSupergraph } from '../../gateway/supergraph-file';
import { openAuditWriter, type AuditWriter } from '../../audit-trail/audit-log';
import { postGraphQL, startTestHub, testDatabaseUrls } from '../support/hub';

type Tamper = (entities: unknown[]) => unknown[];

/** Forwards to `target`, passing every answer through `tamper` when it holds `_entities`. */
async function startTamperingProxy(target: string, tamper: Tamper): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'content-type', 'x-correlation-id']) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const answer = await fetch(target, { method: 'POST', headers, body: Buffer.concat(chunks) });
    const body = (await answer.json()) as { data?: { _entities?: unknown[] } };
    if (Array.isArray(body.data?._entities)) body.data._entities = tamper(body.data._entities);
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const PEOPLE_WITH_NOMINALS = `{
  people(first: 6, filter: { hasIdentifiers: [PNC_ID] }) { edges { node { id pncId nominal { pncId prolific } } } }
}`;

interface PeopleAnswer {
  people: { edges: { node: { id: string; pncId: string; nominal: { pncId: string } | null } }[] };
}

describe('entity answers that do not match what was asked', () => {
  let hub: RunningHub;
  let audit: AuditWriter;
  beforeAll(async () => {
    hub = await startTestHub();
    audit = await openAuditWriter(testDatabaseUrls().audit);
  });
  afterAll(async () => {
    await audit.close();
    await hub.stop();
  });

  async function gatewayThrough(tamper: Tamper): Promise<{ gateway: RunningGateway; close(): Promise<void> }> {
    const proxy = await startTamperingProxy(hub.subgraphs.police.url, tamper);
    const subgraphUrls = Object.fromEntries(Object.values(hub.subgraphs).map((s) => [s.name, s.url]));
    const gateway = await startGateway({ supergraphSdl: readSupergraph(), subgraphUrls: { ...subgraphUrls, police: proxy.url }, port: 0, callerTokenKeys: hub.callerTokenKeys, audit });
    return { gateway, close: async () => { await gateway.stop(); await proxy.close(); } };
  }

  it('joins every nominal to its own person when the answer is untouched', async () => {
    const { gateway, close } = await gatewayThrough((entities) => entities);
    try {
      const response = await postGraphQL<PeopleAnswer>(gateway.url, PEOPLE_WITH_NOMINALS);
      expect(response.errors).toBeUndefined();
      const nodes = response.data!.people.edges.map((edge) => edge.node);
      expect(nodes.length).toBe(6);
      for (const node of nodes) if (node.nominal) expect(node.nominal.pncId).toBe(node.pncId);
      expect(nodes.some((node) => node.nominal)).toBe(true);
    } finally {
      await close();
    }
  });

  it('refuses, at each path, entities answered in another order', async () => {
    const { gateway, close } = await gatewayThrough((entities) => [...entities].reverse());
    try {
      const response = await postGraphQL<PeopleAnswer>(gateway.url, PEOPLE_WITH_NOMINALS);
      const nodes = response.data!.people.edges.map((edge) => edge.node);
      // Six distinct people reversed: each position now holds someone else, so none may be joined.
      for (const node of nodes) expect(node.nominal).toBeNull();
      const refusedPaths = (response.errors ?? []).filter((e) => e.extensions?.code === 'SUBGRAPH_ANSWER_REJECTED').map((e) => e.path);
      expect(refusedPaths).toEqual(nodes.map((_, index) => ['people', 'edges', index, 'node', 'nominal']));
    } finally {
      await close();
    }
  });

  it('refuses the whole fetch when the count differs', async () => {
    const { gateway, close } = await gatewayThrough((entities) => entities.slice(1));
    try {
      const response = await postGraphQL<PeopleAnswer>(gateway.url, PEOPLE_WITH_NOMINALS);
      for (const edge of response.data!.people.edges) expect(edge.node.nominal).toBeNull();
      expect(response.errors?.filter((e) => e.extensions?.code === 'SUBGRAPH_ANSWER_REJECTED')).toHaveLength(6);
    } finally {
      await close();
    }
  });
});
