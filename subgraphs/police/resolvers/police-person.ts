import { IdentifierType } from '../../kit/identifiers';
import { PartnerPerson, type PartnerPersonFields, type PartnerPersonOptions } from '../../kit/partner-person';

/**
 * A person as the police know them: by PNC ID only. The person index resolves the PNC ID to
 * everyone else's identifiers; here it is the whole key. Null for someone the police have no
 * PNC ID for (the gateway may still ask): every police field then answers empty.
 */
export const POLICE_PERSON: PartnerPersonOptions<'pncId'> = { identifier: IdentifierType.PNC_ID, key: 'pncId', rowsPolicy: true, iomReviewWindow: true };

export const PolicePerson = PartnerPerson(POLICE_PERSON);
export type PolicePerson = PartnerPersonFields<'pncId'>;
