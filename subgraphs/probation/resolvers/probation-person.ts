import { IdentifierType } from '../../kit/identifiers';
import { PartnerPerson, type PartnerPersonFields, type PartnerPersonOptions } from '../../kit/partner-person';

/**
 * A person as probation knows them: by CRN only. Null for someone probation has no CRN for (the
 * gateway may still ask): every probation field then answers empty.
 */
export const PROBATION_PERSON: PartnerPersonOptions<'crn'> = { identifier: IdentifierType.CRN, key: 'crn', rowsPolicy: true, iomReviewWindow: true };

export const ProbationPerson = PartnerPerson(PROBATION_PERSON);
export type ProbationPerson = PartnerPersonFields<'crn'>;
