import type { Stage } from './types.js';

/*
 * The inbox's choices as the query of the page's hash (`#/leads?stage=sal&grade=A&q=acme`, and
 * `#/leads/ID?…` with a lead open): a reload, a shared link and the back button show the same
 * list. The hash, not the page's query: the funnel keeps its own choices there, and a
 * notification's `#/leads/ID` must keep working as it is.
 */

/** The search and filters the inbox sends the API, each `''` when not chosen. */
export interface Filter {
  q: string;
  form: string;
  grade: string;
  band: string;
  rep: string;
  pool: string;
  from: string;
  to: string;
}
export const NO_FILTER: Filter = { q: '', form: '', grade: '', band: '', rep: '', pool: '', from: '', to: '' };

/** What the inbox shows: a stage's leads, narrowed. */
export interface InboxChoice {
  stage: Stage;
  filter: Filter;
  showAnonymous: boolean;
}
export const FIRST_CHOICE: InboxChoice = { stage: 'MQL', filter: NO_FILTER, showAnonymous: false };

/** Lower case in the address, as a person types it; the API's names on the page. */
const STAGE_WORDS = { lead: 'lead', mql: 'MQL', sal: 'SAL', sql: 'SQL', nurture: 'nurture' } as const satisfies Record<Lowercase<Stage>, Stage>;

/** The search box's limit: a longer `q` in a link is cut, as the box would cut it. */
const MAX_SEARCH = 100;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The choice a hash's query names; what it does not name, or names wrongly, is the inbox's first choice. */
export const choiceOf = (query: string): InboxChoice => {
  const params = new URLSearchParams(query);
  const text = (key: keyof Filter) => (params.get(key) ?? '').trim();
  const day = (key: 'from' | 'to') => (DAY.test(text(key)) ? text(key) : '');
  const stage = params.get('stage')?.toLowerCase() ?? '';
  return {
    stage: Object.hasOwn(STAGE_WORDS, stage) ? STAGE_WORDS[stage as keyof typeof STAGE_WORDS] : FIRST_CHOICE.stage,
    filter: { q: text('q').slice(0, MAX_SEARCH), form: text('form'), grade: text('grade'), band: text('band'), rep: text('rep'), pool: text('pool'), from: day('from'), to: day('to') },
    showAnonymous: params.get('anonymous') === 'show',
  };
};

/** The query naming a choice: only what differs from the first choice, so the plain inbox is `#/leads`. */
export const queryOf = ({ stage, filter, showAnonymous }: InboxChoice): string => {
  const params = new URLSearchParams();
  if (stage !== FIRST_CHOICE.stage) params.set('stage', stage.toLowerCase());
  for (const [key, value] of Object.entries(filter)) if (value !== '') params.set(key, value);
  if (showAnonymous) params.set('anonymous', 'show');
  return params.toString();
};

/** `#/leads`, `#/leads/ID`, each with an optional query (SPEC: notifications link to `/admin#/leads/ID`). */
const ROUTE = /^#\/leads(?:\/([A-Za-z0-9_-]{1,64}))?(?:\?(.*))?$/;

/** The open lead and the inbox's query a hash names; any other hash names neither. */
export const routeOf = (hash: string): { leadId?: string; query: string } => {
  const [, leadId, query = ''] = ROUTE.exec(hash) ?? [];
  return { ...(leadId === undefined ? {} : { leadId }), query };
};

/** The hash naming a lead (or none) and the inbox's query. */
export const hashOf = (leadId: string | undefined, query: string): string => `#/leads${leadId === undefined ? '' : `/${encodeURIComponent(leadId)}`}${query ? `?${query}` : ''}`;
