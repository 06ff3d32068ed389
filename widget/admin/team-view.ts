import { h } from '../src/dom.js';
import { adminSend, refusal } from './admin-api.js';
import { absenceFor, dayIn, firstDayWords, lastDayWords } from './away.js';
import type { SalesTeams } from './sales-teams.js';
import type { RepStanding, TeamView } from './types.js';

export interface TeamSection {
  element: HTMLElement;
  /** Reads the team's standing again: a decision or the clock changed who can take a lead. */
  refresh: () => Promise<void>;
}

/** The rep's availability as sales says it: "Available", "Off hours", "Away until 17 Aug", "Full (15/15)". */
export const availabilityWords = (rep: RepStanding): string => {
  switch (rep.availability) {
    case 'available':
      return 'Available';
    case 'off_hours':
      return 'Off hours';
    case 'full':
      return `Full (${rep.open}/${rep.maxOpen ?? rep.open})`;
    case 'away':
      return rep.away ? `Away until ${lastDayWords(rep.away, rep.timezone)}` : 'Away';
  }
};

/** Away is now, or only planned (it starts later: the rep still takes leads until then). */
const plannedAway = (rep: RepStanding): boolean => rep.away !== undefined && rep.availability !== 'away';

/** The small form that marks a rep away: first and last day in the rep's own time zone, and a note. */
const awayForm = (rep: RepStanding, save: (from: string, to: string, note: string) => Promise<void>, close: () => void): HTMLFormElement => {
  const today = dayIn(rep.timezone, Date.now());
  const first = h('input', { id: `away-from-${rep.id}`, name: 'from', type: 'date', required: true, value: today, min: today });
  const last = h('input', { id: `away-to-${rep.id}`, name: 'to', type: 'date', required: true, value: today, min: today });
  const note = h('input', { id: `away-note-${rep.id}`, name: 'note', type: 'text', maxlength: 500, autocomplete: 'off' });
  const hint = h('p', { id: `away-hint-${rep.id}`, class: 'muted' }, `Whole days in ${rep.timezone}, ${rep.name.split(' ')[0] ?? rep.name}’s time zone. Leads skip them meanwhile.`);
  const error = h('p', { class: 'error', role: 'alert' });
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  cancel.addEventListener('click', close);
  const form = h(
    'form',
    { class: 'away-form', id: `away-${rep.id}`, 'aria-label': `Mark ${rep.name} away`, 'aria-describedby': hint.id, novalidate: true },
    h('div', { class: 'days' }, h('div', {}, h('label', { for: first.id }, 'First day away'), first), h('div', {}, h('label', { for: last.id }, 'Last day away'), last)),
    h('label', { for: note.id }, 'Note (optional)'),
    note,
    hint,
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save absence'), cancel),
  );
  first.addEventListener('change', () => {
    if (last.value < first.value) last.value = first.value;
    last.min = first.value;
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const wrong = !first.value ? first : !last.value || last.value < first.value ? last : undefined;
    first.removeAttribute('aria-invalid');
    last.removeAttribute('aria-invalid');
    if (wrong) {
      error.textContent = wrong === first ? 'Pick the first day away.' : 'Pick a last day on or after the first.';
      wrong.setAttribute('aria-invalid', 'true');
      wrong.focus();
      return;
    }
    save(first.value, last.value, note.value.trim()).catch((failure: unknown) => {
      error.textContent = refusal(failure, 'The absence could not be saved. Try again.');
    });
  });
  return form;
};

/** The team's reps as cards: who they are, their load, whether they can take a lead now, whose turn it is, and their absence. */
export const teamView = (teamId: string, teams: SalesTeams, fail: (error: unknown) => void): TeamSection => {
  const notice = h('p', { class: 'notice', role: 'status' });
  const list = h('div', { class: 'team-reps' });
  const path = (rep: RepStanding) => `/v1/admin/teams/${encodeURIComponent(teamId)}/reps/${encodeURIComponent(rep.id)}/away`;

  const after = async (rep: RepStanding, said: (now: RepStanding | undefined) => string) => {
    const team = await teams.reload(teamId);
    draw(team);
    const now = team?.standing.find((r) => r.id === rep.id);
    notice.textContent = said(now);
    list.querySelector<HTMLElement>(`#rep-${rep.id}-name`)?.focus();
  };

  const card = (rep: RepStanding): HTMLElement => {
    const name = h('h3', { id: `rep-${rep.id}-name`, tabindex: -1 }, rep.name);
    const load = rep.maxOpen === undefined ? String(rep.open) : `${rep.open} of ${rep.maxOpen}`;
    const actions = h('div', { class: 'actions' });
    const item = h(
      'li',
      { class: 'rep', 'data-rep': rep.id, 'aria-labelledby': name.id },
      name,
      h('p', { class: 'muted rep-email' }, rep.email),
      h('p', { class: `availability availability-${rep.availability}`, 'data-field': 'availability' }, availabilityWords(rep)),
      ...(rep.away && plannedAway(rep) ? [h('p', { class: 'planned' }, `Away ${firstDayWords(rep.away, rep.timezone)} – ${lastDayWords(rep.away, rep.timezone)}`)] : []),
      ...(rep.away?.note ? [h('p', { class: 'away-note' }, `“${rep.away.note}”`)] : []),
      h('dl', { class: 'facts' }, h('dt', {}, 'Pools'), h('dd', {}, rep.pools.join(', ')), h('dt', {}, 'Open leads'), h('dd', {}, load)),
      ...(rep.nextIn.length ? [h('p', { class: 'turn', 'data-field': 'next' }, `Next in: ${rep.nextIn.join(', ')}`)] : []),
      actions,
    );

    // Every card has these buttons: the name says whose, and starts with the words on the button (WCAG 2.5.3).
    const markWords = rep.away ? 'Change absence' : 'Mark away';
    const mark = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', 'aria-controls': `away-${rep.id}`, 'aria-label': `${markWords}: ${rep.name}` }, markWords);
    if (rep.away) {
      const backWords = plannedAway(rep) ? 'Cancel absence' : 'Back now';
      const back = h('button', { type: 'button', 'aria-label': `${backWords}: ${rep.name}` }, backWords);
      back.addEventListener('click', () => {
        adminSend('DELETE', path(rep))
          .then(() => after(rep, () => `${rep.name} is back in the rotation.`))
          .catch(fail);
      });
      actions.append(back);
    }
    actions.append(mark);
    let form: HTMLFormElement | undefined;
    const close = () => {
      form?.remove();
      form = undefined;
      mark.setAttribute('aria-expanded', 'false');
      mark.focus();
    };
    mark.addEventListener('click', () => {
      if (form) return close();
      form = awayForm(
        rep,
        async (first, last, note) => {
          await adminSend('PUT', path(rep), absenceFor(rep.timezone, first, last, note));
          await after(rep, (now) => (now?.away ? `${rep.name} is away until ${lastDayWords(now.away, rep.timezone)}.` : `${rep.name}’s absence is saved.`));
        },
        close,
      );
      item.append(form);
      mark.setAttribute('aria-expanded', 'true');
      form.querySelector('input')?.focus();
    });
    return item;
  };

  const draw = (team: TeamView | undefined) => {
    if (!team) {
      list.replaceChildren(h('p', { class: 'muted' }, `No team “${teamId}” is published yet: the playbook names it, so leads wait unassigned.`));
      return;
    }
    // A pool where nobody has the next turn holds its leads unassigned: worth saying before a rep is marked away.
    const pools = [...new Set(team.standing.flatMap((rep) => rep.pools))];
    const stuck = pools.filter((pool) => !team.standing.some((rep) => rep.nextIn.includes(pool)));
    const fallback = team.fallback.length ? `, and ${team.fallback.join(', ')} ${team.fallback.length === 1 ? 'is' : 'are'} told` : '';
    list.replaceChildren(
      ...(stuck.length
        ? [h('p', { class: 'stuck', 'data-field': 'stuck' }, `Nobody can take a lead in ${new Intl.ListFormat(undefined).format(stuck)} now: its leads wait unassigned${fallback}.`)]
        : []),
      h('ul', { class: 'reps', 'aria-label': `Reps of team ${teamId}` }, ...team.standing.map(card)),
    );
  };

  const show = (read: Promise<TeamView | undefined>) => read.then(draw, fail);
  // The team as the page read it on start; `refresh` reads it again.
  void show(teams.team(teamId));
  const refresh = () => show(teams.reload(teamId));

  const element = h(
    'section',
    { class: 'team', 'aria-labelledby': 'team-title' },
    h('h2', { id: 'team-title' }, 'Team'),
    h('p', { class: 'muted' }, `Team “${teamId}”: who takes the next lead in each pool, and who cannot take one now.`),
    notice,
    list,
  );
  return { element, refresh };
};
