import { addressDisagreement, custodyDisagreement } from '../../subgraphs/iom/services/disagreements';
import { LatestChanges } from '../../synthetic/record-changes';

describe('disagreements between partners', () => {
  it('custody: compares only the partners that can say; two are needed', () => {
    // housing, police, probation
    expect(custodyDisagreement(true, false, true)).toBe(true);
    expect(custodyDisagreement(true, null, false)).toBe(true);
    expect(custodyDisagreement(false, false, false)).toBe(false);
    expect(custodyDisagreement(true, undefined, true)).toBe(false);
    expect(custodyDisagreement(null, true, null)).toBeNull();
    expect(custodyDisagreement(null, null, null)).toBeNull();
  });

  it('address: the district housing records against the one police manage the person in', () => {
    expect(addressDisagreement('Kingsmere', 'Lincoln')).toBe(true);
    expect(addressDisagreement('Lincoln', ' lincoln ')).toBe(false);
    expect(addressDisagreement(null, 'Lincoln')).toBeNull();
    expect(addressDisagreement('Lincoln', '')).toBeNull();
  });
});

describe("when a synthetic partner's data last changed", () => {
  it('is the latest day noted, at a time drawn from the key, never after today', () => {
    const changes = new LatestChanges();
    changes.note('A', '2026-01-05', null, '2026-03-01', undefined, '2026-02-01');
    changes.note('B', '2026-09-01');
    const a = changes.changedAt('A', '2020-01-01', '2026-06-30');
    expect(a.toISOString().slice(0, 10)).toBe('2026-03-01');
    expect(a.getUTCHours()).toBeGreaterThanOrEqual(8);
    expect(a.getUTCHours()).toBeLessThan(18);
    expect(changes.changedAt('A', '2020-01-01', '2026-06-30')).toEqual(a);
    expect(changes.changedAt('B', '2020-01-01', '2026-06-30').toISOString().slice(0, 10)).toBe('2026-06-30');
    expect(changes.changedAt('C', '2020-01-01', '2026-06-30').toISOString().slice(0, 10)).toBe('2020-01-01');
  });
});
