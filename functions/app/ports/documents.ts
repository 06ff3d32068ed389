import * as z from '../../core/zod.js';
import { once } from '../../core/once.js';

// Each schema is built by its builder's first call (functions/core/once.ts): a function's first
// document read, rather than its init.

const documentKind = /* @__PURE__ */ once(() => z.enum(['form', 'playbook', 'team']));
export const DocumentKind = /* @__PURE__ */ documentKind();
export type DocumentKind = z.output<typeof DocumentKind>;

/** One version of a form, playbook or team, as published: versions are never changed, only added. */
export const publishedDocument = /* @__PURE__ */ once(() => z.object({
  kind: documentKind(),
  id: z.string(),
  version: z.number().check(z.int()),
  /** The JSON as published; parse it with the core schema before use. */
  document: z.unknown(),
  publishedAt: z.string(),
}));
export type PublishedDocument = z.output<ReturnType<typeof publishedDocument>>;

/** Published forms, playbooks and teams: every version kept, the latest one a single read away. */
export interface DocumentStore {
  latestDocument(kind: DocumentKind, id: string): Promise<PublishedDocument | undefined>;
  documentVersion(kind: DocumentKind, id: string, version: number): Promise<PublishedDocument | undefined>;
  /** Every latest document of a kind, by id. */
  latestDocuments(kind: DocumentKind): Promise<PublishedDocument[]>;
  /**
   * Stores a new version; throws ConflictError when another publish took that number. The
   * latest only ever moves forward: publishing an older number leaves it where it is.
   */
  publishDocument(document: PublishedDocument): Promise<void>;
}
