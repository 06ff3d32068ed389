import { h } from '../src/dom.js';
import { adminCall, session, SignedOutError } from './admin-api.js';

/** The sign-in form: the token is checked against the API before it is kept. */
export const signInView = (onSignedIn: () => void, notice = ''): HTMLElement => {
  const token = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'current-password', required: true, 'aria-describedby': 'token-help' });
  const error = h('p', { class: 'error', role: 'alert' }, notice);
  const form = h(
    'form',
    { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Sign in'),
    h('label', { for: 'token' }, 'Admin token'),
    token,
    h('p', { id: 'token-help', class: 'muted' }, 'WINNOW_ADMIN_TOKEN: `npm start` prints it. It is kept in this tab only.'),
    error,
    h('button', { type: 'submit' }, 'Sign in'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = token.value.trim();
    if (!value) {
      error.textContent = 'Enter the admin token.';
      token.focus();
      return;
    }
    adminCall('/v1/admin/leads?stage=MQL&limit=1', undefined, value)
      .then(() => {
        session.keep(value);
        onSignedIn();
      })
      .catch((failure: unknown) => {
        error.textContent = failure instanceof SignedOutError ? 'That token was not accepted.' : 'The API could not be reached. Try again.';
        token.setAttribute('aria-invalid', 'true');
        token.focus();
      });
  });
  return form;
};
