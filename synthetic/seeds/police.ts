/**
 * The police's view of the synthetic partnership: a nominal for every PNC ID, with offences,
 * arrests, drug tests on arrest, warning markers and home visits shaped like the partnerships'
 * reports: IOM candidates offend far more than anyone else, neighbourhood crime dominates their
 * records, and they are visited at home about weekly. Custody episodes come from the shared facts,
 * so no offence is committed while the person is inside.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Faker } from '@faker-js/faker';
import { addDays, daysBetween } from '../../subgraphs/kit/dates';
import { streamFaker, type SyntheticPerson, type SyntheticPopulation } from '../population';
import { sharedFacts, type CustodyEpisode } from '../shared-facts';
import { mappaFacts } from '../public-protection';
import { LatestChanges } from '../record-changes';
import { PoliceNominal } from '../../subgraphs/police/entities/nominal.entity';
import { PoliceWarningMarker } from '../../subgraphs/police/entities/warning-marker.entity';
import { PoliceOffence } from '../../subgraphs/police/entities/offence.entity';
import { PoliceArrest } from '../../subgraphs/police/entities/arrest.entity';
import { PoliceDrugTest } from '../../subgraphs/police/entities/drug-test.entity';
import { PoliceHomeVisit } from '../../subgraphs/police/entities/home-visit.entity';
import {
  DETECTED_OUTCOMES,
  NEIGHBOURHOOD_CRIME_TYPES,
  PoliceCrimeType as Crime,
  PoliceDrugTestResult,
  PoliceDrugTestSubstance,
  PoliceHomeVisitOutcome,
  PoliceHomeVisitType,
  PoliceOutcome,
  PoliceWarningMarkerType,
} from '../../subgraphs/police/entities/enums';

const NEIGHBOURHOODS = ['Central', 'North', 'East', 'South', 'West'];
const CHUNK = 1000;

type Row<T> = Omit<T, 'id' | 'neighbourhoodCrime' | 'detected'>;

/** How many offences a person's record holds: IOM candidates clearly the most. */
function offenceCount(person: SyntheticPerson, faker: Faker): number {
  if (person.profile.iomCandidate) return faker.number.int({ min: 22, max: 45 });
  switch (person.profile.offendingLevel) {
    case 'NONE':
      return faker.number.int({ min: 0, max: 1 });
    case 'OCCASIONAL':
      return faker.number.int({ min: 1, max: 4 });
    case 'REPEAT':
      return faker.number.int({ min: 4, max: 12 });
    case 'PROLIFIC':
      return faker.number.int({ min: 10, max: 24 });
  }
}

function crimeTypeFor(person: SyntheticPerson, faker: Faker): Crime {
  const { profile } = person;
  const weighted: { weight: number; value: Crime }[] = [
    { weight: profile.iomCandidate ? 14 : 4, value: Crime.BURGLARY_RESIDENTIAL },
    { weight: profile.iomCandidate ? 4 : 2, value: Crime.BURGLARY_BUSINESS },
    { weight: profile.iomCandidate ? 6 : 2, value: Crime.ROBBERY_PERSONAL },
    { weight: 1, value: Crime.ROBBERY_BUSINESS },
    { weight: profile.iomCandidate ? 7 : 2, value: Crime.THEFT_FROM_THE_PERSON },
    { weight: profile.iomCandidate ? 7 : 2, value: Crime.THEFT_OF_MOTOR_VEHICLE },
    { weight: profile.iomCandidate ? 8 : 3, value: Crime.THEFT_FROM_MOTOR_VEHICLE },
    { weight: 1, value: Crime.VEHICLE_INTERFERENCE },
    { weight: profile.substanceUse !== 'NONE' ? 14 : 7, value: Crime.SHOPLIFTING },
    { weight: 2, value: Crime.BICYCLE_THEFT },
    { weight: 4, value: Crime.OTHER_THEFT },
    { weight: profile.domesticAbusePerpetrator ? 16 : 6, value: Crime.VIOLENCE_WITH_INJURY },
    { weight: profile.domesticAbusePerpetrator ? 14 : 7, value: Crime.VIOLENCE_WITHOUT_INJURY },
    { weight: profile.domesticAbusePerpetrator ? 10 : 2, value: Crime.STALKING_AND_HARASSMENT },
    { weight: 5, value: Crime.CRIMINAL_DAMAGE_AND_ARSON },
    { weight: profile.substanceUse === 'DRUGS' || profile.substanceUse === 'DRUGS_AND_ALCOHOL' ? 8 : 2, value: Crime.DRUG_POSSESSION },
    { weight: 1, value: Crime.DRUG_TRAFFICKING },
    { weight: 2, value: Crime.POSSESSION_OF_WEAPONS },
    { weight: profile.substanceUse === 'ALCOHOL' || profile.substanceUse === 'DRUGS_AND_ALCOHOL' ? 8 : 4, value: Crime.PUBLIC_ORDER },
    { weight: 1, value: Crime.MISCELLANEOUS_CRIMES_AGAINST_SOCIETY },
  ];
  return faker.helpers.weightedArrayElement(weighted);
}

function outcomeFor(committedOn: string, today: string, faker: Faker): PoliceOutcome | null {
  if (committedOn > addDays(today, -42) && faker.datatype.boolean()) return null;
  return faker.helpers.weightedArrayElement([
    { weight: 35, value: PoliceOutcome.CHARGE },
    { weight: 8, value: PoliceOutcome.CAUTION },
    { weight: 6, value: PoliceOutcome.CONDITIONAL_CAUTION },
    { weight: 8, value: PoliceOutcome.COMMUNITY_RESOLUTION },
    { weight: 43, value: PoliceOutcome.NO_FURTHER_ACTION },
  ]);
}

/** An offence date in the person's offending years, weighted to recent years, never while in custody. */
function offenceDate(start: string, end: string, custody: CustodyEpisode[], faker: Faker): string {
  const span = Math.max(0, daysBetween(start, end));
  let date = addDays(start, Math.round(Math.pow(faker.number.float({ min: 0, max: 1 }), 0.6) * span));
  for (const episode of custody) {
    // The offence that led to custody: just before it began.
    if (date >= episode.start && (episode.release === null || date < episode.release)) date = addDays(episode.start, -faker.number.int({ min: 1, max: 30 }));
  }
  return date < start ? start : date;
}

const ACQUISITIVE_OR_DRUGS = new Set<Crime>([...NEIGHBOURHOOD_CRIME_TYPES, Crime.SHOPLIFTING, Crime.OTHER_THEFT, Crime.BICYCLE_THEFT, Crime.DRUG_POSSESSION, Crime.DRUG_TRAFFICKING]);
const VIOLENT = new Set<Crime>([Crime.VIOLENCE_WITH_INJURY, Crime.VIOLENCE_WITHOUT_INJURY, Crime.ROBBERY_PERSONAL, Crime.ROBBERY_BUSINESS]);

export async function seedPolice(em: EntityManager, population: SyntheticPopulation): Promise<string> {
  const faker = streamFaker(population.seed, 'police');
  const today = population.referenceDate;
  const nominals: PoliceNominal[] = [];
  const markers: Row<PoliceWarningMarker>[] = [];
  const offences: Row<PoliceOffence>[] = [];
  const arrests: PoliceArrest[] = [];
  const drugTests: Row<PoliceDrugTest>[] = [];
  const visits: PoliceHomeVisit[] = [];

  for (const person of population.people) {
    const pncId = person.identifiers.pncId;
    if (!pncId || person.duplicateOf !== undefined) continue;
    const { profile } = person;
    const facts = sharedFacts(population, person);
    const mappa = mappaFacts(population, person);
    const usesDrugs = profile.substanceUse === 'DRUGS' || profile.substanceUse === 'DRUGS_AND_ALCOHOL';

    nominals.push({
      pncId,
      localReference: `NOM-${person.localAuthority.code}-${String(person.index + 1).padStart(6, '0')}`,
      policingArea: person.localAuthority.name,
      neighbourhood: `${person.localAuthority.name} ${faker.helpers.arrayElement(NEIGHBOURHOODS)}`,
      dateOfBirth: person.dateOfBirth,
      mappaCategory: mappa?.category ?? null,
      mappaLevel: mappa?.level ?? null,
      inCustody: profile.inCustodyNow,
    } as PoliceNominal);

    // Offending starts in the year the PNC record was created, and stops at custody or today.
    const pncYear = pncId.slice(0, 4);
    const start = `${pncYear}-${String(faker.number.int({ min: 1, max: 12 })).padStart(2, '0')}-${String(faker.number.int({ min: 1, max: 28 })).padStart(2, '0')}`;
    const current = facts.custody.find((episode) => episode.release === null);
    const end = current ? addDays(current.start, -1) : today;
    const crimeTypes = Array.from({ length: offenceCount(person, faker) }, () => crimeTypeFor(person, faker));
    if (mappa?.category === 1 && crimeTypes.length) crimeTypes[0] = Crime.SEXUAL_OFFENCES;
    if (mappa?.category === 2 && crimeTypes.length) crimeTypes[0] = Crime.VIOLENCE_WITH_INJURY;

    const personOffences = crimeTypes.map((crimeType) => {
      const committedOn = offenceDate(start < end ? start : addDays(end, -30), end, facts.custody, faker);
      return { pncId, committedOn, crimeType, outcome: outcomeFor(committedOn, today, faker) };
    });
    offences.push(...personOffences);

    for (const offence of personOffences) {
      const detected = offence.outcome !== null && DETECTED_OUTCOMES.has(offence.outcome);
      if (!faker.datatype.boolean({ probability: detected ? 0.8 : 0.4 })) continue;
      const arrestedOn = [addDays(offence.committedOn, faker.number.int({ min: 0, max: 10 })), today].sort()[0];
      const arrest = { id: faker.string.uuid(), pncId, arrestedOn, crimeType: offence.crimeType, custodySuite: `${person.localAuthority.name} Custody Suite` };
      arrests.push(arrest);
      // Testing on arrest covers acquisitive and drug offences (trigger offences).
      if (!ACQUISITIVE_OR_DRUGS.has(offence.crimeType) || !faker.datatype.boolean({ probability: 0.7 })) continue;
      const refused = faker.datatype.boolean({ probability: 0.03 });
      for (const [substance, positiveIfUser] of [[PoliceDrugTestSubstance.OPIATES, 0.45], [PoliceDrugTestSubstance.COCAINE, 0.65]] as const) {
        const positive = faker.datatype.boolean({ probability: usesDrugs ? positiveIfUser : 0.06 });
        drugTests.push({
          pncId,
          arrestId: arrest.id,
          testedOn: arrestedOn,
          substance,
          result: refused ? PoliceDrugTestResult.REFUSED : positive ? PoliceDrugTestResult.POSITIVE : PoliceDrugTestResult.NEGATIVE,
        });
      }
    }

    const firstOf = (types: Set<Crime>) => personOffences.filter((o) => types.has(o.crimeType)).map((o) => o.committedOn).sort()[0];
    const heavy = profile.offendingLevel === 'REPEAT' || profile.offendingLevel === 'PROLIFIC';
    const marker = (type: PoliceWarningMarkerType, recordedOn: string | undefined) => recordedOn && markers.push({ pncId, type, recordedOn });
    marker(PoliceWarningMarkerType.VIOLENCE, firstOf(VIOLENT));
    marker(PoliceWarningMarkerType.WEAPONS, firstOf(new Set([Crime.POSSESSION_OF_WEAPONS])));
    if (usesDrugs && heavy) marker(PoliceWarningMarkerType.DRUGS, firstOf(ACQUISITIVE_OR_DRUGS));
    if (heavy && faker.datatype.boolean({ probability: 0.06 })) marker(PoliceWarningMarkerType.SELF_HARM, personOffences.map((o) => o.committedOn).sort().at(-1));
    if ((heavy || mappa) && faker.datatype.boolean({ probability: mappa ? 0.5 : 0.08 })) marker(PoliceWarningMarkerType.RISK_TO_STAFF, personOffences.map((o) => o.committedOn).sort()[0]);

    if (profile.inCustodyNow) continue;
    // Havering: IOM nominals get a police home visit at least once a week.
    if (profile.iomCandidate) {
      for (let week = 1; week <= 12; week++) {
        visits.push({
          id: faker.string.uuid(),
          pncId,
          visitedOn: addDays(today, -(week * 7) + faker.number.int({ min: 0, max: 6 })),
          visitType: PoliceHomeVisitType.IOM_OFFICER,
          outcome: faker.helpers.weightedArrayElement([
            { weight: 75, value: PoliceHomeVisitOutcome.SEEN },
            { weight: 22, value: PoliceHomeVisitOutcome.NOT_SEEN },
            { weight: 3, value: PoliceHomeVisitOutcome.NO_LONGER_AT_ADDRESS },
          ]),
        });
      }
    }
    if ((profile.iomCandidate || (heavy && profile.statutorySupervision)) && faker.datatype.boolean({ probability: 0.5 })) {
      for (let i = faker.number.int({ min: 1, max: 3 }); i > 0; i--) {
        visits.push({
          id: faker.string.uuid(),
          pncId,
          visitedOn: addDays(today, -faker.number.int({ min: 1, max: 180 })),
          visitType: PoliceHomeVisitType.NEIGHBOURHOOD_TEAM,
          outcome: faker.datatype.boolean({ probability: 0.7 }) ? PoliceHomeVisitOutcome.SEEN : PoliceHomeVisitOutcome.NOT_SEEN,
        });
      }
    }
  }

  const changes = new LatestChanges();
  for (const row of offences) changes.note(row.pncId, row.committedOn);
  for (const row of arrests) changes.note(row.pncId, row.arrestedOn);
  for (const row of drugTests) changes.note(row.pncId, row.testedOn);
  for (const row of markers) changes.note(row.pncId, row.recordedOn);
  for (const row of visits) changes.note(row.pncId, row.visitedOn);
  // A nominal with nothing dated changed when its PNC record was made.
  for (const nominal of nominals) nominal.recordChangedAt = changes.changedAt(nominal.pncId, `${nominal.pncId.slice(0, 4)}-01-01`, today);

  await em.transactional(async (tx) => {
    const insert = async <T extends object>(entity: new () => T, rows: object[]) => {
      for (let i = 0; i < rows.length; i += CHUNK) await tx.insertMany(entity, rows.slice(i, i + CHUNK) as T[]);
    };
    await insert(PoliceNominal, nominals);
    await insert(PoliceWarningMarker, markers);
    await insert(PoliceOffence, offences);
    await insert(PoliceArrest, arrests);
    await insert(PoliceDrugTest, drugTests);
    await insert(PoliceHomeVisit, visits);
  });
  return `${nominals.length} nominals, ${offences.length} offences, ${arrests.length} arrests, ${drugTests.length} drug test results, ${markers.length} warning markers, ${visits.length} home visits`;
}
