/**
 * How the gateway reaches the treatment view of a person: by treatment client ID only, through the
 * client DataLoader (see kit/partner-person).
 */
import { partnerPersonReference } from '../../kit/partner-person';
import type { TreatmentContext } from './treatment-person.resolver';
import { TREATMENT_PERSON } from './types';
import { resolveConferenceEvidence } from './conference-evidence';

export const treatmentReferenceResolvers = {
  Person: {
    __resolveReference: partnerPersonReference(TREATMENT_PERSON, (context: TreatmentContext, clientId) => context.loaders.clientById.load(clientId)),
  },
  ConferenceEvidence: {
    __resolveReference: resolveConferenceEvidence,
  },
};
