import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Decision } from '../core/index.js';
import { DAY_MS } from '../core/time.js';

/** How long a link in a notification works: long enough for a holiday, short enough to age out. */
export const LINK_LIFETIME_DAYS = 14;

export interface FeedbackLink {
  leadId: string;
  decision: Decision;
  cycle: number;
  /** The rep the link was sent to: once the lead moves to another rep, it no longer decides. */
  rep?: string | undefined;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

// A link without a rep signs what links signed before reps existed, so those still work.
const payload = ({ leadId, decision, cycle, exp, rep }: FeedbackLink): string => `${leadId}\n${decision}\n${cycle}\n${exp}${rep === undefined ? '' : `\n${rep}`}`;

const signatureOf = (secret: string, link: FeedbackLink): string => createHmac('sha256', secret).update(payload(link)).digest('base64url');

/** One-click links for sales: an HMAC over lead, decision, cycle and expiry. */
export const signFeedbackLink = (baseUrl: string, secret: string, link: Omit<FeedbackLink, 'exp'>, now: Date): string => {
  const full = { ...link, exp: Math.floor((now.getTime() + LINK_LIFETIME_DAYS * DAY_MS) / 1000) };
  const query = new URLSearchParams({
    decision: full.decision,
    cycle: String(full.cycle),
    ...(full.rep === undefined ? {} : { rep: full.rep }),
    exp: String(full.exp),
    sig: signatureOf(secret, full),
  });
  return `${baseUrl.replace(/\/$/, '')}/v1/feedback/${encodeURIComponent(link.leadId)}?${query}`;
};

export type LinkCheck = { ok: true } | { ok: false; reason: 'tampered' | 'expired' };

export const verifyFeedbackLink = (secret: string, link: FeedbackLink, sig: string, now: Date): LinkCheck => {
  const expected = Buffer.from(signatureOf(secret, link));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'tampered' };
  return link.exp * 1000 < now.getTime() ? { ok: false, reason: 'expired' } : { ok: true };
};

/** The lead on the admin page (SPEC: `/admin#/leads/ID`): the page asks for the admin token itself, so the link carries no secret. */
export const adminLeadLink = (baseUrl: string, leadId: string): string => `${baseUrl.replace(/\/$/, '')}/admin#/leads/${encodeURIComponent(leadId)}`;
