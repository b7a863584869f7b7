/**
 * DataLoader helpers: every list and every reference resolver goes through one of these, so the
 * number of SQL statements for a query does not grow with the number of people in it.
 */
import DataLoader from 'dataloader';

/** One row (or null) per key, from a single batched fetch. */
export function loaderOfOne<TKey, TRow, TCacheKey = TKey>(
  fetch: (keys: readonly TKey[]) => Promise<TRow[]>,
  keyOf: (row: TRow) => TCacheKey,
  cacheKeyFn?: (key: TKey) => TCacheKey,
): DataLoader<TKey, TRow | null, TCacheKey> {
  const toCacheKey = cacheKeyFn ?? ((key: TKey) => key as unknown as TCacheKey);
  return new DataLoader<TKey, TRow | null, TCacheKey>(
    async (keys) => {
      const rows = await fetch(keys);
      const byKey = new Map<TCacheKey, TRow>();
      for (const row of rows) byKey.set(keyOf(row), row);
      return keys.map((key) => byKey.get(toCacheKey(key)) ?? null);
    },
    { cacheKeyFn, maxBatchSize: 5000 },
  );
}

/** Every row per key (possibly none), from a single batched fetch. */
export function loaderOfMany<TKey, TRow, TCacheKey = TKey>(
  fetch: (keys: readonly TKey[]) => Promise<TRow[]>,
  keyOf: (row: TRow) => TCacheKey,
  cacheKeyFn?: (key: TKey) => TCacheKey,
): DataLoader<TKey, TRow[], TCacheKey> {
  const toCacheKey = cacheKeyFn ?? ((key: TKey) => key as unknown as TCacheKey);
  return new DataLoader<TKey, TRow[], TCacheKey>(
    async (keys) => {
      const rows = await fetch(keys);
      const byKey = new Map<TCacheKey, TRow[]>();
      for (const row of rows) {
        const key = keyOf(row);
        const list = byKey.get(key);
        if (list) list.push(row);
        else byKey.set(key, [row]);
      }
      return keys.map((key) => byKey.get(toCacheKey(key)) ?? []);
    },
    { cacheKeyFn, maxBatchSize: 5000 },
  );
}
