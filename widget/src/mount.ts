import type { Issue, NextOut, NextStepOut, SubmissionOut } from '../../functions/http/wire.js';
import { h } from './dom.js';
import { renderField, type Field } from './field.js';
import { call } from './http.js';
import { keepLeadId, storedLeadId } from './lead-id.js';
import { pageContext } from './page-context.js';
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
  isNextStep(value) && isRecord(value) && typeof value.leadId === 'string' && typeof value.title === 'string' && typeof value.thankYou === 'string';
const isAccepted = (value: unknown): value is Accepted => isRecord(value) && typeof value.leadId === 'string' && isNextStep(value.next);
const issuesOf = (value: unknown): Issue[] => {
  const issues = isRecord(value) && isRecord(value.error) ? value.error.issues : undefined;
  return Array.isArray(issues) ? issues.filter((issue): issue is Issue => isRecord(issue) && typeof issue.path === 'string' && typeof issue.message === 'string') : [];
};

const codeOf = (value: unknown): unknown => (isRecord(value) && isRecord(value.error) ? value.error.code : undefined);

const randomId = (): string => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/** One page_view per page load, whatever the number of forms: its eventId makes a resend harmless. */
const pageViewId = randomId();
let pageView: Promise<void> | undefined;
let mounted = 0;
/** Forms on the page load one after the other, so the others are given the leadId the first was given. */
let firstLead: Promise<unknown> = Promise.resolve();

const reportPageView = (api: string, leadId: string): Promise<void> => {
  const properties = { path: location.pathname.slice(0, 1000), title: document.title.slice(0, 1000) };
  pageView ??= call(`${api}/v1/events`, { leadId, eventId: pageViewId, type: 'page_view', properties }).then(
    () => undefined,
    () => undefined,
  );
  return pageView;
};

const loadStart = (api: string, formId: string) => {
  const load = async () => {
    const known = storedLeadId();
    const answered = await call(`${api}/v1/forms/${encodeURIComponent(formId)}/next${known ? `?leadId=${encodeURIComponent(known)}` : ''}`);
    if (answered.status !== 200) return answered;
    if (!isFormStart(answered.body)) return { status: 502, body: answered.body };
    const { leadId } = answered.body;
    keepLeadId(leadId);
    const viewed = reportPageView(api, leadId);
    // A new leadId is stored by its first event: only then will the page's other forms be given the same one.
    if (leadId !== known) await viewed;
    return answered;
  };
  // Even with a leadId stored: it may be stale (erased), and then each form would be given a new one.
  const loading = firstLead.then(load);
  firstLead = loading.catch(() => undefined);
  return loading;
};

const SENDING = 'Sending…';
const CONTINUE = 'Continue';

/**
 * Mounts a form into `root`: one step at a time, validated before sending, the server's field
 * errors beside their fields, the thank-you text at the end. Resolves once the first step (or
 * the reason there is none) is on screen; never rejects.
 */
export const mount = async (root: HTMLElement, { api, formId, steps = Infinity }: MountOptions): Promise<void> => {
  addStyle();
  const base = api.replace(/\/+$/, '');
  const idPrefix = `winnow${(mounted += 1)}`;
  const title = h('h2', { class: 'winnow-title', id: `${idPrefix}-title` });
  const body = h('div', {}, h('p', { class: 'winnow-loading' }, 'Loading…'));
  root.classList.add('winnow');
  root.replaceChildren(body);
  let thankYou = '';
  let stepsDone = 0;

  const finish = (moveFocus: boolean) => {
    const done = h('p', { class: 'winnow-done', tabindex: -1 }, thankYou);
    body.replaceChildren(done);
    if (moveFocus) done.focus();
  };

  const show = ({ questions, complete }: NextStep, moveFocus: boolean) => {
    if (complete || questions.length === 0 || stepsDone >= steps) return finish(moveFocus);
    const fields = questions.map((question) => renderField(question, idPrefix));
    // A field people never see or reach; bots that fill every input fill this one too.
    const honeypot = h('input', { id: `${idPrefix}-hp`, name: '_hp', tabindex: -1, autocomplete: 'off' });
    const status = h('p', { class: 'winnow-status', role: 'alert' });
    const button = h('button', { type: 'submit', class: 'winnow-submit' }, CONTINUE);
    const form = h(
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
      submissionId ??= randomId();
      const leadId = storedLeadId();
      const answered = await call(`${base}/v1/forms/${encodeURIComponent(formId)}/submissions`, {
        ...(leadId ? { leadId } : {}),
        submissionId,
        answers,
        context: pageContext(location.href, document.referrer),
        _hp: honeypot.value,
      });
      if (answered.status === 202 && isAccepted(answered.body)) {
        const accepted = answered.body;
        keepLeadId(accepted.leadId);
        stepsDone += 1;
        return show(accepted.next, true);
      }
      if (answered.status === 409 && codeOf(answered.body) === 'idempotency_key_reused') {
        // An earlier try of this step reached the server with answers changed since: these go as a step of their own.
        submissionId = randomId();
        return send(answers);
      }
      if (answered.status !== 400) {
        status.textContent = 'Something went wrong on our side. Please try again in a moment.';
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
      if (!markErrors(byField)) status.textContent = 'This form could not be sent. Please reload the page and try again.';
    };

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (busy) return;
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
          status.textContent = 'We could not reach the server. Check your connection and send again: your answers are kept.';
        })
        .finally(() => {
          busy = false;
          button.removeAttribute('aria-disabled');
          button.textContent = CONTINUE;
        });
    });
    body.replaceChildren(form);
    if (moveFocus) fields[0]?.controls[0]?.focus();
  };

  const start = async (): Promise<void> => {
    const failed = (message: string, retry: boolean) => {
      const again = h('button', { type: 'button', class: 'winnow-submit' }, 'Try again');
      again.addEventListener('click', () => void start());
      body.replaceChildren(h('p', { class: 'winnow-status', role: 'alert' }, message), ...(retry ? [again] : []));
      if (retry && root.contains(document.activeElement)) again.focus();
    };
    const answered = await loadStart(base, formId).catch(() => undefined);
    if (answered?.status !== 200) {
      return answered?.status === 404 ? failed('This form is not available.', false) : failed('This form could not be loaded.', true);
    }
    const form = answered.body as FormStart; // checked by loadStart
    thankYou = form.thankYou;
    title.textContent = form.title;
    root.replaceChildren(title, body);
    show(form, false);
  };
  await start();
};
