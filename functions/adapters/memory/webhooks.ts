import * as z from '../../core/zod.js';
import { ConflictError, InvalidCursorError } from '../../app/ports/errors.js';
import type { WebhookDelivery, WebhookDeliveryPage, WebhookStore } from '../../app/ports/webhooks.js';
import { byteOrder, copy, sortedValues, type MemoryTable } from './table.js';

/* The orders the DynamoDB store's indexes keep: by creation time within an endpoint, and by when due across them all. */

const listingPlace = ({ createdAt, deliveryId }: WebhookDelivery): string => `${createdAt}#${deliveryId}`;
const duePlace = ({ nextAttemptAt, endpointId, deliveryId }: WebhookDelivery): string => `${nextAttemptAt}#${endpointId}#${deliveryId}`;
const isDue = (delivery: WebhookDelivery): boolean => delivery.status === 'pending' && delivery.nextAttemptAt !== undefined;

/** A cursor names its list, so one handed out for another endpoint's deliveries is refused as DynamoDB's would be. */
const Cursor = z.strictObject({ list: z.string().check(z.minLength(1)), after: z.string().check(z.minLength(1)) });

const decode = (list: string, cursor: string | undefined): string | undefined => {
  if (!cursor) return undefined;
  let parsed: z.output<typeof Cursor>;
  try {
    parsed = Cursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString()));
  } catch (error) {
    throw new InvalidCursorError('is not a cursor this list handed out', { cause: error });
  }
  if (parsed.list !== list) throw new InvalidCursorError('is a cursor of another list');
  return parsed.after;
};

/** `ordered` sorted, from after the cursor's place, `limit` at most; a cursor only while more remain. */
const pageOf = (list: string, ordered: { delivery: WebhookDelivery; place: string }[], limit: number): WebhookDeliveryPage => {
  const page = ordered.slice(0, limit);
  const last = page.at(-1);
  return {
    deliveries: copy(page.map(({ delivery }) => delivery)),
    ...(ordered.length > limit && last ? { cursor: Buffer.from(JSON.stringify({ list, after: last.place })).toString('base64url') } : {}),
  };
};

export const memoryWebhookStore = (table: MemoryTable): WebhookStore => ({
  async getWebhookEndpoint(id) {
    return copy(table.webhookEndpoints.get(id));
  },

  async webhookEndpoints() {
    return copy(sortedValues(table.webhookEndpoints));
  },

  async saveWebhookEndpoint(endpoint, expectedVersion) {
    const stored = table.webhookEndpoints.get(endpoint.id);
    if (stored?.version !== expectedVersion) throw new ConflictError(`webhook endpoint ${endpoint.id} changed since version ${expectedVersion ?? 'none'}`);
    const version = (expectedVersion ?? 0) + 1;
    table.webhookEndpoints.set(endpoint.id, copy({ ...endpoint, version }));
    return version;
  },

  async deleteWebhookEndpoint(id) {
    table.webhookDeliveries.delete(id);
    return table.webhookEndpoints.delete(id);
  },

  async createWebhookDelivery(delivery) {
    let deliveries = table.webhookDeliveries.get(delivery.endpointId);
    if (!deliveries) table.webhookDeliveries.set(delivery.endpointId, (deliveries = new Map()));
    if (deliveries.has(delivery.deliveryId)) return false;
    deliveries.set(delivery.deliveryId, copy(delivery));
    return true;
  },

  async getWebhookDelivery(endpointId, deliveryId) {
    return copy(table.webhookDeliveries.get(endpointId)?.get(deliveryId));
  },

  async deleteWebhookDelivery(endpointId, deliveryId) {
    table.webhookDeliveries.get(endpointId)?.delete(deliveryId);
  },

  async saveWebhookDeliveryProgress(endpointId, deliveryId, progress, expectedAttempts) {
    const stored = table.webhookDeliveries.get(endpointId)?.get(deliveryId);
    if (!stored || stored.attempts !== expectedAttempts) return false;
    const { lastStatus: _status, lastError: _error, nextAttemptAt: _next, deliveredAt: _delivered, ...kept } = stored;
    const { status, attempts, lastStatus, lastError, nextAttemptAt, deliveredAt } = progress;
    const updated: WebhookDelivery = {
      ...kept,
      status,
      attempts,
      ...(lastStatus === undefined ? {} : { lastStatus }),
      ...(lastError === undefined ? {} : { lastError }),
      ...(nextAttemptAt === undefined ? {} : { nextAttemptAt }),
      ...(deliveredAt === undefined ? {} : { deliveredAt }),
    };
    table.webhookDeliveries.get(endpointId)?.set(deliveryId, updated);
    return true;
  },

  async webhookDeliveries(endpointId, limit, cursor) {
    const list = `deliveries:${endpointId}`;
    const after = decode(list, cursor);
    const ordered = [...(table.webhookDeliveries.get(endpointId)?.values() ?? [])]
      .map((delivery) => ({ delivery, place: listingPlace(delivery) }))
      .filter(({ place }) => after === undefined || byteOrder(place, after) < 0)
      .sort((a, b) => byteOrder(b.place, a.place));
    return pageOf(list, ordered, limit);
  },

  async dueWebhookDeliveries(until, limit, cursor) {
    const list = 'due';
    const after = decode(list, cursor);
    const last = `${until}~`;
    const ordered = [...table.webhookDeliveries.values()]
      .flatMap((deliveries) => [...deliveries.values()])
      .filter(isDue)
      .map((delivery) => ({ delivery, place: duePlace(delivery) }))
      .filter(({ place }) => byteOrder(place, last) <= 0 && (after === undefined || byteOrder(place, after) > 0))
      .sort((a, b) => byteOrder(a.place, b.place));
    return pageOf(list, ordered, limit);
  },

  async redactWebhookDeliveries(leadIds, at) {
    let redacted = 0;
    // As the table's store: the deliveries of the endpoints there are (a delivery is kept under its endpoint).
    for (const [endpointId, deliveries] of table.webhookDeliveries) {
      if (!table.webhookEndpoints.has(endpointId)) continue;
      for (const [deliveryId, delivery] of deliveries) {
        if (delivery.leadId === undefined || !leadIds.includes(delivery.leadId) || delivery.type === 'lead.erased' || delivery.redactedAt !== undefined) continue;
        deliveries.set(deliveryId, { ...delivery, body: '', redactedAt: at });
        redacted += 1;
      }
    }
    return redacted;
  },
});
