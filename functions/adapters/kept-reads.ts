/**
 * Reads kept per key for `ttlMs` (for good when `Infinity`), the oldest forgotten past
 * `maxEntries`: what a container keeps of what changes seldom (published documents, the webhook
 * endpoints). A failed read is never kept, nor an answer `keep` refuses (a miss, which the next
 * call asks about again); a read still in flight is shared by every caller.
 */
export const keptReads = <K, V>({ ttlMs, clock = Date.now, maxEntries = 500, keep = () => true }: { ttlMs: number; clock?: () => number; maxEntries?: number; keep?: (value: V) => boolean }) => {
  const kept = new Map<K, { until: number; value: Promise<V> }>();
  return {
    read: (key: K, load: () => Promise<V>): Promise<V> => {
      const held = kept.get(key);
      if (held && held.until > clock()) return held.value;
      const entry = { until: clock() + ttlMs, value: load() };
      kept.delete(key);
      if (kept.size >= maxEntries) kept.delete(kept.keys().next().value as K);
      kept.set(key, entry);
      // Only this read's entry: a later one for the same key stands.
      const forget = () => void (kept.get(key) === entry && kept.delete(key));
      entry.value.then((value) => (keep(value) ? undefined : forget()), forget);
      return entry.value;
    },
    forget: (key: K): void => void kept.delete(key),
    forgetAll: (): void => kept.clear(),
  };
};
