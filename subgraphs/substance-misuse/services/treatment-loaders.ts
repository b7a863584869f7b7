/**
 * The substance-misuse subgraph's DataLoaders, fresh for each request: a page of 100 people costs
 * the same SQL statements as a page of 10.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { loaderOfMany, loaderOfOne } from '../../kit/loaders';
import { TreatmentClient } from '../entities/treatment-client.entity';
import { TreatmentEpisode } from '../entities/treatment-episode.entity';
import { TreatmentDrugTest } from '../entities/treatment-drug-test.entity';
import { TreatmentOutcomeReview } from '../entities/treatment-outcome-review.entity';
import { TreatmentCustodyRelease } from '../entities/treatment-custody-release.entity';
import { TreatmentAppointment } from '../entities/treatment-appointment.entity';

export function createTreatmentLoaders(em: EntityManager) {
  const clientById = loaderOfOne<string, TreatmentClient>(
    (ids) => em.find(TreatmentClient, { treatmentClientId: { $in: [...ids] } }),
    (client) => client.treatmentClientId,
  );
  const episodesByClientId = loaderOfMany<string, TreatmentEpisode>(
    (ids) => em.find(TreatmentEpisode, { treatmentClientId: { $in: [...ids] } }, { orderBy: { startDate: 'asc', id: 'asc' } }),
    (episode) => episode.treatmentClientId,
  );
  const drugTestsByClientId = loaderOfMany<string, TreatmentDrugTest>(
    (ids) => em.find(TreatmentDrugTest, { treatmentClientId: { $in: [...ids] } }, { orderBy: { testDate: 'asc', id: 'asc' } }),
    (test) => test.treatmentClientId,
  );
  const reviewsByClientId = loaderOfMany<string, TreatmentOutcomeReview>(
    (ids) => em.find(TreatmentOutcomeReview, { treatmentClientId: { $in: [...ids] } }, { orderBy: { reviewDate: 'asc', id: 'asc' } }),
    (review) => review.treatmentClientId,
  );
  const releasesByClientId = loaderOfMany<string, TreatmentCustodyRelease>(
    (ids) => em.find(TreatmentCustodyRelease, { treatmentClientId: { $in: [...ids] } }, { orderBy: { releaseDate: 'asc', id: 'asc' } }),
    (release) => release.treatmentClientId,
  );
  const appointmentsByClientId = loaderOfMany<string, TreatmentAppointment>(
    (ids) => em.find(TreatmentAppointment, { treatmentClientId: { $in: [...ids] } }, { orderBy: { appointmentOn: 'asc', id: 'asc' } }),
    (appointment) => appointment.treatmentClientId,
  );
  return { appointmentsByClientId, clientById, episodesByClientId, drugTestsByClientId, reviewsByClientId, releasesByClientId };
}

export type TreatmentLoaders = ReturnType<typeof createTreatmentLoaders>;
