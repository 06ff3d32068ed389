import type { Adapters } from '../adapters/clients.js';
import { createNotifiers } from '../adapters/notifiers.js';
import { withCachedDocuments } from '../adapters/cached-documents.js';
import { withCachedWebhookEndpoints } from '../adapters/cached-webhook-endpoints.js';
import { withKnownTeamStates } from '../adapters/known-team-states.js';
import { LATEST_DOCUMENT_TTL_MS } from '../app/documents.js';
import type { ScorerDependencies } from '../app/score-job.js';
import type { WebhookQueue } from '../app/ports/webhooks.js';

/** What the scorer and the SLA job run with, on AWS and on the local host: the adapters given, the notifiers their config names, the real clock. */
export const scorerDependencies = ({ store, queue, config, webhookQueue }: Adapters): ScorerDependencies & { webhookQueue?: WebhookQueue } => {
  const { mailer, slack } = createNotifiers(config);
  return {
    // Every job reads its playbook, and a submission's job its form version: kept per container. So is
    // each team's state its assignments last wrote, which their conditional save keeps safe, and the
    // webhook endpoints every lifecycle change is matched against, for as long as a latest document.
    store: withKnownTeamStates(withCachedWebhookEndpoints(withCachedDocuments(store, { latestTtlMs: LATEST_DOCUMENT_TTL_MS }), { ttlMs: LATEST_DOCUMENT_TTL_MS })),
    mailer,
    ...(slack ? { slack } : {}),
    queue,
    ...(webhookQueue ? { webhookQueue } : {}),
    now: () => new Date(),
    publicUrl: config.WINNOW_PUBLIC_URL,
    ...(config.WINNOW_LINK_SECRET ? { linkSecret: config.WINNOW_LINK_SECRET } : {}),
  };
};
