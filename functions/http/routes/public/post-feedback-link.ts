import { escapeHtml } from '../../../core/html.js';
import { applyFeedback } from '../../../app/give-feedback.js';
import { HttpError } from '../../framework/errors.js';
import { page } from '../pages/page.js';
import { defineRoute } from '../../framework/route.js';
import { LeadParams } from '../../wire.js';
import { LinkForm, LinkQuery, WORDS, checkLink, refused } from './feedback-link.js';

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
