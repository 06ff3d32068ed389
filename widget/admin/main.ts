import { h } from '../src/dom.js';
import { session, SignedOutError } from './admin-api.js';
import { calibrationView } from './calibration-view.js';
import { funnelView } from './funnel-view.js';
import { choiceOf, hashOf, routeOf } from './inbox-address.js';
import { showLead } from './lead-view.js';
import { leadsView } from './leads-view.js';
import { salesTeams } from './sales-teams.js';
import { signInView } from './sign-in.js';
import { speedView } from './speed-view.js';
import { teamView } from './team-view.js';
import type { Sla, TeamView } from './types.js';
import { webhooksView } from './webhooks-view.js';

/** The playbook whose team the page shows: the one a lead is scored with when its form names none (SPEC "Domain"). */
const PLAYBOOK = 'default';

/** The admin page (`GET /admin`): sign in with the admin token, then leads, one lead, the team, its speed to lead, the funnel and calibration. */
const root = document.getElementById('admin') as HTMLElement;
const signOutButton = document.getElementById('sign-out') as HTMLButtonElement;

const signIn = (notice = '') => {
  signOutButton.hidden = true;
  root.replaceChildren(signInView(() => void start(), notice));
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

/** The default playbook's team, when it names one: a page without it shows what it showed before teams. */
const teamOf = async (teams: ReturnType<typeof salesTeams>): Promise<{ id: string; team: TeamView | undefined; sla: Sla } | undefined> => {
  const playbook = await teams.playbook(PLAYBOOK);
  return playbook?.team ? { id: playbook.team, team: await teams.team(playbook.team), sla: playbook.sla } : undefined;
};

async function start(): Promise<void> {
  signOutButton.hidden = false;
  problem.textContent = '';
  const teams = salesTeams();
  const assigning = await teamOf(teams).catch((error: unknown) => {
    fail(error);
    // Signed out: the sign-in form is shown. Anything else is said at the top of the page without the team.
    return error instanceof SignedOutError ? null : undefined;
  });
  if (assigning === null) return;
  const detail = h('section', { class: 'lead', 'aria-labelledby': 'lead-title', hidden: true });
  const funnel = funnelView(fail);
  const calibration = calibrationView(PLAYBOOK, fail);
  const webhooks = webhooksView(fail);
  const team = assigning ? teamView(assigning.id, teams, fail) : undefined;
  const speed = assigning ? speedView({ teamId: assigning.id, sla: assigning.sla, nameOf: teams.nameOf }, fail) : undefined;
  const afterDecision = () => {
    void leads.refresh();
    void funnel.refresh();
    void calibration.refresh();
    void team?.refresh();
    void speed?.refresh();
  };
  const leads = leadsView({
    open: (leadId) => location.assign(hashOf(leadId, routeOf(location.hash).query)),
    initial: choiceOf(routeOf(location.hash).query),
    remember,
    fail,
    playbook: await teams.playbook(PLAYBOOK).catch(() => undefined),
    team: assigning?.team,
    nameOf: teams.nameOf,
  });
  const inbox = h('div', { class: 'inbox' }, leads.element, detail);
  /** The address names the open lead and the inbox's choices: a reload keeps them, the back button goes back through them, a notification links to a lead. */
  showRoute = () => {
    const { leadId, query } = routeOf(location.hash);
    leads.restore(choiceOf(query));
    leads.select(leadId);
    inbox.classList.toggle('open', leadId !== undefined);
    if (leadId === undefined) {
      const wasOpen = !detail.hidden;
      detail.hidden = true;
      delete detail.dataset.lead;
      if (wasOpen) leads.element.querySelector<HTMLElement>('[aria-current=true] button, h2')?.focus();
      return;
    }
    // Opening a lead fires popstate and hashchange both: the second finds it open, or still being read, and draws nothing over it.
    if (detail.dataset.lead === leadId) return;
    showLead(detail, leadId, afterDecision, teams, () => location.assign(hashOf(undefined, routeOf(location.hash).query))).catch((error: unknown) => {
      // A lead that could not be read is opened again by the next visit to its address.
      if (detail.dataset.lead === leadId) delete detail.dataset.lead;
      fail(error);
    });
  };
  root.replaceChildren(h('h1', {}, 'Leads'), problem, inbox, ...(team ? [team.element] : []), ...(speed ? [speed.element] : []), funnel.element, calibration.element, webhooks.element);
  void leads.refresh();
  showRoute();
  void funnel.refresh();
  void calibration.refresh();
  void speed?.refresh();
  void webhooks.refresh();
}

/**
 * Puts the inbox's choices in the address, beside the open lead, without reading the list again
 * (the inbox has): pushState fires no hashchange. The page's own query (the funnel's) is kept.
 */
const remember = (query: string, replace: boolean) => {
  const { leadId, query: shown } = routeOf(location.hash);
  if (query === shown) return;
  const address = `${location.pathname}${location.search}${hashOf(leadId, query)}`;
  if (replace) history.replaceState(history.state, '', address);
  else history.pushState(history.state, '', address);
};
/** Shows what the address names; set once signed in. */
let showRoute: (() => void) | undefined;
// Back and forward between entries pushState made fire popstate, and hashchange as their hashes differ: showing a route twice draws it once.
window.addEventListener('hashchange', () => showRoute?.());
window.addEventListener('popstate', () => showRoute?.());

signOutButton.addEventListener('click', () => {
  session.forget();
  signIn();
});

if (session.token()) void start();
else signIn();
