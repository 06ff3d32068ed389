import { h } from '../src/dom.js';

export interface SecretShown {
  /** The panel's heading: whose secret this is. */
  title: string;
  secret: string;
  /** What else the admin must know, such as how long the previous secret keeps signing. */
  note: string;
  /** The admin has stored it: the panel goes, and with it the only copy the page had. */
  done: () => void;
}

let panels = 0;

/**
 * A signing secret, shown the one time the API answers it (SPEC: when created, and on a
 * rotation), with a copy button and a plain warning that it will not be shown again.
 */
export const secretPanel = ({ title, secret, note, done }: SecretShown): HTMLElement => {
  const id = `secret-${(panels += 1)}`;
  const heading = h('h3', { id: `${id}-title`, tabindex: -1 }, title);
  const value = h('code', { id: `${id}-value`, class: 'secret-value', 'data-field': 'secret' }, secret);
  const copied = h('span', { class: 'notice', role: 'status' });
  const copy = h('button', { type: 'button', 'aria-describedby': value.id }, 'Copy secret');
  copy.addEventListener('click', () => {
    navigator.clipboard.writeText(secret).then(
      () => {
        copied.textContent = 'Copied to the clipboard.';
      },
      () => {
        // No clipboard (an http page, or permission refused): select it, so one keystroke copies it.
        getSelection()?.selectAllChildren(value);
        copied.textContent = 'Selected: press Ctrl+C (⌘C on a Mac) to copy it.';
      },
    );
  });
  const finished = h('button', { type: 'button', class: 'secondary' }, 'I have stored it');
  finished.addEventListener('click', done);
  return h(
    'div',
    { class: 'secret-panel', role: 'region', 'aria-labelledby': heading.id },
    heading,
    h('p', { class: 'secret-warning' }, h('strong', {}, 'Copy it now: you won’t see this secret again.'), ' Store it with your receiver, which verifies each delivery with it.'),
    value,
    h('p', { class: 'muted' }, note),
    h('div', { class: 'actions' }, copy, finished, copied),
  );
};
