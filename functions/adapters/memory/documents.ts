import { ConflictError } from '../../app/ports/errors.js';
import type { DocumentStore } from '../../app/ports/store.js';
import { byteOrder, copy, type MemoryTable } from './table.js';

export const memoryDocumentStore = (table: MemoryTable): DocumentStore => ({
  async latestDocument(kind, id) {
    return copy(table.documents.get(`${kind}#${id}`)?.latest);
  },

  async documentVersion(kind, id, version) {
    return copy(table.documents.get(`${kind}#${id}`)?.versions.get(version));
  },

  async latestDocuments(kind) {
    return [...table.documents.values()]
      .flatMap(({ latest }) => (latest?.kind === kind ? [copy(latest)] : []))
      .sort((a, b) => byteOrder(a.id, b.id));
  },

  async publishDocument(document) {
    const stored = table.document(document.kind, document.id);
    if (stored.versions.has(document.version)) throw new ConflictError(`${document.kind} ${document.id} version ${document.version} exists already`);
    stored.versions.set(document.version, copy(document));
    // The latest only ever moves forward, as the catalog item does.
    if (!stored.latest || stored.latest.version < document.version) stored.latest = copy(document);
  },
});
