import { randomBytes } from 'node:crypto';
import type { Adapters } from '../adapters/clients.js';
import { withCachedDocuments } from '../adapters/cached-documents.js';
import type { Config } from '../adapters/config.js';
import { createLeadIds } from '../adapters/lead-ids.js';
import type { Lookup } from '../adapters/webhook-hosts.js';
import { LATEST_DOCUMENT_TTL_MS } from '../app/documents.js';
import type { WebhookUrlPolicy } from '../app/ports/store.js';
import type { Dependencies } from './framework/route.js';

/**
 * SPEC: `http` to loopback only under `npm start`, which says so in the config; elsewhere each
 * host is resolved (by `lookup`, the system's unless a test gives one) and a private address refused.
 */
export const webhookUrlPolicy = (config: Pick<Config, 'WINNOW_WEBHOOKS_ALLOW_LOOPBACK'>, lookup?: Lookup): WebhookUrlPolicy => ({
  allowLoopbackHttp: config.WINNOW_WEBHOOKS_ALLOW_LOOPBACK === true,
  // Loaded by the first check, which only the admin API makes, on saving an endpoint: no API function's init runs it.
  resolvesToPrivate: async (host) => (await import('../adapters/webhook-hosts.js')).resolvesToPrivate(host, lookup),
});

/** What the API functions serve with on AWS and `npm start` serves with locally: the adapters given, the real clock, lead ids and randomness. */
export const httpDependencies = (adapters: Adapters): Dependencies => ({
  ...adapters,
  // Every public request reads its form (CORS, then the step); an event reads every form's origins.
  store: withCachedDocuments(adapters.store, { latestTtlMs: LATEST_DOCUMENT_TTL_MS }),
  now: () => new Date(),
  leadIds: createLeadIds(adapters.config.WINNOW_LINK_SECRET),
  randomBytes: (size) => randomBytes(size),
  webhookUrls: webhookUrlPolicy(adapters.config),
  adminToken: async () => adapters.config.WINNOW_ADMIN_TOKEN,
});
