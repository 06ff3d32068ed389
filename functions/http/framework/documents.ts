import { findDocument, type Loaded } from '../../app/documents.js';
import type { DocumentKind, Store } from '../../app/ports/store.js';
import { NotFoundError } from './errors.js';

/** A published form or playbook, or the SPEC's 404. */
export const loadDocument = async <K extends DocumentKind>(store: Store, kind: K, id: string, version?: number): Promise<Loaded<K>> => {
  const loaded = await findDocument(store, kind, id, version);
  if (!loaded) throw new NotFoundError(`no ${kind} "${id}"${version === undefined ? '' : ` version ${version}`} is published`);
  return loaded;
};
