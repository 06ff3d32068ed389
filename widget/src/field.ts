import type { Question } from '../../functions/http/wire.js';
import { h } from './dom.js';
import type { RawValue } from './validate.js';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** One question on screen: its wrapper, the controls that take focus and errors, and its value. */
export interface Field {
  question: Question;
  element: HTMLElement;
  controls: Control[];
  read: () => RawValue;
  /** Shows a message beside the field (or clears it), wired for screen readers. */
  showError: (message?: string) => void;
}

/** Autofill hints for the fields most forms share (`autocomplete` must be one of the HTML tokens). */
const AUTOCOMPLETE: Record<string, string> = { email: 'email', tel: 'tel', first_name: 'given-name', last_name: 'family-name', company: 'organization' };

/** "is required" → "This field is required"; the server's other messages read as sentences once capitalised. */
const sentence = (message: string): string => (message === 'is required' ? 'This field is required' : message.charAt(0).toUpperCase() + message.slice(1));

export const renderField = (question: Question, idPrefix: string): Field => {
  const id = `${idPrefix}-${question.id}`;
  const help = question.help ? h('p', { class: 'winnow-help', id: `${id}-help` }, question.help) : undefined;
  const error = h('p', { class: 'winnow-error', id: `${id}-error`, hidden: true });
  // The asterisk is for the eye; the `required` attribute tells screen readers.
  const mark = question.required ? [h('span', { 'aria-hidden': 'true' }, ' *')] : [];
  const box = (boxId: string, value: string | undefined, text: string) => {
    const input = h('input', { type: 'checkbox', id: boxId, name: question.id, value, required: question.required && value === undefined });
    return { input, row: h('div', { class: 'winnow-check' }, input, h('label', { for: boxId }, text, ...(value === undefined ? mark : []))) };
  };
  let controls: Control[];
  let element: HTMLElement;
  let read: () => RawValue;

  if (question.type === 'multiselect') {
    const boxes = question.options.map((option, i) => box(`${id}-${i}`, option.value, option.label));
    controls = boxes.map((b) => b.input);
    element = h('fieldset', { class: 'winnow-field' }, h('legend', {}, question.label, ...mark), help ?? '', ...boxes.map((b) => b.row), error);
    read = () => boxes.filter((b) => b.input.checked).map((b) => b.input.value);
  } else if (question.type === 'checkbox') {
    const { input, row } = box(id, undefined, question.label);
    controls = [input];
    element = h('div', { class: 'winnow-field' }, row, help ?? '', error);
    read = () => input.checked;
  } else {
    const common = { id, name: question.id, required: question.required, placeholder: question.placeholder };
    let control: Control;
    if (question.type === 'select') {
      control = h('select', common, h('option', { value: '' }, 'Choose…'), ...question.options.map((o) => h('option', { value: o.value }, o.label)));
    } else {
      const textual = question.type === 'number' ? {} : { maxlength: question.maxLength ?? 500 };
      control =
        question.type === 'textarea'
          ? h('textarea', { ...common, ...textual, rows: 3 })
          : h('input', {
              ...common,
              ...textual,
              // A text box for numbers: type=number silently empties what it cannot parse, and scrolling changes it.
              type: question.type === 'number' ? 'text' : question.type,
              inputmode: question.type === 'number' ? 'decimal' : undefined,
              autocomplete: AUTOCOMPLETE[question.id] ?? AUTOCOMPLETE[question.type],
            });
    }
    controls = [control];
    element = h('div', { class: 'winnow-field' }, h('label', { for: id }, question.label, ...mark), help ?? '', control, error);
    read = () => control.value;
  }

  const showError = (message?: string): void => {
    error.textContent = message ? sentence(message) : '';
    error.hidden = !message;
    // Only a shown error is referenced: a hidden one would still be read out.
    const describedBy = [help?.id, message && error.id].filter(Boolean).join(' ');
    for (const control of controls) {
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
      if (describedBy) control.setAttribute('aria-describedby', describedBy);
      else control.removeAttribute('aria-describedby');
    }
  };
  showError();
  return { question, element, controls, read, showError };
};
