/**
 * A bounded map whose entries expire: verified tokens and signed caller contexts are reused until
 * shortly before they stop being valid, and never more than `maxEntries` are kept (the oldest
 * entry goes first), so a flood of distinct tokens costs bounded memory.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(private readonly maxEntries: number) {
    if (!(Number.isInteger(maxEntries) && maxEntries > 0)) throw new Error(`An expiring cache needs room for at least one entry; got ${maxEntries}.`);
  }

  /** The value, if it is still valid at `now` (milliseconds since the epoch). */
  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, expiresAt: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expiresAt });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
