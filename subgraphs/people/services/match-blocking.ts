/**
 * Blocking: which pairs of records are compared at all. Comparing every record with every other
 * is 200 million pairs at 20,000 records; a pair is compared only when the two records share a
 * key of at least one of these rules.
 */
import { variantsOf } from './name-variants';
import type { PreparedRecord } from './match-scoring';

export enum BlockingRule {
  /** One record holds or quotes a partner identifier the other holds or quotes. */
  SHARED_IDENTIFIER = 'SHARED_IDENTIFIER',
  /** The same date of birth and full postcode. */
  DATE_OF_BIRTH_AND_POSTCODE = 'DATE_OF_BIRTH_AND_POSTCODE',
  /**
   * The same date of birth and the same first two letters of a forename (or of a variant of it).
   * Wider than "and the same outcode": a move to another district was missed with the outcode,
   * and a birthday shared by two records with one forename start is rare enough without it.
   */
  DATE_OF_BIRTH_AND_FORENAME_START = 'DATE_OF_BIRTH_AND_FORENAME_START',
  /** The same date of birth and a family name that sounds the same (Double Metaphone): a move out of the area. */
  DATE_OF_BIRTH_AND_FAMILY_NAME_SOUND = 'DATE_OF_BIRTH_AND_FAMILY_NAME_SOUND',
  /** The same year of birth, a family name that sounds the same and the same forename initial (or a variant's): a mistyped day or month. */
  BIRTH_YEAR_FAMILY_NAME_SOUND_AND_INITIAL = 'BIRTH_YEAR_FAMILY_NAME_SOUND_AND_INITIAL',
  /** The same full postcode and forename start: a date of birth keyed wrongly at the same address. */
  POSTCODE_AND_FORENAME_START = 'POSTCODE_AND_FORENAME_START',
  /** Forename and family name that both sound the same, whatever the date of birth and address. */
  FORENAME_AND_FAMILY_NAME_SOUND = 'FORENAME_AND_FAMILY_NAME_SOUND',
}

/** Forename starts of a name and of every variant of it, so Bill and William share a key. */
function forenameStarts(forename: string, length: number): string[] {
  if (!forename) return [];
  return [...new Set([forename, ...variantsOf(forename)].map((name) => name.slice(0, length)))];
}

/** The keys a record has under each rule; two records sharing a key of a rule are a candidate pair. */
export function blockingKeys(record: PreparedRecord): Map<BlockingRule, string[]> {
  const keys = new Map<BlockingRule, Set<string>>(Object.values(BlockingRule).map((rule) => [rule, new Set<string>()]));
  const add = (rule: BlockingRule, key: string): void => void keys.get(rule)!.add(key);
  for (const [type, values] of record.identifiers) for (const value of values) add(BlockingRule.SHARED_IDENTIFIER, `${type}:${value}`);
  const dateOfBirth = record.record.dateOfBirth;
  const year = record.dateParts?.[0];
  if (record.postcode) add(BlockingRule.DATE_OF_BIRTH_AND_POSTCODE, `${dateOfBirth}:${record.postcode}`);
  for (const name of record.names) {
    for (const start of forenameStarts(name.forename, 2)) {
      add(BlockingRule.DATE_OF_BIRTH_AND_FORENAME_START, `${dateOfBirth}:${start}`);
      if (record.postcode) add(BlockingRule.POSTCODE_AND_FORENAME_START, `${record.postcode}:${start}`);
    }
    for (const code of name.familyNameCodes) {
      for (const forenameCode of name.forenameCodes) add(BlockingRule.FORENAME_AND_FAMILY_NAME_SOUND, `${forenameCode}:${code}`);
      add(BlockingRule.DATE_OF_BIRTH_AND_FAMILY_NAME_SOUND, `${dateOfBirth}:${code}`);
      if (year) for (const initial of forenameStarts(name.forename, 1)) add(BlockingRule.BIRTH_YEAR_FAMILY_NAME_SOUND_AND_INITIAL, `${year}:${code}:${initial}`);
    }
  }
  return new Map([...keys].map(([rule, values]) => [rule, [...values]]));
}

/** All of a record's keys in one list, each prefixed by its rule: what the index stores to find a record's pairs. */
export function flatKeys(keys: Map<BlockingRule, string[]>): string[] {
  return [...keys].flatMap(([rule, values]) => values.map((value) => `${rule}:${value}`));
}

/** The rules under which two records' keys meet (empty: never compared). */
export function sharedRules(a: Map<BlockingRule, string[]>, b: Map<BlockingRule, string[]>): BlockingRule[] {
  const rules: BlockingRule[] = [];
  for (const [rule, mine] of a) {
    const theirs = b.get(rule);
    if (theirs && mine.some((key) => theirs.includes(key))) rules.push(rule);
  }
  return rules;
}

/** A block bigger than this is a key too common to mean anything (a shared placeholder value): skipped, and reported. */
export const MAX_BLOCK_SIZE = 1000;

export interface CandidatePair {
  a: number;
  b: number;
  rules: BlockingRule[];
}

/** Every candidate pair among the records (indexes into the array, a < b), with the rules that paired them. */
export function candidatePairs(keysOf: readonly Map<BlockingRule, string[]>[]): { pairs: CandidatePair[]; skippedBlocks: number } {
  const found = new Map<number, CandidatePair>();
  const width = keysOf.length;
  let skippedBlocks = 0;
  for (const rule of Object.values(BlockingRule)) {
    const blocks = new Map<string, number[]>();
    keysOf.forEach((keys, index) => {
      for (const key of keys.get(rule) ?? []) {
        const block = blocks.get(key);
        if (block) block.push(index);
        else blocks.set(key, [index]);
      }
    });
    for (const members of blocks.values()) {
      if (members.length < 2) continue;
      if (members.length > MAX_BLOCK_SIZE) {
        skippedBlocks++;
        continue;
      }
      for (let i = 0; i < members.length; i++) {
        for (let j = i + 1; j < members.length; j++) {
          const [a, b] = members[i] < members[j] ? [members[i], members[j]] : [members[j], members[i]];
          if (a === b) continue;
          const id = a * width + b;
          const pair = found.get(id);
          if (!pair) found.set(id, { a, b, rules: [rule] });
          else if (!pair.rules.includes(rule)) pair.rules.push(rule);
        }
      }
    }
  }
  return { pairs: [...found.values()], skippedBlocks };
}
