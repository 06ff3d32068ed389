import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LeadRecord, Lifecycle, Stage } from '../../core/index.js';
import {
  type ActivityKind,
  type Claim,
  type DocumentKind,
  type ErasedLead,
  type EventRecord,
  type JobKey,
  type JobReads,
  type NotificationKey,
  type NotificationOutcome,
  type NotificationRecord,
  type OutcomePage,
  type StoredOutcome,
  type PublishedDocument,
  type Store,
  type StoredLead,
  type StoredScore,
  type SubmissionRecord,
  type TeamState,
  type StoredWebhookEndpoint,
  type WebhookDelivery,
  type WebhookDeliveryPage,
} from '../../app/ports/store.js';
import type { DeliveryProgress, WebhookEndpoint } from '../../core/webhooks.js';
import { DynamoDbActivityStore } from './activity.js';
import { DynamoDbDocumentStore } from './documents.js';
import { TableItems } from './items.js';
import { DynamoDbLeadStore } from './leads.js';
import { DynamoDbNotificationLog } from './notifications.js';
import { DynamoDbOutcomeStore } from './outcomes.js';
import { DynamoDbTeamStore } from './teams.js';
import { DynamoDbWebhookStore } from './webhooks.js';

export { keys } from './keys.js';

/**
 * The `Store` on one DynamoDB table: each concern in its own file, all sharing the table.
 * Every write is a single-item conditional write that is safe to replay: dynalite has no
 * transactions, and a Lambda can be retried at any point.
 */
export class DynamoDbStore implements Store {
  private readonly documents: DynamoDbDocumentStore;
  private readonly leads: DynamoDbLeadStore;
  private readonly activities: DynamoDbActivityStore;
  private readonly notificationLog: DynamoDbNotificationLog;
  private readonly teams: DynamoDbTeamStore;
  private readonly outcomeRecords: DynamoDbOutcomeStore;
  private readonly webhooks: DynamoDbWebhookStore;

  constructor(client: DynamoDBClient, tableName: string) {
    const items = new TableItems(client, tableName);
    this.documents = new DynamoDbDocumentStore(items);
    this.leads = new DynamoDbLeadStore(items);
    this.activities = new DynamoDbActivityStore(items);
    this.notificationLog = new DynamoDbNotificationLog(items);
    this.teams = new DynamoDbTeamStore(items);
    this.outcomeRecords = new DynamoDbOutcomeStore(items);
    this.webhooks = new DynamoDbWebhookStore(items);
  }

  latestDocument(kind: DocumentKind, id: string): Promise<PublishedDocument | undefined> {
    return this.documents.latestDocument(kind, id);
  }
  documentVersion(kind: DocumentKind, id: string, version: number): Promise<PublishedDocument | undefined> {
    return this.documents.documentVersion(kind, id, version);
  }
  latestDocuments(kind: DocumentKind): Promise<PublishedDocument[]> {
    return this.documents.latestDocuments(kind);
  }
  publishDocument(document: PublishedDocument): Promise<void> {
    return this.documents.publishDocument(document);
  }

  teamState(teamId: string): Promise<TeamState | undefined> {
    return this.teams.teamState(teamId);
  }
  saveTeamState(state: Omit<TeamState, 'version'>, expectedVersion: number | undefined): Promise<number> {
    return this.teams.saveTeamState(state, expectedVersion);
  }

  saveOutcome(record: StoredOutcome): Promise<boolean> {
    return this.outcomeRecords.saveOutcome(record);
  }
  getOutcome(leadId: string, cycle: number): Promise<StoredOutcome | undefined> {
    return this.outcomeRecords.getOutcome(leadId, cycle);
  }
  outcomes(period: { from: string; to: string }, limit: number, cursor?: string): Promise<OutcomePage> {
    return this.outcomeRecords.outcomes(period, limit, cursor);
  }

  getWebhookEndpoint(id: string): Promise<StoredWebhookEndpoint | undefined> {
    return this.webhooks.getWebhookEndpoint(id);
  }
  webhookEndpoints(): Promise<StoredWebhookEndpoint[]> {
    return this.webhooks.webhookEndpoints();
  }
  saveWebhookEndpoint(endpoint: WebhookEndpoint, expectedVersion: number | undefined): Promise<number> {
    return this.webhooks.saveWebhookEndpoint(endpoint, expectedVersion);
  }
  deleteWebhookEndpoint(id: string): Promise<boolean> {
    return this.webhooks.deleteWebhookEndpoint(id);
  }
  createWebhookDelivery(delivery: WebhookDelivery): Promise<boolean> {
    return this.webhooks.createWebhookDelivery(delivery);
  }
  getWebhookDelivery(endpointId: string, deliveryId: string): Promise<WebhookDelivery | undefined> {
    return this.webhooks.getWebhookDelivery(endpointId, deliveryId);
  }
  deleteWebhookDelivery(endpointId: string, deliveryId: string): Promise<void> {
    return this.webhooks.deleteWebhookDelivery(endpointId, deliveryId);
  }
  saveWebhookDeliveryProgress(endpointId: string, deliveryId: string, progress: DeliveryProgress, expectedAttempts: number): Promise<boolean> {
    return this.webhooks.saveWebhookDeliveryProgress(endpointId, deliveryId, progress, expectedAttempts);
  }
  webhookDeliveries(endpointId: string, limit: number, cursor?: string): Promise<WebhookDeliveryPage> {
    return this.webhooks.webhookDeliveries(endpointId, limit, cursor);
  }
  dueWebhookDeliveries(until: string, limit: number, cursor?: string): Promise<WebhookDeliveryPage> {
    return this.webhooks.dueWebhookDeliveries(until, limit, cursor);
  }
  redactWebhookDeliveries(leadIds: readonly string[], at: string): Promise<number> {
    return this.webhooks.redactWebhookDeliveries(leadIds, at);
  }

  getLead(leadId: string): Promise<StoredLead | ErasedLead | undefined> {
    return this.leads.getLead(leadId);
  }
  jobReads(leadIds: readonly string[], items: readonly JobKey[]): Promise<JobReads> {
    return this.leads.jobReads(leadIds, items);
  }
  saveLead(lead: LeadRecord, expectedVersion: number | undefined): Promise<number> {
    return this.leads.saveLead(lead, expectedVersion);
  }
  ensureLead(lead: LeadRecord): Promise<boolean> {
    return this.leads.ensureLead(lead);
  }
  saveQualification(leadId: string, update: { lifecycle: Lifecycle; score?: StoredScore }, expectedVersion: number | undefined): Promise<void> {
    return this.leads.saveQualification(leadId, update, expectedVersion);
  }
  leadsInStage(stage: Stage, limit: number, cursor?: string, where?: (lead: StoredLead) => boolean): Promise<{ leads: StoredLead[]; cursor?: string }> {
    return this.leads.leadsInStage(stage, limit, cursor, where);
  }
  allLeads(after?: string): AsyncIterable<StoredLead> {
    return this.leads.allLeads(after);
  }
  leadsByEmail(email: string): Promise<string[]> {
    return this.leads.leadsByEmail(email);
  }
  itemsOf(leadIds: readonly string[]): Promise<Record<string, unknown>[]> {
    return this.leads.itemsOf(leadIds);
  }
  /** Deletes what this store's `itemsOf` finds, so a store wrapping this one (`Object.create`) erases by its own. */
  erase(leadIds: readonly string[], at: string): Promise<number> {
    return this.leads.erase(leadIds, at, this);
  }

  getSubmission(leadId: string, submissionId: string): Promise<SubmissionRecord | undefined> {
    return this.activities.getSubmission(leadId, submissionId);
  }
  putSubmission(record: SubmissionRecord): Promise<boolean> {
    return this.activities.putSubmission(record);
  }
  getEvent(leadId: string, eventId: string): Promise<EventRecord | undefined> {
    return this.activities.getEvent(leadId, eventId);
  }
  putEvent(record: EventRecord): Promise<boolean> {
    return this.activities.putEvent(record);
  }
  dropActivity(kind: ActivityKind, leadId: string, id: string): Promise<void> {
    return this.activities.dropActivity(kind, leadId, id);
  }
  activity(leadIds: readonly string[]): Promise<{ submissions: SubmissionRecord[]; events: EventRecord[] }> {
    return this.activities.activity(leadIds);
  }
  moveLegacyActivity(): Promise<number> {
    return this.activities.moveLegacyActivity();
  }
  unscored(): AsyncIterable<JobKey> {
    return this.activities.unscored();
  }

  claimNotification(leadId: string, key: NotificationKey, now: string, leaseSeconds: number): Promise<Claim> {
    return this.notificationLog.claimNotification(leadId, key, now, leaseSeconds);
  }
  skipNotification(leadId: string, key: NotificationKey, skipped: { at: string; error: string }): Promise<boolean> {
    return this.notificationLog.skipNotification(leadId, key, skipped);
  }
  finishNotification(leadId: string, key: NotificationKey, outcome: NotificationOutcome): Promise<void> {
    return this.notificationLog.finishNotification(leadId, key, outcome);
  }
  dropNotification(leadId: string, key: NotificationKey): Promise<void> {
    return this.notificationLog.dropNotification(leadId, key);
  }
  notifications(leadId: string): Promise<NotificationRecord[]> {
    return this.notificationLog.notifications(leadId);
  }
}
