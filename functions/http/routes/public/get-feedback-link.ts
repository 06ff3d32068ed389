import { playbookOf } from '../../../core/index.js';
import { findDocument } from '../../../app/documents.js';
import { escapeHtml } from '../../../core/html.js';
import { resolveLead } from '../../../app/leads.js';
import { page } from '../pages/page.js';
import { defineRoute } from '../../framework/route.js';
import { leadParams, linkQuery } from '../../wire.js';
import { WORDS, aboutLead, checkLink, refused } from './feedback-link.js';

export const getFeedbackLink = defineRoute({
  method: 'GET',
  path: '/v1/feedback/{leadId}',
  operationId: 'getFeedbackLink',
  summary: 'The confirmation page of a one-click link in a notification; changes nothing (mail scanners open links)',
  access: 'open',
  params: leadParams,
  query: linkQuery,
  responses: {
    200: { description: 'A page whose form POSTs the decision' },
    403: { description: 'A bad or expired signature: a page saying so' },
    404: { description: 'The lead is gone (erased or merged away): a page saying so' },
  },
  handle: async ({ params, query }, deps) => {
    const bad = checkLink(deps, params.leadId, query);
    if (bad) return bad;
    const found = await resolveLead(deps.store, params.leadId);
    if (!found) return refused(404, 'This lead is gone', 'It was erased or merged away.');
    const playbook = (await findDocument(deps.store, 'playbook', playbookOf(found.lead)))?.document;
    const about = await aboutLead(deps, found, playbook);
    const { verb, ask } = WORDS[query.decision];
    const action = `/v1/feedback/${encodeURIComponent(params.leadId)}?${new URLSearchParams({
      decision: query.decision,
      cycle: String(query.cycle),
      ...(query.rep === undefined ? {} : { rep: query.rep }),
      exp: String(query.exp),
      sig: query.sig,
    })}`;
    const reasons = playbook?.returnReasons;
    const reason =
      query.decision === 'reject'
        ? reasons
          ? `<p><label for="reason">Why does it go back to marketing?</label><br><select id="reason" name="reason" required><option value="">Choose a reason</option>${reasons.map((r) => `<option value="${escapeHtml(r)}">${escapeHtml(r.replace(/_/g, ' '))}</option>`).join('')}</select></p>`
          : '<p><label for="reason">Why does it go back to marketing?</label><br><textarea id="reason" name="reason" rows="3" required maxlength="500"></textarea></p>'
        : query.decision === 'attempt'
          ? '<p><label for="note">What happened? (optional)</label><br><textarea id="note" name="note" rows="3" maxlength="1000"></textarea></p>'
          : '';
    return {
      status: 200,
      html: page(
        ask(about.who),
        `${about.html}
<p class="muted">Qualification cycle ${query.cycle}</p>
<form method="post" action="${escapeHtml(action)}">${reason}<button type="submit"${query.decision === 'reject' ? ' class="reject"' : ''}>${escapeHtml(verb)}</button></form>`,
      ),
    };
  },
});

