/**
 * The synthetic partnership: one deterministic population that every subgraph seeds its own
 * database from. The generator decides who each person is and how involved they are with each
 * partner; each subgraph then writes only what that partner would know (its own identifier and
 * records), drawing further detail from its own random stream so partners stay independent.
 *
 * Everyone here is invented: names are random en_GB combinations, identifiers are valid in format
 * only, and the places are fictional.
 */
import { Faker, base, en, en_GB } from '@faker-js/faker';
import { addDays } from '../subgraphs/kit/dates';
import { makeIdentifier } from './identifiers';

export type Sex = 'FEMALE' | 'MALE';
export type OffendingLevel = 'NONE' | 'OCCASIONAL' | 'REPEAT' | 'PROLIFIC';
export type SubstanceUse = 'NONE' | 'DRUGS' | 'ALCOHOL' | 'DRUGS_AND_ALCOHOL';

export interface LocalAuthority {
  code: string;
  name: string;
}

/** The fictional county's districts: the partnership's housing authorities. */
export const LOCAL_AUTHORITIES: LocalAuthority[] = [
  { code: 'BRK', name: 'Brackenford' },
  { code: 'HLM', name: 'Hollowmere' },
  { code: 'STM', name: 'Stanmoor' },
  { code: 'WYC', name: 'Wyecliffe' },
  { code: 'ASC', name: 'Ashcombe' },
  { code: 'FRN', name: 'Fernleigh' },
  { code: 'QRY', name: 'Quarrydale' },
];

export interface PartnerIdentifiers {
  pncId?: string;
  crn?: string;
  prisonNumber?: string;
  housingReference?: string;
  treatmentClientId?: string;
  nhsNumber?: string;
}

/** How a person is involved with the partners: what each subgraph's seeding reads. */
export interface InvolvementProfile {
  offendingLevel: OffendingLevel;
  /** Meets IOM entry criteria (about 120 per county partnership at scale 1). */
  iomCandidate: boolean;
  domesticAbusePerpetrator: boolean;
  /** Under active statutory supervision by probation today (about 350 at scale 1). */
  statutorySupervision: boolean;
  inCustodyNow: boolean;
  /** Has served a custodial sentence (so holds a prison number). */
  custodyHistory: boolean;
  substanceUse: SubstanceUse;
  /** Known to the housing authority (homelessness or accommodation need). */
  housingNeed: boolean;
}

export interface SyntheticPerson {
  /** Position in the population: stable for a given seed and scale. */
  index: number;
  hubId: string;
  givenName: string;
  familyName: string;
  aliases: string[];
  dateOfBirth: string;
  sex: Sex;
  postcode: string;
  localAuthority: LocalAuthority;
  identifiers: PartnerIdentifiers;
  profile: InvolvementProfile;
  /**
   * Set on a second, unlinked index record of the same person created from one partner's data
   * (a candidate match for the person at that index to confirm or reject).
   */
  duplicateOf?: number;
}

export interface PopulationOptions {
  seed: number;
  /** 1 ≈ one county partnership (about 2,000 people in the index). */
  scale: number;
  /** The "today" the data is generated around (YYYY-MM-DD): the day the hub's clock says it is. */
  referenceDate: string;
}

export interface SyntheticPopulation {
  seed: number;
  scale: number;
  referenceDate: string;
  people: SyntheticPerson[];
}

export const PEOPLE_PER_SCALE = 2000;

/** A seeded en_GB faker for one purpose: the same seed, scale and stream always give the same values. */
export function streamFaker(seed: number, stream: string): Faker {
  const faker = new Faker({ locale: [en_GB, en, base] });
  let hash = seed >>> 0;
  for (const char of stream) hash = (Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0);
  faker.seed(hash);
  return faker;
}

function pickOffendingLevel(faker: Faker): OffendingLevel {
  const roll = faker.number.float({ min: 0, max: 1 });
  if (roll < 0.12) return 'NONE';
  if (roll < 0.6) return 'OCCASIONAL';
  if (roll < 0.9) return 'REPEAT';
  return 'PROLIFIC';
}

/** A plausible second spelling of a name, as another partner might have recorded it. */
function variantOf(name: string, faker: Faker): string {
  if (name.length < 4) return `${name}e`;
  const i = faker.number.int({ min: 1, max: name.length - 2 });
  return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
}

class UniqueValues {
  private readonly seen = new Set<string>();
  take(make: () => string): string {
    for (;;) {
      const value = make();
      if (!this.seen.has(value)) {
        this.seen.add(value);
        return value;
      }
    }
  }
}

export function generatePopulation(options: PopulationOptions): SyntheticPopulation {
  const referenceDate = options.referenceDate;
  const faker = streamFaker(options.seed, 'population');
  const size = Math.max(1, Math.round(PEOPLE_PER_SCALE * options.scale));
  const referenceYear = Number(referenceDate.slice(0, 4));
  const unique = new UniqueValues();
  const people: SyntheticPerson[] = [];

  for (let index = 0; index < size; index++) {
    const sex: Sex = faker.number.float({ min: 0, max: 1 }) < 0.17 ? 'FEMALE' : 'MALE';
    // Ages 18 to 60, weighted to the young adults who dominate prolific offending.
    const age = 18 + Math.floor(Math.pow(faker.number.float({ min: 0, max: 1 }), 1.6) * 42);
    const dateOfBirth = addDays(`${referenceYear - age}-01-01`, -faker.number.int({ min: 0, max: 364 }));
    const givenName = faker.person.firstName(sex === 'FEMALE' ? 'female' : 'male');
    const familyName = faker.person.lastName();
    const offendingLevel = pickOffendingLevel(faker);
    const chance = (p: number) => faker.number.float({ min: 0, max: 1 }) < p;

    const offends = offendingLevel !== 'NONE';
    const heavy = offendingLevel === 'PROLIFIC' || offendingLevel === 'REPEAT';
    const custodyHistory = offends && chance(offendingLevel === 'PROLIFIC' ? 0.7 : heavy ? 0.3 : 0.05);
    const inCustodyNow = custodyHistory && chance(0.22);
    const statutorySupervision = offends && !inCustodyNow && chance(offendingLevel === 'PROLIFIC' ? 0.55 : heavy ? 0.3 : 0.1);
    const substanceUse: SubstanceUse = chance(heavy ? 0.55 : 0.12)
      ? faker.helpers.arrayElement<SubstanceUse>(['DRUGS', 'DRUGS', 'ALCOHOL', 'DRUGS_AND_ALCOHOL'])
      : 'NONE';
    const housingNeed = chance(heavy ? 0.45 : 0.12);
    const domesticAbusePerpetrator = offends && sex === 'MALE' && chance(0.06);
    const knownToProbation = statutorySupervision || custodyHistory || (offends && chance(0.12));
    const localAuthority = faker.helpers.arrayElement(LOCAL_AUTHORITIES);

    const identifiers: PartnerIdentifiers = {};
    if (offends || chance(0.3)) {
      const year = faker.number.int({ min: Math.max(1995, referenceYear - age + 12), max: referenceYear - 1 });
      identifiers.pncId = unique.take(() => makeIdentifier.pncId(year, faker.number.int({ min: 1, max: 9_999_999 })));
    }
    if (knownToProbation) identifiers.crn = unique.take(() => makeIdentifier.crn(faker.helpers.arrayElement(['N', 'E', 'X']), faker.number.int({ min: 100000, max: 999999 })));
    if (custodyHistory) {
      identifiers.prisonNumber = unique.take(() =>
        makeIdentifier.prisonNumber('A', faker.number.int({ min: 1000, max: 9999 }), faker.string.alpha({ length: 2, casing: 'upper' })),
      );
    }
    if (housingNeed) identifiers.housingReference = unique.take(() => makeIdentifier.housingReference(localAuthority.code, faker.number.int({ min: 1, max: 999999 })));
    if (substanceUse !== 'NONE') identifiers.treatmentClientId = unique.take(() => makeIdentifier.treatmentClientId(faker.number.int({ min: 1, max: 99_999_999 })));
    if (chance(0.7)) identifiers.nhsNumber = unique.take(() => makeIdentifier.nhsNumber(faker.number.int({ min: 400_000_000, max: 999_999_999 })));

    people.push({
      index,
      hubId: faker.string.uuid(),
      givenName,
      familyName,
      aliases: chance(heavy ? 0.3 : 0.05) ? [`${faker.person.firstName(sex === 'FEMALE' ? 'female' : 'male')} ${familyName}`] : [],
      dateOfBirth,
      sex,
      postcode: faker.location.zipCode(),
      localAuthority,
      identifiers,
      profile: {
        offendingLevel,
        iomCandidate: false,
        domesticAbusePerpetrator,
        statutorySupervision,
        inCustodyNow,
        custodyHistory,
        substanceUse,
        housingNeed,
      },
    });
  }

  markIomCandidates(people, options.scale, faker);
  addDuplicateRecords(people, faker, unique);
  return { seed: options.seed, scale: options.scale, referenceDate, people };
}

/**
 * About 120 IOM candidates per county (Lincolnshire's capacity), mostly prolific offenders, about
 * 20 of them female and at most 10 domestic abuse perpetrators.
 */
function markIomCandidates(people: SyntheticPerson[], scale: number, faker: Faker): void {
  const target = Math.max(1, Math.round(120 * scale));
  const femaleTarget = Math.round(20 * scale);
  const daLimit = Math.round(10 * scale);
  const eligible = faker.helpers.shuffle(people.filter((p) => p.profile.offendingLevel === 'PROLIFIC' || p.profile.offendingLevel === 'REPEAT'));
  eligible.sort((a, b) => Number(b.profile.offendingLevel === 'PROLIFIC') - Number(a.profile.offendingLevel === 'PROLIFIC'));
  let chosen = 0;
  let females = 0;
  let domesticAbuse = 0;
  for (const person of eligible.filter((p) => p.sex === 'FEMALE')) {
    if (females >= femaleTarget) break;
    person.profile.iomCandidate = true;
    females++;
    chosen++;
  }
  for (const person of eligible) {
    if (chosen >= target) break;
    if (person.profile.iomCandidate || person.sex === 'FEMALE') continue;
    if (person.profile.domesticAbusePerpetrator) {
      if (domesticAbuse >= daLimit) continue;
      domesticAbuse++;
    }
    person.profile.iomCandidate = true;
    chosen++;
  }
}

/**
 * About 2% of people also have a second index record, made from a housing or treatment referral
 * that did not match automatically: same date of birth and postcode, the name either the same or
 * spelt differently. That partner's identifier sits on the duplicate only, until someone confirms
 * the match.
 */
function addDuplicateRecords(people: SyntheticPerson[], faker: Faker, unique: UniqueValues): void {
  const originals = people.filter((p) => p.identifiers.housingReference || p.identifiers.treatmentClientId);
  const count = Math.max(1, Math.round(people.length * 0.02));
  for (const original of faker.helpers.arrayElements(originals, Math.min(count, originals.length))) {
    const identifiers: PartnerIdentifiers = {};
    if (original.identifiers.housingReference) {
      identifiers.housingReference = original.identifiers.housingReference;
      delete original.identifiers.housingReference;
    } else {
      identifiers.treatmentClientId = original.identifiers.treatmentClientId;
      delete original.identifiers.treatmentClientId;
    }
    const sameName = faker.datatype.boolean();
    people.push({
      ...original,
      index: people.length,
      hubId: unique.take(() => faker.string.uuid()),
      givenName: sameName ? original.givenName : variantOf(original.givenName, faker),
      aliases: [],
      identifiers,
      duplicateOf: original.index,
      profile: { ...original.profile, iomCandidate: false },
    });
  }
}
