import { answerAsCsv, wantsCsv } from '../../subgraphs/kit/csv';

describe('answers as CSV', () => {
  it('one row when the answer holds no list, a column per leaf field', () => {
    expect(answerAsCsv({ iomMeasures: { asOf: '2026-06-30', reoffending: { cohortSize: 30, detected: { reductionPercent: 42.86, suppressed: [] } } } })).toBe(
      'iomMeasures.asOf,iomMeasures.reoffending.cohortSize,iomMeasures.reoffending.detected.reductionPercent,iomMeasures.reoffending.detected.suppressed\r\n2026-06-30,30,42.86,\r\n',
    );
  });

  it('one row per element of the first list; nulls empty, lists joined, quotes and formulas made harmless', () => {
    const csv = answerAsCsv({ series: [{ period: 'Q1', count: null, suppressed: ['count', 'ratePercent'] }, { period: '=HYPERLINK("x")', count: -3, note: 'a, "b"' }] });
    expect(csv.split('\r\n')).toEqual(['period,count,suppressed,note', 'Q1,,count; ratePercent,', `"'=HYPERLINK(""x"")",-3,,"a, ""b"""`, '']);
  });

  it('is asked for with Accept: text/csv', () => {
    expect(wantsCsv('text/csv')).toBe(true);
    expect(wantsCsv('application/json, text/csv;q=0.9')).toBe(true);
    expect(wantsCsv('application/json')).toBe(false);
    expect(wantsCsv('text/csvx')).toBe(false);
    expect(wantsCsv(undefined)).toBe(false);
  });
});
