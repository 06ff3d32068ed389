import type { Store } from '../../app/ports/store.js';
import { memoryActivityStore } from './activity.js';
import { memoryDocumentStore } from './documents.js';
import { memoryLeadStore } from './leads.js';
import { memoryNotificationLog } from './notifications.js';
import { memoryOutcomeStore } from './outcomes.js';
import { memoryTeamStore } from './teams.js';
import { memoryWebhookStore } from './webhooks.js';
import { copy, MemoryTable } from './table.js';

export interface MemoryStore extends Store {
  /** Everything stored, as plain data: two snapshots compared show what a call wrote. */
  snapshot(): unknown;
}

/**
 * The `Store` in memory, with the DynamoDB store's rules (conditional writes, versions,
 * tombstones, leases, orders, cursors), held to them by test/unit/adapters/store-contract.ts:
 * handler tests run on it without a network, and without knowing the table's keys.
 */
export const createMemoryStore = (): MemoryStore => {
  const table = new MemoryTable();
  return {
    ...memoryDocumentStore(table),
    ...memoryLeadStore(table),
    ...memoryActivityStore(table),
    ...memoryNotificationLog(table),
    ...memoryTeamStore(table),
    ...memoryOutcomeStore(table),
    ...memoryWebhookStore(table),
    snapshot: () =>
      copy({ documents: table.documents, partitions: table.partitions, teams: table.teams, webhookEndpoints: table.webhookEndpoints, webhookDeliveries: table.webhookDeliveries }),
  };
};
