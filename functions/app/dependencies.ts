import type { LeadIds } from './ports/lead-ids.js';
import type { ScoringQueue } from './ports/queue.js';
import type { Store, WebhookUrlPolicy } from './ports/store.js';
import type { WebhookQueue } from './ports/webhooks.js';

/** What the use cases on the request path work with: the table, the scoring queue, the ids they issue, the clock and chance. */
export interface AppDependencies {
  store: Store;
  queue: ScoringQueue;
  leadIds: LeadIds;
  now: () => Date;
  /** `crypto.randomBytes`: webhook secrets. */
  randomBytes: (size: number) => Uint8Array;
  /** Where webhooks may point: loopback under `npm start`, public hosts only on AWS. */
  webhookUrls: WebhookUrlPolicy;
  /** The webhook delivery queue; absent, deliveries wait on the table's due list for the sweeper. */
  webhookQueue?: WebhookQueue;
}
