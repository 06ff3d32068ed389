import type { ActivityKind, DocumentKind, NotificationKey, StoredScore } from '../../app/ports/store.js';

/** Every key of the one table, as docs/data-model.md writes them down. */
export const keys = {
  document: (kind: DocumentKind, id: string, version: number) => ({ PK: `${kind.toUpperCase()}#${id}`, SK: `VERSION#${String(version).padStart(10, '0')}` }),
  /** One catalog item per document holds its latest version, so "latest" is one GetItem. */
  catalog: (kind: DocumentKind, id: string) => ({ PK: 'CATALOG', SK: `${kind.toUpperCase()}#${id}` }),
  lead: (leadId: string) => ({ PK: `LEAD#${leadId}`, SK: 'PROFILE' }),
  /** Client-made ids are scoped to their lead: nothing one lead sends can collide with another's. */
  submission: (leadId: string, submissionId: string) => ({ PK: `LEAD#${leadId}`, SK: `SUBMISSION#${submissionId}` }),
  event: (leadId: string, eventId: string) => ({ PK: `LEAD#${leadId}`, SK: `EVENT#${eventId}` }),
  activity: (kind: ActivityKind, leadId: string, id: string) => (kind === 'submission' ? keys.submission(leadId, id) : keys.event(leadId, id)),
  email: (email: string, createdAt: string) => ({ GSI2PK: `EMAIL#${email}`, GSI2SK: createdAt }),
  /** A team's rotation, loads and absences: the published team itself is a document. */
  teamState: (teamId: string) => ({ PK: `TEAM#${teamId}`, SK: 'STATE' }),
  notification: (leadId: string, key: NotificationKey) => ({ PK: `LEAD#${leadId}`, SK: notificationSk(key) }),
  /** A cycle's outcome lives in its lead's partition (an erase takes it), listed by qualification time on the stage index's `OUTCOMES` partition. */
  outcome: (leadId: string, cycle: number) => ({ PK: `LEAD#${leadId}`, SK: `OUTCOME#${String(cycle).padStart(6, '0')}` }),
  outcomeListing: (qualifiedAt: string, leadId: string, cycle: number) => ({ GSI3PK: OUTCOMES_PARTITION, GSI3SK: `${qualifiedAt}#${leadId}#${String(cycle).padStart(6, '0')}` }),
  /** Endpoints share one partition, as the catalog's documents do: every endpoint is one consistent Query. */
  webhookEndpoint: (id: string) => ({ PK: WEBHOOKS_PARTITION, SK: `ENDPOINT#${id}` }),
  /** A delivery in its endpoint's partition, keyed by its webhook-id alone: a redelivery names nothing else. */
  webhookDelivery: (endpointId: string, deliveryId: string) => ({ PK: webhookPartition(endpointId), SK: `DELIVERY#${deliveryId}` }),
  /** Its endpoint's deliveries by creation time, on the email index: the log reads them newest first. */
  webhookDeliveryListing: (endpointId: string, createdAt: string, deliveryId: string) => ({ GSI2PK: deliveriesListing(endpointId), GSI2SK: `${createdAt}#${deliveryId}` }),
  /** Only while pending, on the stage index: the due deliveries of every endpoint are one range Query, never a Scan. */
  webhookDue: (nextAttemptAt: string, endpointId: string, deliveryId: string) => ({ GSI3PK: WEBHOOKS_DUE_PARTITION, GSI3SK: `${nextAttemptAt}#${endpointId}#${deliveryId}` }),
};

export const WEBHOOKS_PARTITION = 'WEBHOOKS';
export const WEBHOOKS_DUE_PARTITION = 'WEBHOOKS_DUE';
export const webhookPartition = (endpointId: string): string => `WEBHOOK#${endpointId}`;
export const deliveriesListing = (endpointId: string): string => `DELIVERIES#${endpointId}`;

export const OUTCOMES_PARTITION = 'OUTCOMES';

/** Zero-padded, so a lead's notifications sort by kind, then cycle, then round, then channel. */
export const notificationSk = ({ kind, cycle, round, channel }: NotificationKey): string =>
  `NOTIFY#${kind}#${String(cycle).padStart(6, '0')}#${round === undefined ? '' : `R${String(round).padStart(3, '0')}#`}${channel}`;

export const stagePartition = (stage: string): string => `STAGE#${stage}`;

/** Sorts descending as text: interest, then fit, each shifted positive and zero-padded. */
export const hotnessKey = (score: StoredScore | undefined, leadId: string): string => {
  const pad = (n: number) => String(Math.max(0, Math.round(n * 100) + 1e12)).padStart(14, '0');
  return `${pad(score?.interest.score ?? 0)}#${pad(score?.fit.points ?? 0)}#${leadId}`;
};
