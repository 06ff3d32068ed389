import {
  answersOf,
  emailOf,
  escalationNotification,
  qualifiedNotification,
  type Fit,
  type Interest,
  type LeadRecord,
  type NotificationContent,
  type Playbook,
} from '../core/index.js';
import { ClaimBusyError, RetryLaterError } from './ports/errors.js';
import { signFeedbackLink } from './feedback-links.js';
import type { Mailer, Slack } from './ports/notifiers.js';
import { isErased, type NotificationChannel, type NotificationKey, type Store } from './ports/store.js';
import { logger } from './logger.js';

export interface NotifyDependencies {
  store: Store;
  mailer: Mailer;
  slack?: Slack;
  now: () => Date;
  publicUrl: string;
  linkSecret?: string;
}

/**
 * A claim older than this is a sender that died mid-send. Longer than any send's timeout,
 * so a slow send is never mistaken for a dead one.
 */
export const CLAIM_LEASE_SECONDS = 120;

/** Seconds until a busy claim's lease ends, and a second more, so the next look finds it sent or stale. */
const leaseLeft = (claimedAt: string | undefined, now: Date): number =>
  Math.max(1, Math.ceil(CLAIM_LEASE_SECONDS - (now.getTime() - Date.parse(claimedAt ?? now.toISOString())) / 1000) + 1);

interface Delivery {
  lead: LeadRecord;
  key: Omit<NotificationKey, 'channel'>;
  content: NotificationContent;
  channels: { channel: NotificationChannel; to?: string[] }[];
}

const linksFor = (deps: NotifyDependencies, leadId: string, cycle: number) => {
  if (!deps.linkSecret) throw new Error('WINNOW_LINK_SECRET is not set: notifications need it to sign their accept/reject links');
  const sign = (decision: 'accept' | 'reject') => signFeedbackLink(deps.publicUrl, deps.linkSecret ?? '', { leadId, decision, cycle }, deps.now());
  return { accept: sign('accept'), reject: sign('reject') };
};

const send = async (deps: NotifyDependencies, { channel, to }: Delivery['channels'][number], content: NotificationContent): Promise<string | undefined> => {
  if (channel === 'email') return deps.mailer.send({ to: to ?? [], subject: content.subject, text: content.text, html: content.html });
  await deps.slack?.post(content.slack);
  return undefined;
};

/**
 * Exactly once per cycle and channel: a claim is written before each send and its outcome
 * after. A failed send is retried (the job fails and comes back with backoff); a sender
 * that died between its send and its record is never resent — marked `unknown` instead,
 * because a second message is the one failure sales notices.
 */
const deliver = async (deps: NotifyDependencies, delivery: Delivery): Promise<void> => {
  const { lead, key, content } = delivery;
  const failures: Error[] = [];
  const busy: number[] = [];
  for (const target of delivery.channels) {
    const channelKey = { ...key, channel: target.channel };
    const at = () => deps.now().toISOString();
    const claim = await deps.store.claimNotification(lead.leadId, channelKey, at(), CLAIM_LEASE_SECONDS);
    if (claim.outcome === 'stale') logger.error('a notification may or may not have been sent; not resending', { leadId: lead.leadId, ...channelKey });
    if (claim.outcome === 'busy') busy.push(leaseLeft(claim.record.claimedAt, deps.now()));
    if (claim.outcome !== 'claimed') continue;
    // Checked after the claim is written: an erase that began before it has left its tombstone, and the
    // claim goes with the lead; one that begins after it deletes the claim itself.
    const current = await deps.store.getLead(lead.leadId);
    if (!current || isErased(current)) {
      await deps.store.dropNotification(lead.leadId, channelKey);
      return;
    }
    if (target.channel === 'slack' && !deps.slack) {
      await deps.store.finishNotification(lead.leadId, channelKey, { status: 'skipped', at: at(), error: 'no Slack webhook is configured (WINNOW_SLACK_WEBHOOK_URL)' });
      continue;
    }
    try {
      const messageId = await send(deps, target, content);
      await deps.store.finishNotification(lead.leadId, channelKey, { status: 'sent', at: at(), ...(messageId ? { messageId } : {}), ...(target.to ? { recipients: target.to } : {}) });
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      await deps.store.finishNotification(lead.leadId, channelKey, { status: 'failed', at: at(), error: failure.message });
      logger.warn('notification send failed; will retry', { leadId: lead.leadId, ...channelKey, error: failure.message });
      failures.push(failure);
    }
  }
  if (failures.length) {
    const retryAfter = Math.max(0, ...failures.map((f) => (f instanceof RetryLaterError ? (f.retryAfterSeconds ?? 0) : 0)));
    throw new RetryLaterError(failures.map((f) => f.message).join('; '), retryAfter || undefined);
  }
  if (busy.length) throw new ClaimBusyError('another worker is sending this notification', Math.max(...busy));
};

export interface QualifiedInput {
  lead: LeadRecord;
  playbook: Playbook;
  fit: Fit;
  interest: Interest;
  cycle: number;
  handRaiser: boolean;
  formTitle?: string;
}

/** Tells sales a lead is theirs, on every channel of the playbook. */
export const notifyQualified = (deps: NotifyDependencies, input: QualifiedInput): Promise<void> => {
  const { lead, playbook, cycle } = input;
  const email = emailOf(answersOf(lead));
  const content = qualifiedNotification({
    lead: { leadId: lead.leadId, ...(email ? { email } : {}), ...(input.formTitle ? { formTitle: input.formTitle } : {}) },
    fit: input.fit,
    interest: input.interest,
    cycle,
    handRaiser: input.handRaiser,
    links: linksFor(deps, lead.leadId, cycle),
  });
  return deliver(deps, {
    lead,
    key: { kind: 'qualified', cycle },
    content,
    channels: [
      ...(playbook.notify.email.length ? [{ channel: 'email' as const, to: playbook.notify.email }] : []),
      ...(playbook.notify.slack ? [{ channel: 'slack' as const }] : []),
    ],
  });
};

/** Tells the SLA's contacts that sales let an MQL wait too long. */
export const notifyEscalation = (deps: NotifyDependencies, input: QualifiedInput & { hoursWaiting: number }): Promise<void> => {
  const { lead, playbook, cycle } = input;
  const email = emailOf(answersOf(lead));
  const content = escalationNotification({
    lead: { leadId: lead.leadId, ...(email ? { email } : {}) },
    fit: input.fit,
    interest: input.interest,
    cycle,
    handRaiser: input.handRaiser,
    hoursWaiting: input.hoursWaiting,
    links: linksFor(deps, lead.leadId, cycle),
  });
  return deliver(deps, {
    lead,
    key: { kind: 'escalation', cycle },
    content,
    channels: playbook.sla.escalateTo.length ? [{ channel: 'email', to: playbook.sla.escalateTo }] : [],
  });
};
