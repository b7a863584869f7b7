import type { RunningHub } from '../../runtime/hub';
import { postGraphQL, startTestHub } from '../support/hub';
import { ok } from './iom-helpers';

/** The paged lists: cursors walk every item once, in order, and filters narrow the total. */
describe('IOM lists', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  type Page<T> = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: T }[] };

  async function walk<T>(field: string, query: string, variables: Record<string, unknown>): Promise<{ total: number; nodes: T[] }> {
    const nodes: T[] = [];
    let after: string | null = null;
    let total = 0;
    for (let pages = 0; pages < 50; pages++) {
      const data: Record<string, Page<T>> = await ok<Record<string, Page<T>>>(hub, query, { ...variables, after });
      const page: Page<T> = data[field];
      total = page.totalCount;
      nodes.push(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    return { total, nodes };
  }

  it('pages through case conferences newest first', async () => {
    const { total, nodes } = await walk<{ id: string; heldOn: string }>(
      'caseConferences',
      `query($after: String) { caseConferences(first: 4, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id heldOn } } } }`,
      {},
    );
    expect(nodes).toHaveLength(total);
    expect(new Set(nodes.map((node) => node.id)).size).toBe(total);
    const days = nodes.map((node) => node.heldOn);
    expect(days).toEqual([...days].sort().reverse());
    expect(days).toEqual(expect.arrayContaining(['2026-07-21', '2026-06-21', '2025-07-26']));
  });

  it('pages through cases by referral date, filtered by strand, status and RAG', async () => {
    const query = `query($after: String, $filter: IomCaseFilter) { iomCases(first: 3, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
      edges { node { id referredOn strand status currentRag } } } }`;
    type Node = { id: string; referredOn: string; strand: string; status: string; currentRag: string | null };
    const free = await walk<Node>('iomCases', query, { filter: { strand: 'FREE', status: ['ADOPTED'] } });
    expect(free.nodes).toHaveLength(free.total);
    expect(free.total).toBeGreaterThan(3);
    expect(free.nodes.every((node) => node.strand === 'FREE' && node.status === 'ADOPTED')).toBe(true);
    const referred = free.nodes.map((node) => node.referredOn);
    expect(referred).toEqual([...referred].sort());

    const green = await walk<Node>('iomCases', query, { filter: { rag: 'GREEN' } });
    expect(green.total).toBeGreaterThan(0);
    expect(green.nodes.every((node) => node.currentRag === 'GREEN')).toBe(true);
  });

  it('refuses a cursor it did not make', async () => {
    const response = await postGraphQL(hub.gatewayUrl, `{ iomCases(first: 2, after: "nonsense") { totalCount } }`);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
