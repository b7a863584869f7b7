import type { RunningHub } from '../../runtime/hub';
import { as, asGateway, postGraphQL, startTestHub } from '../support/hub';
import { testPopulation } from '../support/population';

describe('access rules enforced at the gateway and again in the subgraph', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());
  const population = testPopulation();
  const someone = population.people[5];

  const forbiddenAt = (response: Awaited<ReturnType<typeof postGraphQL>>, path: (string | number)[]) =>
    response.errors?.find((e) => e.extensions?.code === 'FORBIDDEN' && JSON.stringify(e.path) === JSON.stringify(path));

  it('a caller without the identity scope gets null + FORBIDDEN at the exact path, siblings still resolve', async () => {
    const response = await postGraphQL(hub.gatewayUrl, `query($id: ID!) { person(id: $id) { id givenName } }`, { id: someone.hubId }, await as('analyst'));
    expect(response.data).toEqual({ person: null });
    expect(forbiddenAt(response, ['person'])).toBeDefined();
    expect(forbiddenAt(response, ['person'])!.message).toContain('identity');
    const withSibling = await postGraphQL(hub.gatewayUrl, `query($id: ID!) { person(id: $id) { id } __typename }`, { id: someone.hubId }, await as('data-protection-officer'));
    expect(withSibling.data).toEqual({ person: null, __typename: 'Query' });
  });

  it('a caller with the scope gets the data', async () => {
    const response = await postGraphQL(hub.gatewayUrl, `query($id: ID!) { person(id: $id) { id givenName } }`, { id: someone.hubId }, await as('housing-officer'));
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ person: { id: someone.hubId, givenName: someone.givenName } });
  });

  it('cannot be bypassed with an alias', async () => {
    const response = await postGraphQL(hub.gatewayUrl, `query($id: ID!) { who: person(id: $id) { id } }`, { id: someone.hubId }, await as('analyst'));
    expect(response.data).toEqual({ who: null });
    expect(forbiddenAt(response, ['who'])).toBeDefined();
  });

  it('cannot be bypassed with named fragments, nested', async () => {
    const response = await postGraphQL(
      hub.gatewayUrl,
      `query($id: ID!) { ...Outer } fragment Outer on Query { ...Inner } fragment Inner on Query { person(id: $id) { id } }`,
      { id: someone.hubId },
      await as('analyst'),
    );
    expect(response.data).toEqual({ person: null });
    expect(forbiddenAt(response, ['person'])).toBeDefined();
  });

  it('cannot be bypassed with an inline fragment', async () => {
    const response = await postGraphQL(hub.gatewayUrl, `query($id: ID!) { ... on Query { person(id: $id) { id } } }`, { id: someone.hubId }, await as('analyst'));
    expect(response.data).toEqual({ person: null });
    expect(forbiddenAt(response, ['person'])).toBeDefined();
  });

  it('honours @include/@skip driven by variables: a field left out is not refused, one included is', async () => {
    const query = `query($id: ID!, $show: Boolean!) { person(id: $id) @include(if: $show) { id } __typename }`;
    const skipped = await postGraphQL(hub.gatewayUrl, query, { id: someone.hubId, show: false }, await as('analyst'));
    expect(skipped.errors).toBeUndefined();
    expect(skipped.data).toEqual({ __typename: 'Query' });
    const included = await postGraphQL(hub.gatewayUrl, query, { id: someone.hubId, show: true }, await as('analyst'));
    expect(included.data).toEqual({ person: null, __typename: 'Query' });
    expect(forbiddenAt(included, ['person'])).toBeDefined();
  });

  it('refuses a whole list the caller may not see', async () => {
    const response = await postGraphQL(hub.gatewayUrl, `{ people(first: 3) { totalCount } }`, {}, await as('analyst'));
    expect(response.data).toEqual({ people: null });
    expect(forbiddenAt(response, ['people'])).toBeDefined();
  });

  it('never serves a query plan made for one caller to another', async () => {
    const query = `query($id: ID!) { person(id: $id) { id givenName } }`;
    const first = await postGraphQL(hub.gatewayUrl, query, { id: someone.hubId }, await as('iom-coordinator'));
    const second = await postGraphQL(hub.gatewayUrl, query, { id: someone.hubId }, await as('analyst'));
    const third = await postGraphQL(hub.gatewayUrl, query, { id: someone.hubId }, await as('iom-coordinator'));
    expect(first.data).toEqual({ person: { id: someone.hubId, givenName: someone.givenName } });
    expect(second.data).toEqual({ person: null });
    expect(third.data).toEqual(first.data);
  });

  it('a refused mutation writes nothing', async () => {
    const duplicate = population.people.filter((p) => p.duplicateOf !== undefined)[4];
    const original = population.people[duplicate.duplicateOf!];
    const refused = await postGraphQL(
      hub.gatewayUrl,
      `mutation($p: ID!, $c: ID!) { rejectMatch(personId: $p, candidateId: $c, reason: "Not the same person") { id } }`,
      { p: original.hubId, c: duplicate.hubId },
      await as('housing-officer'),
    );
    expect(refused.data).toEqual({ rejectMatch: null });
    expect(forbiddenAt(refused, ['rejectMatch'])).toBeDefined();
    const candidates = await postGraphQL<{ person: { candidateMatches: { candidate: { id: string } }[] } }>(
      hub.gatewayUrl,
      `query($id: ID!) { person(id: $id) { candidateMatches { candidate { id } } } }`,
      { id: original.hubId },
    );
    expect(candidates.data!.person.candidateMatches.map((m) => m.candidate.id)).toContain(duplicate.hubId);
  });

  it('runs no mutation over GET', async () => {
    const url = new URL(hub.gatewayUrl);
    url.searchParams.set('query', 'mutation { rejectMatch(personId: "a", candidateId: "b", reason: "x") { id } }');
    const response = await fetch(url, { headers: { authorization: (await as('iom-coordinator')).authorization, 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(405);
  });

  it('a caseload-only caller gets the same answer for someone outside the caseload as for no one', async () => {
    const query = `query($id: ID!) { person(id: $id) { id givenName } }`;
    const notOffending = population.people.find((p) => p.profile.offendingLevel === 'NONE' && p.duplicateOf === undefined)!;
    const outside = await postGraphQL(hub.gatewayUrl, query, { id: notOffending.hubId }, await as('police-iom-officer'));
    const nobody = await postGraphQL(hub.gatewayUrl, query, { id: '00000000-0000-4000-8000-000000000000' }, await as('police-iom-officer'));
    expect(outside.status).toBe(nobody.status);
    expect(outside.data).toEqual({ person: null });
    expect(outside.errors).toEqual(nobody.errors);
  });

  /** Today's IOM caseload, read as the coordinator: hub id and PNC ID of everyone adopted. */
  const caseloadPeople = async () => {
    const response = await postGraphQL<{ iomCases: { totalCount: number; edges: { node: { person: { id: string; pncId: string | null } } }[] } }>(
      hub.gatewayUrl,
      `{ iomCases(filter: { status: [ADOPTED] }, first: 500) { totalCount edges { node { person { id pncId } } } } }`,
      {},
      await as('iom-coordinator'),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.iomCases.totalCount).toBeLessThanOrEqual(500);
    return response.data!.iomCases.edges.map((edge) => edge.node.person);
  };

  it('a caseload-only caller sees the people on the IOM caseload, and only them', async () => {
    const ids = (await caseloadPeople()).map((person) => person.id);
    expect(ids.length).toBeGreaterThan(10);
    const onCaseload = await postGraphQL<{ person: { id: string; givenName: string } | null }>(
      hub.gatewayUrl,
      `query($id: ID!) { person(id: $id) { id givenName offences { committedOn } } }`,
      { id: ids[0] },
      await as('police-iom-officer'),
    );
    expect(onCaseload.errors).toBeUndefined();
    expect(onCaseload.data!.person?.id).toBe(ids[0]);
    const listed = await postGraphQL<{ people: { totalCount: number; edges: { node: { id: string } }[] } }>(
      hub.gatewayUrl,
      `{ people(first: 500) { totalCount edges { node { id } } } }`,
      {},
      await as('police-iom-officer'),
    );
    expect(listed.data!.people.totalCount).toBe(new Set(ids).size);
    expect(listed.data!.people.edges.every((edge) => ids.includes(edge.node.id))).toBe(true);
  });

  it("gives a caseload-only caller a partner's own lists and lookups within the caseload only", async () => {
    const caseload = await caseloadPeople();
    const pncIds = [...new Set(caseload.flatMap((person) => (person.pncId ? [person.pncId] : [])))].sort();
    const officer = await as('police-iom-officer');
    const listed = await postGraphQL<{ nominals: { totalCount: number; edges: { node: { pncId: string } }[] } }>(
      hub.gatewayUrl,
      `{ nominals(first: 500) { totalCount edges { node { pncId } } } }`,
      {},
      officer,
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.nominals.totalCount).toBe(pncIds.length);
    expect(listed.data!.nominals.edges.map((edge) => edge.node.pncId).sort()).toEqual(pncIds);
    const inside = await postGraphQL<{ nominal: { pncId: string } | null }>(hub.gatewayUrl, `query($p: String!) { nominal(pncId: $p) { pncId } }`, { p: pncIds[0] }, officer);
    expect(inside.errors).toBeUndefined();
    expect(inside.data!.nominal).toEqual({ pncId: pncIds[0] });
    const outsider = population.people.find((p) => p.identifiers.pncId && !caseload.some((c) => c.id === p.hubId) && p.duplicateOf === undefined)!;
    const outside = await postGraphQL(hub.gatewayUrl, `query($p: String!) { nominal(pncId: $p) { pncId } }`, { p: outsider.identifiers.pncId }, officer);
    expect(outside.errors).toBeUndefined();
    expect(outside.data).toEqual({ nominal: null });
  });

  describe('directly against the subgraph (the second wall)', () => {
    it('refuses fields the signed caller may not see, in queries and in entity resolution', async () => {
      const headers = await asGateway(hub, 'analyst');
      const query = await postGraphQL(hub.subgraphs.people.url, `query($id: ID!) { person(id: $id) { id } }`, { id: someone.hubId }, headers);
      expect(query.data).toEqual({ person: null });
      expect(query.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const entities = await postGraphQL<{ _entities: ({ id: string; givenName: string | null } | null)[] }>(
        hub.subgraphs.people.url,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id givenName } } }`,
        { r: [{ __typename: 'Person', id: someone.hubId }] },
        headers,
      );
      // The analyst has no person-level row at all: to them the person does not exist.
      expect(entities.data!._entities).toEqual([null]);
    });

    it('gives the data to a signed caller with the scope', async () => {
      const response = await postGraphQL(hub.subgraphs.people.url, `query($id: ID!) { person(id: $id) { givenName } }`, { id: someone.hubId }, await asGateway(hub, 'housing-officer'));
      expect(response.data).toEqual({ person: { givenName: someone.givenName } });
    });

    it('applies the row rule in entity resolution too', async () => {
      const inside = (await caseloadPeople())[0].id;
      const outside = population.people.find((p) => p.profile.offendingLevel === 'NONE' && p.duplicateOf === undefined)!.hubId;
      const response = await postGraphQL<{ _entities: unknown[] }>(
        hub.subgraphs.people.url,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id } } }`,
        { r: [{ __typename: 'Person', id: outside }, { __typename: 'Person', id: inside }] },
        await asGateway(hub, 'police-iom-officer'),
      );
      expect(response.data!._entities).toEqual([null, { id: inside }]);
    });
  });
});

describe('what a refused field never does', () => {
  it('reaches no subgraph: the fetches the gateway makes do not mention it', async () => {
    const fetches: { subgraph: string; query: string }[] = [];
    const hub = await startTestHub({ onSubgraphFetch: (fetch) => fetches.push(fetch) });
    try {
      const someone = testPopulation().people.find((p) => p.identifiers.pncId && p.identifiers.housingReference && p.duplicateOf === undefined)!;
      const response = await postGraphQL(
        hub.gatewayUrl,
        `query($id: ID!) { person(id: $id) { givenName accommodation { status } offences { committedOn } nominal { warningMarkers { type } } } }`,
        { id: someone.hubId },
        await as('housing-officer'),
      );
      expect(response.data).toMatchObject({ person: { givenName: someone.givenName, offences: null, nominal: null } });
      expect(fetches.map((f) => f.subgraph)).toContain('housing');
      expect(fetches.some((f) => f.subgraph === 'police')).toBe(false);
      expect(fetches.every((f) => !/offences|nominal|warningMarkers/.test(f.query))).toBe(true);
    } finally {
      await hub.stop();
    }
  });
});
