/** The housing subgraph: the district and borough housing authorities' view of a person, keyed by housing reference. */
import { defineSubgraph } from '../kit/subgraph';
import { HousingReleasedSet } from './entities/released-set.entity';
import { HousingCustodySpellResolver } from './resolvers/custody-spells.resolver';
import { HousingCohortMeasuresResolver } from './resolvers/cohort-measures.resolver';
import { HousingClient } from './entities/housing-client.entity';
import { AccommodationPeriod } from './entities/accommodation-period.entity';
import { HomelessnessCase } from './entities/homelessness-case.entity';
import { ReleaseHousingTarget } from './entities/release-housing-target.entity';
import { createHousingLoaders } from './services/housing-loaders';
import { AccommodationPeriodResolver, HomelessnessCaseResolver, HousingPersonResolver } from './resolvers/housing-person.resolver';
import { ReleaseHousingResolver } from './resolvers/release-housing.resolver';
import { housingReferenceResolvers } from './resolvers/housing.reference';
import { HousingPerson } from './resolvers/types';
import { housingMigrations } from './migrations';
import { HousingAgendaSummary, HousingAgendaSummaryResolver, HousingConferenceEvidence, HousingConferenceEvidenceResolver } from './resolvers/conference-evidence';
import { rowsPolicy } from '../kit/access/rows';
import { IdentifierType } from '../kit/identifiers';
import { isAgendaSummary } from '../kit/conference-evidence';

export const housingSubgraph = defineSubgraph({
  name: 'housing',
  defaultPort: 4004,
  entities: [HousingClient, AccommodationPeriod, HomelessnessCase, ReleaseHousingTarget, HousingReleasedSet],
  migrations: housingMigrations,
  resolvers: [HousingPersonResolver, AccommodationPeriodResolver, HomelessnessCaseResolver, ReleaseHousingResolver, HousingCustodySpellResolver, HousingCohortMeasuresResolver, HousingConferenceEvidenceResolver, HousingAgendaSummaryResolver],
  // Person is reached only through the gateway (_entities), never from a Query field here.
  orphanedTypes: [HousingPerson, HousingConferenceEvidence, HousingAgendaSummary],
  referenceResolvers: housingReferenceResolvers,
  createLoaders: createHousingLoaders,
  // Conference evidence is judged by its housing reference; evidence about someone housing holds
  // no case for was checked against the row rule where it was found, and names no one here.
  policies: rowsPolicy(
    (object) => ({ type: IdentifierType.HOUSING_REFERENCE, value: (object as { housingReference?: string }).housingReference }),
    (object) => (typeof object === 'object' && object !== null && 'since' in object && (object as HousingConferenceEvidence).housingReference === null) || isAgendaSummary(object),
  ),
});
