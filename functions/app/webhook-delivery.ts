import { escapeHtml, teamSchema } from '../core/index.js';
import { activeSecrets, deliveryAfterAttempt, endpointAfterAttempt, WEBHOOK_MAX_ATTEMPTS, type DeliveryProgress, type WebhookEndpoint } from '../core/webhooks.js';
import { logger } from './logger.js';
import { ConflictError } from './ports/errors.js';
import type { Mailer } from './ports/notifiers.js';
import type { Store } from './ports/store.js';
import type { WebhookDelivery, WebhookJob, WebhookQueue, WebhookSender } from './ports/webhooks.js';
import { retryOnConflict } from './retry.js';
import { queueJobs } from './webhook-outbox.js';

/*
 * One attempt of one delivery, as the webhook worker makes it: claimed first (so two workers
 * holding the same message never both send it), signed and sent, its outcome recorded, and the
 * next attempt scheduled by the SPEC's table. The endpoint keeps its failing streak; five days of
 * it switch the endpoint off and tell a person.
 */

export interface WebhookDeliveryDependencies {
  store: Store;
  now: () => Date;
  send: WebhookSender;
  /** Absent: retries wait on the table's due list for the sweeper. */
  webhookQueue?: WebhookQueue;
  mailer: Mailer;
  /** Told, with every team's `fallback`, when an endpoint is switched off. */
  alarmEmails: readonly string[];
}

/**
 * How long a claimed attempt holds its delivery: longer than a send may take (10 s), so a slow
 * receiver is never mistaken for a dead worker. A worker that dies mid-attempt leaves the
 * delivery due again after it, for the sweeper.
 */
export const CLAIM_SECONDS = 60;
/** SQS delays a message 15 minutes at most: a later retry waits for the sweeper. */
export const MAX_QUEUE_DELAY_SECONDS = 900;
/** SQS rounds delays: a message that comes this much early is still the attempt it was sent for. */
const EARLY_MS = 1_000;
/** The sweeper reads the due list this many at a time. */
const SWEEP_PAGE = 100;

export type AttemptOutcome = 'delivered' | 'retrying' | 'failed' | 'skipped';

const lastOf = ({ lastStatus, lastError }: Pick<WebhookDelivery, 'lastStatus' | 'lastError'>) => ({
  ...(lastStatus === undefined ? {} : { lastStatus }),
  ...(lastError === undefined ? {} : { lastError }),
});

/** Why a pending delivery is not sent again, if it is not. */
const endReason = (delivery: WebhookDelivery, endpoint: WebhookEndpoint): string | undefined => {
  if (delivery.redactedAt !== undefined) return 'its lead was erased: its data is no longer sent';
  // A test is sent whenever asked (core `receives`): the point is to try an endpoint, on or off.
  if (!endpoint.enabled && delivery.type !== 'webhook.test') return 'the endpoint is disabled: enable it, then redeliver';
  // Only a worker that died mid-attempt leaves a delivery pending with no attempt left.
  if (delivery.attempts >= WEBHOOK_MAX_ATTEMPTS) return delivery.lastError ?? 'the last attempt was interrupted';
  return undefined;
};

const save = (deps: Pick<WebhookDeliveryDependencies, 'store'>, job: WebhookJob, progress: DeliveryProgress, expectedAttempts: number) =>
  deps.store.saveWebhookDeliveryProgress(job.endpointId, job.deliveryId, progress, expectedAttempts);

/**
 * Makes the attempt a queued job asks for, if it is still owed: the delivery pending and due,
 * and no other worker holding it. A delivered or failed delivery is never sent again here; only
 * a redelivery makes it pending.
 */
export const attemptDelivery = async (deps: WebhookDeliveryDependencies, job: WebhookJob): Promise<AttemptOutcome> => {
  const delivery = await deps.store.getWebhookDelivery(job.endpointId, job.deliveryId);
  if (!delivery || delivery.status !== 'pending') return 'skipped';
  const now = deps.now();
  // Not due: a second message for an attempt another worker holds, or made already.
  if (delivery.nextAttemptAt !== undefined && Date.parse(delivery.nextAttemptAt) - now.getTime() > EARLY_MS) return 'skipped';
  const endpoint = await deps.store.getWebhookEndpoint(job.endpointId);
  if (!endpoint) {
    // Deleted meanwhile: its DELETE took its deliveries, but one stored after (the scorer matches changes
    // against the endpoints as they were up to 5 s before) would stay due for ever, and hold its lead's
    // data where no erase looks (an erase reads the deliveries of the endpoints there are). Deleted here.
    await deps.store.deleteWebhookDelivery(job.endpointId, job.deliveryId);
    return 'skipped';
  }
  const ended = endReason(delivery, endpoint);
  if (ended) {
    const { lastStatus } = delivery;
    await save(deps, job, { status: 'failed', attempts: delivery.attempts, ...(lastStatus === undefined ? {} : { lastStatus }), lastError: ended }, delivery.attempts);
    return 'failed';
  }

  const claim: DeliveryProgress = { status: 'pending', attempts: delivery.attempts + 1, ...lastOf(delivery), nextAttemptAt: new Date(now.getTime() + CLAIM_SECONDS * 1000).toISOString() };
  if (!(await save(deps, job, claim, delivery.attempts))) return 'skipped';

  // Signed at the attempt's own time (receivers refuse a timestamp 5 minutes off), with every live secret.
  const result = await deps.send(endpoint.url, { id: delivery.deliveryId, timestamp: now, body: delivery.body, secrets: activeSecrets(endpoint, now) });
  const after = deps.now();
  const progress = deliveryAfterAttempt(delivery.attempts, result, after);
  if (!(await save(deps, job, progress, claim.attempts))) {
    logger.warn('a webhook attempt finished after its delivery was redelivered; the redelivery stands', { ...job });
    return 'skipped';
  }
  if (progress.status === 'pending' && progress.nextAttemptAt !== undefined) {
    const delaySeconds = (Date.parse(progress.nextAttemptAt) - after.getTime()) / 1000;
    if (delaySeconds <= MAX_QUEUE_DELAY_SECONDS) await queueJobs(deps, [job], delaySeconds);
  }
  await recordOnEndpoint(deps, endpoint.id, result.ok, result.error ?? (result.status === undefined ? undefined : `answered ${result.status}`));
  return progress.status === 'delivered' ? 'delivered' : progress.status === 'failed' ? 'failed' : 'retrying';
};

/** The endpoint's failing streak after an attempt: begun, ended, or, 5 days long, the endpoint switched off and a person told. */
const recordOnEndpoint = async (deps: WebhookDeliveryDependencies, endpointId: string, ok: boolean, lastError: string | undefined): Promise<void> => {
  const disabled = await retryOnConflict(async () => {
    const stored = await deps.store.getWebhookEndpoint(endpointId);
    if (!stored) return undefined;
    const { version, ...current } = stored;
    const next = endpointAfterAttempt(current, ok, deps.now());
    const unchanged = ok ? current.failingSince === undefined : current.failingSince !== undefined && !next.disabled;
    if (unchanged) return undefined;
    await deps.store.saveWebhookEndpoint(next.endpoint, version);
    return next.disabled ? next.endpoint : undefined;
  }).catch((error: unknown) => {
    // The streak is bookkeeping: the next attempt records it again.
    if (error instanceof ConflictError) return undefined;
    throw error;
  });
  if (disabled) await tellDisabled(deps, disabled, lastError);
};

/** Every team's `fallback` and the alarm recipients, each once. */
const recipients = async (deps: Pick<WebhookDeliveryDependencies, 'store' | 'alarmEmails'>): Promise<string[]> => {
  const teams = await deps.store.latestDocuments('team');
  const fallbacks = teams.flatMap((published) => {
    const team = teamSchema().safeParse(published.document);
    return team.success ? team.data.fallback : [];
  });
  return [...new Set([...fallbacks, ...deps.alarmEmails])];
};

const tellDisabled = async (deps: WebhookDeliveryDependencies, endpoint: WebhookEndpoint, lastError: string | undefined): Promise<void> => {
  const to = await recipients(deps);
  logger.error('a webhook endpoint failed every attempt for 5 days and was disabled', { endpointId: endpoint.id, failingSince: endpoint.failingSince, told: to.length });
  if (to.length === 0) return;
  const lines = [
    `Winnow disabled the webhook endpoint "${endpoint.id}" (${endpoint.url}): every attempt to deliver to it has failed since ${endpoint.failingSince ?? 'five days ago'}.`,
    ...(lastError ? [`The last attempt: ${lastError}`] : []),
    'Fix the receiver, switch the endpoint back on (PUT /v1/admin/webhooks/{id} with "enabled": true), then redeliver the failed deliveries from its deliveries log.',
  ];
  try {
    await deps.mailer.send({
      to,
      subject: `Webhook endpoint ${endpoint.id} was disabled: it failed for 5 days`,
      text: lines.join('\n\n'),
      html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join(''),
    });
  } catch (error) {
    // The endpoint is off either way; the log line above and this one are what remains of the notice.
    logger.error('the notice of a disabled webhook endpoint could not be sent', { endpointId: endpoint.id, error: (error as Error).message });
  }
};

/**
 * Queues every pending delivery whose next attempt is due: retries later than SQS can delay, and
 * whatever a lost message or a restart of the local queue left behind. A job queued twice is
 * harmless: the first worker's claim makes the second skip.
 */
export const sweepDueDeliveries = async (deps: { store: Pick<Store, 'dueWebhookDeliveries'>; now: () => Date; webhookQueue: WebhookQueue }): Promise<number> => {
  const until = deps.now().toISOString();
  let queued = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.store.dueWebhookDeliveries(until, SWEEP_PAGE, cursor);
    const jobs = page.deliveries.map(({ endpointId, deliveryId }) => ({ endpointId, deliveryId }));
    await deps.webhookQueue.enqueueAll(jobs);
    queued += jobs.length;
    cursor = page.cursor;
  } while (cursor);
  return queued;
};
