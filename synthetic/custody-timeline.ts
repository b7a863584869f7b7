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
