/**
 * Each partner's view of the synthetic partnership, by subgraph name. Seeding belongs to the
 * synthetic partnership, not to the subgraphs: a partner's service only ever holds what its
 * partner recorded, and `runtime/seeding.ts` wires these in for `npm start`, `npm run seed`, the
 * benchmark and the tests.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SyntheticPopulation } from '../population';
import { Person } from '../../subgraphs/people/entities/person.entity';
import { PoliceNominal } from '../../subgraphs/police/entities/nominal.entity';
import { ProbationCase } from '../../subgraphs/probation/entities/case.entity';
import { HousingClient } from '../../subgraphs/housing/entities/housing-client.entity';
import { TreatmentClient } from '../../subgraphs/substance-misuse/entities/treatment-client.entity';
import { IomCohort } from '../../subgraphs/iom/entities/cohort.entity';
import { seedPeople } from './people';
import { seedPolice } from './police';
import { seedProbation } from './probation';
import { seedHousing } from './housing';
import { seedSubstanceMisuse } from './substance-misuse';
import { seedIom } from './iom';
import { isAuditSeeded, seedAudit } from './audit';

export interface SubgraphSeeder {
  /** Writes this partner's view of the synthetic population; returns a one-line summary. */
  seed(em: EntityManager, population: SyntheticPopulation): Promise<string>;
  /** True when the database already holds data (a second start reuses it). */
  isSeeded(em: EntityManager): Promise<boolean>;
}

const holdsAny = (entity: Parameters<EntityManager['count']>[0]) => async (em: EntityManager) => (await em.count(entity, {})) > 0;

export const SEEDERS: Record<string, SubgraphSeeder> = {
  people: { seed: seedPeople, isSeeded: holdsAny(Person) },
  police: { seed: seedPolice, isSeeded: holdsAny(PoliceNominal) },
  probation: { seed: seedProbation, isSeeded: holdsAny(ProbationCase) },
  housing: { seed: seedHousing, isSeeded: holdsAny(HousingClient) },
  'substance-misuse': { seed: seedSubstanceMisuse, isSeeded: holdsAny(TreatmentClient) },
  iom: { seed: seedIom, isSeeded: holdsAny(IomCohort) },
  audit: { seed: seedAudit, isSeeded: isAuditSeeded },
};

export function seederFor(subgraphName: string): SubgraphSeeder {
  const seeder = SEEDERS[subgraphName];
  if (!seeder) throw new Error(`No synthetic data is defined for subgraph "${subgraphName}": add a seeder to synthetic/seeds/index.ts.`);
  return seeder;
}
