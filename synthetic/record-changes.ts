/**
 * When a partner's data about a synthetic person last changed: the latest day any of its records
 * about them is dated, at a time of day (08:00–17:59 UTC) drawn from the person's key, so the same
 * seed always gives the same timestamps.
 */
import { seededRandom } from './shared-facts';

export class LatestChanges {
  private readonly latest = new Map<string, string>();

  /** Notes the days a person's records are dated (nulls ignored). */
  note(key: string, ...days: (string | null | undefined)[]): void {
    for (const day of days) {
      if (!day) continue;
      const known = this.latest.get(key);
      if (!known || day > known) this.latest.set(key, day);
    }
  }

  /** The timestamp of the last change: on the latest day noted (else `fallbackDay`), never after `today`. */
  changedAt(key: string, fallbackDay: string, today: string): Date {
    const noted = this.latest.get(key) ?? fallbackDay;
    const day = noted > today ? today : noted;
    let hash = 0;
    for (const char of key) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    const minutes = 8 * 60 + Math.floor(seededRandom(hash)() * 600);
    return new Date(`${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00.000Z`);
  }
}
