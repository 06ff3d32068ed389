import type { Lifecycle, LeadRecord, Stage } from '../../core/index.js';
import type { StoredOutcome } from '../../app/ports/outcomes.js';
import type { ErasedLead, EventRecord, NotificationRecord, PublishedDocument, StoredScore, StoredWebhookEndpoint, SubmissionRecord, TeamState, WebhookDelivery } from '../../app/ports/store.js';

/** A lead's profile as the memory store keeps it, with where the email and stage lists would find it. */
export interface Profile {
  /** The fields last written: a save sets those it has and keeps the rest, as DynamoDB's update does. */
  lead: LeadRecord;
  version: number;
  score?: StoredScore;
  lifecycle?: Lifecycle;
  lifecycleVersion?: number;
  /** Listed by this email, oldest first by the lead's `createdAt` when it was saved. */
  listedByEmail?: { email: string; createdAt: string };
  /** Listed in this stage: only once it also has a `hotness`, as the table's stage index needs both keys. */
  listedInStage?: Stage;
  /** Interest, then fit, each in hundredths: the stage list's order, fixed when the score was written. */
  hotness?: { interest: number; fit: number };
}

/** Everything keyed to one lead id: what an erase clears, and what a GDPR export reads. */
export interface LeadPartition {
  profile?: Profile | ErasedLead;
  submissions: Map<string, SubmissionRecord>;
  events: Map<string, EventRecord>;
  /** By `<kind>#<cycle, zero-padded>#<channel>`, so that they sort as the port says. */
  notifications: Map<string, NotificationRecord>;
  /** By cycle, zero-padded: the closed loop's records. */
  outcomes: Map<string, StoredOutcome>;
}

export interface DocumentVersions {
  versions: Map<number, PublishedDocument>;
  latest?: PublishedDocument;
}

/**
 * What the memory store holds, shared by its concerns as the table is by the DynamoDB ones.
 * Nothing stored is ever handed out: values go in and come out as copies, as they would
 * through a network.
 */
export class MemoryTable {
  readonly documents = new Map<string, DocumentVersions>();
  readonly partitions = new Map<string, LeadPartition>();
  readonly teams = new Map<string, TeamState>();
  readonly webhookEndpoints = new Map<string, StoredWebhookEndpoint>();
  /** By endpoint, then webhook-id, as the table's `WEBHOOK#<endpointId>` partitions hold them. */
  readonly webhookDeliveries = new Map<string, Map<string, WebhookDelivery>>();

  document(kind: string, id: string): DocumentVersions {
    const key = `${kind}#${id}`;
    let found = this.documents.get(key);
    if (!found) this.documents.set(key, (found = { versions: new Map() }));
    return found;
  }

  partition(leadId: string): LeadPartition {
    let found = this.partitions.get(leadId);
    if (!found) this.partitions.set(leadId, (found = { submissions: new Map(), events: new Map(), notifications: new Map(), outcomes: new Map() }));
    return found;
  }

  /** Every lead's profile that is not a tombstone. */
  *profiles(): Iterable<Profile> {
    for (const { profile } of this.partitions.values()) if (profile && !isTombstone(profile)) yield profile;
  }
}

export const isTombstone = (profile: Profile | ErasedLead | undefined): profile is ErasedLead => profile !== undefined && 'erasedAt' in profile;

export const copy = <T>(value: T): T => structuredClone(value);

/** DynamoDB orders strings by their UTF-8 bytes, not by UTF-16 units as `<` does. */
export const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Values in key order, by their map key. */
export const sortedValues = <T>(map: ReadonlyMap<string, T>): T[] =>
  [...map.entries()].sort(([a], [b]) => byteOrder(a, b)).map(([, value]) => value);
