import type { RunningHub } from '../../runtime/hub';
import { sharedFacts } from '../../synthetic/shared-facts';
import { asGateway, countSqlStatements, postGraphQL, startTestHub } from '../support/hub';
import { testPopulation } from '../support/population';

/** Joins across the person index, police and probation, and the N+1 guard for both partners. */
describe('people, police and probation together', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const population = testPopulation();
  const someone = population.people.find((p) => p.duplicateOf === undefined && p.profile.iomCandidate && p.identifiers.crn && sharedFacts(population, p).custody.length > 0)!;

  it('assembles one person found by CRN from all three subgraphs', async () => {
    const response = await postGraphQL<{
      personByIdentifier: { givenName: string; pncId: string; nominal: { pncId: string; policingArea: string }; offences: { committedOn: string }[]; orders: { type: string }[] };
    }>(
      hub.gatewayUrl,
      `query($crn: String!) { personByIdentifier(type: CRN, value: $crn) { givenName pncId nominal { pncId policingArea } offences { committedOn } orders { type } } }`,
      { crn: someone.identifiers.crn },
    );
    expect(response.errors).toBeUndefined();
    const person = response.data!.personByIdentifier;
    expect(person.givenName).toBe(someone.givenName);
    expect(person.nominal).toEqual({ pncId: someone.identifiers.pncId, policingArea: someone.localAuthority.name });
    expect(person.offences.length).toBeGreaterThanOrEqual(22);
    // A licence for every release from custody.
    const releases = sharedFacts(population, someone).custody.filter((episode) => episode.release).length;
    expect(person.orders.filter((o) => o.type === 'LICENCE')).toHaveLength(releases);
  });

  const PAGE = `query($first: Int!) { people(first: $first, filter: { hasIdentifiers: [PNC_ID, CRN] }) { edges { node {
    id
    nominal { pncId prolific recordedOffenceCount warningMarkers { type } }
    offences(detectedOnly: true) { committedOn crimeType } arrests { arrestedOn } drugTestsOnArrest { result } homeVisits { visitedOn }
    probationCase { crn }
    orders { type requirements { type } }
    requirements(type: DRUG_REHABILITATION) { status }
    compliance { appointmentsAttended breaches { actionOn } }
    risk { riskOfSeriousHarm } crsReferrals { service }
  } } } }`;

  it('costs the same SQL statements in police and in probation for 10 people as for 100', async () => {
    const small = await countSqlStatements(hub, async () => {
      const response = await postGraphQL<{ people: { edges: unknown[] } }>(hub.gatewayUrl, PAGE, { first: 10 });
      expect(response.errors).toBeUndefined();
      expect(response.data!.people.edges).toHaveLength(10);
    });
    const large = await countSqlStatements(hub, async () => {
      const response = await postGraphQL<{ people: { edges: { node: { nominal: unknown; probationCase: unknown } }[] } }>(hub.gatewayUrl, PAGE, { first: 100 });
      expect(response.errors).toBeUndefined();
      expect(response.data!.people.edges).toHaveLength(100);
      expect(response.data!.people.edges.every((e) => e.node.nominal && e.node.probationCase)).toBe(true);
    });
    expect(small.police).toBeGreaterThan(0);
    expect(small.probation).toBeGreaterThan(0);
    expect(large.police).toBe(small.police);
    expect(large.probation).toBe(small.probation);
    expect(large.people).toBe(small.people);
  });

  it('resolves 10 or 100 entity references in each partner subgraph in the same number of statements', async () => {
    const people = population.people.filter((p) => p.duplicateOf === undefined && p.identifiers.pncId && p.identifiers.crn);
    for (const [subgraph, key, fields] of [
      ['police', 'pncId', 'nominal { pncId } offences { committedOn }'],
      ['probation', 'crn', 'orders { type } requirements { status }'],
    ] as const) {
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { ${fields} } } }`;
      const representations = (n: number) => people.slice(0, n).map((p) => ({ __typename: 'Person', [key]: p.identifiers[key] }));
      const count = async (n: number) =>
        countSqlStatements(hub, async () => {
          const response = await postGraphQL<{ _entities: unknown[] }>(hub.subgraphs[subgraph].url, query, { r: representations(n) }, await asGateway(hub, 'iom-coordinator'));
          expect(response.data!._entities.filter((entity) => entity !== null)).toHaveLength(n);
        });
      const small = await count(10);
      const large = await count(100);
      expect([subgraph, large[subgraph]]).toEqual([subgraph, small[subgraph]]);
    }
  });

  it('answers a partner reference with no identifier, or one the partner does not hold, with no data and no error', async () => {
    const response = await postGraphQL<{ _entities: unknown[] }>(
      hub.subgraphs.police.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { pncId nominal { pncId } } } }`,
      { r: [{ __typename: 'Person', pncId: null }, { __typename: 'Person', pncId: 'not-a-pnc-id' }, { __typename: 'Person', pncId: someone.identifiers.pncId }] },
      await asGateway(hub, 'iom-coordinator'),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities).toEqual([null, null, { pncId: someone.identifiers.pncId, nominal: { pncId: someone.identifiers.pncId } }]);
  });
});
