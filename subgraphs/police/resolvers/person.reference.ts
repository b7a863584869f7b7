/**
 * How the gateway reaches a person in the police subgraph: by PNC ID, through the nominal
 * DataLoader (see kit/partner-person).
 */
import { partnerPersonReference } from '../../kit/partner-person';
import { POLICE_PERSON } from './police-person';
import type { PoliceContext } from './person.resolver';
import { resolveConferenceEvidence } from './conference-evidence';
import { partnerAgendaSummaryReference } from '../../kit/conference-evidence';

export const policeReferenceResolvers = {
  Person: {
    __resolveReference: partnerPersonReference(POLICE_PERSON, (context: PoliceContext, pncId) => context.loaders.nominalByPncId.load(pncId)),
  },
  ConferenceEvidence: {
    __resolveReference: resolveConferenceEvidence,
  },
  AgendaSummary: {
    __resolveReference: partnerAgendaSummaryReference,
  },
};
