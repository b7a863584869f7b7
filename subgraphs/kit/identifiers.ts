/**
 * The partners' identifiers for a person: their formats and check characters. Shared because each
 * partner subgraph validates its own identifier too.
 */
import { registerEnumType } from 'type-graphql';
import { badUserInput } from './errors';

export enum IdentifierType {
  PNC_ID = 'PNC_ID',
  CRN = 'CRN',
  PRISON_NUMBER = 'PRISON_NUMBER',
  HOUSING_REFERENCE = 'HOUSING_REFERENCE',
  TREATMENT_CLIENT_ID = 'TREATMENT_CLIENT_ID',
  NHS_NUMBER = 'NHS_NUMBER',
}

registerEnumType(IdentifierType, {
  name: 'IdentifierType',
  description: "A partner agency's identifier for a person.",
  valuesConfig: {
    PNC_ID: { description: 'Police National Computer ID, e.g. 2011/0123456H (year / 7 digits + check letter). Held by police.' },
    CRN: { description: 'Probation case reference number, e.g. X123456. Held by probation.' },
    PRISON_NUMBER: { description: 'Prison number, e.g. A1234BC. Held by probation and prisons.' },
    HOUSING_REFERENCE: { description: 'Local housing case reference, e.g. HOU-LIN-004512. Held by the housing authority.' },
    TREATMENT_CLIENT_ID: { description: 'Substance-misuse treatment client ID, e.g. TC00012345. Held by the treatment provider.' },
    NHS_NUMBER: { description: 'NHS number, 10 digits with a mod-11 check digit, e.g. 9434765919.' },
  },
});

/** Each identifier as a GraphQL field of a person: its name and its description. */
export const IDENTIFIER_FIELDS: Record<IdentifierType, { field: string; description: string }> = {
  [IdentifierType.PNC_ID]: { field: 'pncId', description: 'Police National Computer ID.' },
  [IdentifierType.CRN]: { field: 'crn', description: 'Probation case reference number.' },
  [IdentifierType.PRISON_NUMBER]: { field: 'prisonNumber', description: 'Prison number.' },
  [IdentifierType.HOUSING_REFERENCE]: { field: 'housingReference', description: 'Local housing case reference.' },
  [IdentifierType.TREATMENT_CLIENT_ID]: { field: 'treatmentClientId', description: 'Substance-misuse treatment client ID.' },
  [IdentifierType.NHS_NUMBER]: { field: 'nhsNumber', description: 'NHS number.' },
};

interface IdentifierFormat {
  label: string;
  pattern: RegExp;
  /** What a caller is told when a value does not fit. */
  expected: string;
  /** Extra validation beyond the pattern (check characters). */
  check?: (value: string) => boolean;
  /** Values are compared in this normal form (upper case, no spaces). */
  normalise: (value: string) => string;
}

const PNC_CHECK_LETTERS = 'ZABCDEFGHJKLMNPQRTUVWXY';

/** The PNC check letter: (2-digit year followed by the 7-digit serial) mod 23, as a letter. */
export function pncCheckLetter(year: number, serial: number): string {
  const yy = String(year % 100).padStart(2, '0');
  const digits = Number(`${yy}${String(serial).padStart(7, '0')}`);
  return PNC_CHECK_LETTERS[digits % 23];
}

/** NHS number check digit (mod 11, weights 10..2); null when the first nine digits admit none. */
export function nhsCheckDigit(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

const upperNoSpaces = (value: string): string => value.replace(/\s+/g, '').toUpperCase();

export const IDENTIFIER_FORMATS: Record<IdentifierType, IdentifierFormat> = {
  [IdentifierType.PNC_ID]: {
    label: 'PNC ID',
    pattern: /^(\d{4})\/(\d{7})([A-Z])$/,
    expected: 'YYYY/NNNNNNNX: a 4-digit year, a slash, 7 digits and the PNC check letter (e.g. 2011/0123456H)',
    check: (value) => {
      const [, year, serial, letter] = /^(\d{4})\/(\d{7})([A-Z])$/.exec(value) ?? [];
      return letter === pncCheckLetter(Number(year), Number(serial));
    },
    normalise: upperNoSpaces,
  },
  [IdentifierType.CRN]: {
    label: 'CRN',
    pattern: /^[A-Z]\d{6}$/,
    expected: 'a letter followed by 6 digits (e.g. X123456)',
    normalise: upperNoSpaces,
  },
  [IdentifierType.PRISON_NUMBER]: {
    label: 'prison number',
    pattern: /^[A-Z]\d{4}[A-Z]{2}$/,
    expected: 'a letter, 4 digits and 2 letters (e.g. A1234BC)',
    normalise: upperNoSpaces,
  },
  [IdentifierType.HOUSING_REFERENCE]: {
    label: 'housing reference',
    pattern: /^HOU-[A-Z]{3}-\d{6}$/,
    expected: 'HOU-, a 3-letter local authority code, a dash and 6 digits (e.g. HOU-LIN-004512)',
    normalise: upperNoSpaces,
  },
  [IdentifierType.TREATMENT_CLIENT_ID]: {
    label: 'treatment client ID',
    pattern: /^TC\d{8}$/,
    expected: 'TC followed by 8 digits (e.g. TC00012345)',
    normalise: upperNoSpaces,
  },
  [IdentifierType.NHS_NUMBER]: {
    label: 'NHS number',
    pattern: /^\d{10}$/,
    expected: '10 digits whose last is the mod-11 check digit (e.g. 9434765919)',
    check: (value) => nhsCheckDigit(value.slice(0, 9)) === Number(value[9]),
    normalise: (value) => value.replace(/[\s-]+/g, ''),
  },
};

export type IdentifierValidation = { ok: true; value: string } | { ok: false; message: string };

/** Normalises and validates an identifier; the failure message says what was expected. */
export function validateIdentifier(type: IdentifierType, raw: string): IdentifierValidation {
  const format = IDENTIFIER_FORMATS[type];
  const value = format.normalise(raw);
  if (!format.pattern.test(value)) {
    return { ok: false, message: `"${raw}" is not a valid ${format.label}: expected ${format.expected}.` };
  }
  if (format.check && !format.check(value)) {
    return { ok: false, message: `"${raw}" is not a valid ${format.label}: its check character is wrong (expected ${format.expected}).` };
  }
  return { ok: true, value };
}

/**
 * The identifier a federation reference carries, in its normal form; null when it is missing or
 * malformed, since such a value cannot belong to anyone a partner holds.
 */
export function identifierFromReference(type: IdentifierType, raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const checked = validateIdentifier(type, raw);
  return checked.ok ? checked.value : null;
}

/** Validates an identifier argument: its normal form, or BAD_USER_INPUT naming the expected format. */
export function requireValidIdentifier(type: IdentifierType, raw: string, argumentName = 'value'): string {
  const result = validateIdentifier(type, raw);
  if (!result.ok) throw badUserInput(result.message, { argumentName, identifierType: type });
  return result.value;
}

/** The one format of a hub id: a UUID, in either case. */
export const HUB_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isHubId(value: string): boolean {
  return HUB_ID_PATTERN.test(value);
}

/** Validates a hub id argument (a UUID), lower-cased. */
export function requireHubId(raw: string, argumentName = 'id'): string {
  if (!isHubId(raw)) throw badUserInput(`"${raw}" is not a valid hub id: expected a UUID such as 3f2b8c1e-9d4a-4c6b-8e2f-1a2b3c4d5e6f.`, { argumentName });
  return raw.toLowerCase();
}
