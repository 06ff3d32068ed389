import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { leadEvents, playbookOf, scoreLead } from '../core/index.js';
import { defaultAdapters } from '../adapters/clients.js';
import { findDocument } from '../adapters/documents.js';
import { resolveLead } from '../adapters/leads.js';
import { ScoringJob } from '../adapters/scoring-queue.js';
import type { Store } from '../adapters/store.js';

export interface ScorerDependencies {
  store: Store;
  now: () => Date;
}

/**
 * Recomputes a lead's fit and interest from everything stored about it. A job is a hint,
 * not a delta: replaying it, or running two at once, computes the same score again.
 */
export const scoreJob = async (deps: ScorerDependencies, job: ScoringJob): Promise<void> => {
  const { store } = deps;
  const item = job.kind === 'submission' ? await store.getSubmission(job.id) : await store.getEvent(job.id);
  // Gone means erased (GDPR) after it was queued: there is nothing left to score.
  if (!item) return;
  const now = deps.now();
  const found = await resolveLead(store, item.leadId);
  if (found) {
    const { lead } = found;
    if (job.kind === 'submission' && 'mergedFrom' in item && item.mergedFrom) await store.markMerged(item.mergedFrom, lead.leadId);
    const playbookId = playbookOf(lead);
    const playbook = await findDocument(store, 'playbook', playbookId);
    // Without its playbook a lead cannot be scored; failing sends the job on to retry, then the DLQ.
    if (!playbook) throw new Error(`playbook ${playbookId} is not published; lead ${lead.leadId} cannot be scored`);
    const activity = await store.activity([lead.leadId, ...lead.mergedFrom]);
    const score = scoreLead(playbook.document, { answers: lead.answers, events: leadEvents(activity) }, now);
    await store.saveScore(lead.leadId, { ...score, playbookId, playbookVersion: playbook.version, scoredAt: now.toISOString() });
  }
  await store.markScored(job.kind, job.id, now.toISOString());
};

/** The SQS handler: each message a job; failures reported per message, so one bad job holds up no other. */
export const createScorer = (deps: ScorerDependencies) => {
  const processor = new BatchProcessor(EventType.SQS);
  const record = async (message: SQSRecord): Promise<void> => scoreJob(deps, ScoringJob.parse(JSON.parse(message.body)));
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, record, processor, { context, throwOnFullBatchFailure: false });
};

let scorer: ReturnType<typeof createScorer> | undefined;

export const handler = (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
  (scorer ??= createScorer({ store: defaultAdapters().store, now: () => new Date() }))(event, context);
