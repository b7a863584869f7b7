/**
 * Custody episodes as a partner that only records what has happened would hold them: the random
 * draws can, rarely, give an episode that starts before the previous release or lies after the
 * reference date, so such episodes are merged or dropped. The shared facts apply this once, so
 * every partner reads the same history; calling it again on that history changes nothing.
 */
import type { CustodyEpisode } from './shared-facts';

export function recordedCustodyEpisodes(episodes: CustodyEpisode[], today: string): CustodyEpisode[] {
  const sorted = episodes
    .filter((episode) => episode.start <= today)
    .map((episode) => ({ start: episode.start, release: episode.release && episode.release <= today ? episode.release : null }))
    .sort((a, b) => a.start.localeCompare(b.start));
  const recorded: CustodyEpisode[] = [];
  for (const episode of sorted) {
    const previous = recorded[recorded.length - 1];
    if (previous && (previous.release === null || previous.release > episode.start)) {
      // Overlapping sentences are one continuous stay in custody.
      previous.release = previous.release === null || episode.release === null ? null : episode.release > previous.release ? episode.release : previous.release;
      continue;
    }
    recorded.push(episode);
  }
  return recorded;
}

/** Adds calendar months to a YYYY-MM-DD date, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(isoDate: string, months: number): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Whole days from one YYYY-MM-DD date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
