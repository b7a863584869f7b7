/**
 * The index's view of the synthetic population: every record with every identifier partners
 * shared, linked exactly. Duplicate records stay unlinked, to be found as candidate matches.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Agency } from '../../subgraphs/kit/agency';
import { IdentifierType } from '../../subgraphs/kit/identifiers';
import type { PartnerIdentifiers, SyntheticPopulation } from '../population';
import { Sex } from '../../subgraphs/kit/sex';
import { Person } from '../../subgraphs/people/entities/person.entity';
import { LinkMethod, PersonIdentifier } from '../../subgraphs/people/entities/person-identifier.entity';

const IDENTIFIER_SOURCES: Record<keyof PartnerIdentifiers, { type: IdentifierType; agency: Agency }> = {
  pncId: { type: IdentifierType.PNC_ID, agency: Agency.POLICE },
  crn: { type: IdentifierType.CRN, agency: Agency.PROBATION },
  prisonNumber: { type: IdentifierType.PRISON_NUMBER, agency: Agency.PRISON },
  housingReference: { type: IdentifierType.HOUSING_REFERENCE, agency: Agency.HOUSING },
  treatmentClientId: { type: IdentifierType.TREATMENT_CLIENT_ID, agency: Agency.SUBSTANCE_MISUSE },
  nhsNumber: { type: IdentifierType.NHS_NUMBER, agency: Agency.HEALTH },
};

const CHUNK = 1000;

export async function seedPeople(em: EntityManager, population: SyntheticPopulation): Promise<string> {
  const people = population.people.map((p) => ({
    id: p.hubId,
    givenName: p.givenName,
    familyName: p.familyName,
    aliases: p.aliases,
    dateOfBirth: p.dateOfBirth,
    sex: p.sex === 'FEMALE' ? Sex.FEMALE : Sex.MALE,
    postcode: p.postcode,
  }));
  const identifiers = population.people.flatMap((p) =>
    (Object.keys(IDENTIFIER_SOURCES) as (keyof PartnerIdentifiers)[])
      .filter((key) => p.identifiers[key])
      .map((key) => ({
        personId: p.hubId,
        type: IDENTIFIER_SOURCES[key].type,
        value: p.identifiers[key] as string,
        sourceAgency: IDENTIFIER_SOURCES[key].agency,
        linkMethod: LinkMethod.EXACT,
      })),
  );
  await em.transactional(async (tx) => {
    for (let i = 0; i < people.length; i += CHUNK) await tx.insertMany(Person, people.slice(i, i + CHUNK));
    for (let i = 0; i < identifiers.length; i += CHUNK) await tx.insertMany(PersonIdentifier, identifiers.slice(i, i + CHUNK));
  });
  const duplicates = population.people.filter((p) => p.duplicateOf !== undefined).length;
  return `${people.length} people (${duplicates} unlinked duplicate records), ${identifiers.length} identifiers`;
}
