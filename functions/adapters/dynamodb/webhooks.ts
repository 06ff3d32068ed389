import { ConflictError, InvalidCursorError } from '../../app/ports/errors.js';
import { storedWebhookEndpoint, webhookDelivery, type StoredWebhookEndpoint, type WebhookDelivery, type WebhookDeliveryPage, type WebhookStore } from '../../app/ports/webhooks.js';
import type { DeliveryProgress, WebhookEndpoint } from '../../core/webhooks.js';
import { once } from '../../core/once.js';
import * as z from '../../core/zod.js';
import { itemKey, decodeCursor, parseItem, updateOf, type QueryInput, type TableItems } from './items.js';
import { WEBHOOKS_DUE_PARTITION, WEBHOOKS_PARTITION, deliveriesListing, keys, webhookPartition } from './keys.js';
import { TABLE_INDEXES } from './table.js';

const { email: LISTING_INDEX, stage: DUE_INDEX } = TABLE_INDEXES;

type Item = Record<string, unknown>;

/** What a later save may no longer have: a description taken out, a failing streak ended, an endpoint switched back on. */
const ENDPOINT_OPTIONAL = ['description', 'failingSince', 'disabledAt'] as const;
/** What one attempt's standing may leave out; the previous attempt's must not stay (a timeout has no status). */
const PROGRESS_OPTIONAL = ['lastStatus', 'lastError', 'nextAttemptAt', 'deliveredAt'] as const;
const DUE_KEYS = ['GSI3PK', 'GSI3SK'] as const;
/** The most values one DynamoDB `IN` compares with. */
const IN_OPERANDS = 100;

/** The due-index entry a delivery has while it waits for an attempt; none once delivered or failed. */
const dueKeysOf = (endpointId: string, deliveryId: string, { status, nextAttemptAt }: Pick<DeliveryProgress, 'status' | 'nextAttemptAt'>) =>
  status === 'pending' && nextAttemptAt !== undefined ? keys.webhookDue(nextAttemptAt, endpointId, deliveryId) : undefined;

/* A cursor is the last delivery's key in the index it was listed on; anything else handed back is refused. */

/* Each built by the first list or sweep that reads one: no function needs them at init. */

const deliveryKey = /* @__PURE__ */ once(() => ({ PK: z.string().check(z.startsWith('WEBHOOK#'), z.maxLength(300)), SK: z.string().check(z.startsWith('DELIVERY#'), z.maxLength(300)) }));
const listingCursor = /* @__PURE__ */ once(() =>
  z.strictObject({ ...deliveryKey(), GSI2PK: z.string().check(z.startsWith('DELIVERIES#'), z.maxLength(300)), GSI2SK: z.string().check(z.minLength(1), z.maxLength(400)) }),
);
const dueCursor = /* @__PURE__ */ once(() => z.strictObject({ ...deliveryKey(), GSI3PK: z.literal(WEBHOOKS_DUE_PARTITION), GSI3SK: z.string().check(z.minLength(1), z.maxLength(700)) }));

/**
 * Endpoints at `WEBHOOKS` / `ENDPOINT#<id>`; each delivery at `WEBHOOK#<endpointId>` /
 * `DELIVERY#<deliveryId>`, listed by creation time on the email index and, while pending, by
 * when it is due on the stage index. Every write is an UpdateItem, as the functions that will
 * record attempts may update items but not put them.
 */
export class DynamoDbWebhookStore implements WebhookStore {
  constructor(private readonly items: TableItems) {}

  getWebhookEndpoint(id: string): Promise<StoredWebhookEndpoint | undefined> {
    return this.items.get(storedWebhookEndpoint(), keys.webhookEndpoint(id));
  }

  webhookEndpoints(): Promise<StoredWebhookEndpoint[]> {
    return this.items.query(storedWebhookEndpoint(), {
      KeyConditionExpression: 'PK = :partition AND begins_with(SK, :endpoint)',
      ExpressionAttributeValues: { ':partition': WEBHOOKS_PARTITION, ':endpoint': 'ENDPOINT#' },
      ConsistentRead: true,
    });
  }

  async saveWebhookEndpoint(endpoint: WebhookEndpoint, expectedVersion: number | undefined): Promise<number> {
    const version = (expectedVersion ?? 0) + 1;
    const update = updateOf({ ...endpoint, version }, ENDPOINT_OPTIONAL.filter((name) => endpoint[name] === undefined));
    const saved = await this.items.update({
      Key: keys.webhookEndpoint(endpoint.id),
      UpdateExpression: update.UpdateExpression,
      ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(PK)' : '#version = :expected',
      ExpressionAttributeNames: { ...update.ExpressionAttributeNames, ...(expectedVersion === undefined ? {} : { '#version': 'version' }) },
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ...(expectedVersion === undefined ? {} : { ':expected': expectedVersion }) },
    });
    if (!saved) throw new ConflictError(`webhook endpoint ${endpoint.id} changed since version ${expectedVersion ?? 'none'}`);
    return version;
  }

  async deleteWebhookEndpoint(id: string): Promise<boolean> {
    const found = await this.items.read(keys.webhookEndpoint(id));
    // Deliveries first, the endpoint last: a delete that stops half-way leaves the endpoint, and its DELETE again finishes the job.
    const deliveries = await this.items.queryItems({
      KeyConditionExpression: 'PK = :partition',
      ExpressionAttributeValues: { ':partition': webhookPartition(id) },
      ProjectionExpression: 'PK, SK',
      ConsistentRead: true,
    });
    await this.items.deleteAll(
      deliveries.map((item) => parseItem(itemKey(), item)),
      `webhook endpoint ${id}'s deliveries`,
    );
    if (found) await this.items.delete(keys.webhookEndpoint(id));
    return found !== undefined;
  }

  createWebhookDelivery(delivery: WebhookDelivery): Promise<boolean> {
    const { endpointId, deliveryId, createdAt } = delivery;
    const update = updateOf({ ...delivery, ...keys.webhookDeliveryListing(endpointId, createdAt, deliveryId), ...dueKeysOf(endpointId, deliveryId, delivery) }, []);
    return this.items.update({ Key: keys.webhookDelivery(endpointId, deliveryId), ...update, ConditionExpression: 'attribute_not_exists(PK)' });
  }

  getWebhookDelivery(endpointId: string, deliveryId: string): Promise<WebhookDelivery | undefined> {
    return this.items.get(webhookDelivery(), keys.webhookDelivery(endpointId, deliveryId));
  }

  deleteWebhookDelivery(endpointId: string, deliveryId: string): Promise<void> {
    return this.items.delete(keys.webhookDelivery(endpointId, deliveryId));
  }

  saveWebhookDeliveryProgress(endpointId: string, deliveryId: string, progress: DeliveryProgress, expectedAttempts: number): Promise<boolean> {
    const { status, attempts, lastStatus, lastError, nextAttemptAt, deliveredAt } = progress;
    const standing = { status, attempts, lastStatus, lastError, nextAttemptAt, deliveredAt };
    const due = dueKeysOf(endpointId, deliveryId, progress);
    const update = updateOf({ ...standing, ...due }, [...PROGRESS_OPTIONAL.filter((name) => standing[name] === undefined), ...(due ? [] : DUE_KEYS)]);
    return this.items.update({
      Key: keys.webhookDelivery(endpointId, deliveryId),
      UpdateExpression: update.UpdateExpression,
      ConditionExpression: 'attribute_exists(PK) AND #attempts = :expected',
      ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#attempts': 'attempts' },
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':expected': expectedAttempts },
    });
  }

  async webhookDeliveries(endpointId: string, limit: number, cursor?: string): Promise<WebhookDeliveryPage> {
    const partition = deliveriesListing(endpointId);
    const start = decodeCursor(listingCursor(), cursor);
    if (start && start.GSI2PK !== partition) throw new InvalidCursorError('is a cursor of another endpoint’s deliveries');
    return this.page(
      listingCursor(),
      {
        IndexName: LISTING_INDEX.name,
        KeyConditionExpression: 'GSI2PK = :partition',
        ExpressionAttributeValues: { ':partition': partition },
        ScanIndexForward: false,
      },
      limit,
      start,
    );
  }

  async dueWebhookDeliveries(until: string, limit: number, cursor?: string): Promise<WebhookDeliveryPage> {
    // `~` sorts after every endpoint and webhook-id: a delivery due at `until` itself is due.
    return this.page(
      dueCursor(),
      {
        IndexName: DUE_INDEX.name,
        KeyConditionExpression: 'GSI3PK = :partition AND GSI3SK <= :until',
        ExpressionAttributeValues: { ':partition': WEBHOOKS_DUE_PARTITION, ':until': `${until}~` },
      },
      limit,
      decodeCursor(dueCursor(), cursor),
    );
  }

  async redactWebhookDeliveries(leadIds: readonly string[], at: string): Promise<number> {
    const chunks: string[][] = [];
    // DynamoDB's IN takes 100 operands at most; a lead merged from many browsers has more ids.
    for (let start = 0; start < leadIds.length; start += IN_OPERANDS) chunks.push(leadIds.slice(start, start + IN_OPERANDS));
    let redacted = 0;
    // Deliveries are keyed by endpoint, not lead: each endpoint's partition is read with a filter. Erasures are rare; endpoints few.
    for (const endpoint of chunks.length === 0 ? [] : await this.webhookEndpoints()) {
      for (const chunk of chunks) {
        const leads = Object.fromEntries(chunk.map((leadId, i) => [`:lead${i}`, leadId]));
        const found = await this.items.queryItems({
          KeyConditionExpression: 'PK = :partition',
          FilterExpression: `leadId IN (${Object.keys(leads).join(', ')}) AND #type <> :erased AND attribute_not_exists(redactedAt)`,
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':partition': webhookPartition(endpoint.id), ':erased': 'lead.erased', ...leads },
          ProjectionExpression: 'PK, SK',
          ConsistentRead: true,
        });
        for (const item of found) {
          const redone = await this.items.update({
            Key: parseItem(itemKey(), item),
            UpdateExpression: 'SET body = :empty, redactedAt = :at',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':empty': '', ':at': at },
          });
          if (redone) redacted += 1;
        }
      }
    }
    return redacted;
  }

  /**
   * One page of an index, with one more item asked than wanted: a cursor only while more remain.
   * A Query page ends at 1 MB whatever its Limit, so it reads on until it has that many or the list ends.
   */
  private async page(cursorKey: z.ZodObject, query: Omit<QueryInput, 'Limit'>, limit: number, after: Item | undefined): Promise<WebhookDeliveryPage> {
    const { items, cursor } = await this.items.queryPage(webhookDelivery(), cursorKey, query, limit, after);
    return { deliveries: items, ...(cursor ? { cursor } : {}) };
  }
}
