/**
 * How the gateway reaches the treatment view of a person: by treatment client ID only. A missing,
 * malformed or unknown ID answers null (no treatment data), never an error.
 */
import { IdentifierType, identifierFromReference } from '../../kit/identifiers';
import type { TreatmentContext } from './treatment-person.resolver';
import type { TreatmentPerson } from './types';
import { resolveConferenceEvidence } from './conference-evidence';

export const treatmentReferenceResolvers = {
  Person: {
    async __resolveReference(reference: { treatmentClientId?: unknown }, context: TreatmentContext): Promise<TreatmentPerson | null> {
      const treatmentClientId = identifierFromReference(IdentifierType.TREATMENT_CLIENT_ID, reference.treatmentClientId);
      if (!treatmentClientId) return null;
      // Outside the caller's row rule, the treatment providers know nothing about the person.
      if (!(await context.rows.allows(IdentifierType.TREATMENT_CLIENT_ID, treatmentClientId))) return null;
      const client = await context.loaders.clientById.load(treatmentClientId);
      return client ? { treatmentClientId: client.treatmentClientId } : null;
    },
  },
  ConferenceEvidence: {
    __resolveReference: resolveConferenceEvidence,
  },
};
