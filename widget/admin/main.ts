import { h } from '../src/dom.js';
import { session, SignedOutError } from './admin-api.js';
import { calibrationView } from './calibration-view.js';
import { funnelView } from './funnel-view.js';
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
  const leads = leadsView({ open: (leadId) => location.assign(leadLink(leadId)), fail, playbook: await teams.playbook(PLAYBOOK).catch(() => undefined), team: assigning?.team, nameOf: teams.nameOf });
  const inbox = h('div', { class: 'inbox' }, leads.element, detail);
  /** The address names the open lead: a reload keeps it, the back button closes it, a notification links to it. */
  showRoute = () => {
    const leadId = leadInAddress();
    leads.select(leadId);
    inbox.classList.toggle('open', leadId !== undefined);
    if (leadId === undefined) {
      const wasOpen = !detail.hidden;
      detail.hidden = true;
      delete detail.dataset.lead;
      if (wasOpen) leads.element.querySelector<HTMLElement>('[aria-current=true] button, h2')?.focus();
      return;
    }
    if (detail.dataset.lead === leadId && !detail.hidden) return;
    showLead(detail, leadId, afterDecision, teams, () => location.assign('#/leads')).catch(fail);
  };
  root.replaceChildren(h('h1', {}, 'Leads'), problem, inbox, ...(team ? [team.element] : []), ...(speed ? [speed.element] : []), funnel.element, calibration.element, webhooks.element);
  void leads.refresh();
  showRoute();
  void funnel.refresh();
  void calibration.refresh();
  void speed?.refresh();
  void webhooks.refresh();
}

/** `#/leads/ID` (SPEC: notifications link to `/admin#/leads/ID`). */
const LEAD_ROUTE = /^#\/leads\/([A-Za-z0-9_-]{1,64})$/;
const leadInAddress = (): string | undefined => LEAD_ROUTE.exec(location.hash)?.[1];
const leadLink = (leadId: string): string => `#/leads/${encodeURIComponent(leadId)}`;
/** Shows what the address names; set once signed in. */
let showRoute: (() => void) | undefined;
window.addEventListener('hashchange', () => showRoute?.());

signOutButton.addEventListener('click', () => {
  session.forget();
  signIn();
});

if (session.token()) void start();
else signIn();
