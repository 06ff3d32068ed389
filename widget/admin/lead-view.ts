import type { Answer, Decision } from '../../functions/core/index.js';
import { own } from '../../functions/core/lead.js';
import { ATTEMPT_CHANNELS, decisionsFrom } from '../../functions/core/lifecycle.js';
import { answerLabel } from '../../functions/core/notification.js';
import { bandLabel, eventLabel, gradeLabel, humanize } from '../../functions/core/playbook.js';
import { h } from '../src/dom.js';
import { adminCall, RefusedError } from './admin-api.js';
import { countdown, dateTime, fromNow, points, shortDate, words } from './format.js';
import type { SalesTeams } from './sales-teams.js';
import { table } from './table.js';
import type { AssignmentView, AttemptChannel, FeedbackAnswer, LeadView, PlaybookView } from './types.js';

const VERBS: Record<Decision, string> = { accept: 'Accept (SAL)', convert: 'Convert to opportunity (SQL)', reject: 'Return to marketing', attempt: 'Log attempt' };
const STAGE_WORDS: Record<LeadView['stage'], string> = { lead: 'Not qualified', MQL: 'MQL: to accept', SAL: 'SAL: accepted', SQL: 'SQL: opportunity', nurture: 'Nurture: returned' };
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

/* Labels: people read the form's and the playbook's words, never ids (SPEC "Form definition"). */

/** A field as its question names it. */
const fieldLabel = (lead: LeadView, field: string): string => own(lead.questions, field)?.label ?? humanize(field);

/** An answer as its question's options name it; a number grouped, a checkbox as yes or no. */
const answerText = (lead: LeadView, field: string, answer: Answer | null | undefined): string =>
  answer === null || answer === undefined ? '—' : answerLabel(own(lead.questions, field), answer);

/** A criterion as the playbook names it, else as its question does. */
const criterionLabel = (lead: LeadView, playbook: PlaybookView | undefined, criterion: string, field: string): string =>
  playbook?.fit.criteria.find((c) => c.id === criterion)?.label ?? own(lead.questions, field)?.label ?? humanize(criterion);

const fitWords = (lead: LeadView, playbook: PlaybookView | undefined): string => {
  const label = playbook ? gradeLabel(playbook, lead.fit.grade) : undefined;
  return `Grade ${lead.fit.grade}${label ? ` (${label})` : ''} · ${points(lead.fit.points)} points`;
};

const interestWords = (lead: LeadView, playbook: PlaybookView | undefined): string => `${bandLabel(playbook ?? {}, lead.interest.band)} · ${points(lead.interest.score)} points`;

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

  // Returning is the quieter choice: a secondary button that opens the playbook's reasons as chips.
  const hint = followUpHint(lead, playbook);
  const returnButton = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', 'aria-controls': 'return-panel' }, 'Return');
  const chips = reasons.map((reason) =>
    h('label', { class: 'chip' }, h('input', { type: 'radio', name: 'reason', value: reason }), h('span', {}, words(reason))),
  );
  const freeText = reasons.length === 0 ? h('textarea', { id: 'reason', name: 'reason', rows: 2, maxlength: 500, required: true, ...(hint ? { 'aria-describedby': 'return-hint' } : {}) }) : undefined;
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const reject = h(
    'form',
    { class: 'reject', id: 'return-panel', novalidate: true, hidden: true },
    freeText
      ? h('div', {}, h('label', { for: 'reason' }, 'Why does it go back to marketing?'), freeText)
      : h('fieldset', { class: 'chips', role: 'radiogroup', ...(hint ? { 'aria-describedby': 'return-hint' } : {}) }, h('legend', {}, 'Why does it go back to marketing?'), ...chips),
    ...(hint ? [h('p', { id: 'return-hint', class: 'muted' }, hint)] : []),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary', 'data-decision': 'reject' }, VERBS.reject), cancel),
  );
  const showReturn = (open: boolean) => {
    reject.hidden = !open;
    returnButton.setAttribute('aria-expanded', String(open));
    if (open) (reject.querySelector<HTMLElement>('input, textarea') ?? reject).focus();
    else returnButton.focus();
  };
  returnButton.addEventListener('click', () => showReturn(returnButton.getAttribute('aria-expanded') !== 'true'));
  cancel.addEventListener('click', () => showReturn(false));
  reject.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = freeText ? freeText.value.trim() : (reject.querySelector<HTMLInputElement>('input[name=reason]:checked')?.value ?? '');
    const field = freeText ?? reject.querySelector<HTMLElement>('fieldset');
    if (!chosen) {
      status.textContent = 'Give a reason: marketing reads it.';
      field?.setAttribute('aria-invalid', 'true');
      (freeText ?? reject.querySelector<HTMLElement>('input[name=reason]'))?.focus();
      return;
    }
    field?.removeAttribute('aria-invalid');
    void act({ decision: 'reject', reason: chosen });
  });
  const canReturn = allowed.includes('reject');
  return h(
    'div',
    { class: 'decide' },
    h('h3', {}, 'Decide'),
    ...(buttons.length || canReturn ? [h('div', { class: 'actions' }, ...buttons, ...(canReturn ? [returnButton] : []))] : []),
    ...(canReturn ? [reject] : []),
    status,
    ...(allowed.includes('attempt') ? [attempt] : []),
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

/** "Ada Lovelace, Analytical Engines": who the lead is, as sales says it; the email when no name was given. */
const headingOf = (lead: LeadView): string => {
  const who = lead.name ?? lead.email ?? `Lead ${lead.leadId.slice(0, 8)}…`;
  return lead.company ? `${who}, ${lead.company}` : who;
};

/** Email and phone, each a link that starts the call or the message. */
const contactLine = (lead: LeadView): HTMLElement | undefined => {
  const parts = [
    ...(lead.email && lead.name ? [h('a', { href: `mailto:${lead.email}` }, lead.email)] : []),
    ...(lead.phone ? [h('a', { href: `tel:${lead.phone.replace(/[^+\d]/g, '')}` }, lead.phone)] : []),
  ];
  if (parts.length === 0) return undefined;
  const line = h('p', { class: 'contact' });
  parts.forEach((part, index) => line.append(...(index ? [' · ', part] : [part])));
  return line;
};

/** What the lead asked, in its own words first, with the form it asked on and where it came from. */
const askedBlock = (lead: LeadView): HTMLElement | undefined => {
  const asked = lead.asked;
  const fields = (asked?.fields ?? []).filter((field) => !['email', 'first_name', 'last_name', 'name', 'full_name', 'company', 'company_name', 'organization', 'phone'].includes(field));
  if (!asked && !lead.source) return undefined;
  const long = fields.filter((field) => own(lead.questions, field)?.type === 'textarea');
  const short = fields.filter((field) => !long.includes(field));
  const source = lead.source;
  return h(
    'div',
    { class: 'asked-block', role: 'group', 'aria-labelledby': 'asked-title' },
    h('h3', { id: 'asked-title' }, 'What they asked'),
    ...long.map((field) => h('blockquote', { 'data-field': field }, answerText(lead, field, own(lead.answers, field)))),
    ...(long.length === 0 ? [h('p', { class: 'muted' }, lead.handRaiser ? 'Asked to be contacted, without a message.' : 'No message.')] : []),
    ...(short.length ? [h('dl', { class: 'facts asked-facts' }, ...short.flatMap((field) => fact(fieldLabel(lead, field), answerText(lead, field, own(lead.answers, field)))))] : []),
    h(
      'p',
      { class: 'muted source' },
      [
        ...(asked ? [`On “${asked.formTitle}”`] : []),
        // First touch: said apart only when the lead came in through another form.
        ...(source && source.formId !== asked?.formId ? [`first came through “${source.formTitle}”`] : []),
        ...(source ? [source.utmSource ? `utm_source: ${source.utmSource}` : 'no utm_source'] : []),
      ].join(' · '),
    ),
  );
};

/** One lead: who it is, what it asked, where it stands, who has it, and why it scored what it did. */
const leadDetails = (lead: LeadView, context: Context, decide: (feedback: Feedback) => Promise<void>, close: () => void, notice = ''): HTMLElement[] => {
  const { nameOf, playbook } = context;
  const decisions = decisionsFor(lead, context, decide);
  const current = currentOf(lead);
  const due = current?.dueAt && !current.touchedAt && !current.missedAt && lead.stage === 'MQL' ? countdown(current.dueAt) : undefined;
  const closeButton = h('button', { type: 'button', class: 'secondary close' }, 'Close');
  closeButton.addEventListener('click', close);
  const contact = contactLine(lead);
  const asked = askedBlock(lead);
  return [
    h(
      'div',
      { class: 'lead-head' },
      h('div', {}, h('h2', { id: 'lead-title', tabindex: -1 }, headingOf(lead)), ...(contact ? [contact] : [])),
      closeButton,
    ),
    h(
      'p',
      { class: 'badges' },
      h('span', { class: 'badge' }, STAGE_WORDS[lead.stage]),
      ...(lead.handRaiser ? [h('span', { class: 'badge' }, 'Hand-raiser')] : []),
      ...(due ? [h('span', { class: due.late ? 'badge late' : 'badge' }, due.text)] : []),
    ),
    h('p', { class: 'notice', role: 'status' }, notice),
    ...(asked ? [asked] : []),
    ...(decisions ? [decisions] : []),
    h(
      'dl',
      { class: 'facts' },
      ...fact('Stage', lead.stage, { 'data-field': 'stage' }),
      ...fact('Owner', words(lead.owner)),
      ...assignmentFacts(lead, context),
      ...fact('Fit', fitWords(lead, playbook)),
      ...fact('Interest', interestWords(lead, playbook)),
      ...fact('Cycle', String(lead.cycle)),
      ...(lead.returnReason ? fact('Returned because', words(lead.returnReason)) : []),
      ...fact('Came in', dateTime(lead.createdAt)),
      ...fact('Lead id', lead.leadId),
    ),
    ...(lead.assignments.length || lead.attempts.length
      ? [
          table(
            'Contact attempts',
            ['When', 'Channel', 'Note', 'By', 'Cycle'],
            lead.attempts.map((a) => [shortDate(a.at), CHANNELS[a.channel], a.note ?? '—', nameOf(a.by), String(a.cycle)]),
            'none logged.',
            ['Cycle'],
          ),
        ]
      : []),
    table('Answers', ['Question', 'Answer'], Object.entries(lead.answers).map(([field, answer]) => [fieldLabel(lead, field), answerText(lead, field, answer)])),
    ...(lead.claims.length
      ? [
          h('p', { class: 'muted' }, 'Another device typed this lead’s email and answered differently. Typing an email proves nothing, so these answers are kept for you to check, never applied.'),
          table(
            'Conflicting answers',
            ['Question', 'Kept answer', 'Other device said', 'When'],
            lead.claims.map((claim) => [fieldLabel(lead, claim.field), answerText(lead, claim.field, own(lead.answers, claim.field)), answerText(lead, claim.field, claim.value), dateTime(claim.at)]),
          ),
        ]
      : []),
    table(
      `Fit: grade ${lead.fit.grade}, ${points(lead.fit.points)} points`,
      ['Criterion', 'Answer', 'Points'],
      lead.fit.breakdown.map((reason) => [criterionLabel(lead, playbook, reason.criterion, reason.field), answerText(lead, reason.field, reason.answer), points(reason.points)]),
    ),
    table(
      `Interest: ${bandLabel(playbook ?? {}, lead.interest.band)}, ${points(lead.interest.score)} points`,
      ['Behaviour', 'Count', 'Points'],
      lead.interest.breakdown.map((reason) => [eventLabel(playbook ?? {}, reason.type), String(reason.count), `${points(reason.points)}${reason.capped ? ' (capped)' : ''}`]),
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
      lead.history.map((step) => [shortDate(step.at), `${step.from} → ${step.to}`, step.why, step.by ? nameOf(step.by) : '—', String(step.cycle)]),
      'not qualified yet.',
      ['Cycle'],
    ),
    table(
      'Notifications',
      ['Sent', 'Kind', 'Channel', 'Status', 'Cycle'],
      // A channel recorded skipped was never claimed: its one log entry says when.
      lead.notifications.map((n) => [shortDate(n.sentAt ?? n.claimedAt ?? n.log.at(-1)?.at), words(n.kind), words(n.channel), `${words(n.status)}${n.lastError ? `: ${n.lastError}` : ''}`, String(n.cycle)]),
      'none sent.',
      ['Cycle'],
    ),
  ];
};

const doneWords = (feedback: Feedback, answer: FeedbackAnswer): string =>
  feedback.decision === 'attempt'
    ? `Logged: ${CHANNELS[feedback.channel ?? 'other'].toLowerCase()} attempt. The lead stays ${answer.stage}.`
    : `Done: the lead is now ${answer.stage}.`;

/** Loads a lead into `container` and redraws it after each decision; `close` goes back to the list. */
export const showLead = async (container: HTMLElement, leadId: string, afterDecision: () => void, teams: SalesTeams, close: () => void): Promise<void> => {
  const path = `/v1/admin/leads/${encodeURIComponent(leadId)}`;
  const draw = async (notice?: string) => {
    const lead = await adminCall<LeadView>(path);
    const playbook = await teams.playbook(lead.playbook.id);
    // The names of the reps who had it: their team, or the one its playbook assigns from.
    const teamId = currentOf(lead)?.team ?? playbook?.team;
    if (teamId) await teams.team(teamId);
    // A lead opened since (a click, the back button) is not overwritten by this one's late answer.
    if (container.dataset.lead !== leadId) return;
    container.replaceChildren(
      ...leadDetails(
        lead,
        { playbook, nameOf: teams.nameOf },
        async (feedback) => {
          const answer = await adminCall<FeedbackAnswer>(`${path}/feedback`, feedback);
          await draw(doneWords(feedback, answer));
          afterDecision();
        },
        close,
        notice,
      ),
    );
    container.hidden = false;
    container.querySelector<HTMLElement>('#lead-title')?.focus();
  };
  container.dataset.lead = leadId;
  await draw();
};
