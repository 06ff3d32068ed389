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
  const team = assigning ? teamView(assigning.id, teams, fail) : undefined;
  const speed = assigning ? speedView({ teamId: assigning.id, sla: assigning.sla, nameOf: teams.nameOf }, fail) : undefined;
  const leads = leadsView(
    (leadId) => {
      showLead(
        detail,
        leadId,
        () => {
          void leads.refresh();
          void funnel.refresh();
          void calibration.refresh();
          void team?.refresh();
          void speed?.refresh();
        },
        teams,
      ).catch(fail);
    },
    fail,
    assigning?.team,
    teams.nameOf,
  );
  root.replaceChildren(h('h1', {}, 'Leads'), problem, h('div', { class: 'columns' }, leads.element, detail), ...(team ? [team.element] : []), ...(speed ? [speed.element] : []), funnel.element, calibration.element);
  void leads.refresh();
  void funnel.refresh();
  void calibration.refresh();
  void speed?.refresh();
}

signOutButton.addEventListener('click', () => {
  session.forget();
  signIn();
});

if (session.token()) void start();
else signIn();
