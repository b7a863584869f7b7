import { IdentifierType, nhsCheckDigit, pncCheckLetter, validateIdentifier } from '../../subgraphs/kit/identifiers';
import { makeIdentifier } from '../../synthetic/identifiers';

describe('partner identifier formats', () => {
  it('computes the PNC check letter as (yy + serial) mod 23', () => {
    expect(pncCheckLetter(2011, 123456)).toBe('ZABCDEFGHJKLMNPQRTUVWXY'[110123456 % 23]);
    expect(validateIdentifier(IdentifierType.PNC_ID, makeIdentifier.pncId(2019, 42))).toEqual({ ok: true, value: '2019/0000042' + pncCheckLetter(2019, 42) });
  });

  it('validates NHS numbers with the mod-11 check digit', () => {
    expect(nhsCheckDigit('943476591')).toBe(9);
    expect(validateIdentifier(IdentifierType.NHS_NUMBER, '943 476 5919')).toEqual({ ok: true, value: '9434765919' });
    expect(validateIdentifier(IdentifierType.NHS_NUMBER, '9434765918').ok).toBe(false);
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
});
