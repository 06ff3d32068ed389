import { bandsOf } from '../../functions/core/playbook.js';
import { h } from '../src/dom.js';
import { adminCall, adminDownload } from './admin-api.js';
import { countdown, points, shortDate } from './format.js';
import { queryOf, type Filter, type InboxChoice } from './inbox-address.js';
import { useInboxStyle } from './inbox-style.js';
import { table } from './table.js';
import type { LeadPage, LeadSummary, PlaybookView, Stage, TeamView } from './types.js';

const STAGES: { stage: Stage; label: string }[] = [
  { stage: 'MQL', label: 'MQL: To accept' },
  { stage: 'SAL', label: 'SAL: Accepted' },
  { stage: 'SQL', label: 'SQL: Opportunities' },
  { stage: 'nurture', label: 'Nurture: Returned' },
  { stage: 'lead', label: 'Not qualified' },
];

/** Where the rep a person picked as "me" is kept: the admin token is shared, so it names nobody (SPEC "Sales team"). */
const ME_KEY = 'winnow.rep';
/** A search waits for a pause in typing: one request per pause, not per keystroke. */
const TYPING_PAUSE_MS = 300;
/** The countdowns move on once a minute, as their words do. */
const TICK_MS = 30_000;

export interface LeadsView {
  element: HTMLElement;
  /** Reloads the stage shown and the counts, e.g. after a decision moved a lead out of it. */
  refresh: () => Promise<void>;
  /** Marks the open lead's row (none: `undefined`). */
  select: (leadId: string | undefined) => void;
  /** Shows what the address names (back, forward, an edited address): the stage, search and filters, read again when they changed. */
  restore: (choice: InboxChoice) => void;
}

export interface LeadsContext {
  /** Opens a lead (the page puts it in the address). */
  open: (leadId: string) => void;
  /** What the address names when the page opens. */
  initial: InboxChoice;
  /** Puts a choice the person made in the address: a new history entry, or in place of the last (the next pause while typing one search). */
  remember: (query: string, replace: boolean) => void;
  fail: (error: unknown) => void;
  /** The default playbook: its grades and bands are the filter's choices. */
  playbook?: PlaybookView | undefined;
  /** With a team, the list filters by rep and pool and offers "My leads". */
  team?: TeamView | undefined;
  nameOf: (rep: string) => string;
}

const option = (value: string, label: string) => h('option', { value }, label);

const select = (id: string, label: string, choices: [string, string][]): { field: HTMLElement; input: HTMLSelectElement } => {
  const input = h('select', { id, name: id.replace('filter-', '') }, ...choices.map(([value, text]) => option(value, text)));
  return { field: h('div', { class: 'field' }, h('label', { for: id }, label), input), input };
};

const dateInput = (id: string, label: string): { field: HTMLElement; input: HTMLInputElement } => {
  const input = h('input', { id, name: id.replace('filter-', ''), type: 'date' });
  return { field: h('div', { class: 'field' }, h('label', { for: id }, label), input), input };
};

/** "Grace Hopper" and her email on one line: the button reads as both, the email muted. */
const leadButton = (lead: LeadSummary, open: (leadId: string) => void): HTMLButtonElement => {
  const title = lead.name ?? lead.email ?? (lead.anonymous ? 'Anonymous visitor' : `Lead ${lead.leadId.slice(0, 8)}…`);
  const button = h('button', { type: 'button', class: 'link lead-name', 'data-lead': lead.leadId }, h('strong', {}, title));
  if (lead.name && lead.email) button.append(' ', h('span', { class: 'muted' }, lead.email));
  button.addEventListener('click', () => open(lead.leadId));
  return button;
};

/** Time left to answer, counted down; overdue ones stand out. `data-due` lets the ticker update it in place. */
const dueCell = (lead: LeadSummary, now: number): Node | string => {
  if (!lead.dueAt) return '—';
  const { text, late } = countdown(lead.dueAt, now);
  return h('span', { class: late ? 'due late' : 'due', 'data-due': lead.dueAt }, text);
};

const askedCell = (lead: LeadSummary): Node | string => {
  if (lead.asked) return h('span', { class: 'asked', title: lead.asked }, lead.asked);
  return lead.handRaiser ? h('span', { class: 'muted' }, 'Asked to be contacted') : '—';
};

/** The inbox: stage tabs with counts, search and filters, a row per lead (a card on a phone), export, "My leads". */
export const leadsView = ({ open, initial, remember, fail, playbook, team, nameOf }: LeadsContext): LeadsView => {
  useInboxStyle();
  let stage: Stage = initial.stage;
  let filter: Filter = { ...initial.filter };
  let showAnonymous = initial.showAnonymous;
  let mine = false;
  let me = team ? (localStorage.getItem(ME_KEY) ?? '') : '';
  if (team && !team.standing.some((rep) => rep.id === me)) me = '';
  let rows: LeadSummary[] = [];
  let cursor: string | undefined;
  let selected: string | undefined;
  let counts: LeadPage['counts'];
  // Answers that arrive after a newer request was made are dropped: the list shows the last thing asked.
  let asked = 0;

  const tabs = STAGES.map(({ stage: value, label }) => {
    const count = h('span', { class: 'count' });
    const button = h('button', { type: 'button', class: 'stage', 'aria-pressed': String(value === stage), 'data-stage': value }, label, count);
    button.addEventListener('click', () => {
      if (value === stage) return;
      stage = value;
      drawTabs();
      typed = false;
      remember(queryOf(choice()), false);
      void refresh(false);
    });
    return { value, button, count };
  });
  const drawTabs = () => {
    for (const tab of tabs) tab.button.setAttribute('aria-pressed', String(tab.value === stage));
  };

  /* Search and filters. */
  const search = h('input', { id: 'lead-search', name: 'q', type: 'search', maxlength: 100, autocomplete: 'off', placeholder: 'Name, email or company' });
  const forms = select('filter-form', 'Form', [['', 'Any form']]);
  const grades = playbook ? [...Object.keys(playbook.fit.grades), 'D'] : ['A', 'B', 'C', 'D'];
  const grade = select('filter-grade', 'Fit grade', [['', 'Any grade'], ...grades.map((g): [string, string] => [g, playbook?.labels?.grades?.[g] ? `${g}: ${playbook.labels.grades[g]}` : g])]);
  const bands = playbook ? bandsOf(playbook.interest.bands) : ['hot', 'warm', 'cold'];
  const band = select('filter-band', 'Interest', [['', 'Any interest'], ...bands.map((b): [string, string] => [b, playbook?.labels?.bands?.[b] ?? b.charAt(0).toUpperCase() + b.slice(1)])]);
  const reps = team ? select('filter-rep', 'Rep', [['', 'Everyone'], ['none', 'Unassigned'], ...team.standing.map((r): [string, string] => [r.id, r.name])]) : undefined;
  const pools = team ? [...new Set(team.standing.flatMap((r) => r.pools))].sort() : [];
  const pool = team ? select('filter-pool', 'Pool', [['', 'All pools'], ...pools.map((p): [string, string] => [p, p])]) : undefined;
  const from = dateInput('filter-from', 'Came in from');
  const to = dateInput('filter-to', 'Came in to');
  const anonymous = h('input', { id: 'filter-anonymous', name: 'anonymous', type: 'checkbox' });
  const clear = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Clear filters');
  const summary = h('summary', {}, 'Filters');
  // Open on a wide screen, where the filters fit beside each other; a phone opens them when needed.
  const filters = h(
    'details',
    { class: 'filters', open: matchMedia('(min-width: 40rem)').matches },
    summary,
    h(
      'div',
      { class: 'filter-fields' },
      forms.field,
      grade.field,
      band.field,
      ...(reps && pool ? [reps.field, pool.field] : []),
      from.field,
      to.field,
      h('div', { class: 'field check' }, anonymous, h('label', { for: anonymous.id }, 'Show anonymous visitors')),
      clear,
    ),
  );

  /* "My leads": the rep picks who they are once; the page remembers it on this device. */
  const mineButton = h('button', { type: 'button', class: 'stage mine', 'aria-pressed': 'false', hidden: !team }, 'My leads');
  const whoAmI = team ? select('filter-me', 'I am', [['', 'Choose…'], ...team.standing.map((r): [string, string] => [r.id, r.name])]) : undefined;
  if (whoAmI) whoAmI.input.value = me;
  const minePanel = h(
    'div',
    { class: 'me', hidden: true },
    ...(whoAmI ? [whoAmI.field] : []),
    h('p', { class: 'hint', id: 'me-help' }, 'The admin token is shared, so it cannot tell who you are: your choice is kept on this device.'),
  );
  whoAmI?.input.setAttribute('aria-describedby', 'me-help');

  const exportButton = h('button', { type: 'button', class: 'secondary' }, 'Export CSV');
  const exportNote = h('p', { class: 'hint export-note', role: 'status' });

  const list = h('div', { class: 'lead-list' });
  const status = h('p', { class: 'visually-hidden', role: 'status' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show more');

  const effective = (): Filter => ({ ...filter, ...(mine && me ? { rep: me } : {}) });

  const activeFilters = (): number => Object.entries(filter).filter(([key, value]) => key !== 'q' && value !== '').length + (showAnonymous ? 1 : 0);

  const query = (extra: Record<string, string>): string => {
    const chosen = Object.entries(effective()).filter(([, value]) => value !== '');
    return new URLSearchParams([['stage', stage], ...chosen, ...(showAnonymous ? [] : [['anonymous', 'exclude']]), ...Object.entries(extra)]).toString();
  };

  const captionOf = (): string => {
    const label = STAGES.find((s) => s.stage === stage)?.label ?? stage;
    const f = effective();
    const who = f.rep === 'none' ? 'unassigned' : f.rep ? nameOf(f.rep) : '';
    const narrowed = [who, f.pool ? `pool ${f.pool}` : '', f.q ? `“${f.q}”` : ''].filter(Boolean).join(', ');
    return `${label}${narrowed ? ` (${narrowed})` : ''}, hottest first`;
  };

  const drawCounts = () => {
    for (const tab of tabs) {
      const count = counts?.[tab.value];
      tab.count.textContent = count ? `${count.count.toLocaleString()}${count.more ? '+' : ''}` : '';
    }
  };

  const draw = () => {
    const now = Date.now();
    const dated = stage === 'lead' ? 'Came in' : 'Qualified';
    const caption = captionOf();
    const rendered = table(
      caption,
      ['Lead', 'Company', 'Form', 'What they asked', 'Fit', 'Interest', ...(team ? ['Rep'] : []), 'Time left', dated],
      rows.map((lead) => [
        leadButton(lead, open),
        lead.company ?? '—',
        lead.form?.title ?? '—',
        askedCell(lead),
        lead.fit ? `${lead.fit.grade} · ${points(lead.fit.points)}` : '—',
        lead.interest ? `${playbook?.labels?.bands?.[lead.interest.band] ?? lead.interest.band} · ${points(lead.interest.score)}` : '—',
        ...(team ? [lead.rep ? nameOf(lead.rep) : lead.pool ? h('em', {}, 'Unassigned') : '—'] : []),
        dueCell(lead, now),
        shortDate(stage === 'lead' ? lead.createdAt : lead.qualifiedAt, now),
      ]),
      activeFilters() || filter.q || (mine && me) ? 'no lead matches.' : 'no leads in this stage.',
      [],
      { Lead: 'col-lead', Company: 'col-company', Form: 'col-form', 'What they asked': 'col-asked', Fit: 'col-score', Interest: 'col-score col-interest', Rep: 'col-rep', 'Time left': 'col-due', [dated]: 'col-date' },
    );
    rendered.classList.add('lead-table');
    rendered.querySelectorAll('tbody tr').forEach((row, index) => {
      const lead = rows[index];
      if (!lead) return;
      // On a phone a row is a card: its cells say what they are (table.ts), and empty ones step aside.
      row.querySelectorAll('td').forEach((cell) => {
        if (cell.textContent === '—') cell.classList.add('blank');
      });
      row.setAttribute('data-lead-row', lead.leadId);
      if (lead.leadId === selected) row.setAttribute('aria-current', 'true');
      if (lead.dueAt && Date.parse(lead.dueAt) <= now) row.classList.add('overdue');
    });
    list.replaceChildren(rendered);
    more.hidden = cursor === undefined;
    const count = counts?.[stage];
    status.textContent = count ? `${count.count.toLocaleString()}${count.more ? ' or more' : ''} ${count.count === 1 ? 'lead' : 'leads'}` : '';
  };

  const load = async (from?: string, withCounts = false) => {
    const ticket = (asked += 1);
    const page = await adminCall<LeadPage>(`/v1/admin/leads?${query({ limit: '25', ...(from ? { cursor: from } : {}), ...(withCounts ? { counts: 'true' } : {}) })}`);
    if (ticket !== asked) return;
    rows = from ? [...rows, ...page.leads] : page.leads;
    cursor = page.cursor;
    if (page.counts) counts = page.counts;
    if (page.forms) {
      // A link may name a form no longer published: it stays chosen, by its id, as the list is filtered by it.
      const known = page.forms.some((form) => form.id === filter.form);
      forms.input.replaceChildren(option('', 'Any form'), ...page.forms.map((form) => option(form.id, form.title)), ...(filter.form && !known ? [option(filter.form, filter.form)] : []));
      forms.input.value = filter.form;
    }
    drawCounts();
    draw();
  };
  /** A new filter changes every tab's count; another tab or page does not. */
  const refresh = (withCounts = true) => load(undefined, withCounts).catch(fail);
  more.addEventListener('click', () => void load(cursor).catch(fail));

  const choice = (): InboxChoice => ({ stage, filter, showAnonymous });

  const drawFilterSummary = () => {
    const active = activeFilters();
    summary.textContent = active ? `Filters (${active})` : 'Filters';
    clear.hidden = active === 0;
  };

  /** The controls show the choice; a value a select does not offer (a rep no longer in the team, say) is dropped, as the control drops it. */
  const showChoice = (shown: InboxChoice) => {
    stage = shown.stage;
    drawTabs();
    search.value = shown.filter.q;
    forms.input.value = shown.filter.form;
    const chosen = (input: HTMLSelectElement | undefined, value: string) => {
      if (!input) return '';
      input.value = value;
      return input.value;
    };
    from.input.value = shown.filter.from;
    to.input.value = shown.filter.to;
    filter = {
      ...shown.filter,
      grade: chosen(grade.input, shown.filter.grade),
      band: chosen(band.input, shown.filter.band),
      rep: chosen(reps?.input, shown.filter.rep),
      pool: chosen(pool?.input, shown.filter.pool),
      from: from.input.value,
      to: to.input.value,
    };
    showAnonymous = shown.showAnonymous;
    anonymous.checked = showAnonymous;
    drawFilterSummary();
  };

  /** Whether the last change was a pause in typing: the next one replaces its history entry, so Back skips the half-typed words. */
  let typed = false;
  const filterChanged = (typing: boolean) => {
    const before = queryOf(choice());
    filter = {
      q: search.value.trim(),
      form: forms.input.value,
      grade: grade.input.value,
      band: band.input.value,
      rep: reps?.input.value ?? '',
      pool: pool?.input.value ?? '',
      from: from.input.value,
      to: to.input.value,
    };
    showAnonymous = anonymous.checked;
    drawFilterSummary();
    const after = queryOf(choice());
    if (after === before) return;
    remember(after, typing && typed);
    typed = typing;
    void refresh();
  };
  let typing: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => filterChanged(true), TYPING_PAUSE_MS);
  });
  search.addEventListener('search', () => {
    clearTimeout(typing);
    filterChanged(false);
  });
  for (const input of [forms.input, grade.input, band.input, reps?.input, pool?.input, from.input, to.input, anonymous]) input?.addEventListener('change', () => filterChanged(false));
  clear.addEventListener('click', () => {
    for (const input of [forms.input, grade.input, band.input, reps?.input, pool?.input, from.input, to.input]) if (input) input.value = '';
    anonymous.checked = false;
    filterChanged(false);
  });

  const mineChanged = () => {
    mineButton.setAttribute('aria-pressed', String(mine));
    minePanel.hidden = !mine;
    if (reps) reps.input.disabled = mine && me !== '';
    void refresh();
  };
  mineButton.addEventListener('click', () => {
    mine = !mine;
    mineChanged();
    if (mine && !me) whoAmI?.input.focus();
  });
  whoAmI?.input.addEventListener('change', () => {
    me = whoAmI.input.value;
    if (me) localStorage.setItem(ME_KEY, me);
    else localStorage.removeItem(ME_KEY);
    mineChanged();
  });

  exportButton.addEventListener('click', () => {
    const period = Object.entries({ stage, from: filter.from, to: filter.to }).filter(([, value]) => value !== '');
    exportNote.textContent = 'Preparing the CSV…';
    adminDownload(`/v1/admin/leads/export.csv?${new URLSearchParams(period).toString()}`, 'winnow-leads.csv')
      .then((more) => {
        exportNote.textContent = `Downloaded this stage’s leads${filter.from || filter.to ? ' of the chosen period' : ''} as CSV${more ? ' (the first page: `npx winnow export` follows the rest)' : ''}. Search and the other filters do not narrow the export.`;
      })
      .catch((error: unknown) => {
        exportNote.textContent = '';
        fail(error);
      });
  });

  // The countdowns move on while the page is open; the rows stay as they are.
  setInterval(() => {
    const now = Date.now();
    list.querySelectorAll<HTMLElement>('[data-due]').forEach((cell) => {
      const { text, late } = countdown(cell.dataset.due ?? '', now);
      cell.textContent = text;
      cell.classList.toggle('late', late);
      cell.closest('tr')?.classList.toggle('overdue', late);
    });
  }, TICK_MS);

  const element = h(
    'section',
    { class: 'leads', 'aria-labelledby': 'leads-title' },
    h('h2', { id: 'leads-title', class: 'visually-hidden' }, 'Inbox'),
    h('div', { class: 'stages', role: 'group', 'aria-label': 'Stage' }, ...tabs.map((tab) => tab.button), mineButton),
    minePanel,
    h(
      'div',
      { class: 'toolbar' },
      h('div', { class: 'field search' }, h('label', { for: search.id }, 'Search'), search),
      h('div', { class: 'export' }, exportButton),
    ),
    filters,
    exportNote,
    status,
    list,
    more,
  );
  showChoice(initial);
  return {
    element,
    refresh: () => refresh(true),
    restore: (shown) => {
      if (queryOf(shown) === queryOf(choice())) return;
      clearTimeout(typing);
      typed = false;
      showChoice(shown);
      void refresh();
    },
    select: (leadId) => {
      selected = leadId;
      list.querySelectorAll('[data-lead-row]').forEach((row) => {
        if (row.getAttribute('data-lead-row') === leadId) row.setAttribute('aria-current', 'true');
        else row.removeAttribute('aria-current');
      });
    },
  };
};
