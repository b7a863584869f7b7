/**
 * The substance-misuse subgraph's DataLoaders, fresh for each request: a page of 100 people costs
 * the same SQL statements as a page of 10.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { rowByKey, rowsByKey } from '../../kit/loaders';
import { TreatmentClient } from '../entities/treatment-client.entity';
import { TreatmentEpisode } from '../entities/treatment-episode.entity';
import { TreatmentDrugTest } from '../entities/treatment-drug-test.entity';
import { TreatmentOutcomeReview } from '../entities/treatment-outcome-review.entity';
import { TreatmentCustodyRelease } from '../entities/treatment-custody-release.entity';
import { TreatmentAppointment } from '../entities/treatment-appointment.entity';

export function createTreatmentLoaders(em: EntityManager) {
  const clientById = rowByKey(em, TreatmentClient, 'treatmentClientId');
  const episodesByClientId = rowsByKey(em, TreatmentEpisode, 'treatmentClientId', { orderBy: { startDate: 'asc', id: 'asc' } });
  const drugTestsByClientId = rowsByKey(em, TreatmentDrugTest, 'treatmentClientId', { orderBy: { testDate: 'asc', id: 'asc' } });
  const reviewsByClientId = rowsByKey(em, TreatmentOutcomeReview, 'treatmentClientId', { orderBy: { reviewDate: 'asc', id: 'asc' } });
  const releasesByClientId = rowsByKey(em, TreatmentCustodyRelease, 'treatmentClientId', { orderBy: { releaseDate: 'asc', id: 'asc' } });
  const appointmentsByClientId = rowsByKey(em, TreatmentAppointment, 'treatmentClientId', { orderBy: { appointmentOn: 'asc', id: 'asc' } });
  return { appointmentsByClientId, clientById, episodesByClientId, drugTestsByClientId, reviewsByClientId, releasesByClientId };
}

export type TreatmentLoaders = ReturnType<typeof createTreatmentLoaders>;
