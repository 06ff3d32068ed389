import { h } from '../src/dom.js';
import { session, SignedOutError } from './admin-api.js';
import { funnelView } from './funnel-view.js';
import { showLead } from './lead-view.js';
import { leadsView } from './leads-view.js';
import { signInView } from './sign-in.js';

/** The admin page (`GET /admin`): sign in with the admin token, then leads, one lead, and the funnel. */
const root = document.getElementById('admin') as HTMLElement;
const signOutButton = document.getElementById('sign-out') as HTMLButtonElement;

const signIn = (notice = '') => {
  signOutButton.hidden = true;
  root.replaceChildren(signInView(start, notice));
  root.querySelector<HTMLInputElement>('#token')?.focus();
};

const problem = h('p', { class: 'error', role: 'alert' });

/** Any failed call: an expired or wrong token goes back to sign-in, anything else is said once at the top. */
const fail = (error: unknown) => {
  if (error instanceof SignedOutError) {
    session.forget();
    signIn('The token was not accepted any more: sign in again.');
    return;
  }
  problem.textContent = error instanceof Error ? error.message : 'Something went wrong.';
};

function start(): void {
  signOutButton.hidden = false;
  problem.textContent = '';
  const detail = h('section', { class: 'lead', 'aria-labelledby': 'lead-title', hidden: true });
  const funnel = funnelView(fail);
  const leads = leadsView((leadId) => {
    showLead(detail, leadId, () => {
      void leads.refresh();
      void funnel.refresh();
    }).catch(fail);
  }, fail);
  root.replaceChildren(h('h1', {}, 'Leads'), problem, h('div', { class: 'columns' }, leads.element, detail), funnel.element);
  void leads.refresh();
  void funnel.refresh();
}

signOutButton.addEventListener('click', () => {
  session.forget();
  signIn();
});

if (session.token()) start();
else signIn();
