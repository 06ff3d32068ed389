import { playbookOf } from '../../../core/index.js';
import { escapeHtml } from '../../../core/html.js';
import { findDocument } from '../../../app/documents.js';
import { resolveLead } from '../../../app/leads.js';
import { FollowUpRequiredError, MovedAwayError } from '../../../app/errors.js';
import { giveFeedback } from '../../../app/give-feedback.js';
import { httpErrorOf } from '../../framework/app-errors.js';
import { page } from '../pages/page.js';
import { defineRoute } from '../../framework/route.js';
import { leadParams, linkForm, linkQuery } from '../../wire.js';
import { WORDS, aboutLead, checkLink, refused } from './feedback-link.js';

export const postFeedbackLink = defineRoute({
  method: 'POST',
  path: '/v1/feedback/{leadId}',
  operationId: 'postFeedbackLink',
  summary: 'The decision a confirmation page POSTs (form-encoded, with a reason for reject)',
  access: 'open',
  params: leadParams,
  query: linkQuery,
  body: linkForm,
  bodyFormat: 'form',
  responses: {
    200: { description: 'Done: a page saying so' },
    400: { description: 'A rejection without a reason: a page saying so (a link that does not parse: the SPEC’s error)' },
    403: { description: 'A bad or expired signature: a page saying so' },
    404: { description: 'The lead is gone (erased or merged away): a page saying so' },
    409: { description: 'Already decided, the link is from an earlier cycle or of a rep the lead moved away from, or attempts must be logged first: a page saying so' },
  },
  handle: async ({ params, query, body }, deps) => {
    const bad = checkLink(deps, params.leadId, query);
    if (bad) return bad;
    try {
      const reason = body.reason?.trim();
      const note = body.note?.trim();
      const { lifecycle } = await giveFeedback(deps, params.leadId, {
        decision: query.decision,
        cycle: query.cycle,
        ...(query.rep === undefined ? {} : { linkRep: query.rep }),
        ...(reason ? { reason } : {}),
        // The notification's "Log a call" link logs a call.
        ...(query.decision === 'attempt' ? { channel: 'call' as const, ...(note ? { note } : {}) } : {}),
      });
      const found = await resolveLead(deps.store, params.leadId);
      const about = found ? await aboutLead(deps, found, (await findDocument(deps.store, 'playbook', playbookOf(found.lead)))?.document) : undefined;
      const who = about?.who ?? 'The lead';
      return {
        status: 200,
        html: page(`Done: ${who}`, `<p>${escapeHtml(who)} is ${escapeHtml(WORDS[query.decision].done)}.</p>\n${about?.html ?? `<p class="muted">Stage now: ${escapeHtml(lifecycle.stage)}</p>`}`),
      };
    } catch (error) {
      const known = httpErrorOf(error);
      if (!known) throw error;
      const title =
        error instanceof MovedAwayError
          ? 'This lead has moved on'
          : error instanceof FollowUpRequiredError
            ? 'Follow up first'
            : known.status === 409
              ? 'Already done'
              : known.status === 404
                ? 'This lead is gone'
                : 'Not done';
      return refused(known.status, title, known.message);
    }
  },
});
