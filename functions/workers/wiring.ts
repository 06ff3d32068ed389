import type { Adapters } from '../adapters/clients.js';
import { createNotifiers } from '../adapters/notifiers.js';
import { LATEST_DOCUMENT_TTL_MS, cachedDocuments } from '../app/documents.js';
import type { ScorerDependencies } from '../app/score-job.js';

export { LATEST_DOCUMENT_TTL_MS } from '../app/documents.js';

/** What the scorer and the SLA job run with, on AWS and on the local host: the adapters given, the notifiers their config names, the real clock. */
export const scorerDependencies = ({ store, queue, config }: Adapters): ScorerDependencies => {
  const { mailer, slack } = createNotifiers(config);
  return {
    store,
    mailer,
    ...(slack ? { slack } : {}),
    queue,
    documents: cachedDocuments(store, { latestTtlMs: LATEST_DOCUMENT_TTL_MS }),
    now: () => new Date(),
    publicUrl: config.WINNOW_PUBLIC_URL,
    ...(config.WINNOW_LINK_SECRET ? { linkSecret: config.WINNOW_LINK_SECRET } : {}),
  };
};
