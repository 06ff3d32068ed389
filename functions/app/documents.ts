import { FormSchema, StoredPlaybookSchema, type Form, type Playbook } from '../core/index.js';
import { NotFoundError } from './errors.js';
import type { DocumentKind, Store } from './ports/store.js';

// Stored versions are read by the rules they were published under: a rule added since refuses new publishes, not old data.
const SCHEMAS = { form: FormSchema, playbook: StoredPlaybookSchema } as const;
export type DocumentOf<K extends DocumentKind> = K extends 'form' ? Form : Playbook;

export interface Loaded<K extends DocumentKind> {
  document: DocumentOf<K>;
  version: number;
}

/** A published form or playbook, parsed: what was stored passed this same schema when published. */
export const findDocument = async <K extends DocumentKind>(store: Pick<Store, 'latestDocument' | 'documentVersion'>, kind: K, id: string, version?: number): Promise<Loaded<K> | undefined> => {
  const published = version === undefined ? await store.latestDocument(kind, id) : await store.documentVersion(kind, id, version);
  return published && { document: SCHEMAS[kind].parse(published.document) as DocumentOf<K>, version: published.version };
};

/** A published form or playbook that a request names: NotFoundError when there is none. */
export const loadDocument = async <K extends DocumentKind>(store: Pick<Store, 'latestDocument' | 'documentVersion'>, kind: K, id: string, version?: number): Promise<Loaded<K>> => {
  const loaded = await findDocument(store, kind, id, version);
  if (!loaded) throw new NotFoundError(`no ${kind} "${id}"${version === undefined ? '' : ` version ${version}`} is published`);
  return loaded;
};

/**
 * How long a container keeps the latest version of a document: one published elsewhere (the
 * admin function) is used by the others within this time.
 */
export const LATEST_DOCUMENT_TTL_MS = 5_000;

/** Reads published documents, parsed; a cache of them answers the same. */
export interface DocumentReader {
  find<K extends DocumentKind>(kind: K, id: string, version?: number): Promise<Loaded<K> | undefined>;
}

/** No cache: every read goes to the store. */
export const storeDocuments = (store: Pick<Store, 'latestDocument' | 'documentVersion'>): DocumentReader => ({
  find: (kind, id, version) => findDocument(store, kind, id, version),
});

/**
 * Published documents cached for a container's life, parsed once. A version never changes once
 * published, so it is kept as long as there is room; the latest version is kept `latestTtlMs`,
 * so a new one is picked up within that time without a read on every job.
 */
export const cachedDocuments = (
  store: Pick<Store, 'latestDocument' | 'documentVersion'>,
  { latestTtlMs, clock = Date.now, maxEntries = 500 }: { latestTtlMs: number; clock?: () => number; maxEntries?: number },
): DocumentReader => {
  const versions = new Map<string, Promise<Loaded<DocumentKind> | undefined>>();
  const latest = new Map<string, { until: number; loaded: Promise<Loaded<DocumentKind> | undefined> }>();
  const remember = <V>(map: Map<string, V>, key: string, value: V) => {
    if (map.size >= maxEntries) map.delete(map.keys().next().value as string);
    map.set(key, value);
  };
  // A failed or missing read is not kept: the next job asks again.
  const unlessEmpty = <V>(map: Map<string, V>, key: string, loaded: Promise<unknown>) =>
    loaded.then(
      (found) => found === undefined && map.delete(key),
      () => map.delete(key),
    );
  return {
    find: <K extends DocumentKind>(kind: K, id: string, version?: number) => {
      const key = `${kind}\n${id}\n${version ?? ''}`;
      if (version !== undefined) {
        let loaded = versions.get(key);
        if (!loaded) {
          loaded = findDocument(store, kind, id, version);
          remember(versions, key, loaded);
          void unlessEmpty(versions, key, loaded);
        }
        return loaded as Promise<Loaded<K> | undefined>;
      }
      const cached = latest.get(key);
      if (cached && cached.until > clock()) return cached.loaded as Promise<Loaded<K> | undefined>;
      const loaded = findDocument(store, kind, id);
      remember(latest, key, { until: clock() + latestTtlMs, loaded });
      void unlessEmpty(latest, key, loaded);
      return loaded;
    },
  };
};
