/**
 * How the gateway reaches a person in the probation subgraph: by CRN. A malformed or unknown CRN
 * (or none at all) is a person probation knows nothing about: null, never an error. Each
 * reference goes through the case DataLoader, so a batch of N people is one statement.
 */
import { IdentifierType, validateIdentifier } from '../../kit/identifiers';
import type { ProbationPerson } from './probation-person';
import type { ProbationContext } from './person.resolver';

export const probationReferenceResolvers = {
  Person: {
    async __resolveReference(reference: { crn?: unknown; iomLastReviewedOn?: unknown }, context: ProbationContext): Promise<ProbationPerson | null> {
      if (typeof reference.crn !== 'string') return null;
      const checked = validateIdentifier(IdentifierType.CRN, reference.crn);
      if (!checked.ok) return null;
      const record = await context.loaders.caseByCrn.load(checked.value);
      return record ? { crn: record.crn, iomLastReviewedOn: typeof reference.iomLastReviewedOn === 'string' ? reference.iomLastReviewedOn : null } : null;
    },
  },
};
