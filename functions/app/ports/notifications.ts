import * as z from 'zod';

// Schemas are built in calls marked @__PURE__: a function's bundle that never reads one leaves it
// out instead of building it at init (functions/http/wire.ts says why the mark needs the call).

/** The team's notice, the SLA's escalation, a rep's assignment, a rep's lead moved on, the fallback's "nobody to assign". */
export const NotificationKind = /* @__PURE__ */ (() => z.enum(['qualified', 'escalation', 'assigned', 'moved', 'unassigned']))();
export type NotificationKind = z.output<typeof NotificationKind>;
export const NotificationChannel = /* @__PURE__ */ (() => z.enum(['email', 'slack']))();
export type NotificationChannel = z.output<typeof NotificationChannel>;
export const NotificationStatus = /* @__PURE__ */ (() => z.enum(['sending', 'sent', 'failed', 'unknown', 'skipped']))();
export type NotificationStatus = z.output<typeof NotificationStatus>;

export const NotificationKey = /* @__PURE__ */ (() => z.object({
  kind: NotificationKind,
  cycle: z.number().int(),
  /** The assignment's round, for the notices of one rep's turn: each turn is told once. */
  round: z.number().int().optional(),
  channel: NotificationChannel,
}))();
export type NotificationKey = z.output<typeof NotificationKey>;

/** One notification of one cycle on one channel: claimed before the send, its outcome recorded after. */
export const NotificationRecord = /* @__PURE__ */ (() => NotificationKey.extend({
  status: NotificationStatus,
  attempts: z.number().int(),
  claimedAt: z.string().optional(),
  sentAt: z.string().optional(),
  messageId: z.string().optional(),
  recipients: z.array(z.string()).optional(),
  lastError: z.string().optional(),
  /** Every attempt, so sales and admins see what happened, not just the end. */
  log: z.array(z.object({ at: z.string(), status: NotificationStatus, error: z.string().optional() })),
}))();
export type NotificationRecord = z.output<typeof NotificationRecord>;

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
  /** Records a send's outcome; nothing when the claim is gone (its lead was erased meanwhile). */
  finishNotification(leadId: string, key: NotificationKey, outcome: NotificationOutcome): Promise<void>;
  /** Removes a claim made for a lead that turned out to be erased. */
  dropNotification(leadId: string, key: NotificationKey): Promise<void>;
  /** A lead's notifications by kind, then cycle, then channel. */
  notifications(leadId: string): Promise<NotificationRecord[]>;
}
