/**
 * Every wait is bounded, SQL included: a subgraph's statements are cancelled by PostgreSQL after
 * 10 s, well inside the gateway's 15 s wait for the subgraph.
 */
import 'reflect-metadata';
import { openSubgraphDatabase, type SubgraphDatabase } from '../../subgraphs/kit/database';
import { peopleSubgraph } from '../../subgraphs/people';
import { testDatabaseUrls } from '../support/hub';

describe('SQL waits', () => {
  let database: SubgraphDatabase;
  beforeAll(async () => {
    database = await openSubgraphDatabase(peopleSubgraph, testDatabaseUrls().people);
  });
  afterAll(() => database.orm.close());

  it('run under a statement timeout on every pooled connection', async () => {
    const rows = (await database.orm.em.fork().getConnection().execute('SHOW statement_timeout')) as { statement_timeout: string }[];
    expect(rows[0].statement_timeout).toBe('10s');
  });
});
