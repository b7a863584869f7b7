/**
 * The housing subgraph's DataLoaders, fresh for each request: a page of 100 people costs the same
 * SQL statements as a page of 10.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { loaderOfMany, loaderOfOne } from '../../kit/loaders';
import { HousingClient } from '../entities/housing-client.entity';
import { AccommodationPeriod } from '../entities/accommodation-period.entity';
import { HomelessnessCase } from '../entities/homelessness-case.entity';

export function createHousingLoaders(em: EntityManager) {
  const clientByReference = loaderOfOne<string, HousingClient>(
    (references) => em.find(HousingClient, { housingReference: { $in: [...references] } }),
    (client) => client.housingReference,
  );

  /** Oldest first: the person's accommodation history in order. */
  const periodsByReference = loaderOfMany<string, AccommodationPeriod>(
    (references) => em.find(AccommodationPeriod, { housingReference: { $in: [...references] } }, { orderBy: { startDate: 'asc', id: 'asc' } }),
    (period) => period.housingReference,
  );

  const casesByReference = loaderOfMany<string, HomelessnessCase>(
    (references) => em.find(HomelessnessCase, { housingReference: { $in: [...references] } }, { orderBy: { referralDate: 'asc', id: 'asc' } }),
    (homelessnessCase) => homelessnessCase.housingReference,
  );

  return { clientByReference, periodsByReference, casesByReference };
}

export type HousingLoaders = ReturnType<typeof createHousingLoaders>;
