import { IdentifierType, identifierFromReference, nhsCheckDigit, pncCheckLetter, requireHubId, validateIdentifier } from '../../subgraphs/kit/identifiers';

/**
 * Check characters against examples worked by hand from the published rules, not against the
 * implementation: the PNC letter is (2-digit year followed by the 7-digit serial) mod 23, read in
 * ZABCDEFGHJKLMNPQRTUVWXY (no I, O or S); the NHS check digit is 11 − (Σ digit × weight 10…2 mod 11),
 * 11 meaning 0 and 10 meaning no valid number.
 */
describe('partner identifier formats', () => {
  it.each([
    // 110123456 = 23 × 4,787,976 + 8; the 9th letter (from 0) is H.
    [2011, 123456, 'H'],
    // 190000042 = 23 × 8,260,871 + 9: J (I is skipped).
    [2019, 42, 'J'],
    // The year 2000 gives 00: the number is 1, remainder 1: A.
    [2000, 1, 'A'],
    // 23 mod 23 = 0: Z.
    [2000, 23, 'Z'],
  ])('the PNC check letter of %i / %i is %s', (year, serial, letter) => {
    expect(pncCheckLetter(year, serial)).toBe(letter);
  });

  it('accepts a PNC ID with its right letter and refuses one letter off', () => {
    expect(validateIdentifier(IdentifierType.PNC_ID, '2011/0123456h')).toEqual({ ok: true, value: '2011/0123456H' });
    expect(validateIdentifier(IdentifierType.PNC_ID, '2019/0000042J')).toEqual({ ok: true, value: '2019/0000042J' });
    expect(validateIdentifier(IdentifierType.PNC_ID, '2011/0123456J')).toEqual({ ok: false, message: expect.stringContaining('check character is wrong') });
  });

  it.each([
    // 9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2 = 299 = 11 × 27 + 2; 11 − 2 = 9.
    ['943476591', 9],
    // 1×9 + 1×2 = 11, remainder 0: 11 − 0 = 11, written 0.
    ['010000001', 0],
    // 1×10 + 1×2 = 12, remainder 1: 11 − 1 = 10, which no digit can be.
    ['100000001', null],
  ])('the NHS check digit of %s is %p', (firstNine, digit) => {
    expect(nhsCheckDigit(firstNine)).toBe(digit);
  });

  it('validates NHS numbers by their check digit, spaces and dashes allowed', () => {
    expect(validateIdentifier(IdentifierType.NHS_NUMBER, '943 476 5919')).toEqual({ ok: true, value: '9434765919' });
    expect(validateIdentifier(IdentifierType.NHS_NUMBER, '010-000-0010')).toEqual({ ok: true, value: '0100000010' });
    expect(validateIdentifier(IdentifierType.NHS_NUMBER, '9434765918').ok).toBe(false);
    // Nine digits whose check would be 10 start no valid number, whatever the tenth digit.
    for (let last = 0; last <= 9; last++) expect(validateIdentifier(IdentifierType.NHS_NUMBER, `100000001${last}`).ok).toBe(false);
  });

  it.each([
    [IdentifierType.CRN, 'x123456', 'X123456'],
    [IdentifierType.PRISON_NUMBER, 'a1234bc', 'A1234BC'],
    [IdentifierType.HOUSING_REFERENCE, 'hou-lin-004512', 'HOU-LIN-004512'],
    [IdentifierType.TREATMENT_CLIENT_ID, 'tc00012345', 'TC00012345'],
  ])('normalises %s %s to %s', (type, raw, normal) => {
    expect(validateIdentifier(type, raw)).toEqual({ ok: true, value: normal });
  });

  it('says what was expected when a value does not fit', () => {
    const result = validateIdentifier(IdentifierType.CRN, '12345');
    expect(result).toEqual({ ok: false, message: expect.stringContaining('a letter followed by 6 digits') });
  });

  it('reads a federation reference as its normal form, or as nobody when missing or malformed', () => {
    expect(identifierFromReference(IdentifierType.CRN, ' x123456 ')).toBe('X123456');
    expect(identifierFromReference(IdentifierType.CRN, 'X12345')).toBeNull();
    expect(identifierFromReference(IdentifierType.CRN, 123456)).toBeNull();
    expect(identifierFromReference(IdentifierType.PNC_ID, '2011/0123456J')).toBeNull();
  });

  it('takes a hub id only as a UUID, lower-cased', () => {
    expect(requireHubId('3F2B8C1E-9D4A-4C6B-8E2F-1A2B3C4D5E6F')).toBe('3f2b8c1e-9d4a-4c6b-8e2f-1a2b3c4d5e6f');
    expect(() => requireHubId('3f2b8c1e')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argumentName: 'id' }) }));
  });
});
