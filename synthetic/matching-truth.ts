/**
 * A synthetic test set of known truth for the person index's matching: records as partners would
 * send them, and for each record the person it really is. Deterministic for a seed.
 *
 * People: (records − duplicates − 2 × twin pairs) single people — some of them in households that
 * share a family name and a postcode — plus the twin pairs (same family name, date of birth and
 * postcode; different forenames that are not variants of one name). Then one more record of
 * `duplicates` different people, made from another partner's data, with injected variation:
 * typos, nicknames, day and month swapped, one part of the date of birth wrong, a changed
 * postcode, and identifiers quoted, missing or (rarely) quoted wrongly.
 *
 * Names are random en_GB combinations from faker: invented people.
 */
import type { Faker } from '@faker-js/faker';
import { streamFaker } from './population';
import { makeIdentifier } from './identifiers';
import { areForenameVariants, normaliseName, variantsOf } from '../subgraphs/people/services/name-variants';

export interface TruthIdentifier {
  type: 'PNC_ID' | 'CRN' | 'HOUSING_REFERENCE' | 'TREATMENT_CLIENT_ID' | 'NHS_NUMBER';
  value: string;
  agency: 'POLICE' | 'PROBATION' | 'HOUSING' | 'SUBSTANCE_MISUSE' | 'HEALTH';
}

export interface TruthRecord {
  id: string;
  /** Who this really is: records with the same truth id are one person. */
  truthId: number;
  givenName: string;
  familyName: string;
  aliases: string[];
  dateOfBirth: string;
  sex: 'FEMALE' | 'MALE';
  postcode: string | null;
  /** The record's own partner identifiers (keys in the index). */
  keys: TruthIdentifier[];
  /** Other partners' identifiers the record quotes (evidence only). */
  reported: { type: TruthIdentifier['type']; value: string }[];
  /** What was changed, on a duplicate. */
  variations: string[];
  kind: 'SINGLE' | 'TWIN' | 'DUPLICATE';
  /** On a twin: the other twin's record. */
  twinOf?: string;
}

export interface TruthSetOptions {
  seed: number;
  records: number;
  duplicates: number;
  twinPairs: number;
  /** Extra duplicates kept apart, to be matched one at a time as new records arrive. */
  arrivals: number;
}

export const DEFAULT_TRUTH_SET: TruthSetOptions = { seed: 20261130, records: 20_000, duplicates: 2_000, twinPairs: 100, arrivals: 100 };

export interface TruthSet {
  records: TruthRecord[];
  arrivals: TruthRecord[];
  options: TruthSetOptions;
}

const OUTCODE_AREAS = ['BK', 'HM', 'SM', 'WY', 'AS', 'FN', 'QD'];
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

function postcodePool(faker: Faker, size: number): string[] {
  const pool = new Set<string>();
  while (pool.size < size) {
    const outcode = `${faker.helpers.arrayElement(OUTCODE_AREAS)}${faker.number.int({ min: 1, max: 9 })}`;
    const inward = `${faker.number.int({ min: 1, max: 9 })}${faker.helpers.arrayElement([...INWARD_LETTERS])}${faker.helpers.arrayElement([...INWARD_LETTERS])}`;
    pool.add(`${outcode} ${inward}`);
  }
  return [...pool];
}

const pad = (value: number): string => String(value).padStart(2, '0');

function dateOfBirth(faker: Faker): string {
  const year = faker.number.int({ min: 1962, max: 2007 });
  const month = faker.number.int({ min: 1, max: 12 });
  const day = faker.number.int({ min: 1, max: new Date(Date.UTC(year, month, 0)).getUTCDate() });
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** A real calendar day (no 31 April, no 29 February outside leap years). */
function isRealDate(date: string): boolean {
  const [year, month, day] = date.split('-').map(Number);
  const value = new Date(Date.UTC(year, month - 1, day));
  return value.getUTCFullYear() === year && value.getUTCMonth() === month - 1 && value.getUTCDate() === day;
}

const capitalise = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** A typing slip: two neighbouring letters swapped, one dropped, one doubled or one replaced. */
function typo(name: string, faker: Faker): string {
  if (name.length < 3) return `${name}${name.charAt(name.length - 1)}`;
  const i = faker.number.int({ min: 1, max: name.length - 2 });
  switch (faker.number.int({ min: 0, max: 3 })) {
    case 0:
      return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
    case 1:
      return name.slice(0, i) + name.slice(i + 1);
    case 2:
      return name.slice(0, i) + name[i] + name.slice(i);
    default:
      return name.slice(0, i) + faker.helpers.arrayElement([...'aeioulnrst'.replace(name[i], '')]) + name.slice(i + 1);
  }
}

export function generateTruthSet(options: TruthSetOptions = DEFAULT_TRUTH_SET): TruthSet {
  const faker = streamFaker(options.seed, 'matching-truth');
  const postcodes = postcodePool(faker, 4000);
  const ids = new Set<string>();
  const newId = (): string => {
    for (;;) {
      const id = faker.string.uuid();
      if (!ids.has(id)) return ids.add(id), id;
    }
  };
  let serial = 1;
  const identifiersFor = (): TruthIdentifier[] => {
    const keys: TruthIdentifier[] = [];
    const n = serial++;
    if (faker.datatype.boolean(0.6)) keys.push({ type: 'PNC_ID', value: makeIdentifier.pncId(2000 + (n % 25), n), agency: 'POLICE' });
    if (faker.datatype.boolean(0.75)) keys.push({ type: 'NHS_NUMBER', value: makeIdentifier.nhsNumber(400_000_000 + n * 11), agency: 'HEALTH' });
    if (faker.datatype.boolean(0.3)) keys.push({ type: 'CRN', value: makeIdentifier.crn('X', n), agency: 'PROBATION' });
    return keys;
  };
  const person = (truthId: number, overrides: Partial<TruthRecord> = {}): TruthRecord => {
    const sex = faker.datatype.boolean() ? 'MALE' : 'FEMALE';
    return {
      id: newId(),
      truthId,
      givenName: faker.person.firstName(sex === 'MALE' ? 'male' : 'female'),
      familyName: faker.person.lastName(),
      aliases: [],
      dateOfBirth: dateOfBirth(faker),
      sex,
      postcode: faker.helpers.arrayElement(postcodes),
      keys: identifiersFor(),
      reported: [],
      variations: [],
      kind: 'SINGLE',
      ...overrides,
    };
  };

  const people: TruthRecord[] = [];
  const singles = options.records - options.duplicates - 2 * options.twinPairs;
  while (people.length < singles) {
    const someone = person(people.length);
    people.push(someone);
    // One in ten lives with a relative: same family name and postcode, another birthday.
    if (people.length < singles && faker.datatype.boolean(0.1)) people.push(person(people.length, { familyName: someone.familyName, postcode: someone.postcode }));
  }
  for (let pair = 0; pair < options.twinPairs; pair++) {
    const first = person(people.length, { kind: 'TWIN' });
    people.push(first);
    let givenName = first.givenName;
    const sex = faker.datatype.boolean() ? first.sex : first.sex === 'MALE' ? 'FEMALE' : 'MALE';
    while (normaliseName(givenName) === normaliseName(first.givenName) || areForenameVariants(normaliseName(givenName), normaliseName(first.givenName))) {
      givenName = faker.person.firstName(sex === 'MALE' ? 'male' : 'female');
    }
    const second = person(people.length, { kind: 'TWIN', givenName, sex, familyName: first.familyName, dateOfBirth: first.dateOfBirth, postcode: first.postcode, twinOf: first.id });
    first.twinOf = second.id;
    people.push(second);
  }

  const originals = faker.helpers.shuffle(people.map((_, index) => index)).slice(0, options.duplicates + options.arrivals);
  const duplicates = originals.map((index) => duplicateOf(people[index], faker, postcodes, newId, serial++, people));
  return { records: [...people, ...duplicates.slice(0, options.duplicates)], arrivals: duplicates.slice(options.duplicates), options };
}

const VARIATIONS = ['FORENAME_TYPO', 'FAMILY_NAME_TYPO', 'NICKNAME', 'DAY_MONTH_SWAPPED', 'ONE_DATE_PART_DIFFERENT', 'CHANGED_POSTCODE', 'MISSING_POSTCODE'] as const;

function duplicateOf(original: TruthRecord, faker: Faker, postcodes: string[], newId: () => string, n: number, people: TruthRecord[]): TruthRecord {
  const copy: TruthRecord = { ...original, id: newId(), aliases: [], kind: 'DUPLICATE', variations: [], reported: [] };
  // Another partner's record: its own key, and perhaps the identifiers it knows from others.
  copy.keys = faker.datatype.boolean()
    ? [{ type: 'HOUSING_REFERENCE', value: makeIdentifier.housingReference('BRK', n), agency: 'HOUSING' }]
    : [{ type: 'TREATMENT_CLIENT_ID', value: makeIdentifier.treatmentClientId(n), agency: 'SUBSTANCE_MISUSE' }];
  const quotable = original.keys.filter((key) => key.type === 'PNC_ID' || key.type === 'NHS_NUMBER');
  const roll = faker.number.float({ min: 0, max: 1 });
  if (roll < 0.01 && quotable.length) {
    // Keyed wrongly: another person's identifier of the same type.
    const someoneElse = faker.helpers.arrayElement(people.filter((p) => p.keys.some((key) => key.type === quotable[0].type) && p.truthId !== original.truthId).slice(0, 50));
    copy.reported = [{ type: quotable[0].type, value: someoneElse.keys.find((key) => key.type === quotable[0].type)!.value }];
    copy.variations.push('WRONG_IDENTIFIER');
  } else if (roll < 0.55 && quotable.length) {
    copy.reported = faker.helpers.arrayElements(quotable, { min: 1, max: quotable.length }).map(({ type, value }) => ({ type, value }));
  } else {
    copy.variations.push('MISSING_IDENTIFIERS');
  }
  // Four in five carry variation: one to three changes.
  const changes = faker.datatype.boolean(0.8) ? faker.helpers.arrayElements(VARIATIONS, { min: 1, max: 3 }) : [];
  for (const change of changes) {
    const [year, month, day] = copy.dateOfBirth.split('-');
    switch (change) {
      case 'FORENAME_TYPO':
        copy.givenName = capitalise(typo(copy.givenName.toLowerCase(), faker));
        break;
      case 'FAMILY_NAME_TYPO':
        copy.familyName = capitalise(typo(copy.familyName.toLowerCase(), faker));
        break;
      case 'NICKNAME': {
        const variants = variantsOf(normaliseName(copy.givenName));
        if (!variants.length) continue;
        copy.givenName = capitalise(faker.helpers.arrayElement(variants));
        break;
      }
      case 'DAY_MONTH_SWAPPED':
        if (Number(day) > 12 || day === month) continue;
        copy.dateOfBirth = `${year}-${day}-${month}`;
        break;
      case 'ONE_DATE_PART_DIFFERENT': {
        const part = faker.number.int({ min: 0, max: 2 });
        if (part === 0) copy.dateOfBirth = `${Number(year) + faker.helpers.arrayElement([-1, 1, 10])}-${month}-${day}`;
        else if (part === 1) copy.dateOfBirth = `${year}-${pad(((Number(month) + faker.number.int({ min: 0, max: 10 })) % 12) + 1)}-${day}`;
        else copy.dateOfBirth = `${year}-${month}-${pad(((Number(day) + faker.number.int({ min: 0, max: 26 })) % 28) + 1)}`;
        if (copy.dateOfBirth === original.dateOfBirth || !isRealDate(copy.dateOfBirth)) {
          copy.dateOfBirth = original.dateOfBirth;
          continue;
        }
        break;
      }
      case 'CHANGED_POSTCODE': {
        const sameArea = postcodes.filter((postcode) => original.postcode && postcode.startsWith(original.postcode.split(' ')[0] + ' '));
        copy.postcode = faker.datatype.boolean() && sameArea.length > 1 ? faker.helpers.arrayElement(sameArea) : faker.helpers.arrayElement(postcodes);
        if (copy.postcode === original.postcode) continue;
        break;
      }
      case 'MISSING_POSTCODE':
        copy.postcode = null;
        break;
    }
    copy.variations.push(change);
  }
  return copy;
}
