import { h } from '../src/dom.js';
import { adminCall } from './admin-api.js';
import { dateTime, fromNow } from './format.js';
import { table } from './table.js';
import type { LeadPage, LeadSummary, Stage, TeamView } from './types.js';

const STAGES: { stage: Stage; label: string }[] = [
  { stage: 'MQL', label: 'MQL: to accept' },
  { stage: 'SAL', label: 'SAL: accepted' },
  { stage: 'SQL', label: 'SQL: opportunities' },
  { stage: 'nurture', label: 'Nurture: returned' },
  { stage: 'lead', label: 'Leads: not qualified' },
];

export interface LeadsView {
  element: HTMLElement;
  /** Reloads the stage shown, e.g. after a decision moved a lead out of it. */
  refresh: () => Promise<void>;
}

/** Who has the lead, from which pool, and by when they must have touched it. */
const assignedCell = (lead: LeadSummary, nameOf: (rep: string) => string, now: number): Node | string => {
  if (!lead.rep && !lead.pool) return '—';
  const cell = h('div', { class: 'assigned' }, lead.rep ? nameOf(lead.rep) : h('em', {}, 'Unassigned'));
  if (lead.pool) cell.append(h('span', { class: 'muted' }, ` · ${lead.pool}`));
  if (lead.dueAt) {
    const late = Date.parse(lead.dueAt) < now;
    cell.append(h('span', { class: late ? 'due late' : 'due muted' }, late ? `Overdue: due ${fromNow(lead.dueAt, now)}` : `Due ${fromNow(lead.dueAt, now)}`));
  }
  return cell;
};

/** The rep and pool filters the API offers (`rep`, `rep=none`, `pool`), with the team's names. */
const assignmentFilters = (team: TeamView, changed: (filter: Record<string, string>) => void): HTMLElement => {
  const option = (value: string, label: string) => h('option', { value }, label);
  const rep = h('select', { id: 'filter-rep', name: 'rep' }, option('', 'Everyone'), option('none', 'Unassigned'), ...team.standing.map((r) => option(r.id, r.name)));
  const pools = [...new Set(team.standing.flatMap((r) => r.pools))].sort();
  const pool = h('select', { id: 'filter-pool', name: 'pool' }, option('', 'All pools'), ...pools.map((p) => option(p, p)));
  const onChange = () => changed(Object.fromEntries(Object.entries({ rep: rep.value, pool: pool.value }).filter(([, value]) => value)));
  rep.addEventListener('change', onChange);
  pool.addEventListener('change', onChange);
  return h(
    'div',
    { class: 'filters', role: 'group', 'aria-label': 'Filter by assignment' },
    h('div', {}, h('label', { for: rep.id }, 'Rep'), rep),
    h('div', {}, h('label', { for: pool.id }, 'Pool'), pool),
  );
};

/** Leads by stage, hottest first as the API orders them, a page at a time; by rep and pool when the playbook has a team. */
export const leadsView = (open: (leadId: string) => void, fail: (error: unknown) => void, team?: TeamView, nameOf: (rep: string) => string = (rep) => rep): LeadsView => {
  let stage: Stage = 'MQL';
  let filter: Record<string, string> = {};
  const buttons = STAGES.map(({ stage: value, label }) => {
    const button = h('button', { type: 'button', class: 'stage', 'aria-pressed': String(value === stage), 'data-stage': value }, label);
    button.addEventListener('click', () => {
      stage = value;
      for (const other of buttons) other.setAttribute('aria-pressed', String(other === button));
      void refresh();
    });
    return button;
  });
  const list = h('div', { class: 'lead-list', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show more');
  let rows: LeadSummary[] = [];
  let cursor: string | undefined;

  const draw = () => {
    const label = STAGES.find((s) => s.stage === stage)?.label ?? stage;
    const now = Date.now();
    const who = filter.rep === 'none' ? 'unassigned' : filter.rep ? nameOf(filter.rep) : '';
    const narrowed = [who, filter.pool ? `pool ${filter.pool}` : ''].filter(Boolean).join(', ');
    list.replaceChildren(
      table(
        `${label}${narrowed ? ` (${narrowed})` : ''}, hottest first`,
        ['Lead', ...(team ? ['Assigned'] : []), 'Fit', 'Interest', 'Hand-raiser', 'Qualified'],
        rows.map((lead) => {
          const name = h('button', { type: 'button', class: 'link', 'data-lead': lead.leadId }, lead.email ?? `Lead ${lead.leadId.slice(0, 8)}…`);
          name.addEventListener('click', () => open(lead.leadId));
          return [
            name,
            ...(team ? [assignedCell(lead, nameOf, now)] : []),
            // A no-break space keeps a number with its unit when the column is narrow.
            lead.fit ? `${lead.fit.grade} · ${lead.fit.points}\u00a0pts` : 'not scored',
            lead.interest ? `${lead.interest.band} · ${lead.interest.score}` : 'not scored',
            lead.handRaiser ? 'yes' : 'no',
            dateTime(lead.qualifiedAt),
          ];
        }),
        narrowed ? 'none here.' : 'no leads in this stage.',
        ['Hand-raiser', 'Qualified'],
      ),
    );
    more.hidden = cursor === undefined;
  };

  const load = async (from?: string) => {
    const page = await adminCall<LeadPage>(`/v1/admin/leads?${new URLSearchParams({ stage, ...filter, limit: '25', ...(from ? { cursor: from } : {}) })}`);
    rows = from ? [...rows, ...page.leads] : page.leads;
    cursor = page.cursor;
    draw();
  };
  const refresh = () => load().catch(fail);
  more.addEventListener('click', () => void load(cursor).catch(fail));

  const element = h(
    'section',
    { class: 'leads', 'aria-labelledby': 'leads-title' },
    h('h2', { id: 'leads-title' }, 'Leads by stage'),
    h('div', { class: 'stages', role: 'group', 'aria-label': 'Stage' }, ...buttons),
    ...(team
      ? [
          assignmentFilters(team, (chosen) => {
            filter = chosen;
            void refresh();
          }),
        ]
      : []),
    list,
    more,
  );
  return { element, refresh };
};
