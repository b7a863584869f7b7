/**
 * The matching model: Fellegi–Sunter weights for each field's comparison levels, and the two
 * thresholds. A level's weight is log2(m / u): m is how often two records of the SAME person
 * compare at that level, u how often two records of DIFFERENT people do. A pair's score is the
 * prior weight plus the sum of its fields' weights: the log2 odds that the two records are one
 * person (score 0 = even odds; each point doubles the odds).
 *
 * The m and u values are set from what partners' records are like (how often a date of birth is
 * keyed wrongly, how many people share a birthday or a postcode in a county of ~20,000 people
 * known to the partnership), not fitted to the benchmark. The thresholds are configuration.
 */
export interface LevelProbabilities {
  /** P(level | same person). */
  m: number;
  /** P(level | different people). */
  u: number;
}

export const weightOf = ({ m, u }: LevelProbabilities): number => Math.log2(m / u);

/** Comparison levels, best first, for each field the matcher compares. */
export const FORENAME_LEVELS = {
  EXACT: { m: 0.82, u: 0.01 },
  /** Variants of one name in the table (Jon / Jonathan). */
  VARIANT: { m: 0.06, u: 0.002 },
  /** Jaro-Winkler ≥ 0.92: a typing slip. */
  CLOSE: { m: 0.06, u: 0.003 },
  /** Same Double Metaphone code: spelt as heard (Steven / Stephen). */
  PHONETIC: { m: 0.03, u: 0.01 },
  DIFFERENT: { m: 0.03, u: 0.975 },
} satisfies Record<string, LevelProbabilities>;

export const FAMILY_NAME_LEVELS = {
  EXACT: { m: 0.86, u: 0.004 },
  CLOSE: { m: 0.07, u: 0.002 },
  PHONETIC: { m: 0.03, u: 0.006 },
  DIFFERENT: { m: 0.04, u: 0.988 },
} satisfies Record<string, LevelProbabilities>;

/** u: one birthday in ~60 years of birth dates is about 1 in 22,000. */
export const DATE_OF_BIRTH_LEVELS = {
  EXACT: { m: 0.9, u: 0.000046 },
  /** Day and month swapped (03/04 for 04/03). */
  TRANSPOSED: { m: 0.025, u: 0.00005 },
  /** Exactly one of day, month or year differs. */
  ONE_PART_DIFFERENT: { m: 0.06, u: 0.0046 },
  DIFFERENT: { m: 0.015, u: 0.9953 },
} satisfies Record<string, LevelProbabilities>;

export const POSTCODE_LEVELS = {
  FULL: { m: 0.62, u: 0.0004 },
  /** The same outcode (district), a different full postcode: a move within the area. */
  OUTCODE: { m: 0.13, u: 0.03 },
  DIFFERENT: { m: 0.25, u: 0.9696 },
} satisfies Record<string, LevelProbabilities>;

export const SEX_LEVELS = {
  SAME: { m: 0.985, u: 0.5 },
  DIFFERENT: { m: 0.015, u: 0.5 },
} satisfies Record<string, LevelProbabilities>;

/** The names agreed only through an alias: weaker than the names a partner records first. */
export const ALIAS_LEVELS = {
  PRIMARY_NAMES: { m: 1, u: 1 },
  THROUGH_ALIAS: { m: 0.5, u: 1 },
} satisfies Record<string, LevelProbabilities>;

/**
 * Partner identifiers. AGREE: one record holds or quotes a value the other holds or quotes.
 * CONFLICT: both hold or quote one of the identifiers a person has only one of (PNC ID, NHS
 * number, CRN), with no value in common — people are keyed wrongly rarely, and two different
 * people with those identifiers nearly always conflict.
 */
export const IDENTIFIER_LEVELS = {
  AGREE: { m: 0.5, u: 0.000002 },
  CONFLICT: { m: 0.01, u: 0.6 },
  NONE_TO_COMPARE: { m: 1, u: 1 },
} satisfies Record<string, LevelProbabilities>;

/**
 * The prior: before any field is compared, how likely two records are one person. With about
 * 2,000 duplicates among 20,000 records, ~1 pair in 100,000 (log2 ≈ -16.6).
 */
export const PRIOR_MATCH_PROBABILITY = 0.00001;
export const PRIOR_WEIGHT = Math.log2(PRIOR_MATCH_PROBABILITY / (1 - PRIOR_MATCH_PROBABILITY));

export interface MatchThresholds {
  /** At or above, with an agreeing identifier and no guard holding it back, the records join automatically. */
  join: number;
  /** At or above (and below join, or held back), the pair goes to the review queue. */
  review: number;
}

export const DEFAULT_THRESHOLDS: MatchThresholds = { join: 20, review: 0 };

function thresholdFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number (a match score in bits), not "${raw}".`);
  return value;
}

/** PEOPLE_MATCH_JOIN_THRESHOLD and PEOPLE_MATCH_REVIEW_THRESHOLD, checked at start-up. */
export function thresholdsFromEnvironment(env: NodeJS.ProcessEnv = process.env): MatchThresholds {
  const thresholds = {
    join: thresholdFrom(env, 'PEOPLE_MATCH_JOIN_THRESHOLD', DEFAULT_THRESHOLDS.join),
    review: thresholdFrom(env, 'PEOPLE_MATCH_REVIEW_THRESHOLD', DEFAULT_THRESHOLDS.review),
  };
  if (thresholds.review > thresholds.join) {
    throw new Error(`PEOPLE_MATCH_REVIEW_THRESHOLD (${thresholds.review}) must not be above PEOPLE_MATCH_JOIN_THRESHOLD (${thresholds.join}).`);
  }
  return thresholds;
}
