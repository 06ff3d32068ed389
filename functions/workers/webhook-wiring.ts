import type { Adapters } from '../adapters/clients.js';
import { createNotifiers } from '../adapters/notifiers.js';
import { deliver, systemLookup } from '../adapters/webhook-sender.js';
import type { WebhookQueue } from '../app/ports/webhooks.js';
import type { WebhookDeliveryDependencies } from '../app/webhook-delivery.js';

/**
 * What the webhook worker runs with: the sender (SPEC: on AWS every host is resolved before each
 * attempt and a private address refused; under `npm start` a loopback receiver is the point), the
 * mailer for a disabled endpoint's notice, and its own queue, which it cannot run without.
 */
export const webhookDelivererDependencies = ({ store, config, webhookQueue }: Adapters): WebhookDeliveryDependencies & { webhookQueue: WebhookQueue } => {
  if (!webhookQueue) throw new Error('WINNOW_WEBHOOK_QUEUE_URL is not set: the webhook worker needs its queue');
  const resolve = config.WINNOW_WEBHOOKS_ALLOW_LOOPBACK === true ? undefined : systemLookup;
  return {
    store,
    now: () => new Date(),
    send: (url, message) => deliver(url, message, resolve ? { resolve } : {}),
    webhookQueue,
    mailer: createNotifiers(config).mailer,
    alarmEmails: (config.WINNOW_ALARM_EMAILS ?? '').split(',').map((address) => address.trim()).filter(Boolean),
  };
};
