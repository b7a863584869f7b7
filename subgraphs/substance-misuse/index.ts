/** The substance-misuse subgraph: the commissioned treatment providers' view of a person, keyed by treatment client ID. */
import { defineSubgraph } from '../kit/subgraph';
import { TreatmentClient } from './entities/treatment-client.entity';
import { TreatmentEpisode } from './entities/treatment-episode.entity';
import { TreatmentDrugTest } from './entities/treatment-drug-test.entity';
import { TreatmentOutcomeReview } from './entities/treatment-outcome-review.entity';
import { TreatmentCustodyRelease } from './entities/treatment-custody-release.entity';
import { createTreatmentLoaders } from './services/treatment-loaders';
import { ContinuityOfCareResolver, TreatmentPersonResolver } from './resolvers/treatment-person.resolver';
import { treatmentReferenceResolvers } from './resolvers/treatment.reference';
import { TreatmentPerson } from './resolvers/types';
import { substanceMisuseMigrations } from './migrations';
import { clinicalConsentPolicy } from './services/clinical-consent';

export const substanceMisuseSubgraph = defineSubgraph({
  name: 'substance-misuse',
  defaultPort: 4005,
  entities: [TreatmentClient, TreatmentEpisode, TreatmentDrugTest, TreatmentOutcomeReview, TreatmentCustodyRelease],
  migrations: substanceMisuseMigrations,
  resolvers: [TreatmentPersonResolver, ContinuityOfCareResolver],
  // Person is reached only through the gateway (_entities), never from a Query field here.
  orphanedTypes: [TreatmentPerson],
  referenceResolvers: treatmentReferenceResolvers,
  createLoaders: createTreatmentLoaders,
  policies: { 'clinical-consent': clinicalConsentPolicy },
});
