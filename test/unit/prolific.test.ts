import { isProlific, prolificThreshold } from '../../subgraphs/police/services/prolific';

describe('the prolific-offender rule (8+ offences aged 18–24, 16+ aged 25 and over)', () => {
  it.each([
    [17, null],
    [18, 8],
    [24, 8],
    [25, 16],
    [60, 16],
  ])('aged %i needs %p recorded offences', (age, threshold) => {
    expect(prolificThreshold(age)).toBe(threshold);
  });

  it('takes the age on the given day, so a birthday can end being prolific', () => {
    // 8 offences: prolific the day before the 25th birthday, not on it.
    expect(isProlific('2001-07-01', 8, '2026-06-30')).toBe(true);
    expect(isProlific('2001-07-01', 8, '2026-07-01')).toBe(false);
    expect(isProlific('2001-07-01', 16, '2026-07-01')).toBe(true);
    expect(isProlific('2008-07-01', 30, '2026-06-30')).toBe(false);
    expect(isProlific('2008-07-01', 7, '2026-07-01')).toBe(false);
  });
});
