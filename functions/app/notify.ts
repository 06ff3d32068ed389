import {
  answersOf,
  assignedNotification,
  emailOf,
  escalationNotification,
  movedNotification,
  qualifiedNotification,
  unassignedNotification,
  type Assignment,
  type Fit,
  type Interest,
  type LeadRecord,
  type NotificationContent,
  type NoticeAbout,
  type Playbook,
  type Rep,
  type Team,
} from '../core/index.js';
import { LeadErasedError } from './errors.js';
import { ClaimBusyError, RetryLaterError } from './ports/errors.js';
import { adminLeadLink, signFeedbackLink } from './feedback-links.js';
import { publishedForms } from './documents.js';
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
  /**
   * The look at the lead a notice takes after its claims, when it shares one with the other
   * notices going out with it (`carryOutEffects`' waves: `sharedRead`); else the notice reads the lead itself.
   */
  lookAtLead?: () => ReturnType<Store['getLead']>;
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

/** Signed links; a rep's name theirs, so they stop deciding once the lead moves to someone else. */
const linksFor = (deps: NotifyDependencies, leadId: string, cycle: number, rep?: string) => {
  if (!deps.linkSecret) throw new Error('WINNOW_LINK_SECRET is not set: notifications need it to sign their accept/reject links');
  const sign = (decision: 'accept' | 'reject' | 'attempt') => signFeedbackLink(deps.publicUrl, deps.linkSecret ?? '', { leadId, decision, cycle, ...(rep ? { rep } : {}) }, deps.now());
  return { accept: sign('accept'), reject: sign('reject'), ...(rep ? { attempt: sign('attempt') } : {}) };
};

const send = async (deps: NotifyDependencies, { channel, to }: Delivery['channels'][number], content: NotificationContent): Promise<string | undefined> => {
  if (channel === 'email') return deps.mailer.send({ to: to ?? [], subject: content.subject, text: content.text, html: content.html });
  await deps.slack?.post(content.slack);
  return undefined;
};

const asError = (reason: unknown): Error => (reason instanceof Error ? reason : new Error(String(reason)));

/** Why a Slack channel is skipped: said in the notifications log, so whoever set `notify.slack` sees what is missing. */
const NO_SLACK = 'no Slack webhook is configured (WINNOW_SLACK_WEBHOOK_URL)';

/**
 * Exactly once per cycle and channel: a claim is written before each send and its outcome
 * after. A failed send is retried (the job fails and comes back with backoff); a sender
 * that died between its send and its record is never resent — marked `unknown` instead,
 * because a second message is the one failure sales notices. A channel there is nothing to
 * send with (Slack without a webhook) is recorded `skipped` in one write, in place of a claim.
 * Every channel is claimed before any is sent, so one look at the lead after the claims covers
 * them all (and those of the notices going out with it, given `lookAtLead`): an erase that began
 * before them has left its tombstone, and the claims go with the lead; one that begins after
 * them deletes the claims themselves. The lead found erased throws
 * `LeadErasedError`: nothing more is carried out for it. A claim that fails leaves the others
 * to go out, then fails the job.
 */
const deliver = async (deps: NotifyDependencies, delivery: Delivery): Promise<void> => {
  const { lead, key, content } = delivery;
  const at = () => deps.now().toISOString();
  const keyOf = (target: Delivery['channels'][number]): NotificationKey => ({ ...key, channel: target.channel });
  const busy: number[] = [];
  /** A channel this call holds: claimed to send, or recorded skipped. */
  const hold = async (target: Delivery['channels'][number]): Promise<{ target: Delivery['channels'][number]; skipped: boolean } | undefined> => {
    if (target.channel === 'slack' && !deps.slack) return (await deps.store.skipNotification(lead.leadId, keyOf(target), { at: at(), error: NO_SLACK })) ? { target, skipped: true } : undefined;
    const { outcome, record } = await deps.store.claimNotification(lead.leadId, keyOf(target), at(), CLAIM_LEASE_SECONDS);
    if (outcome === 'stale') logger.error('a notification may or may not have been sent; not resending', { leadId: lead.leadId, ...keyOf(target) });
    if (outcome === 'busy') busy.push(leaseLeft(record.claimedAt, deps.now()));
    return outcome === 'claimed' ? { target, skipped: false } : undefined;
  };
  const holds = await Promise.allSettled(delivery.channels.map(hold));
  const held = holds.flatMap((result) => (result.status === 'fulfilled' && result.value ? [result.value] : []));
  const unclaimed = holds.flatMap((result) => (result.status === 'rejected' ? [asError(result.reason)] : []));
  if (held.length) {
    const current = await (deps.lookAtLead ? deps.lookAtLead() : deps.store.getLead(lead.leadId)).catch(async (error: unknown) => {
      // A look that fails gives the claims back as failed attempts, which the retry claims again: left as
      // they are, they would end `unknown` and never go out.
      const given = { status: 'failed' as const, at: at(), error: `the lead could not be read before sending: ${asError(error).message}` };
      await Promise.allSettled(held.map(({ target }) => deps.store.finishNotification(lead.leadId, keyOf(target), given)));
      throw error;
    });
    if (!current || isErased(current)) {
      await Promise.all(held.map(({ target }) => deps.store.dropNotification(lead.leadId, keyOf(target))));
      throw new LeadErasedError(lead.leadId);
    }
  }
  /**
   * Sends one channel and records it; answers the send's failure, recorded `failed` for the retry.
   * Sent, a record that cannot be written throws and leaves the claim to end `unknown`: the
   * message went out, and marking it `failed` would send it again.
   */
  const sendOne = async (target: Delivery['channels'][number]): Promise<Error | undefined> => {
    const channelKey = keyOf(target);
    let messageId: string | undefined;
    try {
      messageId = await send(deps, target, content);
    } catch (error) {
      const failure = asError(error);
      await deps.store.finishNotification(lead.leadId, channelKey, { status: 'failed', at: at(), error: failure.message });
      logger.warn('notification send failed; will retry', { leadId: lead.leadId, ...channelKey, error: failure.message });
      return failure;
    }
    await deps.store.finishNotification(lead.leadId, channelKey, { status: 'sent', at: at(), ...(messageId ? { messageId } : {}), ...(target.to ? { recipients: target.to } : {}) });
    return undefined;
  };
  // Every send settles before the notice answers, whatever another channel met.
  const sends = await Promise.allSettled(held.flatMap(({ target, skipped }) => (skipped ? [] : [sendOne(target)])));
  const [unclaimedError] = unclaimed;
  if (unclaimedError) throw unclaimedError;
  const unrecorded = sends.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (unrecorded) throw unrecorded.reason;
  const failures = sends.flatMap((result) => (result.status === 'fulfilled' && result.value ? [result.value] : []));
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
  /** The rep it is assigned to, when a team is. */
  assignedTo?: Pick<Rep, 'name' | 'email' | 'slackUserId'>;
  /** An MQL sales was told of raised its hand: the cycle's second notice, to the team and the lead's rep. */
  alreadyMql?: boolean;
}

/** Everything a notice says about its lead: who, its scores in the playbook's words, what it asked, and where to open it. */
const aboutLead = async (deps: NotifyDependencies, input: QualifiedInput): Promise<NoticeAbout> => {
  const { lead } = input;
  const answers = answersOf(lead);
  const email = emailOf(answers);
  return {
    lead: { leadId: lead.leadId, ...(email ? { email } : {}), ...(input.formTitle ? { formTitle: input.formTitle } : {}), ...(lead.source ? { source: lead.source } : {}) },
    fit: input.fit,
    interest: input.interest,
    cycle: input.cycle,
    handRaiser: input.handRaiser,
    answers,
    forms: await publishedForms(deps.store),
    playbook: input.playbook,
    // The form last submitted: for a hand-raiser's notice, the one it raised its hand on (and answered to the end, or left).
    ...(lead.lastFormId ? { askedOn: lead.lastFormId } : {}),
    adminUrl: adminLeadLink(deps.publicUrl, lead.leadId),
  };
};

/**
 * The key of an MQL's hand-raise notice: the cycle's `qualified` notice, round 1. The store's
 * kinds are the ports' to name; a round apart keeps it exactly once and beside the first.
 */
const ALREADY_MQL_ROUND = 1;

const emailsOf = (playbook: Playbook, also: readonly string[] = []): string[] => [...new Set([...playbook.notify.email, ...also])];

/**
 * Tells sales a lead is theirs, on every channel of the playbook. When an MQL raises its hand
 * (the cycle's second notice), the lead's rep is told with the team, and the notice is a round
 * of its own so that the first one's record still says it went out.
 */
export const notifyQualified = async (deps: NotifyDependencies, input: QualifiedInput): Promise<void> => {
  const { lead, playbook, cycle, assignedTo, alreadyMql } = input;
  const rep = alreadyMql ? assignedTo : undefined;
  const content = qualifiedNotification({
    ...(await aboutLead(deps, input)),
    links: linksFor(deps, lead.leadId, cycle),
    ...(assignedTo ? { assignedTo: assignedTo.name } : {}),
    ...(alreadyMql ? { alreadyMql } : {}),
    ...(rep ? { rep: { name: rep.name, ...(rep.slackUserId ? { slackUserId: rep.slackUserId } : {}) } } : {}),
  });
  const to = emailsOf(playbook, rep ? [rep.email] : []);
  return deliver(deps, {
    lead,
    key: { kind: 'qualified', cycle, ...(alreadyMql ? { round: ALREADY_MQL_ROUND } : {}) },
    content,
    channels: [...(to.length ? [{ channel: 'email' as const, to }] : []), ...(playbook.notify.slack ? [{ channel: 'slack' as const }] : [])],
  });
};

/** Tells the SLA's contacts that sales let an MQL wait too long. */
export const notifyEscalation = async (deps: NotifyDependencies, input: QualifiedInput & { hoursWaiting: number }): Promise<void> => {
  const { lead, playbook, cycle } = input;
  const content = escalationNotification({
    ...(await aboutLead(deps, input)),
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

/** The rep (or, with nobody to take it, the team's fallback) of one assignment round. */
export interface RoundInput extends QualifiedInput {
  team: Team;
  assignment: Assignment;
}

const repOf = (team: Team, repId: string | undefined): Rep | undefined => team.reps.find((rep) => rep.id === repId);

/** Tells the assigned rep the lead is theirs (email, and a Slack mention), or the fallback that nobody could take it. */
export const notifyAssigned = async (deps: NotifyDependencies, input: RoundInput): Promise<void> => {
  const { lead, playbook, cycle, team, assignment } = input;
  const key = { cycle, round: assignment.round };
  const rep = repOf(team, assignment.rep);
  const about = await aboutLead(deps, input);
  if (!rep) {
    const content = unassignedNotification({ ...about, links: linksFor(deps, lead.leadId, cycle), ...(assignment.pool ? { pool: assignment.pool } : {}) });
    return deliver(deps, { lead, key: { ...key, kind: 'unassigned' }, content, channels: team.fallback.length ? [{ channel: 'email', to: team.fallback }] : [] });
  }
  const content = assignedNotification({
    ...about,
    links: linksFor(deps, lead.leadId, cycle, rep.id),
    rep: { name: rep.name, ...(rep.slackUserId ? { slackUserId: rep.slackUserId } : {}) },
    pool: assignment.pool ?? '',
    ...(assignment.dueAt ? { dueAt: assignment.dueAt } : {}),
  });
  return deliver(deps, {
    lead,
    key: { ...key, kind: 'assigned' },
    content,
    channels: [{ channel: 'email', to: [rep.email] }, ...(playbook.notify.slack && rep.slackUserId ? [{ channel: 'slack' as const }] : [])],
  });
};

/** Tells a rep who let the response time pass that the lead went to someone else. */
export const notifyMoved = async (deps: NotifyDependencies, input: RoundInput & { movedTo?: string }): Promise<void> => {
  const { lead, team, assignment } = input;
  const rep = repOf(team, assignment.rep);
  if (!rep) return;
  const content = movedNotification({
    ...(await aboutLead(deps, input)),
    rep: { name: rep.name },
    ...(input.movedTo ? { movedTo: input.movedTo } : {}),
  });
  return deliver(deps, { lead, key: { kind: 'moved', cycle: input.cycle, round: assignment.round }, content, channels: [{ channel: 'email', to: [rep.email] }] });
};
