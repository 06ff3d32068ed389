import { h } from '../src/dom.js';
import { adminCall } from './admin-api.js';
import { dateTime } from './format.js';
import { table } from './table.js';
import type { LeadPage, LeadSummary, Stage } from './types.js';

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

/** Leads by stage, hottest first as the API orders them, a page at a time. */
export const leadsView = (open: (leadId: string) => void, fail: (error: unknown) => void): LeadsView => {
  let stage: Stage = 'MQL';
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
    list.replaceChildren(
      table(
        `${label}, hottest first`,
        ['Lead', 'Fit', 'Interest', 'Hand-raiser', 'Qualified'],
        rows.map((lead) => {
          const name = h('button', { type: 'button', class: 'link', 'data-lead': lead.leadId }, lead.email ?? `Lead ${lead.leadId.slice(0, 8)}…`);
          name.addEventListener('click', () => open(lead.leadId));
          return [
            name,
            lead.fit ? `${lead.fit.grade} · ${lead.fit.points} pts` : 'not scored',
            lead.interest ? `${lead.interest.band} · ${lead.interest.score}` : 'not scored',
            lead.handRaiser ? 'yes' : 'no',
            dateTime(lead.qualifiedAt),
          ];
        }),
        'no leads in this stage.',
      ),
    );
    more.hidden = cursor === undefined;
  };

  const load = async (from?: string) => {
    const page = await adminCall<LeadPage>(`/v1/admin/leads?${new URLSearchParams({ stage, limit: '25', ...(from ? { cursor: from } : {}) })}`);
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
    list,
    more,
  );
  return { element, refresh };
};
