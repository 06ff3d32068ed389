import { type Decision } from '../../../core/index.js';
import { verifyFeedbackLink } from '../../../app/feedback-links.js';
import { escapeHtml } from '../../../core/html.js';
import { page } from '../pages/page.js';
import { type Dependencies, type Reply } from '../../framework/route.js';
import type { LinkQuery } from '../../wire.js';

export const WORDS: Record<Decision, { verb: string; done: string }> = {
  accept: { verb: 'Accept', done: 'accepted: it is yours (SAL)' },
  reject: { verb: 'Return to marketing', done: 'returned to marketing (nurture)' },
  convert: { verb: 'Convert', done: 'converted (SQL)' },
  attempt: { verb: 'Log a call', done: 'noted: a call attempt is logged (the lead stays yours)' },
};

export const refused = (status: number, title: string, message: string): Reply => ({ status, html: page(title, `<p>${escapeHtml(message)}</p>`) });

/** A bad or expired signature is 403, whatever else is wrong with the link. */
export const checkLink = (deps: Dependencies, leadId: string, query: LinkQuery): Reply | undefined => {
  const secret = deps.config.WINNOW_LINK_SECRET;
  const check = secret ? verifyFeedbackLink(secret, { leadId, ...query }, query.sig, deps.now()) : { ok: false as const, reason: 'tampered' as const };
  if (check.ok) return undefined;
  return check.reason === 'expired'
    ? refused(403, 'This link has expired', 'Open the lead from the admin page to accept or return it.')
    : refused(403, 'This link is not valid', 'It may have been altered or cut short. Use the buttons in the original notification.');
};

