/**
 * Scores a pair of index records field by field (Fellegi–Sunter, see match-model.ts). Pure: the
 * same two records always give the same score and evidence, in the API, the batch run and the
 * benchmark alike. String similarity is Jaro-Winkler and the phonetic code Double Metaphone,
 * both from talisman.
 */
import jaroWinkler from 'talisman/metrics/jaro-winkler';
import doubleMetaphone from 'talisman/phonetics/double-metaphone';
import { areForenameVariants, normaliseName } from './name-variants';
import {
  ALIAS_LEVELS,
  DATE_OF_BIRTH_LEVELS,
  FAMILY_NAME_LEVELS,
  FORENAME_LEVELS,
  IDENTIFIER_LEVELS,
  POSTCODE_LEVELS,
  PRIOR_WEIGHT,
  SEX_LEVELS,
  weightOf,
  type LevelProbabilities,
  type MatchThresholds,
} from './match-model';

/** What matching needs of an index record. */
export interface MatchRecord {
  id: string;
  givenName: string;
  familyName: string;
  /** Other names, "Given Family" (the last word is taken as the family name). */
  aliases: readonly string[];
  /** YYYY-MM-DD. */
  dateOfBirth: string;
  sex: string | null;
  postcode: string | null;
  /** Identifiers the record holds (keys) or quotes from another partner (reported). */
  identifiers: readonly { type: string; value: string }[];
}

export interface PreparedName {
  forename: string;
  familyName: string;
  forenameCodes: readonly string[];
  familyNameCodes: readonly string[];
  alias: boolean;
}

/** A record with everything the comparisons need worked out once. */
export interface PreparedRecord {
  record: MatchRecord;
  names: PreparedName[];
  dateParts: [string, string, string] | null;
  postcode: string | null;
  outcode: string | null;
  identifiers: Map<string, Set<string>>;
}

const phoneticCodes = (name: string): string[] => (name ? [...new Set(doubleMetaphone(name).filter(Boolean))] : []);

function prepareName(given: string, family: string, alias: boolean): PreparedName {
  // A double-barrelled or several-word forename is compared by its first word.
  const forename = normaliseName(given.trim().split(/\s+/)[0] ?? '');
  const familyName = normaliseName(family);
  return { forename, familyName, forenameCodes: phoneticCodes(forename), familyNameCodes: phoneticCodes(familyName), alias };
}

function splitAlias(alias: string): [string, string] {
  const words = alias.trim().split(/\s+/);
  return words.length < 2 ? ['', words[0] ?? ''] : [words.slice(0, -1).join(' '), words[words.length - 1]];
}

export const normalisePostcode = (postcode: string | null | undefined): string | null => {
  const compact = postcode?.toUpperCase().replace(/[^A-Z0-9]/g, '') ?? '';
  return compact.length >= 5 ? compact : null;
};

/** The outward code: everything before the last three characters (the inward code). */
export const outcodeOf = (postcode: string): string => postcode.slice(0, -3);

export function prepareRecord(record: MatchRecord): PreparedRecord {
  const names = [prepareName(record.givenName, record.familyName, false)];
  for (const alias of record.aliases) {
    const [given, family] = splitAlias(alias);
    names.push(prepareName(given, family, true));
  }
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(record.dateOfBirth);
  const postcode = normalisePostcode(record.postcode);
  const identifiers = new Map<string, Set<string>>();
  for (const { type, value } of record.identifiers) {
    if (!identifiers.has(type)) identifiers.set(type, new Set());
    identifiers.get(type)!.add(value.toUpperCase().replace(/\s+/g, ''));
  }
  return {
    record,
    names,
    dateParts: parts ? [parts[1], parts[2], parts[3]] : null,
    postcode,
    outcode: postcode ? outcodeOf(postcode) : null,
    identifiers,
  };
}

export type MatchField = 'FORENAME' | 'FAMILY_NAME' | 'ALIASES' | 'DATE_OF_BIRTH' | 'POSTCODE' | 'SEX' | 'IDENTIFIERS';

/** One field's comparison: its level, its weight in the score, and what was measured. */
export interface FieldEvidence {
  field: MatchField;
  level: string;
  weight: number;
  /** Jaro-Winkler similarity for names; which identifier agreed or conflicted. */
  detail: string | null;
}

export interface PairScore {
  score: number;
  evidence: FieldEvidence[];
  /** An identifier one holds or quotes equals one the other holds or quotes. */
  agreeingIdentifier: string | null;
  conflictingIdentifier: string | null;
  /** Same family name and date of birth, forenames neither equal nor variants: possibly twins. */
  twinsGuard: boolean;
}

const round = (value: number): number => Math.round(value * 100) / 100;

function evidence(field: MatchField, level: string, probabilities: LevelProbabilities, detail: string | null = null): FieldEvidence {
  return { field, level, weight: round(weightOf(probabilities)), detail };
}

const sharesCode = (a: readonly string[], b: readonly string[]): boolean => a.some((code) => b.includes(code));

type ForenameLevel = keyof typeof FORENAME_LEVELS;
type FamilyNameLevel = keyof typeof FAMILY_NAME_LEVELS;

export function compareForenames(a: PreparedName, b: PreparedName): { level: ForenameLevel; similarity: number } | null {
  if (!a.forename || !b.forename) return null;
  if (a.forename === b.forename) return { level: 'EXACT', similarity: 1 };
  const similarity = jaroWinkler(a.forename, b.forename);
  if (areForenameVariants(a.forename, b.forename)) return { level: 'VARIANT', similarity };
  if (similarity >= 0.92) return { level: 'CLOSE', similarity };
  if (sharesCode(a.forenameCodes, b.forenameCodes)) return { level: 'PHONETIC', similarity };
  return { level: 'DIFFERENT', similarity };
}

export function compareFamilyNames(a: PreparedName, b: PreparedName): { level: FamilyNameLevel; similarity: number } | null {
  if (!a.familyName || !b.familyName) return null;
  if (a.familyName === b.familyName) return { level: 'EXACT', similarity: 1 };
  const similarity = jaroWinkler(a.familyName, b.familyName);
  if (similarity >= 0.92) return { level: 'CLOSE', similarity };
  if (sharesCode(a.familyNameCodes, b.familyNameCodes)) return { level: 'PHONETIC', similarity };
  return { level: 'DIFFERENT', similarity };
}

export type DateOfBirthLevel = keyof typeof DATE_OF_BIRTH_LEVELS;

export function compareDatesOfBirth(a: PreparedRecord['dateParts'], b: PreparedRecord['dateParts']): DateOfBirthLevel | null {
  if (!a || !b) return null;
  const [ay, am, ad] = a;
  const [by, bm, bd] = b;
  const differing = Number(ay !== by) + Number(am !== bm) + Number(ad !== bd);
  if (differing === 0) return 'EXACT';
  if (ay === by && am === bd && ad === bm) return 'TRANSPOSED';
  return differing === 1 ? 'ONE_PART_DIFFERENT' : 'DIFFERENT';
}

/** Identifiers a person has only one of: two different values are evidence of two people. */
const SINGLE_VALUED = ['PNC_ID', 'NHS_NUMBER', 'CRN'];

function compareIdentifiers(a: PreparedRecord, b: PreparedRecord): { agreeing: string | null; conflicting: string | null } {
  let agreeing: string | null = null;
  let conflicting: string | null = null;
  for (const [type, mine] of a.identifiers) {
    const theirs = b.identifiers.get(type);
    if (!theirs) continue;
    const shared = [...mine].some((value) => theirs.has(value));
    if (shared) agreeing ??= type;
    else if (SINGLE_VALUED.includes(type)) conflicting ??= type;
  }
  return { agreeing, conflicting };
}

interface NameComparison {
  weight: number;
  forename: ReturnType<typeof compareForenames>;
  familyName: ReturnType<typeof compareFamilyNames>;
  throughAlias: boolean;
}

/** The best-agreeing pair of names, primary names and aliases alike. */
function bestNames(a: PreparedRecord, b: PreparedRecord): NameComparison {
  let best: NameComparison | null = null;
  for (const mine of a.names) {
    for (const theirs of b.names) {
      const forename = compareForenames(mine, theirs);
      const familyName = compareFamilyNames(mine, theirs);
      const throughAlias = mine.alias || theirs.alias;
      const weight =
        (forename ? weightOf(FORENAME_LEVELS[forename.level]) : 0) +
        (familyName ? weightOf(FAMILY_NAME_LEVELS[familyName.level]) : 0) +
        (throughAlias ? weightOf(ALIAS_LEVELS.THROUGH_ALIAS) : 0);
      if (!best || weight > best.weight) best = { weight, forename, familyName, throughAlias };
    }
  }
  return best!;
}

export function scorePair(a: PreparedRecord, b: PreparedRecord): PairScore {
  const items: FieldEvidence[] = [];
  const names = bestNames(a, b);
  if (names.forename) items.push(evidence('FORENAME', names.forename.level, FORENAME_LEVELS[names.forename.level], `Jaro-Winkler ${names.forename.similarity.toFixed(3)}`));
  if (names.familyName) {
    items.push(evidence('FAMILY_NAME', names.familyName.level, FAMILY_NAME_LEVELS[names.familyName.level], `Jaro-Winkler ${names.familyName.similarity.toFixed(3)}`));
  }
  if (a.names.length > 1 || b.names.length > 1) {
    const level = names.throughAlias ? 'THROUGH_ALIAS' : 'PRIMARY_NAMES';
    items.push(evidence('ALIASES', level, ALIAS_LEVELS[level]));
  }
  const dateOfBirth = compareDatesOfBirth(a.dateParts, b.dateParts);
  if (dateOfBirth) items.push(evidence('DATE_OF_BIRTH', dateOfBirth, DATE_OF_BIRTH_LEVELS[dateOfBirth]));
  if (a.postcode && b.postcode) {
    const level = a.postcode === b.postcode ? 'FULL' : a.outcode === b.outcode ? 'OUTCODE' : 'DIFFERENT';
    items.push(evidence('POSTCODE', level, POSTCODE_LEVELS[level]));
  }
  if (a.record.sex && b.record.sex) {
    const level = a.record.sex === b.record.sex ? 'SAME' : 'DIFFERENT';
    items.push(evidence('SEX', level, SEX_LEVELS[level]));
  }
  const { agreeing, conflicting } = compareIdentifiers(a, b);
  // An agreeing identifier outweighs a conflicting one of another type in the score; the
  // conflict still keeps the pair from joining automatically.
  if (agreeing) items.push(evidence('IDENTIFIERS', 'AGREE', IDENTIFIER_LEVELS.AGREE, agreeing));
  else if (conflicting) items.push(evidence('IDENTIFIERS', 'CONFLICT', IDENTIFIER_LEVELS.CONFLICT, conflicting));

  const forenameAgrees = names.forename?.level === 'EXACT' || names.forename?.level === 'VARIANT';
  const twinsGuard = dateOfBirth === 'EXACT' && !!names.familyName && names.familyName.level !== 'DIFFERENT' && !!names.forename && !forenameAgrees;
  const score = round(PRIOR_WEIGHT + items.reduce((sum, item) => sum + weightOf(levelProbabilities(item)), 0));
  return { score, evidence: items, agreeingIdentifier: agreeing, conflictingIdentifier: conflicting, twinsGuard };
}

/** The probabilities behind an evidence item (the score sums exact weights, not the rounded ones shown). */
function levelProbabilities(item: FieldEvidence): LevelProbabilities {
  const tables: Record<MatchField, Record<string, LevelProbabilities>> = {
    FORENAME: FORENAME_LEVELS,
    FAMILY_NAME: FAMILY_NAME_LEVELS,
    ALIASES: ALIAS_LEVELS,
    DATE_OF_BIRTH: DATE_OF_BIRTH_LEVELS,
    POSTCODE: POSTCODE_LEVELS,
    SEX: SEX_LEVELS,
    IDENTIFIERS: IDENTIFIER_LEVELS,
  };
  return tables[item.field][item.level];
}

export type MatchBand = 'JOIN' | 'REVIEW' | 'NONE';

/** Why a pair at or above the join threshold was sent to a person instead. */
export type HoldReason = 'NO_AGREEING_IDENTIFIER' | 'CONFLICTING_IDENTIFIER' | 'TWINS_GUARD';

export function bandOf(pair: PairScore, thresholds: MatchThresholds): { band: MatchBand; held: HoldReason[] } {
  if (pair.score < thresholds.review) return { band: 'NONE', held: [] };
  if (pair.score < thresholds.join) return { band: 'REVIEW', held: [] };
  const held: HoldReason[] = [];
  if (!pair.agreeingIdentifier) held.push('NO_AGREEING_IDENTIFIER');
  if (pair.conflictingIdentifier) held.push('CONFLICTING_IDENTIFIER');
  if (pair.twinsGuard) held.push('TWINS_GUARD');
  return { band: held.length ? 'REVIEW' : 'JOIN', held };
}
