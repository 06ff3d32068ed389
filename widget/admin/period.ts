import { DAY_MS } from '../../functions/core/time.js';
import { h } from '../src/dom.js';

/** A report period as the API reads it: ISO days, both included, each a whole UTC day (SPEC "HTTP API"). */
export interface Period {
  from: string;
  to: string;
}

const day = (at: Date): string => at.toISOString().slice(0, 10);

/** "3 Aug 2026": a report bound as a person reads it, in UTC as the API counts its days. */
export const dayWords = (iso: string): string => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(iso));

/** "between 3 Aug 2026 and 2 Sept 2026", or "on 3 Aug 2026" for a single day: a report's bounds in a sentence. */
export const periodWords = (report: { from: string; to: string }): string => {
  const [from, to] = [dayWords(report.from), dayWords(report.to)];
  return from === to ? `on ${from}` : `between ${from} and ${to}`;
};

/**
 * The From / To days every report reads, the last 30 days to start with. A "To" before "From"
 * is said here: the API would only answer 400.
 */
export const periodForm = (prefix: string, name: string, show: () => void): { form: HTMLFormElement; period: () => Period } => {
  const now = new Date();
  const from = h('input', { id: `${prefix}-from`, name: 'from', type: 'date', required: true, value: day(new Date(now.getTime() - 30 * DAY_MS)) });
  const to = h('input', { id: `${prefix}-to`, name: 'to', type: 'date', required: true, value: day(now), 'aria-describedby': `${prefix}-period-error` });
  const error = h('p', { id: `${prefix}-period-error`, class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'period', 'aria-label': name, novalidate: true },
    h('div', {}, h('label', { for: from.id }, 'From'), from),
    h('div', {}, h('label', { for: to.id }, 'To'), to),
    h('button', { type: 'submit', class: 'secondary' }, 'Show'),
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const wrong = !from.value ? from : !to.value || to.value < from.value ? to : undefined;
    for (const input of [from, to]) input.removeAttribute('aria-invalid');
    error.textContent = wrong === from ? 'Pick the first day.' : wrong === to ? 'Pick a last day on or after the first.' : '';
    if (wrong) {
      wrong.setAttribute('aria-invalid', 'true');
      wrong.focus();
      return;
    }
    show();
  });
  return { form, period: () => ({ from: from.value, to: to.value }) };
};
