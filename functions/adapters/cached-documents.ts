import type { DocumentKind, PublishedDocument, Store } from '../app/ports/store.js';

interface Kept<T> {
  until: number;
  value: Promise<T>;
}

/**
 * The store, with published documents read once per container: a version for good (it never
 * changes), the latest version and the list of latest ones for `latestTtlMs`, so a document
 * published elsewhere is seen within that time. A publish through this store is seen at once.
 * Misses and failed reads are never kept: the next request asks again.
 */
export const withCachedDocuments = <S extends Store>(store: S, { latestTtlMs, clock = Date.now, maxEntries = 500 }: { latestTtlMs: number; clock?: () => number; maxEntries?: number }): S => {
  const versions = new Map<string, Promise<PublishedDocument | undefined>>();
  const latest = new Map<string, Kept<PublishedDocument | undefined>>();
  const lists = new Map<DocumentKind, Kept<PublishedDocument[]>>();
  const remember = <V>(map: Map<string, V>, key: string, value: V) => {
    if (map.size >= maxEntries) map.delete(map.keys().next().value as string);
    map.set(key, value);
  };
  const forgetMisses = <V>(map: Map<string, V>, key: string, value: Promise<unknown>) => {
    value.then(
      (found) => (found === undefined ? map.delete(key) : undefined),
      () => map.delete(key),
    );
  };
  const cached: Pick<Store, 'latestDocument' | 'documentVersion' | 'latestDocuments' | 'publishDocument'> = {
    documentVersion: (kind, id, version) => {
      const key = `${kind}\n${id}\n${version}`;
      let value = versions.get(key);
      if (!value) {
        value = store.documentVersion(kind, id, version);
        remember(versions, key, value);
        forgetMisses(versions, key, value);
      }
      return value;
    },
    latestDocument: (kind, id) => {
      const key = `${kind}\n${id}`;
      const kept = latest.get(key);
      if (kept && kept.until > clock()) return kept.value;
      const value = store.latestDocument(kind, id);
      remember(latest, key, { until: clock() + latestTtlMs, value });
      forgetMisses(latest, key, value);
      return value;
    },
    latestDocuments: (kind) => {
      const kept = lists.get(kind);
      if (kept && kept.until > clock()) return kept.value;
      const value = store.latestDocuments(kind);
      lists.set(kind, { until: clock() + latestTtlMs, value });
      value.catch(() => lists.delete(kind));
      return value;
    },
    publishDocument: async (document) => {
      await store.publishDocument(document);
      latest.delete(`${document.kind}\n${document.id}`);
      lists.delete(document.kind);
    },
  };
  return Object.assign(Object.create(store) as S, cached);
};
