/**
 * How the gateway reaches a person in the probation subgraph: by CRN. A malformed or unknown CRN
 * (or none at all) is a person probation knows nothing about: null, never an error. Each
 * reference goes through the case DataLoader, so a batch of N people is one statement.
 */
import { IdentifierType, identifierFromReference } from '../../kit/identifiers';
import type { ProbationPerson } from './probation-person';
import type { ProbationContext } from './person.resolver';
import { resolveConferenceEvidence } from './conference-evidence';

export const probationReferenceResolvers = {
  Person: {
    async __resolveReference(reference: { crn?: unknown; iomLastReviewedOn?: unknown; iomEvidenceUntil?: unknown }, context: ProbationContext): Promise<ProbationPerson | null> {
      const crn = identifierFromReference(IdentifierType.CRN, reference.crn);
      if (!crn) return null;
      // Outside the caller's row rule, probation knows nothing about the person.
      if (!(await context.rows.allows(IdentifierType.CRN, crn))) return null;
      const record = await context.loaders.caseByCrn.load(crn);
      return record ? {
        crn: record.crn, iomLastReviewedOn: typeof reference.iomLastReviewedOn === 'string' ? reference.iomLastReviewedOn : null,
        iomEvidenceUntil: typeof reference.iomEvidenceUntil === 'string' ? reference.iomEvidenceUntil : null,
      } : null;
    },
  },
  ConferenceEvidence: {
    __resolveReference: resolveConferenceEvidence,
  },
};
