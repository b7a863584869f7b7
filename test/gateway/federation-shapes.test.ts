/**
 * Federation shapes the hub's own graph does not have, served by two small subgraphs composed on
 * the fly: the hub's gateway must plan them as stock Apollo Gateway does. The shapes are those of
 * the federation gateway audit's `non-resolvable-interface-object` suite, which the hub once
 * failed because it added `__typename` to every abstract selection.
 */
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type DocumentNode } from 'graphql';
import { startGateway, type RunningGateway } from '../../gateway/gateway';
import { loadOrCreateCallerTokenKeys } from '../../subgraphs/kit/access/caller-token';
import type { AuditEntry } from '../../audit-trail/audit-log';
import { postGraphQL } from '../support/hub';

const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@interfaceObject"])';

const subgraphA = {
  typeDefs: parse(`${link}
    interface Node @key(fields: "id") { id: ID! }
    type Product @key(fields: "id", resolvable: false) @interfaceObject { id: ID! }
    type Query { a: Node  product: Product! }`),
  resolvers: {
    Query: { a: () => ({ __typename: 'Node', id: 'n1' }), product: () => ({ __typename: 'Product', id: 'p1' }) },
    Node: { __resolveReference: () => { throw new Error('an interface object cannot be resolved'); } },
  },
};

const subgraphB = {
  typeDefs: parse(`${link}
    type Node @key(fields: "id", resolvable: false) @interfaceObject { id: ID!  field: String }
    interface Product @key(fields: "id") { id: ID! }
    type Bread implements Product @key(fields: "id") { id: ID!  name: String! }
    type Query { b: Node }`),
  resolvers: {
    Query: { b: () => ({ __typename: 'Node', id: 'n1' }) },
    Node: { field: () => 'foo' },
    Product: { __resolveReference: (key: { id: string }) => ({ __typename: 'Bread', id: key.id, name: 'Bread' }) },
    Bread: { __resolveReference: (key: { id: string }) => ({ id: key.id, name: 'Bread' }) },
  },
};

interface SubgraphModule {
  typeDefs: DocumentNode;
  resolvers: object;
}

/** Serves each subgraph, composes them, and starts the hub's gateway on the supergraph. */
async function federate(modules: Record<string, SubgraphModule>): Promise<{ gateway: RunningGateway; stop(): Promise<void> }> {
  const servers: ApolloServer[] = [];
  const urls: Record<string, string> = {};
  for (const [name, module] of Object.entries(modules)) {
    // buildSubgraphSchema's resolver map type does not describe __resolveReference on interfaces.
    const server = new ApolloServer({ schema: buildSubgraphSchema(module as Parameters<typeof buildSubgraphSchema>[0]) });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    servers.push(server);
    urls[name] = url;
  }
  const composed = composeServices(Object.entries(modules).map(([name, module]) => ({ name, url: urls[name], typeDefs: module.typeDefs })));
  if (!composed.supergraphSdl) throw new Error(`composition failed: ${composed.errors?.map((e) => e.message).join('; ')}`);
  const audited: AuditEntry[] = [];
  const gateway = await startGateway({
    supergraphSdl: composed.supergraphSdl,
    subgraphUrls: urls,
    port: 0,
    callerTokenKeys: await loadOrCreateCallerTokenKeys(),
    audit: { append: async (entry) => void audited.push(entry) },
  });
  return {
    gateway,
    stop: async () => {
      await gateway.stop();
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}

describe('federation shapes planned as stock Apollo Gateway plans them', () => {
  let gateway: RunningGateway;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ gateway, stop } = await federate({ a: subgraphA, b: subgraphB }));
  });
  afterAll(() => stop?.());

  it('answers an interface object with no implementing type', async () => {
    const response = await postGraphQL(gateway.url, '{ b { id field } }');
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ b: { id: 'n1', field: 'foo' } });
  });

  it('answers the other shapes of the suite as stock Apollo Gateway does', async () => {
    expect((await postGraphQL(gateway.url, '{ b { id } }')).data).toEqual({ b: { id: 'n1' } });
    expect((await postGraphQL(gateway.url, '{ product { id } }')).data).toEqual({ product: { id: 'p1' } });
    // Resolving an interface object's implementation through its non-resolvable key fails there.
    const unresolvable = await postGraphQL(gateway.url, '{ a { id } }');
    expect(unresolvable.data).toEqual({ a: null });
    expect(unresolvable.errors?.length).toBeGreaterThan(0);
  });
});

// The federation gateway audit's `simple-entity-call`: the second subgraph keys User by an email
// it marks @external and its reference resolver returns the nickname alone.
const users = [{ id: '1', email: 'user1@example.org', nickname: 'user1' }];
const emailSubgraph = {
  typeDefs: parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"])
    type Query { user: User }
    type User @key(fields: "id") { id: ID!  email: String! }`),
  resolvers: {
    Query: { user: () => ({ id: users[0].id, email: users[0].email }) },
    User: { __resolveReference: (key: { id: string }) => users.find((u) => u.id === key.id) ?? null },
  },
};
const nicknameSubgraph = {
  typeDefs: parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key", "@external"])
    type User @key(fields: "email") { email: String! @external  nickname: String! }`),
  resolvers: {
    User: {
      __resolveReference: (key: { email: string }) => {
        const user = users.find((u) => u.email === key.email);
        return user ? { nickname: user.nickname } : null;
      },
    },
  },
};

describe('entity checks on keys a subgraph does not own', () => {
  let gateway: RunningGateway;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ gateway, stop } = await federate({ email: emailSubgraph, nickname: nicknameSubgraph }));
  });
  afterAll(() => stop?.());

  it('joins an entity keyed by an @external field its resolver does not echo back', async () => {
    const response = await postGraphQL(gateway.url, '{ user { id nickname } }');
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ user: { id: '1', nickname: 'user1' } });
  });
});
