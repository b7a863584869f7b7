/**
 * How the gateway reaches a person in the police subgraph: by PNC ID. A malformed or unknown PNC
 * ID (or none at all) is a person the police know nothing about: null, never an error. Each
 * reference goes through the nominal DataLoader, so a batch of N people is one statement.
 */
import { IdentifierType, identifierFromReference } from '../../kit/identifiers';
import type { PolicePerson } from './police-person';
import type { PoliceContext } from './person.resolver';
import { resolveConferenceEvidence } from './conference-evidence';
import { agendaSummaryReference } from '../../kit/conference-window';

export const policeReferenceResolvers = {
  Person: {
    async __resolveReference(reference: { pncId?: unknown; iomLastReviewedOn?: unknown; iomEvidenceUntil?: unknown }, context: PoliceContext): Promise<PolicePerson | null> {
      const pncId = identifierFromReference(IdentifierType.PNC_ID, reference.pncId);
      if (!pncId) return null;
      // Outside the caller's row rule, the police know nothing about the person.
      if (!(await context.rows.allows(IdentifierType.PNC_ID, pncId))) return null;
      const nominal = await context.loaders.nominalByPncId.load(pncId);
      return nominal ? {
        pncId: nominal.pncId, iomLastReviewedOn: typeof reference.iomLastReviewedOn === 'string' ? reference.iomLastReviewedOn : null,
        iomEvidenceUntil: typeof reference.iomEvidenceUntil === 'string' ? reference.iomEvidenceUntil : null,
      } : null;
    },
  },
  ConferenceEvidence: {
    __resolveReference: resolveConferenceEvidence,
  },
  AgendaSummary: {
    __resolveReference: agendaSummaryReference,
  },
};
