/**
 * Valid synthetic partner identifiers: right format, right check character, invented serials. The
 * formats and check characters themselves are the kit's (the subgraphs validate with them).
 */
import { nhsCheckDigit, pncCheckLetter } from '../subgraphs/kit/identifiers';

/** Builders for valid synthetic identifiers (the population generator and tests use them). */
export const makeIdentifier = {
  pncId(year: number, serial: number): string {
    return `${year}/${String(serial).padStart(7, '0')}${pncCheckLetter(year, serial)}`;
  },
  crn(letter: string, serial: number): string {
    return `${letter}${String(serial).padStart(6, '0')}`;
  },
  prisonNumber(letter: string, serial: number, suffix: string): string {
    return `${letter}${String(serial).padStart(4, '0')}${suffix}`;
  },
  housingReference(authorityCode: string, serial: number): string {
    return `HOU-${authorityCode}-${String(serial).padStart(6, '0')}`;
  },
  treatmentClientId(serial: number): string {
    return `TC${String(serial).padStart(8, '0')}`;
  },
  /** Tries successive nine-digit stems until one admits a check digit. */
  nhsNumber(stem: number): string {
    for (let s = stem; ; s++) {
      const firstNine = String(s % 1_000_000_000).padStart(9, '0');
      const check = nhsCheckDigit(firstNine);
      if (check !== null) return `${firstNine}${check}`;
    }
  },
};
