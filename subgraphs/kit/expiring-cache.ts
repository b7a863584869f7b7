/**
 * A bounded map whose entries expire: verified tokens and signed caller contexts are reused until
 * shortly before they stop being valid, and never more than `maxEntries` are kept (the oldest
 * entry goes first), so a flood of distinct tokens costs bounded memory.
 *
 * Entries whose size varies a lot (a parsed operation of 50 tokens or of 3,000) can also be bounded
 * by weight: each entry is set with an estimate of the bytes it holds, and the oldest entries go
 * until the total is within `maxWeight`. A count alone would let 500 large documents take hundreds
 * of MB where 500 ordinary ones take a few.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number; weight: number }>();
  private totalWeight = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight = Number.POSITIVE_INFINITY,
  ) {
    if (!(Number.isInteger(maxEntries) && maxEntries > 0)) throw new Error(`An expiring cache needs room for at least one entry; got ${maxEntries}.`);
    if (!(maxWeight > 0)) throw new Error(`An expiring cache's weight bound must be above 0; got ${maxWeight}.`);
  }

  /** The value, if it is still valid at `now` (milliseconds since the epoch). */
  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** `weight`: an estimate of the bytes the entry holds, key included; an entry heavier than the whole bound is not kept. */
  set(key: string, value: V, expiresAt: number, weight = 0): void {
    this.delete(key);
    if (weight > this.maxWeight) return;
    while (this.entries.size > 0 && (this.entries.size >= this.maxEntries || this.totalWeight + weight > this.maxWeight)) this.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expiresAt, weight });
    this.totalWeight += weight;
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalWeight -= entry.weight;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The sum of the kept entries' weights. */
  get weight(): number {
    return this.totalWeight;
  }
}
