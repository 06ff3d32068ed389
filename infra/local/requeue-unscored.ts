import type { ScoringQueue } from '../../functions/adapters/scoring-queue.js';
import type { Store } from '../../functions/adapters/store.js';

/**
 * The local queue lives in memory, so jobs queued before a restart are gone; the data they
 * point at is not. A job is a hint to re-score a lead, so queueing one twice is harmless.
 */
export const requeueUnscored = async (store: Store, queue: ScoringQueue): Promise<number> => {
  let count = 0;
  for await (const job of store.unscored()) {
    await queue.enqueue(job);
    count += 1;
  }
  return count;
};
