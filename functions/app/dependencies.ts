import type { LeadIds } from './ports/lead-ids.js';
import type { ScoringQueue } from './ports/queue.js';
import type { Store } from './ports/store.js';

/** What the use cases on the request path work with: the table, the scoring queue, the ids they issue and the clock. */
export interface AppDependencies {
  store: Store;
  queue: ScoringQueue;
  leadIds: LeadIds;
  now: () => Date;
}
