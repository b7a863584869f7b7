import { IdentifierType, pncCheckLetter } from '../../subgraphs/kit/identifiers';
import { conferenceEvidenceRequires, partnerConferenceEvidenceReference } from '../../subgraphs/kit/conference-evidence';

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
  it('keeps the window and the identifier of a held person inside the row rule', async () => {
    const { context, find } = contextWith([PNC_ID], [PNC_ID]);
    expect(await partnerConferenceEvidenceReference(PNC_KEY, find)({ ...WINDOW, person: { pncId: PNC_ID } }, context)).toEqual({ ...WINDOW, pncId: PNC_ID });
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
    expect(await resolve({ ...WINDOW, person: { pncId: PNC_ID } }, context)).toEqual({ ...WINDOW, pncId: null });
    expect(await resolve({ ...WINDOW, person: null }, context)).toEqual({ ...WINDOW, pncId: null });
    expect(await resolve({ ...WINDOW, person: { pncId: WRONG_CHECK_LETTER } }, context)).toEqual({ ...WINDOW, pncId: null });
  });

  it("requires the window and the person's identifier in the partner's key", () => {
    expect(conferenceEvidenceRequires('crn')).toBe('@requires(fields: "since until person { crn }")');
  });
});
