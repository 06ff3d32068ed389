import type { Fit, Interest, LeadRecord, Lifecycle, Owner, Stage } from '../../core/index.js';

export type DocumentKind = 'form' | 'playbook';

export interface PublishedDocument {
  kind: DocumentKind;
  id: string;
  version: number;
  /** The JSON as published; parse it with the core schema before use. */
  document: unknown;
  publishedAt: string;
}

export interface StoredScore {
  fit: Fit;
  interest: Interest;
  owner: Owner;
  playbookId: string;
  playbookVersion: number;
  /** The `now` interest was decayed to (ISO 8601). */
  scoredAt: string;
}

export interface StoredLead {
  lead: LeadRecord;
  /** Optimistic-concurrency counter: every profile write names the version it read. */
  version: number;
  score?: StoredScore;
  lifecycle?: Lifecycle;
  /** Optimistic-concurrency counter of score and lifecycle, apart from the profile's. */
  lifecycleVersion?: number;
}

/**
 * What is left of an erased lead: its id and when, so the id is never brought back to life and
 * no writer that raced the erase leaves anything behind.
 */
export interface ErasedLead {
  leadId: string;
  erasedAt: string;
  /** The aliases erased with it (ids only), so an erase that stopped half-way can be finished. */
  aliases?: string[];
}

export const isErased = (found: StoredLead | ErasedLead | undefined): found is ErasedLead => found !== undefined && 'erasedAt' in found;

export type NotificationKind = 'qualified' | 'escalation';
export type NotificationChannel = 'email' | 'slack';
export type NotificationStatus = 'sending' | 'sent' | 'failed' | 'unknown' | 'skipped';

export interface NotificationKey {
  kind: NotificationKind;
  cycle: number;
  channel: NotificationChannel;
}

/** One notification of one cycle on one channel: claimed before the send, its outcome recorded after. */
export interface NotificationRecord extends NotificationKey {
  status: NotificationStatus;
  attempts: number;
  claimedAt?: string;
  sentAt?: string;
  messageId?: string;
  recipients?: string[];
  lastError?: string;
  /** Every attempt, so sales and admins see what happened, not just the end. */
  log: { at: string; status: NotificationStatus; error?: string }[];
}

export type Claim =
  /** Ours to send now. */
  | { outcome: 'claimed'; record: NotificationRecord }
  /** Sent, skipped or given up as unknown already: nothing to do. */
  | { outcome: 'done'; record: NotificationRecord }
  /** Another worker claimed it moments ago. */
  | { outcome: 'busy'; record: NotificationRecord }
  /** A claim whose worker vanished mid-send: whether it went out cannot be known. */
  | { outcome: 'stale'; record: NotificationRecord };

export interface NotificationOutcome {
  status: Exclude<NotificationStatus, 'sending'>;
  at: string;
  error?: string;
  messageId?: string;
  recipients?: string[];
}

export interface SubmissionRecord {
  submissionId: string;
  /** The id the step was given under (the device's own, an alias or not), its idempotency scope. */
  leadId: string;
  /** The request's digest: the same submissionId with another body is refused. Absent on steps stored before digests. */
  fingerprint?: string;
  formId: string;
  formVersion: number;
  /** The accepted, normalised step. */
  answers: Record<string, unknown>;
  skipped: string[];
  context?: Record<string, unknown>;
  /** The lead whose email this step gave: the two are one person, and merge. */
  mergeWith?: string;
  at: string;
  /** The first answer, replayed as-is to a retry with the same submissionId. */
  response: unknown;
  scoredAt?: string;
}

export interface EventRecord {
  eventId: string;
  leadId: string;
  /** The request's digest: the same eventId with another body is refused. Absent on events stored before digests. */
  fingerprint?: string;
  type: string;
  at: string;
  receivedAt: string;
  source: 'public' | 'admin';
  properties?: Record<string, unknown>;
  scoredAt?: string;
}

export type ActivityKind = 'submission' | 'event';

/** The one place Winnow's data lives: a port, so handlers are tested without a network. */
export interface Store {
  latestDocument(kind: DocumentKind, id: string): Promise<PublishedDocument | undefined>;
  documentVersion(kind: DocumentKind, id: string, version: number): Promise<PublishedDocument | undefined>;
  /** Every latest form or playbook. */
  latestDocuments(kind: DocumentKind): Promise<PublishedDocument[]>;
  /** Stores a new version; throws ConflictError when another publish took that number. */
  publishDocument(document: PublishedDocument): Promise<void>;

  /** A lead's own profile, as stored under its id (an alias's too), or what is left of it once erased. */
  getLead(leadId: string): Promise<StoredLead | ErasedLead | undefined>;
  /**
   * Writes a lead's profile; `expectedVersion` undefined creates it. Throws ConflictError on a
   * lost race, and when the lead was erased meanwhile.
   */
  saveLead(lead: LeadRecord, expectedVersion: number | undefined): Promise<number>;
  /** Creates a lead's first, empty profile unless it exists; false when the lead was erased. */
  ensureLead(lead: LeadRecord): Promise<boolean>;
  /**
   * Writes a lead's score and lifecycle together; `expectedVersion` is the lifecycleVersion
   * read (undefined: none yet). Throws ConflictError when another writer got there first.
   */
  saveQualification(leadId: string, update: { lifecycle: Lifecycle; score?: StoredScore }, expectedVersion: number | undefined): Promise<void>;
  /**
   * Leads in a stage, hottest first (interest score, then fit points), a page at a time; a
   * cursor only while more remain. Throws InvalidCursorError on a cursor it did not hand out.
   */
  leadsInStage(stage: Stage, limit: number, cursor?: string): Promise<{ leads: StoredLead[]; cursor?: string }>;
  /** Every lead that is not merged into another: the funnel report reads them. */
  allLeads(): AsyncIterable<StoredLead>;

  claimNotification(leadId: string, key: NotificationKey, now: string, leaseSeconds: number): Promise<Claim>;
  /** Records a send's outcome; nothing when the claim is gone (its lead was erased meanwhile). */
  finishNotification(leadId: string, key: NotificationKey, outcome: NotificationOutcome): Promise<void>;
  /** Removes a claim made for a lead that turned out to be erased. */
  dropNotification(leadId: string, key: NotificationKey): Promise<void>;
  notifications(leadId: string): Promise<NotificationRecord[]>;

  /** Every item keyed to these leads, as stored (GDPR access). */
  itemsOf(leadIds: readonly string[]): Promise<Record<string, unknown>[]>;
  /**
   * Deletes every item keyed to these leads, the email index with them, and leaves each a
   * tombstone (`ErasedLead`) written first, which writers racing the erase check; answers how many.
   */
  erase(leadIds: readonly string[], at: string): Promise<number>;
  /** The leads that gave this email, oldest first. */
  leadsByEmail(email: string): Promise<string[]>;

  getSubmission(leadId: string, submissionId: string): Promise<SubmissionRecord | undefined>;
  /** Stores a submission once per lead; false when that lead has one with that id already. */
  putSubmission(record: SubmissionRecord): Promise<boolean>;
  getEvent(leadId: string, eventId: string): Promise<EventRecord | undefined>;
  /** Stores an event once per lead; false when that lead has one with that id already. */
  putEvent(record: EventRecord): Promise<boolean>;
  /** Takes back a submission or event written for a lead that was erased meanwhile. */
  dropActivity(kind: ActivityKind, leadId: string, id: string): Promise<void>;
  /** Submissions and events of these leads, oldest first. */
  activity(leadIds: readonly string[]): Promise<{ submissions: SubmissionRecord[]; events: EventRecord[] }>;
  markScored(kind: ActivityKind, leadId: string, id: string, at: string): Promise<void>;
  /**
   * Moves submissions and events stored before each lead's activity lived in its own
   * partition (`SUBMISSION#<id>`, `EVENT#<id>`) into it; answers how many. Safe to run again.
   */
  moveLegacyActivity(): Promise<number>;
  /** Submissions and events whose scoring job has not finished: re-queued when a local host starts. */
  unscored(): AsyncIterable<{ kind: ActivityKind; id: string; leadId: string }>;
}
