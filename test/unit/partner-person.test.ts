import { IdentifierType } from '../../subgraphs/kit/identifiers';
import { partnerPersonReference } from '../../subgraphs/kit/partner-person';

const CRN_KEY = { identifier: IdentifierType.CRN, key: 'crn' as const };

/** A context whose row rule allows `allowed` and whose records are `held`, recording what is asked. */
function contextWith(allowed: string[], held: string[]) {
  const asked: { rows: [string, string | null | undefined][]; found: string[] } = { rows: [], found: [] };
  const context = {
    rows: {
      allows: async (type: string, value: string | null | undefined) => {
        asked.rows.push([type, value]);
        return !!value && allowed.includes(value);
      },
    },
  };
  const find = async (_context: typeof context, crn: string) => {
    asked.found.push(crn);
    return held.includes(crn) ? { crn } : null;
  };
  return { context, find, asked };
}

describe('a partner person from a federation representation', () => {
  it('answers a held person inside the row rule with the identifier in its normal form', async () => {
    const { context, find, asked } = contextWith(['X123456'], ['X123456']);
    const resolve = partnerPersonReference(CRN_KEY, find);
    expect(await resolve({ crn: ' x123456 ' }, context)).toEqual({ crn: 'X123456' });
    expect(asked.rows).toEqual([[IdentifierType.CRN, 'X123456']]);
    expect(asked.found).toEqual(['X123456']);
  });

  it('answers null, without looking anything up, for a missing or malformed identifier', async () => {
    const { context, find, asked } = contextWith(['X123456'], ['X123456']);
    const resolve = partnerPersonReference(CRN_KEY, find);
    expect(await resolve({}, context)).toBeNull();
    expect(await resolve({ crn: 123456 }, context)).toBeNull();
    expect(await resolve({ crn: 'XX12345' }, context)).toBeNull();
    expect(asked).toEqual({ rows: [], found: [] });
  });

  it('answers null for someone outside the row rule without reading their record', async () => {
    const { context, find, asked } = contextWith([], ['X123456']);
    expect(await partnerPersonReference(CRN_KEY, find)({ crn: 'X123456' }, context)).toBeNull();
    expect(asked.found).toEqual([]);
  });

  it('answers null for someone the partner holds no record of', async () => {
    const { context, find } = contextWith(['X123456'], []);
    expect(await partnerPersonReference(CRN_KEY, find)({ crn: 'X123456' }, context)).toBeNull();
  });

  it("carries IOM's review window from the representation when the stub declares it, and only strings", async () => {
    const { context, find } = contextWith(['X123456'], ['X123456']);
    const withWindow = partnerPersonReference({ ...CRN_KEY, iomReviewWindow: true }, find);
    expect(await withWindow({ crn: 'X123456', iomLastReviewedOn: '2026-05-01', iomEvidenceUntil: 20260601 }, context)).toEqual({
      crn: 'X123456',
      iomLastReviewedOn: '2026-05-01',
      iomEvidenceUntil: null,
    });
    const without = partnerPersonReference(CRN_KEY, find);
    expect(await without({ crn: 'X123456', iomLastReviewedOn: '2026-05-01' }, context)).toEqual({ crn: 'X123456' });
  });
});
