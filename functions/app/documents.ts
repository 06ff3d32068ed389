import { formSchema, storedPlaybookSchema, teamSchema, type Form, type Playbook, type Team } from '../core/index.js';
import { NotFoundError } from './errors.js';
import type { DocumentKind, PublishedDocument, Store } from './ports/store.js';

// Stored versions are read by the rules they were published under: a rule added since refuses new publishes, not old data.
// Each kind's schema is built by the first read of that kind: the public API reads a team only
// behind a feedback link, and a function's init builds none (each is one to two hundred zod objects).
const SCHEMAS = { form: formSchema, playbook: storedPlaybookSchema, team: teamSchema } as const;
export type DocumentOf<K extends DocumentKind> = K extends 'form' ? Form : K extends 'team' ? Team : Playbook;

export interface Loaded<K extends DocumentKind> {
  document: DocumentOf<K>;
  version: number;
}

/** Each stored document parsed once: a container's cache (`withCachedDocuments`) hands out the same object again. */
const parsed = new WeakMap<PublishedDocument, Form | Playbook | Team>();

/** A published form, playbook or team, parsed: what was stored passed this same schema when published. */
export const findDocument = async <K extends DocumentKind>(store: Pick<Store, 'latestDocument' | 'documentVersion'>, kind: K, id: string, version?: number): Promise<Loaded<K> | undefined> => {
  const published = version === undefined ? await store.latestDocument(kind, id) : await store.documentVersion(kind, id, version);
  if (!published) return undefined;
  let document = parsed.get(published);
  if (!document) parsed.set(published, (document = SCHEMAS[kind]().parse(published.document)));
  return { document: document as DocumentOf<K>, version: published.version };
};

/**
 * The published forms, parsed (each once per container, as `findDocument` parses them): their
 * labels name a lead's answers, whichever form it gave them on. A stored form that no longer
 * parses is left out, not fatal to a notice or a page.
 */
export const publishedForms = async (store: Pick<Store, 'latestDocuments'>): Promise<Form[]> =>
  (await store.latestDocuments('form')).flatMap((published) => {
    const known = parsed.get(published);
    if (known) return [known as Form];
    const form = formSchema().safeParse(published.document);
    if (!form.success) return [];
    parsed.set(published, form.data);
    return [form.data];
  });

/** A published document that a request names: NotFoundError when there is none. */
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
