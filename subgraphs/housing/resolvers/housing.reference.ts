/**
 * How the gateway reaches the housing view of a person: by housing reference only. A missing,
 * malformed or unknown reference answers null (no housing data), never an error, so the rest of
 * the person still resolves.
 */
import { IdentifierType, validateIdentifier } from '../../kit/identifiers';
import type { HousingContext } from './housing-person.resolver';
import type { HousingPerson } from './types';

export const housingReferenceResolvers = {
  Person: {
    async __resolveReference(reference: { housingReference?: unknown }, context: HousingContext): Promise<HousingPerson | null> {
      if (typeof reference.housingReference !== 'string') return null;
      const checked = validateIdentifier(IdentifierType.HOUSING_REFERENCE, reference.housingReference);
      if (!checked.ok) return null;
      const client = await context.loaders.clientByReference.load(checked.value);
      return client ? { housingReference: client.housingReference } : null;
    },
  },
};
