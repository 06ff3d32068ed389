import type { Fit, Interest, LeadRecord, Owner } from '../core/index.js';

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
  /** Set once this lead was found to be another, older lead. */
  mergedInto?: string;
  score?: StoredScore;
}

export interface SubmissionRecord {
  submissionId: string;
  leadId: string;
  formId: string;
  formVersion: number;
  /** The accepted, normalised step. */
  answers: Record<string, unknown>;
  skipped: string[];
  context?: Record<string, unknown>;
  /** A lead this submission's email merged into `leadId`. */
  mergedFrom?: string;
  at: string;
  /** The first answer, replayed as-is to a retry with the same submissionId. */
  response: unknown;
  scoredAt?: string;
}

export interface EventRecord {
  eventId: string;
  leadId: string;
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

  getLead(leadId: string): Promise<StoredLead | undefined>;
  /** Writes a lead's profile; `expectedVersion` undefined creates it. Throws ConflictError on a lost race. */
  saveLead(lead: LeadRecord, expectedVersion: number | undefined): Promise<number>;
  /** Marks an absorbed lead as merged (idempotent) and drops it from the email index. */
  markMerged(leadId: string, into: string): Promise<void>;
  /** Records a score unless a newer one is already there. */
  saveScore(leadId: string, score: StoredScore): Promise<void>;
  /** The leads that gave this email, oldest first. */
  leadsByEmail(email: string): Promise<string[]>;

  getSubmission(submissionId: string): Promise<SubmissionRecord | undefined>;
  /** Stores a submission once; false when one with that id exists already. */
  putSubmission(record: SubmissionRecord): Promise<boolean>;
  getEvent(eventId: string): Promise<EventRecord | undefined>;
  /** Stores an event once; false when one with that id exists already. */
  putEvent(record: EventRecord): Promise<boolean>;
  /** Submissions and events of these leads, oldest first. */
  activity(leadIds: readonly string[]): Promise<{ submissions: SubmissionRecord[]; events: EventRecord[] }>;
  markScored(kind: ActivityKind, id: string, at: string): Promise<void>;
  /** Submissions and events whose scoring job has not finished: re-queued when a local host starts. */
  unscored(): AsyncIterable<{ kind: ActivityKind; id: string; leadId: string }>;
}
