/**
 * The housing subgraph's DataLoaders, fresh for each request: a page of 100 people costs the same
 * SQL statements as a page of 10.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { rowByKey, rowsByKey } from '../../kit/loaders';
import { HousingClient } from '../entities/housing-client.entity';
import { AccommodationPeriod } from '../entities/accommodation-period.entity';
import { HomelessnessCase } from '../entities/homelessness-case.entity';

export function createHousingLoaders(em: EntityManager) {
  const clientByReference = rowByKey(em, HousingClient, 'housingReference');

  /** Oldest first: the person's accommodation history in order. */
  const periodsByReference = rowsByKey(em, AccommodationPeriod, 'housingReference', { orderBy: { startDate: 'asc', id: 'asc' } });

  const casesByReference = rowsByKey(em, HomelessnessCase, 'housingReference', { orderBy: { referralDate: 'asc', id: 'asc' } });

  return { clientByReference, periodsByReference, casesByReference };
}

export type HousingLoaders = ReturnType<typeof createHousingLoaders>;
