import { adaptersFrom, afterSecrets } from '../adapters/clients.js';
import { createWebhookDeliverer } from './webhook-deliverer.js';
import { webhookDelivererDependencies } from './webhook-wiring.js';

/** The webhook worker on AWS: its queue's batches, and the sweeper's schedule. */
export const handler = afterSecrets(
  (adapters) => createWebhookDeliverer(webhookDelivererDependencies(adapters)),
  () => adaptersFrom(process.env),
);
