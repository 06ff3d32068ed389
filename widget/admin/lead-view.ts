import type { Decision } from '../../functions/core/index.js';
import { own } from '../../functions/core/lead.js';
import { decisionsFrom } from '../../functions/core/lifecycle.js';
import { h } from '../src/dom.js';
import { adminCall, RefusedError } from './admin-api.js';
import { dateTime, shown } from './format.js';
import { table } from './table.js';
import type { FeedbackAnswer, LeadView } from './types.js';

const VERBS: Record<Decision, string> = { accept: 'Accept (SAL)', convert: 'Convert to opportunity (SQL)', reject: 'Return to marketing' };

const fact = (term: string, value: string, attributes: Record<string, string> = {}) => [h('dt', {}, term), h('dd', attributes, value)];

/** The decision buttons, and the reason a return to marketing needs. */
const decisionsFor = (lead: LeadView, decide: (decision: Decision, reason?: string) => Promise<void>): HTMLElement | undefined => {
  // The core's own rule: the API decides, this only hides the buttons it would refuse.
  const allowed = (Object.keys(VERBS) as Decision[]).filter((decision) => decisionsFrom(lead.stage).includes(decision));
  if (allowed.length === 0) return undefined;
  const status = h('p', { class: 'error', role: 'alert' });
  const act = (decision: Decision, reason?: string) =>
    decide(decision, reason).catch((error: unknown) => {
      status.textContent = error instanceof RefusedError ? error.message : 'The decision could not be sent. Try again.';
    });
  const buttons = allowed
    .filter((decision) => decision !== 'reject')
    .map((decision) => {
      const button = h('button', { type: 'button', 'data-decision': decision }, VERBS[decision]);
      button.addEventListener('click', () => void act(decision));
      return button;
    });
  const reason = h('textarea', { id: 'reason', name: 'reason', rows: 2, maxlength: 500, required: true });
  const reject = h(
    'form',
    { class: 'reject', novalidate: true },
    h('label', { for: 'reason' }, 'Why does it go back to marketing?'),
    reason,
    h('button', { type: 'submit', class: 'reject', 'data-decision': 'reject' }, VERBS.reject),
  );
  reject.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!reason.value.trim()) {
      status.textContent = 'Give a reason: marketing reads it.';
      reason.setAttribute('aria-invalid', 'true');
      reason.focus();
      return;
    }
    void act('reject', reason.value.trim());
  });
  return h('div', { class: 'decide' }, h('h3', {}, 'Decide'), h('div', { class: 'actions' }, ...buttons), ...(allowed.includes('reject') ? [reject] : []), status);
};

/** One lead: who it is, where it stands, and why it scored what it did. */
const leadDetails = (lead: LeadView, decide: (decision: Decision, reason?: string) => Promise<void>, notice = ''): HTMLElement[] => {
  const decisions = decisionsFor(lead, decide);
  return [
    h('h2', { id: 'lead-title', tabindex: -1 }, lead.email ?? `Lead ${lead.leadId}`),
    h('p', { class: 'notice', role: 'status' }, notice),
    h(
      'dl',
      { class: 'facts' },
      ...fact('Stage', lead.stage, { 'data-field': 'stage' }),
      ...fact('Owner', lead.owner),
      ...fact('Fit', `${lead.fit.grade} · ${lead.fit.points} points`),
      ...fact('Interest', `${lead.interest.band} · ${lead.interest.score}`),
      ...fact('Hand-raiser', shown(lead.handRaiser)),
      ...fact('Cycle', String(lead.cycle)),
      ...(lead.returnReason ? fact('Returned because', lead.returnReason) : []),
      ...fact('Lead id', lead.leadId),
    ),
    ...(decisions ? [decisions] : []),
    table('Answers', ['Field', 'Answer'], Object.entries(lead.answers).map(([field, answer]) => [field, shown(answer)])),
    ...(lead.claims.length
      ? [
          h('p', { class: 'muted' }, 'Another device typed this lead’s email and answered differently. Typing an email proves nothing, so these answers are kept for you to check, never applied.'),
          table(
            'Conflicting answers',
            ['Field', 'Kept answer', 'Other device said', 'When'],
            lead.claims.map((claim) => [claim.field, shown(own(lead.answers, claim.field)), shown(claim.value), dateTime(claim.at)]),
          ),
        ]
      : []),
    table(
      `Fit: ${lead.fit.points} points, grade ${lead.fit.grade}`,
      ['Criterion', 'Field', 'Answer', 'Points'],
      lead.fit.breakdown.map((reason) => [reason.criterion, reason.field, shown(reason.answer), String(reason.points)]),
    ),
    table(
      `Interest: ${lead.interest.score}, ${lead.interest.band}`,
      ['Behaviour', 'Count', 'Points'],
      lead.interest.breakdown.map((reason) => [reason.type, String(reason.count), `${reason.points}${reason.capped ? ' (capped)' : ''}`]),
      'no behaviour recorded.',
    ),
    table(
      'History',
      ['When', 'Change', 'Why', 'Cycle'],
      lead.history.map((step) => [dateTime(step.at), `${step.from} → ${step.to}`, step.why, String(step.cycle)]),
      'not qualified yet.',
    ),
    table(
      'Notifications',
      ['Sent', 'Kind', 'Channel', 'Status', 'Cycle'],
      lead.notifications.map((n) => [dateTime(n.sentAt ?? n.claimedAt), n.kind, n.channel, `${n.status}${n.lastError ? `: ${n.lastError}` : ''}`, String(n.cycle)]),
      'none sent.',
    ),
  ];
};

/** Loads a lead into `container` and redraws it after each decision. */
export const showLead = async (container: HTMLElement, leadId: string, afterDecision: () => void): Promise<void> => {
  const path = `/v1/admin/leads/${encodeURIComponent(leadId)}`;
  const draw = async (notice?: string) => {
    const lead = await adminCall<LeadView>(path);
    container.replaceChildren(
      ...leadDetails(
        lead,
        async (decision, reason) => {
          const { stage } = await adminCall<FeedbackAnswer>(`${path}/feedback`, { decision, ...(reason ? { reason } : {}) });
          await draw(`Done: the lead is now ${stage}.`);
          afterDecision();
        },
        notice,
      ),
    );
    container.hidden = false;
    container.querySelector<HTMLElement>('#lead-title')?.focus();
  };
  await draw();
};
