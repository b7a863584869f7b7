/**
 * A case conference's evidence window as a partner receives it in a federation representation.
 * IOM owns it (from the review before the conference, or adoption, to the conference day); each
 * partner filters its own records by it, so what an agenda shows never depends on reviews
 * recorded at the conference or later.
 */
import { isIsoDate, type IsoDate } from './dates';

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
