/** The police subgraph: nominals, offences, arrests, home visits and drug tests on arrest, keyed by PNC ID. */
import { defineSubgraph } from '../kit/subgraph';
import { rowsPolicy } from '../kit/access/rows';
import { IdentifierType } from '../kit/identifiers';
import { PoliceNominal } from './entities/nominal.entity';
import { PoliceWarningMarker } from './entities/warning-marker.entity';
import { PoliceOffence } from './entities/offence.entity';
import { PoliceArrest } from './entities/arrest.entity';
import { PoliceDrugTest } from './entities/drug-test.entity';
import { PoliceHomeVisit } from './entities/home-visit.entity';
import { createPoliceLoaders } from './services/police-loaders';
import { PolicePersonResolver } from './resolvers/person.resolver';
import { PoliceNominalResolver } from './resolvers/nominal.resolver';
import { PoliceOffenceCountResolver } from './resolvers/offence-counts.resolver';
import { policeReferenceResolvers } from './resolvers/person.reference';
import { PoliceAgendaSummary, PoliceAgendaSummaryResolver, PoliceConferenceEvidence, PoliceConferenceEvidenceResolver } from './resolvers/conference-evidence';
import { policeMigrations } from './migrations';
import { isAgendaSummary } from '../kit/conference-evidence';

export const policeSubgraph = defineSubgraph({
  name: 'police',
  defaultPort: 4002,
  entities: [PoliceNominal, PoliceWarningMarker, PoliceOffence, PoliceArrest, PoliceDrugTest, PoliceHomeVisit],
  migrations: policeMigrations,
  resolvers: [PolicePersonResolver, PoliceNominalResolver, PoliceOffenceCountResolver, PoliceConferenceEvidenceResolver, PoliceAgendaSummaryResolver],
  orphanedTypes: [PoliceConferenceEvidence, PoliceAgendaSummary],
  referenceResolvers: policeReferenceResolvers,
  // A nominal or a person is judged by its PNC ID against the caller's row rule.
  policies: rowsPolicy((object) => ({ type: IdentifierType.PNC_ID, value: (object as { pncId?: string }).pncId }), noRecordHere),
  createLoaders: createPoliceLoaders,
});

/**
 * Conference evidence for someone this partner holds no record of: the reference resolver already
 * checked the person against the row rule, and its fields answer null (no record), not FORBIDDEN.
 */
function noRecordHere(object: unknown): boolean {
  return (typeof object === 'object' && object !== null && 'since' in object && 'pncId' in object && (object as PoliceConferenceEvidence).pncId === null) || isAgendaSummary(object);
}
