import type { RunningHub } from '../../runtime/hub';
import { postGraphQL, startTestHub } from '../support/hub';
import { testPopulation } from '../support/population';

interface Page {
  people: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: { id: string; familyName: string; givenName: string; pncId: string | null; crn: string | null; dateOfBirth: string } }[];
  };
}

const PAGE = `query($first: Int, $after: String, $filter: PersonFilter) {
  people(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id familyName givenName pncId crn dateOfBirth } }
  }
}`;

describe('the people connection', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());
  const population = testPopulation();

  it('pages through everyone in order without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 50; page++) {
      const response: Awaited<ReturnType<typeof postGraphQL<Page>>> = await postGraphQL<Page>(hub.gatewayUrl, PAGE, { first: 100, after });
      expect(response.errors).toBeUndefined();
      const connection: Page['people'] = response.data!.people;
      total = connection.totalCount;
      seen.push(...connection.edges.map((edge) => edge.node.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    // Everyone seeded, duplicate records included: they are people in the index until someone
    // merges them (tests that merge do it in databases of their own).
    expect(total).toBe(population.people.length);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('orders by family name then given name', async () => {
    const response = await postGraphQL<Page>(hub.gatewayUrl, PAGE, { first: 50 });
    const names = response.data!.people.edges.map((edge) => [edge.node.familyName, edge.node.givenName]);
    const sorted = [...names].sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
    expect(names).toEqual(sorted);
  });

  it('filters by identifier presence', async () => {
    const response = await postGraphQL<Page>(hub.gatewayUrl, PAGE, { first: 500, filter: { hasIdentifiers: ['PNC_ID', 'CRN'] } });
    const { edges, totalCount } = response.data!.people;
    // As many as the seeded people police and probation both know.
    expect(totalCount).toBe(population.people.filter((p) => p.identifiers.pncId && p.identifiers.crn).length);
    expect(edges.every((edge) => edge.node.pncId && edge.node.crn)).toBe(true);
    const withoutCrn = await postGraphQL<Page>(hub.gatewayUrl, PAGE, { first: 500, filter: { hasIdentifiers: ['PNC_ID'], lacksIdentifiers: ['CRN'] } });
    expect(withoutCrn.data!.people.totalCount).toBe(population.people.filter((p) => p.identifiers.pncId && !p.identifiers.crn).length);
    expect(withoutCrn.data!.people.edges.every((edge) => edge.node.pncId && !edge.node.crn)).toBe(true);
  });

  it('filters by name and date of birth', async () => {
    const target = population.people[3];
    const response = await postGraphQL<Page>(hub.gatewayUrl, PAGE, {
      filter: { name: target.familyName.toUpperCase(), dateOfBirth: target.dateOfBirth },
    });
    const ids = response.data!.people.edges.map((edge) => edge.node.id);
    expect(ids).toContain(target.hubId);
    expect(response.data!.people.edges.every((edge) => edge.node.dateOfBirth === target.dateOfBirth)).toBe(true);
  });

  it('refuses a page size out of range and a made-up cursor', async () => {
    const tooBig = await postGraphQL(hub.gatewayUrl, PAGE, { first: 501 });
    expect(tooBig.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooBig.errors?.[0].message).toContain('between 1 and 500');
    const badCursor = await postGraphQL(hub.gatewayUrl, PAGE, { after: 'not-a-cursor' });
    expect(badCursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(badCursor.errors?.[0].message).toContain('endCursor');
  });
});
