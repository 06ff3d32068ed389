import type { Adapters } from '../adapters/clients.js';
import { withCachedDocuments } from '../adapters/cached-documents.js';
import { createLeadIds } from '../adapters/lead-ids.js';
import { LATEST_DOCUMENT_TTL_MS } from '../app/documents.js';
import type { Dependencies } from './framework/route.js';

/** What the API functions serve with on AWS and `npm start` serves with locally: the adapters given, the real clock and lead ids. */
export const httpDependencies = (adapters: Adapters): Dependencies => ({
  ...adapters,
  // Every public request reads its form (CORS, then the step); an event reads every form's origins.
  store: withCachedDocuments(adapters.store, { latestTtlMs: LATEST_DOCUMENT_TTL_MS }),
  now: () => new Date(),
  leadIds: createLeadIds(adapters.config.WINNOW_LINK_SECRET),
  adminToken: async () => adapters.config.WINNOW_ADMIN_TOKEN,
});
