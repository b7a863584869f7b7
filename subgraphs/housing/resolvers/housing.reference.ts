/**
 * How the gateway reaches the housing view of a person: by housing reference only. A missing,
 * malformed or unknown reference answers null (no housing data), never an error, so the rest of
 * the person still resolves.
 */
import { IdentifierType, identifierFromReference } from '../../kit/identifiers';
import type { HousingContext } from './housing-person.resolver';
import type { HousingPerson } from './types';
import { resolveConferenceEvidence } from './conference-evidence';
import { agendaSummaryReference } from '../../kit/conference-window';

export const housingReferenceResolvers = {
  Person: {
    async __resolveReference(reference: { housingReference?: unknown }, context: HousingContext): Promise<HousingPerson | null> {
      const housingReference = identifierFromReference(IdentifierType.HOUSING_REFERENCE, reference.housingReference);
      if (!housingReference) return null;
      // Outside the caller's row rule, housing knows nothing about the person.
      if (!(await context.rows.allows(IdentifierType.HOUSING_REFERENCE, housingReference))) return null;
      const client = await context.loaders.clientByReference.load(housingReference);
      return client ? { housingReference: client.housingReference } : null;
    },
  },
  ConferenceEvidence: {
    __resolveReference: resolveConferenceEvidence,
  },
  AgendaSummary: {
    __resolveReference: agendaSummaryReference,
  },
};
