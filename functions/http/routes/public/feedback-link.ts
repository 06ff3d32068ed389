import { answersOf, bandLabel, gradeLabel, identityOf, leadHeading, type Decision, type Playbook } from '../../../core/index.js';
import { adminLeadLink, verifyFeedbackLink } from '../../../app/feedback-links.js';
import { publishedForms } from '../../../app/documents.js';
import type { StoredLead } from '../../../app/ports/store.js';
import { escapeHtml } from '../../../core/html.js';
import { page } from '../pages/page.js';
import { type Dependencies, type Reply } from '../../framework/route.js';
import type { LinkQuery } from '../../wire.js';

export const WORDS: Record<Decision, { verb: string; ask: (who: string) => string; done: string }> = {
  accept: { verb: 'Accept', ask: (who) => `Accept ${who}?`, done: 'accepted: it is yours (SAL)' },
  reject: { verb: 'Return to marketing', ask: (who) => `Return ${who} to marketing?`, done: 'returned to marketing (nurture)' },
  convert: { verb: 'Convert', ask: (who) => `Convert ${who}?`, done: 'converted (SQL)' },
  attempt: { verb: 'Log a call', ask: (who) => `Log a call with ${who}?`, done: 'noted: a call attempt is logged (the lead stays yours)' },
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


/** Who a link decides on, as its notification named them: heading, contact, scores and where to read more. */
export const aboutLead = async (deps: Dependencies, found: StoredLead, playbook: Pick<Playbook, 'labels'> | undefined): Promise<{ who: string; html: string }> => {
  const identity = identityOf(answersOf(found.lead), await publishedForms(deps.store));
  const who = leadHeading(identity, found.lead.leadId);
  const contact = [identity.email, identity.phone].filter((part) => part !== undefined);
  const score = found.score;
  const grade = score ? gradeLabel(playbook ?? {}, score.fit.grade) : undefined;
  const scores = score ? [`Grade ${score.fit.grade}${grade ? ` (${grade})` : ''}`, bandLabel(playbook ?? {}, score.interest.band)] : [];
  const facts = [...scores, `stage ${found.lifecycle?.stage ?? 'lead'}`].join(' · ');
  // Same host as this page: the admin page asks for its token itself, so the link carries no secret.
  const admin = adminLeadLink('', found.lead.leadId);
  return {
    who,
    html: [
      ...(contact.length ? [`<p>${contact.map(escapeHtml).join(' · ')}</p>`] : []),
      `<p class="muted">${escapeHtml(facts)}</p>`,
      `<p><a href="${escapeHtml(admin)}">Open in Winnow</a></p>`,
    ].join('\n'),
  };
};
