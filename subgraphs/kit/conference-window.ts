/**
 * A case conference's evidence window as a partner receives it in a federation representation.
 * IOM owns it (from the review before the conference, or adoption, to the conference day); each
 * partner filters its own records by it, so what an agenda shows never depends on reviews
 * recorded at the conference or later.
 */
import { isIsoDate, type IsoDate } from './dates';
import { identifierFromReference, type IdentifierType } from './identifiers';
import type { RowGuard } from './access/rows';

export interface ConferenceWindow {
  id: string;
  since: IsoDate;
  until: IsoDate;
}

/** The window a representation carries; null when it is malformed, which is answered as no evidence. */
export function conferenceWindowFrom(reference: { id?: unknown; since?: unknown; until?: unknown }): ConferenceWindow | null {
  const { id, since, until } = reference;
  if (typeof id !== 'string' || typeof since !== 'string' || typeof until !== 'string') return null;
  if (!isIsoDate(since) || !isIsoDate(until) || since > until) return null;
  return { id, since, until };
}

/** Both ends count: a record on the day of the review before, or on the conference day, is in. */
export function inConferenceWindow(window: { since: IsoDate; until: IsoDate }, day: IsoDate): boolean {
  return day >= window.since && day <= window.until;
}

/**
 * The day custody and accommodation are judged on for a conference: its day, or today for a
 * conference still ahead (nobody records tomorrow's custody).
 */
export function conferenceStatusDay(window: { until: IsoDate }, today: IsoDate): IsoDate {
  return window.until > today ? today : window.until;
}

/**
 * A partner's reading of a conference-evidence representation: the window, and the person's
 * identifier in this partner's keys when it is well formed (null when the person has none). Null
 * for a malformed window (no evidence) or a person outside the caller's row rule (answered as one
 * who does not exist).
 */
export async function evidenceReference(
  reference: { id?: unknown; since?: unknown; until?: unknown; person?: Record<string, unknown> | null },
  type: IdentifierType,
  key: string,
  rows: RowGuard,
): Promise<{ window: ConferenceWindow; identifier: string | null } | null> {
  const window = conferenceWindowFrom(reference);
  if (!window) return null;
  const identifier = identifierFromReference(type, reference.person?.[key]);
  if (identifier && !(await rows.allows(type, identifier))) return null;
  return { window, identifier };
}

/**
 * A partner's agenda summary is only ever reached with the agenda's windows in the representation
 * (its fields @require them from IOM): the id and those windows are all it is.
 */
export function agendaSummaryReference(reference: { id?: unknown; evidence?: unknown }): { id: string; evidence: unknown[] } | null {
  return typeof reference.id === 'string' ? { id: reference.id, evidence: Array.isArray(reference.evidence) ? reference.evidence : [] } : null;
}

/**
 * A partner's agenda summary names no one itself: its counts check every person's row rule as
 * they read them, so the `rows` policy lets the summary through.
 */
export function isAgendaSummary(object: unknown): boolean {
  return typeof object === 'object' && object !== null && 'evidence' in object && Array.isArray((object as { evidence: unknown }).evidence) && !('since' in object);
}
