import { DAY_MS } from '../../functions/core/time.js';
import { h } from '../src/dom.js';
import { day, PERIOD_PRESETS, presetPeriod, type Period, type PeriodChoice } from './period-presets.js';

// Period was defined here first: the reports that import it from here keep doing so.
export type { Period } from './period-presets.js';

/** "3 Aug 2026": a report bound as a person reads it, in UTC as the API counts its days. */
export const dayWords = (iso: string): string => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(iso));

/** "between 3 Aug 2026 and 2 Sept 2026", or "on 3 Aug 2026" for a single day: a report's bounds in a sentence. */
export const periodWords = (report: { from: string; to: string }): string => {
  const [from, to] = [dayWords(report.from), dayWords(report.to)];
  return from === to ? `on ${from}` : `between ${from} and ${to}`;
};

/**
 * The From / To days every report reads, the last 30 days to start with (or `initial`). A "To"
 * before "From" is said here: the API would only answer 400.
 */
export const periodForm = (prefix: string, name: string, show: () => void, initial?: Period): { form: HTMLFormElement; period: () => Period } => {
  const now = new Date();
  const from = h('input', { id: `${prefix}-from`, name: 'from', type: 'date', required: true, value: initial?.from ?? day(new Date(now.getTime() - 30 * DAY_MS)) });
  const to = h('input', { id: `${prefix}-to`, name: 'to', type: 'date', required: true, value: initial?.to ?? day(now), 'aria-describedby': `${prefix}-period-error` });
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

/**
 * One choice among a few, as a row of buttons that are radios underneath: arrow keys move
 * between them, a screen reader says "3 of 5", and the one chosen looks pressed.
 */
export const choices = <T extends string>(id: string, legend: string, options: readonly { id: T; label: string }[], chosen: T, change: (value: T) => void): HTMLFieldSetElement => {
  const inputs = options.map((option) => {
    const input = h('input', { type: 'radio', id: `${id}-${option.id}`, name: id, value: option.id, checked: option.id === chosen });
    input.addEventListener('change', () => {
      if (input.checked) change(option.id);
    });
    return h('span', { class: 'choice' }, input, h('label', { for: input.id }, option.label));
  });
  return h('fieldset', { class: 'choices', id }, h('legend', {}, legend), h('div', { class: 'choice-row' }, ...inputs));
};

/**
 * The presets, and the From / To days under "Custom": a preset shows at once; custom days are
 * shown with "Show", checked as periodForm checks them.
 */
export const periodPicker = (
  prefix: string,
  name: string,
  show: (choice: PeriodChoice) => void,
  initial: PeriodChoice,
  now: () => Date = () => new Date(),
): { element: HTMLElement; period: () => Period; choice: () => PeriodChoice } => {
  let chosen = initial;
  const custom = periodForm(
    prefix,
    `${name}: custom days`,
    () => {
      chosen = { preset: 'custom', ...custom.period() };
      show(chosen);
    },
    initial.preset === 'custom' ? initial : presetPeriod(initial.preset, now()),
  );
  custom.form.hidden = initial.preset !== 'custom';
  const presets = choices(`${prefix}-preset`, 'Period', PERIOD_PRESETS, initial.preset, (preset) => {
    custom.form.hidden = preset !== 'custom';
    // The days shown so far become the custom ones to edit, and nothing changes until "Show". Focus
    // stays on the radio: moving it would stop a keyboard user arrowing through the presets.
    if (preset === 'custom') return;
    const days = presetPeriod(preset, now());
    for (const bound of ['from', 'to'] as const) {
      const input = custom.form.querySelector<HTMLInputElement>(`#${prefix}-${bound}`);
      if (input) input.value = days[bound];
    }
    chosen = { preset };
    show(chosen);
  });
  const element = h('div', { class: 'period-picker' }, presets, custom.form);
  return {
    element,
    period: () => (chosen.preset === 'custom' ? { from: chosen.from, to: chosen.to } : presetPeriod(chosen.preset, now())),
    choice: () => chosen,
  };
};
