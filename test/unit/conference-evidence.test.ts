import { IdentifierType, pncCheckLetter } from '../../subgraphs/kit/identifiers';
import { conferenceEvidenceRequires, countOnAgenda, partnerAgendaSummaryReference, partnerConferenceEvidenceReference } from '../../subgraphs/kit/conference-evidence';

const PNC_KEY = { identifier: IdentifierType.PNC_ID, key: 'pncId' as const };
const WINDOW = { id: 'c1', since: '2026-05-22', until: '2026-06-21' };
const PNC_ID = `2011/0123456${pncCheckLetter(2011, 123456)}`;
const WRONG_CHECK_LETTER = `2011/0123456${pncCheckLetter(2011, 123457)}`;

function contextWith(allowed: string[], held: string[]) {
  const found: string[] = [];
  const context = { rows: { allows: async (_type: string, value: string | null | undefined) => !!value && allowed.includes(value) } };
  const find = async (_context: typeof context, pncId: string) => {
    found.push(pncId);
    return held.includes(pncId) ? { pncId } : null;
  };
  return { context, find, found };
}

describe("a partner's conference evidence from a representation", () => {
  it('keeps the window, the identifier and the record of a held person inside the row rule', async () => {
    const { context, find } = contextWith([PNC_ID], [PNC_ID]);
    expect(await partnerConferenceEvidenceReference(PNC_KEY, find)({ ...WINDOW, person: { pncId: PNC_ID } }, context)).toEqual({ ...WINDOW, pncId: PNC_ID, record: { pncId: PNC_ID } });
  });

  it('answers a malformed window as no evidence, without reading any record', async () => {
    const { context, find, found } = contextWith([PNC_ID], [PNC_ID]);
    const resolve = partnerConferenceEvidenceReference(PNC_KEY, find);
    expect(await resolve({ ...WINDOW, until: '2026-05-21', person: { pncId: PNC_ID } }, context)).toBeNull();
    expect(await resolve({ id: 'c1', since: WINDOW.since, person: { pncId: PNC_ID } }, context)).toBeNull();
    expect(found).toEqual([]);
  });

  it('answers a person outside the row rule as one who does not exist', async () => {
    const { context, find, found } = contextWith([], [PNC_ID]);
    expect(await partnerConferenceEvidenceReference(PNC_KEY, find)({ ...WINDOW, person: { pncId: PNC_ID } }, context)).toBeNull();
    expect(found).toEqual([]);
  });

  it('keeps the window with a null identifier when the partner holds no record, or none came', async () => {
    const { context, find } = contextWith([PNC_ID], []);
    const resolve = partnerConferenceEvidenceReference(PNC_KEY, find);
    const none = { ...WINDOW, pncId: null, record: null };
    expect(await resolve({ ...WINDOW, person: { pncId: PNC_ID } }, context)).toEqual(none);
    expect(await resolve({ ...WINDOW, person: null }, context)).toEqual(none);
    expect(await resolve({ ...WINDOW, person: { pncId: WRONG_CHECK_LETTER } }, context)).toEqual(none);
  });

  it("requires the window and the person's identifier in the partner's key", () => {
    expect(conferenceEvidenceRequires('crn')).toBe('@requires(fields: "since until person { crn }")');
  });
});

describe("a partner's count over an agenda", () => {
  const OTHER_PNC_ID = `2012/0000042${pncCheckLetter(2012, 42)}`;
  const OUTSIDE_PNC_ID = `2013/0000007${pncCheckLetter(2013, 7)}`;
  const NOT_HELD_PNC_ID = `2014/0000001${pncCheckLetter(2014, 1)}`;

  it('counts the windows the evidence reference resolver admits and the test passes, each read once', async () => {
    // Two held inside the row rule, one held outside it, one not held, one malformed window: two count.
    const { context, find, found } = contextWith([PNC_ID, OTHER_PNC_ID, NOT_HELD_PNC_ID], [PNC_ID, OTHER_PNC_ID, OUTSIDE_PNC_ID]);
    const resolve = partnerConferenceEvidenceReference(PNC_KEY, find);
    const windows = [
      { since: WINDOW.since, until: WINDOW.until, person: { pncId: PNC_ID } },
      { since: WINDOW.since, until: WINDOW.until, person: { pncId: OTHER_PNC_ID } },
      { since: WINDOW.since, until: WINDOW.until, person: { pncId: OUTSIDE_PNC_ID } },
      { since: WINDOW.since, until: WINDOW.until, person: { pncId: NOT_HELD_PNC_ID } },
      { since: WINDOW.until, until: WINDOW.since, person: { pncId: PNC_ID } },
    ];
    const tested: Array<string | null> = [];
    const count = await countOnAgenda(windows, (reference) => resolve(reference, context), async (evidence) => {
      tested.push(evidence.pncId);
      return evidence.pncId !== null;
    });
    expect(count).toBe(2);
    expect(tested.sort()).toEqual([OTHER_PNC_ID, PNC_ID, null].sort());
    expect(found.sort()).toEqual([NOT_HELD_PNC_ID, OTHER_PNC_ID, PNC_ID].sort());
  });

  it('counts nothing over no windows', async () => {
    expect(await countOnAgenda(null, async () => ({}), async () => true)).toBe(0);
  });

  it('reads a summary representation as its id and windows, and nothing without an id', () => {
    const evidence = [{ since: WINDOW.since, until: WINDOW.until, person: { pncId: PNC_ID } }];
    expect(partnerAgendaSummaryReference({ id: 'c1', evidence })).toEqual({ id: 'c1', evidence });
    expect(partnerAgendaSummaryReference({ id: 'c1' })).toEqual({ id: 'c1', evidence: [] });
    expect(partnerAgendaSummaryReference({ evidence })).toBeNull();
  });
});
