import type { ActivityStore } from './activity.js';
import type { DocumentStore } from './documents.js';
import type { LeadStore } from './leads.js';
import type { NotificationLog } from './notifications.js';
import type { OutcomeStore } from './outcomes.js';
export { StoredOutcome, type OutcomePage, type OutcomeStore } from './outcomes.js';
export { TeamMove, TeamState, type TeamStore } from './teams.js';
import type { TeamStore } from './teams.js';
import type { WebhookStore } from './webhooks.js';
export { StoredWebhookEndpoint, WebhookDelivery, type WebhookDeliveryPage, type WebhookStore, type WebhookUrlPolicy } from './webhooks.js';

export { ActivityKind, EventRecord, SubmissionRecord, jobItemKey, type ActivityStore, type JobKey } from './activity.js';
export { DocumentKind, PublishedDocument, type DocumentStore } from './documents.js';
export { ErasedLead, StoredLead, StoredScore, isErased, type JobReads, type LeadStore } from './leads.js';
export {
  NotificationChannel,
  NotificationKey,
  NotificationKind,
  NotificationRecord,
  NotificationStatus,
  type Claim,
  type NotificationLog,
  type NotificationOutcome,
} from './notifications.js';

/**
 * The one place Winnow's data lives, one port per concern: handlers are tested without a
 * network (functions/adapters/memory), and run on one DynamoDB table (functions/adapters/dynamodb).
 */
export type Store = DocumentStore & LeadStore & ActivityStore & NotificationLog & TeamStore & OutcomeStore & WebhookStore;
