import type { DocumentKind, PublishedDocument, Store } from '../app/ports/store.js';
import { keptReads } from './kept-reads.js';

/**
 * The store, with published documents read once per container: a version for good (it never
 * changes), the latest version and the list of latest ones for `latestTtlMs`, so a document
 * published elsewhere is seen within that time. A publish through this store is seen at once.
 * Misses and failed reads are never kept: the next request asks again.
 */
export const withCachedDocuments = <S extends Store>(store: S, { latestTtlMs, clock = Date.now, maxEntries = 500 }: { latestTtlMs: number; clock?: () => number; maxEntries?: number }): S => {
  const found = (document: PublishedDocument | undefined) => document !== undefined;
  const versions = keptReads<string, PublishedDocument | undefined>({ ttlMs: Number.POSITIVE_INFINITY, clock, maxEntries, keep: found });
  const latest = keptReads<string, PublishedDocument | undefined>({ ttlMs: latestTtlMs, clock, maxEntries, keep: found });
  const lists = keptReads<DocumentKind, PublishedDocument[]>({ ttlMs: latestTtlMs, clock });
  const cached: Pick<Store, 'latestDocument' | 'documentVersion' | 'latestDocuments' | 'publishDocument'> = {
    documentVersion: (kind, id, version) => versions.read(`${kind}\n${id}\n${version}`, () => store.documentVersion(kind, id, version)),
    latestDocument: (kind, id) => latest.read(`${kind}\n${id}`, () => store.latestDocument(kind, id)),
    latestDocuments: (kind) => lists.read(kind, () => store.latestDocuments(kind)),
    publishDocument: async (document) => {
      await store.publishDocument(document);
      latest.forget(`${document.kind}\n${document.id}`);
      lists.forget(document.kind);
    },
  };
  return Object.assign(Object.create(store) as S, cached);
};
