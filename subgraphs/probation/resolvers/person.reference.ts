/**
 * How the gateway reaches a person in the probation subgraph: by CRN, through the case
 * DataLoader (see kit/partner-person).
 */
import { partnerPersonReference } from '../../kit/partner-person';
import { PROBATION_PERSON } from './probation-person';
import type { ProbationContext } from './person.resolver';
import { resolveConferenceEvidence } from './conference-evidence';

export const probationReferenceResolvers = {
  Person: {
    __resolveReference: partnerPersonReference(PROBATION_PERSON, (context: ProbationContext, crn) => context.loaders.caseByCrn.load(crn)),
  },
  ConferenceEvidence: {
    __resolveReference: resolveConferenceEvidence,
  },
};
