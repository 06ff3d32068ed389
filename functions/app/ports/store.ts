import type { ActivityStore } from './activity.js';
import type { DocumentStore } from './documents.js';
import type { LeadStore } from './leads.js';
import type { NotificationLog } from './notifications.js';
import type { OutcomeStore } from './outcomes.js';
export { storedOutcome, type OutcomePage, type OutcomeStore, type StoredOutcome } from './outcomes.js';
export { teamMove, teamState, type TeamMove, type TeamState, type TeamStore } from './teams.js';
import type { TeamStore } from './teams.js';
import type { WebhookStore } from './webhooks.js';
export {
  storedWebhookEndpoint,
  webhookDelivery,
  type StoredWebhookEndpoint,
  type WebhookDelivery,
  type WebhookDeliveryPage,
  type WebhookStore,
  type WebhookUrlPolicy,
} from './webhooks.js';

export { ActivityKind, eventRecord, jobItemKey, submissionRecord, type Activity, type ActivityStore, type EventRecord, type JobKey, type SubmissionRecord } from './activity.js';
export { DocumentKind, publishedDocument, type DocumentStore, type PublishedDocument } from './documents.js';
export { erasedLead, isErased, storedLead, storedScore, type ErasedLead, type JobReads, type LeadStore, type StoredLead, type StoredScore } from './leads.js';
export {
  NotificationChannel,
  NotificationKind,
  NotificationStatus,
  notificationKey,
  notificationRecord,
  type Claim,
  type NotificationKey,
  type NotificationLog,
  type NotificationOutcome,
  type NotificationRecord,
} from './notifications.js';

/**
 * The one place Winnow's data lives, one port per concern: handlers are tested without a
 * network (functions/adapters/memory), and run on one DynamoDB table (functions/adapters/dynamodb).
 */
export type Store = DocumentStore & LeadStore & ActivityStore & NotificationLog & TeamStore & OutcomeStore & WebhookStore;
