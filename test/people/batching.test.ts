import type { RunningHub } from '../../runtime/hub';
import { asGateway, countSqlStatements, postGraphQL, startTestHub } from '../support/hub';
import { testPopulation } from '../support/population';

/**
 * The N+1 guard: the number of SQL statements for a query must not grow with the number of people
 * in it, through the gateway and for the gateway's own `_entities` batches.
 */
describe('batching in the people subgraph', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  const PAGE = `query($first: Int!) {
    people(first: $first) { totalCount edges { node { id givenName pncId crn prisonNumber housingReference treatmentClientId nhsNumber
      identifiers { type value sourceAgency } candidateMatches { score candidate { id } } } } }
  }`;

  it('people(first: 10) and people(first: 100) with identifiers cost the same SQL statements', async () => {
    // Once unmeasured first: subgraphs keep the caller's withheld keys while the restrictions do
    // not change, so both counts are of the same warm state and differ only by the page's size.
    await postGraphQL(hub.gatewayUrl, PAGE, { first: 10 });
    const small = await countSqlStatements(hub, async () => {
      const response = await postGraphQL<{ people: { edges: unknown[] } }>(hub.gatewayUrl, PAGE, { first: 10 });
      expect(response.data!.people.edges).toHaveLength(10);
    });
    const large = await countSqlStatements(hub, async () => {
      const response = await postGraphQL<{ people: { edges: unknown[] } }>(hub.gatewayUrl, PAGE, { first: 100 });
      expect(response.data!.people.edges).toHaveLength(100);
    });
    expect(small.people).toBeGreaterThan(0);
    expect(large.people).toBe(small.people);
  });

  it('resolves 10 or 100 entity references of mixed key kinds in statements that do not grow with them', async () => {
    const people = testPopulation().people.filter((p) => p.identifiers.pncId && p.identifiers.crn && p.duplicateOf === undefined);
    const representations = (n: number) =>
      people.slice(0, n).map((p, i) =>
        i % 3 === 0 ? { __typename: 'Person', id: p.hubId } : i % 3 === 1 ? { __typename: 'Person', pncId: p.identifiers.pncId } : { __typename: 'Person', crn: p.identifiers.crn },
      );
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id familyName identifiers { type } } } }`;
    const subgraphUrl = hub.subgraphs.people.url;
    // Signed as the hub's gateway signs it, with the current restrictions version: the index then
    // keeps the caller's withheld keys, as it does for the gateway's requests, instead of reading
    // them in the middle of each batch, where when they arrive decides how loads group.
    const [{ version }] = await hub.subgraphs.people.orm.em.getConnection().execute<{ version: string }[]>('select version::text as version from withheld_version');
    const headers = await asGateway(hub, 'iom-coordinator', { restrictionsVersion: version });
    // Once unmeasured first, so the row rule's membership (kept 30 s) and the withheld keys are read before either count.
    await postGraphQL(subgraphUrl, query, { r: representations(10) }, headers);
    const small = await countSqlStatements(hub, async () => {
      const response = await postGraphQL<{ _entities: ({ id: string } | null)[] }>(subgraphUrl, query, { r: representations(10) }, headers);
      expect(response.data!._entities.every((entity) => entity !== null)).toBe(true);
    });
    const large = await countSqlStatements(hub, async () => {
      const response = await postGraphQL<{ _entities: ({ id: string } | null)[] }>(subgraphUrl, query, { r: representations(100) }, headers);
      expect(response.data!._entities).toHaveLength(100);
      expect(response.data!._entities.every((entity) => entity !== null)).toBe(true);
    });
    // References by id read their records; references by a partner's key read the identifiers
    // together with the records holding them, which then need no read of their own. The
    // statements: the records by id (1), the identifier pairs with their records (1), the row
    // rule's members (1), and the records' identifiers (1, or 2 when the two kinds of reference
    // arrive in different batches, which depends on which of two concurrent statements PostgreSQL
    // answers first, never on how many people): at most this many, for 10 as for 100.
    const mostForTheShape = 1 + 1 + 1 + 2;
    expect(small.people).toBeGreaterThanOrEqual(mostForTheShape - 1);
    expect(small.people).toBeLessThanOrEqual(mostForTheShape);
    expect(large.people).toBeGreaterThanOrEqual(mostForTheShape - 1);
    expect(large.people).toBeLessThanOrEqual(mostForTheShape);
  });
});
