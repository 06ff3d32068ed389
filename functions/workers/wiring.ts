import type { Adapters } from '../adapters/clients.js';
import { createNotifiers } from '../adapters/notifiers.js';
import { cachedDocuments } from '../app/documents.js';
import type { ScorerDependencies } from '../app/score-job.js';

/** A playbook published now is scored with within this long; a form version never changes, so it is kept. */
export const LATEST_DOCUMENT_TTL_MS = 5_000;

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
