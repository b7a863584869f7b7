/**
 * Where the synthetic partnership meets the hub: every subgraph's database created, migrated and,
 * when empty, seeded with that partner's view of one generated population. Development, tests
 * and the benchmark only; a deployment runs migrations alone (`runtime/databases.ts`) and its
 * image carries neither this module nor the generator.
 */
import type { AnySubgraphDefinition } from '../subgraphs/kit/subgraph';
import { clockFromEnvironment } from '../subgraphs/kit/dates';
import { generatePopulation, type SyntheticPopulation } from '../synthetic/population';
import { seederFor } from '../synthetic/seeds';
import { prepareDatabases, type PreparedDatabase } from './databases';

export interface SeedOptions {
  seed: number;
  scale: number;
  /** The day the data is generated around; by default the hub's today (`HUB_TODAY`, else the day in England). */
  referenceDate?: string;
  /** Drop and recreate each database first. */
  reset?: boolean;
}

/** Creates, migrates and (when empty) seeds every subgraph's database. */
export async function prepareSeededDatabases(subgraphs: AnySubgraphDefinition[], urls: Record<string, string>, options: SeedOptions): Promise<PreparedDatabase[]> {
  let population: SyntheticPopulation | undefined;
  return prepareDatabases(subgraphs, urls, {
    reset: options.reset,
    afterMigrations: async (subgraph, em) => {
      const seeder = seederFor(subgraph.name);
      if (await seeder.isSeeded(em)) return 'already seeded; kept as it is';
      population ??= generatePopulation({ seed: options.seed, scale: options.scale, referenceDate: options.referenceDate ?? clockFromEnvironment().today() });
      const seeded = await seeder.seed(em, population);
      // The planner's statistics describe the empty tables until autovacuum comes round, up to a
      // minute later, and a plan chosen for empty tables can cost 100 times more than one chosen
      // for the rows just written (the people page's identifier filters did).
      await em.getConnection().execute('analyze');
      return seeded;
    },
  });
}
