/** The substance-misuse subgraph: the commissioned treatment providers' view of a person, keyed by treatment client ID. */
import { defineSubgraph } from '../kit/subgraph';
import { TreatmentReleasedSet } from './entities/released-set.entity';
import { TreatmentClient } from './entities/treatment-client.entity';
import { TreatmentEpisode } from './entities/treatment-episode.entity';
import { TreatmentDrugTest } from './entities/treatment-drug-test.entity';
import { TreatmentOutcomeReview } from './entities/treatment-outcome-review.entity';
import { TreatmentCustodyRelease } from './entities/treatment-custody-release.entity';
import { createTreatmentLoaders } from './services/treatment-loaders';
import { ContinuityOfCareResolver, TreatmentPersonResolver } from './resolvers/treatment-person.resolver';
import { TreatmentCohortMeasuresResolver } from './resolvers/cohort-measures.resolver';
import { treatmentReferenceResolvers } from './resolvers/treatment.reference';
import { TreatmentPerson } from './resolvers/types';
import { substanceMisuseMigrations } from './migrations';
import { TreatmentAppointment } from './entities/treatment-appointment.entity';
import { clinicalConsentPolicy } from './services/clinical-consent';
import { TreatmentConferenceEvidence, TreatmentConferenceEvidenceResolver } from './resolvers/conference-evidence';
import { rowsPolicy } from '../kit/access/rows';
import { IdentifierType } from '../kit/identifiers';

export const substanceMisuseSubgraph = defineSubgraph({
  name: 'substance-misuse',
  defaultPort: 4005,
  entities: [TreatmentClient, TreatmentEpisode, TreatmentDrugTest, TreatmentOutcomeReview, TreatmentCustodyRelease, TreatmentAppointment, TreatmentReleasedSet],
  migrations: substanceMisuseMigrations,
  resolvers: [TreatmentPersonResolver, ContinuityOfCareResolver, TreatmentCohortMeasuresResolver, TreatmentConferenceEvidenceResolver],
  // Person is reached only through the gateway (_entities), never from a Query field here.
  orphanedTypes: [TreatmentPerson, TreatmentConferenceEvidence],
  referenceResolvers: treatmentReferenceResolvers,
  createLoaders: createTreatmentLoaders,
  policies: {
    'clinical-consent': clinicalConsentPolicy,
    // Conference evidence is judged by its client ID; evidence about someone no provider holds a
    // record of was checked against the row rule where it was found, and names no one here.
    ...rowsPolicy(
      (object) => ({ type: IdentifierType.TREATMENT_CLIENT_ID, value: (object as { treatmentClientId?: string }).treatmentClientId }),
      (object) => typeof object === 'object' && object !== null && 'since' in object && (object as TreatmentConferenceEvidence).treatmentClientId === null,
    ),
  },
});
