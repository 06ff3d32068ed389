import * as z from '../../core/zod.js';
import { once } from '../../core/once.js';

// Each schema is built by its builder's first call (functions/core/once.ts): a notification's first
// claim or listing, rather than every function's init. The enums stay constants too, for
// functions/http/wire.ts: the same instances, built where it reads them.

/** The team's notice, the SLA's escalation, a rep's assignment, a rep's lead moved on, the fallback's "nobody to assign". */
const notificationKind = /* @__PURE__ */ once(() => z.enum(['qualified', 'escalation', 'assigned', 'moved', 'unassigned']));
export const NotificationKind = /* @__PURE__ */ notificationKind();
export type NotificationKind = z.output<typeof NotificationKind>;
const notificationChannel = /* @__PURE__ */ once(() => z.enum(['email', 'slack']));
export const NotificationChannel = /* @__PURE__ */ notificationChannel();
export type NotificationChannel = z.output<typeof NotificationChannel>;
const notificationStatus = /* @__PURE__ */ once(() => z.enum(['sending', 'sent', 'failed', 'unknown', 'skipped']));
export const NotificationStatus = /* @__PURE__ */ notificationStatus();
export type NotificationStatus = z.output<typeof NotificationStatus>;

export const notificationKey = /* @__PURE__ */ once(() => z.object({
  kind: notificationKind(),
  cycle: z.number().check(z.int()),
  /** The assignment's round, for the notices of one rep's turn: each turn is told once. */
  round: z.optional(z.number().check(z.int())),
  channel: notificationChannel(),
}));
export type NotificationKey = z.output<ReturnType<typeof notificationKey>>;

/** One notification of one cycle on one channel: claimed before the send, its outcome recorded after. */
export const notificationRecord = /* @__PURE__ */ once(() => z.extend(notificationKey(), {
  status: notificationStatus(),
  attempts: z.number().check(z.int()),
  claimedAt: z.optional(z.string()),
  sentAt: z.optional(z.string()),
  messageId: z.optional(z.string()),
  recipients: z.optional(z.array(z.string())),
  lastError: z.optional(z.string()),
  /** Every attempt, so sales and admins see what happened, not just the end. */
  log: z.array(z.object({ at: z.string(), status: notificationStatus(), error: z.optional(z.string()) })),
}));
export type NotificationRecord = z.output<ReturnType<typeof notificationRecord>>;

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

/**
 * Who was told what about a lead, written around each send so a retried job never sends twice:
 * a claim (with a lease) before it, the outcome after it.
 */
export interface NotificationLog {
  /**
   * Claims a notification to send, whether or not its lead is stored (the caller checks for a
   * tombstone after): a new one, or one whose last attempt failed, is `claimed` (attempts + 1).
   * A claim younger than `leaseSeconds` is `busy`; an older one is `stale`, marked `unknown`
   * once so that nobody sends it again (its record answered as read, with that status).
   */
  claimNotification(leadId: string, key: NotificationKey, now: string, leaseSeconds: number): Promise<Claim>;
  /**
   * Records a channel there is nothing to send with as `skipped`, in one write with no claim
   * before it: a new one, or one whose last attempt failed (attempts as they were). True when
   * this call wrote it; false when the record was there already, done or being sent.
   */
  skipNotification(leadId: string, key: NotificationKey, skipped: { at: string; error: string }): Promise<boolean>;
  /** Records a send's outcome; nothing when the claim is gone (its lead was erased meanwhile). */
  finishNotification(leadId: string, key: NotificationKey, outcome: NotificationOutcome): Promise<void>;
  /** Removes a claim made for a lead that turned out to be erased. */
  dropNotification(leadId: string, key: NotificationKey): Promise<void>;
  /** A lead's notifications by kind, then cycle, then channel. */
  notifications(leadId: string): Promise<NotificationRecord[]>;
}
