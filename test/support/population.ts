import { generatePopulation, type SyntheticPopulation } from '../../synthetic/population';

export const TEST_DATABASE_PREFIX = 'hub_test';

/** The population every test database is seeded with: a quarter-size partnership (about 500 people). */
export const TEST_POPULATION = { seed: 7, scale: 0.25, referenceDate: '2026-06-30' } as const;

let cached: SyntheticPopulation | undefined;

/** The same population the databases were seeded with, so tests can pick people with known traits. */
export function testPopulation(): SyntheticPopulation {
  cached ??= generatePopulation(TEST_POPULATION);
  return cached;
}
