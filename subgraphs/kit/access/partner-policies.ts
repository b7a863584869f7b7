import type { PolicyEvaluator } from './enforce';

/**
 * A partner subgraph knows people by its own identifier, not by hub id, so it cannot tell whether
 * someone is on a caller's IOM caseload. Its own lists and lookups (a nominal by PNC ID, a case
 * by CRN) are therefore for callers without a caseload restriction; caseload-only callers reach a
 * partner's data through the person index, which applies their caseload.
 */
export const CASELOAD_AT_PARTNER_ROOTS: Record<string, PolicyEvaluator> = {
  caseload: (caller) => caller.caseload === null,
};
