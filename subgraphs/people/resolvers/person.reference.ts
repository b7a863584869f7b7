/**
 * How other subgraphs reach a person: by hub id or by any partner identifier. Each call goes
 * through a DataLoader, so the gateway's `_entities` batch of N people costs one statement per
 * key kind, not N.
 */
import { IdentifierType, identifierFromReference } from '../../kit/identifiers';
import type { Person } from '../entities/person.entity';
import { loadCurrentPerson, loadPersonByIdentifier } from '../services/person-loaders';
import type { PeopleContext } from './person.resolver';

/** Each @key field of Person and the identifier type it holds. */
export const PERSON_KEY_FIELDS = {
  pncId: IdentifierType.PNC_ID,
  crn: IdentifierType.CRN,
  prisonNumber: IdentifierType.PRISON_NUMBER,
  housingReference: IdentifierType.HOUSING_REFERENCE,
  treatmentClientId: IdentifierType.TREATMENT_CLIENT_ID,
  nhsNumber: IdentifierType.NHS_NUMBER,
} as const;

const UUID_SHAPE = /^[0-9a-f-]{36}$/i;

export const personReferenceResolvers = {
  Person: {
    async __resolveReference(reference: Record<string, unknown>, context: PeopleContext): Promise<Person | null> {
      if (typeof reference.id === 'string') {
        return UUID_SHAPE.test(reference.id) ? loadCurrentPerson(context.loaders, reference.id.toLowerCase()) : null;
      }
      for (const [field, type] of Object.entries(PERSON_KEY_FIELDS)) {
        if (typeof reference[field] !== 'string') continue;
        const value = identifierFromReference(type, reference[field]);
        return value ? loadPersonByIdentifier(context.loaders, { type, value }) : null;
      }
      return null;
    },
  },
};
