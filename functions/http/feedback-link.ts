import * as z from 'zod';
import { emailOf, type Decision } from '../core/index.js';
import { verifyFeedbackLink } from '../adapters/feedback-links.js';
import { resolveLead } from '../application/leads.js';
import { HttpError } from './errors.js';
import { applyFeedback } from './feedback.js';
import { escapeHtml } from '../core/html.js';
import { page } from './pages.js';
import { defineRoute, type Dependencies, type Reply } from './route.js';
import { LeadParams } from './schemas.js';

/** Links carry only accept and reject; converting is done from the admin API. */
const LinkQuery = z.object({
  decision: z.enum(['accept', 'reject']),
  cycle: z.coerce.number().int().positive(),
  exp: z.coerce.number().int().positive(),
  sig: z.string().min(1).max(200),
});
type LinkQuery = z.output<typeof LinkQuery>;

const LinkForm = z.object({ reason: z.string().max(500).optional() });

const WORDS: Record<Decision, { verb: string; done: string }> = {
  accept: { verb: 'Accept', done: 'accepted: it is yours (SAL)' },
  reject: { verb: 'Return to marketing', done: 'returned to marketing (nurture)' },
  convert: { verb: 'Convert', done: 'converted (SQL)' },
};

const refused = (status: number, title: string, message: string): Reply => ({ status, html: page(title, `<p>${escapeHtml(message)}</p>`) });

/** A bad or expired signature is 403, whatever else is wrong with the link. */
const checkLink = (deps: Dependencies, leadId: string, query: LinkQuery): Reply | undefined => {
  const secret = deps.config.WINNOW_LINK_SECRET;
  const check = secret ? verifyFeedbackLink(secret, { leadId, ...query }, query.sig, deps.now()) : { ok: false as const, reason: 'tampered' as const };
  if (check.ok) return undefined;
  return check.reason === 'expired'
    ? refused(403, 'This link has expired', 'Open the lead from the admin page to accept or return it.')
    : refused(403, 'This link is not valid', 'It may have been altered or cut short. Use the buttons in the original notification.');
};

export const getFeedbackLink = defineRoute({
  method: 'GET',
  path: '/v1/feedback/{leadId}',
  summary: 'The confirmation page of a one-click link in a notification; changes nothing (mail scanners open links)',
  access: 'open',
  params: LeadParams,
  query: LinkQuery,
  responses: { 200: { description: 'A page whose form POSTs the decision' }, 403: { description: 'A bad or expired signature' } },
  handle: async ({ params, query }, deps) => {
    const bad = checkLink(deps, params.leadId, query);
    if (bad) return bad;
    const found = await resolveLead(deps.store, params.leadId);
    if (!found) return refused(404, 'This lead is gone', 'It was erased or merged away.');
    const who = emailOf(found.lead.answers) ?? `lead ${found.lead.leadId}`;
    const { verb } = WORDS[query.decision];
    const action = `/v1/feedback/${encodeURIComponent(params.leadId)}?${new URLSearchParams({ decision: query.decision, cycle: String(query.cycle), exp: String(query.exp), sig: query.sig })}`;
    const reason =
      query.decision === 'reject'
        ? '<p><label for="reason">Why does it go back to marketing?</label><br><textarea id="reason" name="reason" rows="3" required maxlength="500"></textarea></p>'
        : '';
    return {
      status: 200,
      html: page(
        `${verb} ${who}?`,
        `<p class="muted">Stage now: ${escapeHtml(found.lifecycle?.stage ?? 'lead')} · qualification cycle ${query.cycle}</p>
<form method="post" action="${escapeHtml(action)}">${reason}<button type="submit"${query.decision === 'reject' ? ' class="reject"' : ''}>${escapeHtml(verb)}</button></form>`,
      ),
    };
  },
});

export const postFeedbackLink = defineRoute({
  method: 'POST',
  path: '/v1/feedback/{leadId}',
  summary: 'The decision a confirmation page POSTs (form-encoded, with a reason for reject)',
  access: 'open',
  params: LeadParams,
  query: LinkQuery,
  body: LinkForm,
  bodyFormat: 'form',
  responses: {
    200: { description: 'Done' },
    400: { description: 'A rejection without a reason' },
    403: { description: 'A bad or expired signature' },
    409: { description: 'Already decided, or the link is from an earlier cycle' },
  },
  handle: async ({ params, query, body }, deps) => {
    const bad = checkLink(deps, params.leadId, query);
    if (bad) return bad;
    try {
      const reason = body.reason?.trim();
      const { lifecycle } = await applyFeedback(deps, params.leadId, { decision: query.decision, cycle: query.cycle, ...(reason ? { reason } : {}) });
      return { status: 200, html: page('Done', `<p>The lead is ${escapeHtml(WORDS[query.decision].done)}.</p><p class="muted">Stage now: ${escapeHtml(lifecycle.stage)}</p>`) };
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      const title = error.status === 409 ? 'Already done' : error.status === 404 ? 'This lead is gone' : 'Not done';
      return refused(error.status, title, error.message);
    }
  },
});
