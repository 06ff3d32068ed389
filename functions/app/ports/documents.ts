import * as z from 'zod';

// Schemas are built in calls marked @__PURE__: a function's bundle that never reads one leaves it
// out instead of building it at init (functions/http/wire.ts says why the mark needs the call).

export const DocumentKind = /* @__PURE__ */ (() => z.enum(['form', 'playbook', 'team']))();
export type DocumentKind = z.output<typeof DocumentKind>;

/** One version of a form, playbook or team, as published: versions are never changed, only added. */
export const PublishedDocument = /* @__PURE__ */ (() => z.object({
  kind: DocumentKind,
  id: z.string(),
  version: z.number().int(),
  /** The JSON as published; parse it with the core schema before use. */
  document: z.unknown(),
  publishedAt: z.string(),
}))();
export type PublishedDocument = z.output<typeof PublishedDocument>;

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
