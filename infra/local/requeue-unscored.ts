import type { ScoringQueue } from '../../functions/adapters/scoring-queue.js';
import type { Store } from '../../functions/app/ports/store.js';

/**
 * The local queue lives in memory, so jobs queued before a restart are gone; the data they
 * point at is not. Each submission and event its lead's score does not count yet (by its
 * scored-through watermark and the items it lists beyond it) is queued again. A job is a hint
 * to re-score a lead, so queueing one twice is harmless.
 */
export const requeueUnscored = async (store: Store, queue: ScoringQueue): Promise<number> => {
  const jobs = [];
  for await (const job of store.unscored()) jobs.push(job);
  await queue.enqueueAll(jobs);
  return jobs.length;
};
