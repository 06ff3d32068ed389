import type { Decision } from '../../functions/core/index.js';
import { own } from '../../functions/core/lead.js';
import { ATTEMPT_CHANNELS, decisionsFrom } from '../../functions/core/lifecycle.js';
import { h } from '../src/dom.js';
import { adminCall, RefusedError } from './admin-api.js';
import { dateTime, fromNow, shown, words } from './format.js';
import type { SalesTeams } from './sales-teams.js';
import { table } from './table.js';
import type { AssignmentView, AttemptChannel, FeedbackAnswer, LeadView, PlaybookView } from './types.js';

const VERBS: Record<Decision, string> = { accept: 'Accept (SAL)', convert: 'Convert to opportunity (SQL)', reject: 'Return to marketing', attempt: 'Log attempt' };
const CHANNELS: Record<AttemptChannel, string> = { call: 'Call', email: 'Email', meeting: 'Meeting', other: 'Other' };

export interface Feedback {
  decision: Decision;
  reason?: string;
  channel?: AttemptChannel;
  note?: string;
}

/** What the page knows beside the lead: its playbook's rules and the names of the people who act on it. */
interface Context {
  playbook: PlaybookView | undefined;
  nameOf: (actor: string) => string;
}

const fact = (term: string, value: string | Node, attributes: Record<string, string> = {}) => [h('dt', {}, term), h('dd', attributes, value)];
const option = (value: string, label: string) => h('option', { value }, label);

/** The current cycle's assignment: the latest one of this cycle. */
const currentOf = (lead: LeadView): AssignmentView | undefined => lead.assignments.filter((a) => a.cycle === lead.cycle).at(-1);

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * The API's refusal in the page's words: its reason ids (`not_ready`) read as the choices the
 * page offers ("Not ready"), and it reads as a sentence.
 */
const readable = (message: string, reasons: readonly string[]): string => {
  const named = reasons.reduce((text, reason) => text.replace(new RegExp(`(?<![a-z0-9_])${reason}(?![a-z0-9_])`, 'g'), `“${words(reason)}”`), message);
  return `${named.charAt(0).toUpperCase()}${named.slice(1)}${/[.!?]$/.test(named) ? '' : '.'}`;
};

/** What the playbook asks before a return, said up front: how many attempts, and which reasons need none. */
const followUpHint = (lead: LeadView, playbook: PlaybookView | undefined): string | undefined => {
  const followUp = playbook?.followUp;
  if (!followUp || followUp.attemptsBeforeReturn <= 0) return undefined;
  const logged = lead.attempts.filter((attempt) => attempt.cycle === lead.cycle).length;
  const exempt = new Intl.ListFormat(undefined, { type: 'disjunction' }).format(followUp.reasonsWithoutAttempts.map(words));
  return `Returning needs ${plural(followUp.attemptsBeforeReturn, 'logged attempt', 'logged attempts')} this cycle (${logged} so far)${exempt ? `, unless the reason is ${exempt}` : ''}.`;
};

/** The decision buttons, the contact attempt a rep logs, and the reason a return to marketing needs. */
const decisionsFor = (lead: LeadView, { playbook }: Context, decide: (feedback: Feedback) => Promise<void>): HTMLElement | undefined => {
  // The core's own rule: the API decides, this only hides the buttons it would refuse.
  const allowed = (Object.keys(VERBS) as Decision[]).filter((decision) => decisionsFrom(lead.stage).includes(decision));
  if (allowed.length === 0) return undefined;
  const reasons = playbook?.returnReasons ?? [];
  const status = h('p', { class: 'error', role: 'alert' });
  const act = (feedback: Feedback) =>
    decide(feedback).catch((error: unknown) => {
      status.textContent = error instanceof RefusedError ? readable(error.message, reasons) : 'The decision could not be sent. Try again.';
    });
  const buttons = allowed
    .filter((decision) => decision === 'accept' || decision === 'convert')
    .map((decision) => {
      const button = h('button', { type: 'button', 'data-decision': decision }, VERBS[decision]);
      button.addEventListener('click', () => void act({ decision }));
      return button;
    });

  const channel = h('select', { id: 'attempt-channel', name: 'channel' }, ...ATTEMPT_CHANNELS.map((c) => option(c, CHANNELS[c])));
  const note = h('input', { id: 'attempt-note', name: 'note', type: 'text', maxlength: 1000, autocomplete: 'off' });
  const attempt = h(
    'form',
    { class: 'attempt' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Log a contact attempt'),
      h('div', { class: 'inline' }, h('div', {}, h('label', { for: channel.id }, 'Channel'), channel), h('div', { class: 'grow' }, h('label', { for: note.id }, 'Note (optional)'), note)),
      h('button', { type: 'submit', class: 'secondary', 'data-decision': 'attempt' }, VERBS.attempt),
    ),
  );
  attempt.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = note.value.trim();
    void act({ decision: 'attempt', channel: channel.value as AttemptChannel, ...(text ? { note: text } : {}) });
  });

  const hint = followUpHint(lead, playbook);
  const describedBy = hint ? { 'aria-describedby': 'return-hint' } : {};
  const reason =
    reasons.length > 0
      ? h('select', { id: 'reason', name: 'reason', required: true, ...describedBy }, option('', 'Choose a reason…'), ...reasons.map((r) => option(r, words(r))))
      : h('textarea', { id: 'reason', name: 'reason', rows: 2, maxlength: 500, required: true, ...describedBy });
  const reject = h(
    'form',
    { class: 'reject', novalidate: true },
    h('label', { for: 'reason' }, 'Why does it go back to marketing?'),
    reason,
    ...(hint ? [h('p', { id: 'return-hint', class: 'muted' }, hint)] : []),
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
    reason.removeAttribute('aria-invalid');
    void act({ decision: 'reject', reason: reason.value.trim() });
  });
  return h(
    'div',
    { class: 'decide' },
    h('h3', {}, 'Decide'),
    ...(buttons.length ? [h('div', { class: 'actions' }, ...buttons)] : []),
    ...(allowed.includes('attempt') ? [attempt] : []),
    ...(allowed.includes('reject') ? [reject] : []),
    status,
  );
};

/** When the current rep must have touched the lead, and whether they did. */
const dueWords = (assignment: AssignmentView): string | undefined => {
  if (!assignment.dueAt) return undefined;
  const due = dateTime(assignment.dueAt);
  if (assignment.touchedAt) return `${due} · met (first touch ${dateTime(assignment.touchedAt)})`;
  if (assignment.missedAt) return `${due} · missed`;
  return Date.parse(assignment.dueAt) < Date.now() ? `${due} · overdue` : `${due} (${fromNow(assignment.dueAt)})`;
};

/** Who has the lead, from which pool, and the SLA they answer to. */
const assignmentFacts = (lead: LeadView, { nameOf }: Context): HTMLElement[] => {
  const current = currentOf(lead);
  if (!current && !lead.rep && !lead.pool) return [];
  const rep = lead.rep ?? current?.rep;
  const pool = lead.pool ?? current?.pool;
  const due = current ? dueWords(current) : undefined;
  return [
    ...fact('Assigned to', rep ? nameOf(rep) : 'Nobody yet: no rep of the pool could take it', { 'data-field': 'rep' }),
    ...(pool ? fact('Pool', pool) : []),
    ...(due ? fact('Respond by', due, { 'data-field': 'due' }) : []),
  ];
};

/** One lead: who it is, where it stands, who has it, and why it scored what it did. */
const leadDetails = (lead: LeadView, context: Context, decide: (feedback: Feedback) => Promise<void>, notice = ''): HTMLElement[] => {
  const { nameOf } = context;
  const decisions = decisionsFor(lead, context, decide);
  return [
    h('h2', { id: 'lead-title', tabindex: -1 }, lead.email ?? `Lead ${lead.leadId}`),
    h('p', { class: 'notice', role: 'status' }, notice),
    h(
      'dl',
      { class: 'facts' },
      ...fact('Stage', lead.stage, { 'data-field': 'stage' }),
      ...fact('Owner', lead.owner),
      ...assignmentFacts(lead, context),
      ...fact('Fit', `${lead.fit.grade} · ${lead.fit.points} points`),
      ...fact('Interest', `${lead.interest.band} · ${lead.interest.score}`),
      ...fact('Hand-raiser', shown(lead.handRaiser)),
      ...fact('Cycle', String(lead.cycle)),
      ...(lead.returnReason ? fact('Returned because', words(lead.returnReason)) : []),
      ...fact('Lead id', lead.leadId),
    ),
    ...(decisions ? [decisions] : []),
    ...(lead.assignments.length || lead.attempts.length
      ? [
          table(
            'Contact attempts',
            ['When', 'Channel', 'Note', 'By', 'Cycle'],
            lead.attempts.map((a) => [dateTime(a.at), CHANNELS[a.channel], a.note ?? '—', nameOf(a.by), String(a.cycle)]),
            'none logged.',
            ['Cycle'],
          ),
        ]
      : []),
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
    // One assignment is the facts above; a table only when the lead moved between reps or cycles.
    ...(lead.assignments.length > 1
      ? [
          table(
            'Assignments',
            ['Assigned', 'Rep', 'Pool', 'Respond by', 'Cycle'],
            lead.assignments.map((a) => [
              dateTime(a.assignedAt),
              `${a.rep ? nameOf(a.rep) : 'nobody'}${a.missedAt ? ' (missed the SLA)' : ''}`,
              a.pool ?? '—',
              a.touchedAt ? `${dateTime(a.dueAt)} · met` : dateTime(a.dueAt),
              String(a.cycle),
            ]),
            undefined,
            ['Cycle'],
          ),
        ]
      : []),
    table(
      'History',
      ['When', 'Change', 'Why', 'By', 'Cycle'],
      lead.history.map((step) => [dateTime(step.at), `${step.from} → ${step.to}`, step.why, step.by ? nameOf(step.by) : '—', String(step.cycle)]),
      'not qualified yet.',
      ['Cycle'],
    ),
    table(
      'Notifications',
      ['Sent', 'Kind', 'Channel', 'Status', 'Cycle'],
      lead.notifications.map((n) => [dateTime(n.sentAt ?? n.claimedAt), n.kind, n.channel, `${n.status}${n.lastError ? `: ${n.lastError}` : ''}`, String(n.cycle)]),
      'none sent.',
      ['Cycle'],
    ),
  ];
};

const doneWords = (feedback: Feedback, answer: FeedbackAnswer): string =>
  feedback.decision === 'attempt'
    ? `Logged: ${CHANNELS[feedback.channel ?? 'other'].toLowerCase()} attempt. The lead stays ${answer.stage}.`
    : `Done: the lead is now ${answer.stage}.`;

/** Loads a lead into `container` and redraws it after each decision. */
export const showLead = async (container: HTMLElement, leadId: string, afterDecision: () => void, teams: SalesTeams): Promise<void> => {
  const path = `/v1/admin/leads/${encodeURIComponent(leadId)}`;
  const draw = async (notice?: string) => {
    const lead = await adminCall<LeadView>(path);
    const playbook = await teams.playbook(lead.playbook.id);
    // The names of the reps who had it: their team, or the one its playbook assigns from.
    const teamId = currentOf(lead)?.team ?? playbook?.team;
    if (teamId) await teams.team(teamId);
    container.replaceChildren(
      ...leadDetails(
        lead,
        { playbook, nameOf: teams.nameOf },
        async (feedback) => {
          const answer = await adminCall<FeedbackAnswer>(`${path}/feedback`, feedback);
          await draw(doneWords(feedback, answer));
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
