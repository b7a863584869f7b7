/**
 * How the gateway reaches the housing view of a person: by housing reference only, through the
 * client DataLoader (see kit/partner-person), so the rest of the person still resolves when
 * housing knows nothing.
 */
import { partnerPersonReference } from '../../kit/partner-person';
import type { HousingContext } from './housing-person.resolver';
import { HOUSING_PERSON } from './types';
import { resolveConferenceEvidence } from './conference-evidence';
import { partnerAgendaSummaryReference } from '../../kit/conference-evidence';

export const housingReferenceResolvers = {
  Person: {
    __resolveReference: partnerPersonReference(HOUSING_PERSON, (context: HousingContext, reference) => context.loaders.clientByReference.load(reference)),
  },
  ConferenceEvidence: {
    __resolveReference: resolveConferenceEvidence,
  },
  AgendaSummary: {
    __resolveReference: partnerAgendaSummaryReference,
  },
};
