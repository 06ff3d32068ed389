import type { NextOut } from '../../functions/http/wire.js';
import type { Issue, NextStepOut, SubmissionOut } from '../../functions/http/wire.js';
import { h } from './dom.js';
import { renderField, type Field } from './field.js';
import { call } from './http.js';
import { forgetLeadId, keepLeadId, storedLeadId } from './lead-id.js';
import { pageContext } from './page-context.js';
import { progressText, visitSteps } from './progress.js';
import { addStyle } from './style.js';
import { answerOf, problemWith, type AnswerValue } from './validate.js';

export interface MountOptions {
  /** The API's base URL, e.g. https://api.example.com */
  api: string;
  formId: string;
  /** Steps asked per visit at most (progressive profiling); the rest wait for the next visit. */
  steps?: number;
}

// The API's answers (SPEC "HTTP API"), typed from the schemas the API answers with; the guards below check what the widget reads.
// A step is read as a record, whatever more it carries: the guard that finds one goes on to read a form's fields from it.
type NextStep = NextStepOut & Record<string, unknown>;
type FormStart = NextOut;
type Accepted = SubmissionOut;

// A proxy's or CDN's page may answer in place of the API: what does not have the shape read is not trusted.
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isNextStep = (value: unknown): value is NextStep => isRecord(value) && Array.isArray(value.questions) && typeof value.complete === 'boolean';
const isFormStart = (value: unknown): value is FormStart =>
  isNextStep(value) && typeof value.leadId === 'string' && typeof value.title === 'string' && typeof value.thankYou === 'string' && typeof value.remaining === 'number';
const isAccepted = (value: unknown): value is Accepted => isRecord(value) && typeof value.leadId === 'string' && isNextStep(value.next);
const errorOf = (value: unknown): Record<string, unknown> => (isRecord(value) && isRecord(value.error) ? value.error : {});
const issuesOf = (value: unknown): Issue[] => {
  const { issues } = errorOf(value);
  return Array.isArray(issues) ? issues.filter((issue): issue is Issue => isRecord(issue) && typeof issue.path === 'string' && typeof issue.message === 'string') : [];
};

/** 128 random bits, in the alphabet client ids allow. */
const randomId = (): string => Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join('');

let mounted = 0;
/** Moved on by "Not you?": what answers a request sent before it belongs to the old lead, and is dropped unseen. */
let epoch = 0;
/** Every form on the page, each restarted by "Not you?". */
const starts: (() => Promise<void>)[] = [];
/** The lead the page_view was reported for: one per page load and lead, whatever the number of forms. */
let viewed: string | undefined;

const reportPageView = (api: string, leadId: string): void => {
  if (viewed === leadId) return;
  viewed = leadId;
  const properties = { path: location.pathname.slice(0, 1000), title: document.title.slice(0, 1000) };
  // Not awaited: no form waits for it. Its own eventId, as an id reused under another lead is refused.
  call(`${api}/v1/events`, { leadId, eventId: randomId(), type: 'page_view', properties }).catch(() => undefined);
};

/**
 * The page's lead is the one stored (or issued by the first answer, then stored). Every form asks
 * at once, so a new visitor's forms are each issued a lead: the first answer's is kept, and the
 * others are adopted into it without asking again, which is sound because they were answered for
 * a lead issued just then, with no answers, whose step is the same whatever its id.
 */
const settleLead = (api: string, sent: string | undefined, given: string): void => {
  const kept = storedLeadId();
  if (kept && kept !== sent) return;
  keepLeadId(given);
  reportPageView(api, given);
};

/** "Not you?": the stored id goes at once; every form then starts afresh, for a lead issued anew. */
const startOver = (): void => {
  forgetLeadId();
  epoch += 1;
  for (const start of starts) void start();
};

const SENDING = 'Sending…';
const CONTINUE = 'Continue';

/** A grey stand-in for what loads: a line of the height text has, and no text a checker would weigh. */
const bone = (className: string): HTMLElement => h('div', { class: `${className} winnow-sk` }, '\u00a0');

/** A step as it will likely look: the card keeps this height, so the page does not jump when the form arrives. */
const skeleton = (): HTMLElement =>
  h('div', { 'aria-hidden': 'true' }, ...[1, 2, 3].map(() => h('div', { class: 'winnow-field' }, bone('winnow-label'), bone('winnow-box'))), bone('winnow-submit'));

/**
 * Mounts a form into `root`: one step at a time with its progress, validated before sending, the
 * server's field errors beside their fields, the thank-you text at the end. Resolves once the
 * first step (or the reason there is none) is on screen; never rejects.
 */
export const mount = async (root: HTMLElement, { api, formId, steps = Infinity }: MountOptions): Promise<void> => {
  addStyle();
  const base = api.replace(/\/+$/, '');
  const idPrefix = `winnow${(mounted += 1)}`;
  const title = h('h2', { class: 'winnow-title', id: `${idPrefix}-title` });
  // Polite: "Step 2 of 3" is read after the label of the field that takes the focus.
  const progress = h('span', { role: 'status' });
  const notYou = h('button', { type: 'button', class: 'winnow-who' }, 'Not you? Start over');
  const bar = h('div', { class: 'winnow-bar' });
  const body = h('div');
  root.classList.add('winnow');
  let form: FormStart;
  /** Steps accepted this visit, and how many it will likely ask in all ("Step 1 of 2"). */
  let done = 0;
  let total = 1;

  const finish = (moveFocus: boolean) => {
    const thanks = h('p', { class: 'winnow-done', tabindex: -1 }, form.thankYou);
    const { thankYouUrl } = form;
    // No step to count; the bar stays only for "Not you?".
    progress.remove();
    body.replaceChildren(h('span', { class: 'winnow-ok', 'aria-hidden': 'true' }, '✓'), thanks, thankYouUrl ? h('a', { class: 'winnow-submit', href: thankYouUrl }, form.submitLabel ?? CONTINUE) : '');
    if (moveFocus) thanks.focus();
  };

  const show = ({ questions, complete }: NextStep, moveFocus: boolean) => {
    if (complete || questions.length === 0 || done >= steps) return finish(moveFocus);
    // A step more than foreseen (an askIf now holds) makes this one the last so far.
    total = Math.max(total, done + 1);
    progress.textContent = progressText(done + 1, total);
    const label = done + 1 < total ? CONTINUE : (form.submitLabel ?? 'Submit');
    const fields = questions.map((question) => renderField(question, idPrefix));
    // A field people never see or reach; bots that fill every input fill this one too.
    const honeypot = h('input', { id: `${idPrefix}-hp`, name: '_hp', tabindex: -1, autocomplete: 'off' });
    const status = h('p', { class: 'winnow-status', role: 'alert' });
    const button = h('button', { type: 'submit', class: 'winnow-submit' }, label);
    const element = h(
      'form',
      { novalidate: true, 'aria-labelledby': title.id },
      ...fields.map((field) => field.element),
      h('div', { class: 'winnow-hp', 'aria-hidden': 'true' }, h('label', { for: honeypot.id }, 'Leave this empty'), honeypot),
      status,
      button,
    );
    /** Kept until the server has the step: a retry after a failure can then never store it twice. */
    let submissionId: string | undefined;
    let busy = false;

    const markErrors = (problems: Map<Field, string>): boolean => {
      for (const field of fields) field.showError(problems.get(field));
      const first = fields.find((field) => problems.has(field));
      first?.controls[0]?.focus();
      return first !== undefined;
    };

    const send = async (answers: Record<string, AnswerValue>) => {
      const asked = epoch;
      submissionId ??= randomId();
      const leadId = storedLeadId();
      const answered = await call(`${base}/v1/forms/${encodeURIComponent(formId)}/submissions`, {
        ...(leadId ? { leadId } : {}),
        submissionId,
        answers,
        context: pageContext(location.href, document.referrer),
        _hp: honeypot.value,
      });
      // "Not you?" was pressed meanwhile: this lead is no longer the page's, so nothing of it is kept or shown.
      if (asked !== epoch) return;
      if (answered.status === 202 && isAccepted(answered.body)) {
        const accepted = answered.body;
        keepLeadId(accepted.leadId);
        done += 1;
        return show(accepted.next, true);
      }
      if (answered.status === 409 && errorOf(answered.body).code === 'idempotency_key_reused') {
        // An earlier try of this step reached the server with answers changed since: these go as a step of their own.
        submissionId = randomId();
        return send(answers);
      }
      if (answered.status !== 400) {
        status.textContent = 'Something went wrong on our side. Please try again.';
        return;
      }
      // Refused: nothing was stored, so the corrected step may go under a new id.
      submissionId = undefined;
      const issues = issuesOf(answered.body);
      const byField = new Map<Field, string>();
      for (const issue of issues) {
        const field = fields.find((f) => issue.path === `answers.${f.question.id}`);
        if (field && !byField.has(field)) byField.set(field, issue.message);
      }
      if (!markErrors(byField)) status.textContent = 'This form could not be sent. Please reload the page.';
    };

    element.addEventListener('submit', (event) => {
      event.preventDefault();
      if (busy) return;
      // The height kept while loading has served: the visitor now moves the form on.
      root.style.minHeight = '';
      const problems = new Map<Field, string>();
      const answers: Record<string, AnswerValue> = {};
      for (const field of fields) {
        const raw = field.read();
        const problem = problemWith(field.question, raw);
        const answer = answerOf(field.question, raw);
        if (problem) problems.set(field, problem);
        else if (answer !== undefined) answers[field.question.id] = answer;
      }
      status.textContent = '';
      if (markErrors(problems)) return;
      // Not `disabled`: a disabled button would drop the keyboard focus it holds.
      busy = true;
      button.setAttribute('aria-disabled', 'true');
      button.textContent = SENDING;
      send(answers)
        .catch(() => {
          status.textContent = 'We could not reach the server. Your answers are kept: please try again.';
        })
        .finally(() => {
          busy = false;
          button.removeAttribute('aria-disabled');
          button.textContent = label;
        });
    });
    body.replaceChildren(element);
    if (moveFocus) fields[0]?.controls[0]?.focus();
  };

  /** Keeps the card at least as tall as it is now, until the visitor acts: nothing below it moves while it loads. */
  const hold = () => (root.style.minHeight = `${root.offsetHeight}px`);

  const start = async (): Promise<void> => {
    const asked = epoch;
    // The visitor's focus was in this card (its "Try again" or "Not you?"): it moves on with the card.
    const focused = root.contains(document.activeElement);
    // As tall as the card was (a restart) or as the stand-in is, whichever is taller.
    hold();
    title.textContent = 'Loading…';
    progress.textContent = '';
    bar.replaceChildren(progress);
    body.replaceChildren(skeleton());
    root.replaceChildren(title, bar, body);
    hold();
    /** No such form (404), or no form to be had now: then a retry. */
    const failed = (gone: boolean) => {
      const again = h('button', { type: 'button', class: 'winnow-submit' }, 'Try again');
      again.addEventListener('click', () => void start());
      body.replaceChildren(h('p', { class: 'winnow-status', role: 'alert' }, gone ? 'This form is not available.' : 'This form could not be loaded.'), gone ? '' : again);
      root.replaceChildren(body);
      if (!gone && focused) again.focus();
    };
    const sent = storedLeadId();
    const answered = await call(`${base}/v1/forms/${encodeURIComponent(formId)}/next${sent ? `?leadId=${encodeURIComponent(sent)}` : ''}`).catch(() => undefined);
    if (asked !== epoch) return;
    if (answered?.status !== 200 || !isFormStart(answered.body)) {
      return failed(answered?.status === 404);
    }
    form = answered.body;
    settleLead(base, sent, form.leadId);
    done = 0;
    total = visitSteps(form.remaining, form.questionsPerStep, steps);
    title.textContent = form.title;
    // A return visit: the lead stored was answered for, so whoever sits at this browser may not be that lead.
    if (sent === form.leadId) bar.append(notYou);
    root.replaceChildren(title, bar, body);
    show(form, focused);
  };
  notYou.addEventListener('click', startOver);
  starts.push(start);
  await start();
};
