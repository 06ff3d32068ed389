import { h } from '../src/dom.js';
import { adminCall, RefusedError } from './admin-api.js';
import { funnelChart } from './funnel-chart.js';
import { useFunnelStyle } from './funnel-style.js';
import { percent } from './format.js';
import { choices, periodPicker, periodWords } from './period.js';
import { choiceOf, keepChoice, type PeriodChoice } from './period-presets.js';
import { table } from './table.js';
import type { Funnel } from './types.js';

type Attribution = Funnel['attribution'];

const CREDITS: readonly { id: Attribution; label: string }[] = [
  { id: 'first', label: 'First touch' },
  { id: 'last', label: 'Last touch' },
];
const CREDIT_WORDS: Record<Attribution, string> = {
  first: 'Each lead counts for the form of its first step, the one that made it a lead.',
  last: 'Each lead counts for the form of its latest step before it qualified, the one that tipped it; a lead not qualified, for its latest step.',
};

/** Where the page keeps the funnel's choices (`/admin?funnel-period=last-90-days&funnel-credit=last`): the query, so a lead's `#/…` stays its own. */
const PREFIX = 'funnel';
const CREDIT = `${PREFIX}-credit`;

type Slice = Pick<Funnel, 'newLeads' | 'MQL' | 'SAL' | 'SQL' | 'nurture' | 'conversion'>;
const SLICE_COLUMNS = ['New leads', 'Lead → MQL', 'MQL', 'SAL', 'SQL', 'Nurture', 'MQL → SQL'];
const NUMBERS = Object.fromEntries(SLICE_COLUMNS.map((column) => [column, 'number']));
const sliceRow = (name: Node | string, slice: Slice): (Node | string)[] => [
  name,
  slice.newLeads.toLocaleString(),
  percent(slice.conversion.leadToMql),
  ...[slice.MQL, slice.SAL, slice.SQL, slice.nurture].map((count) => count.toLocaleString()),
  percent(slice.conversion.mqlToSql),
];

/** The API's "(none)": a lead with no form (it qualified before any step) or no utm_source. */
const NONE = '(none)';

/** A form as a marketer knows it: its title, and its id under it (what the embed code and the CLI name). */
const formCell = (formId: string, title: string | undefined, attribution: Attribution): Node | string =>
  formId === NONE
    ? attribution === 'last' ? 'No form before it qualified' : 'No form'
    : h('span', { class: 'funnel-form' }, h('span', {}, title ?? formId), ...(title ? [h('code', { class: 'funnel-form-id' }, formId)] : []));

const isEmpty = (funnel: Funnel): boolean => funnel.newLeads + funnel.MQL + funnel.SAL + funnel.SQL + funnel.nurture === 0;

/** "Copy code", where the browser lets a page write to the clipboard (https, or localhost). */
const copyButton = (text: string): HTMLElement => {
  const said = h('span', { role: 'status', class: 'funnel-copied' });
  const button = h('button', { type: 'button', class: 'secondary' }, 'Copy code');
  button.addEventListener('click', () => {
    navigator.clipboard.writeText(text).then(
      () => (said.textContent = 'Copied.'),
      () => (said.textContent = 'The browser did not allow copying: select the code instead.'),
    );
  });
  return h('p', { class: 'funnel-copy' }, button, said);
};

/** What the funnel will show, and how the first leads come: a form on the marketer's own site. */
const emptyState = (funnel: Funnel): HTMLElement => {
  const snippet = `<div data-winnow-form="demo-request"></div>\n<script async\n  src="${location.origin}/widget.js"></script>`;
  return h(
    'div',
    { class: 'empty funnel-empty', 'data-field': 'empty' },
    h('p', { class: 'funnel-empty-title' }, `No leads ${periodWords(funnel)}.`),
    h(
      'p',
      {},
      'Once visitors answer your forms, this shows how many new leads came, how many became marketing-qualified (MQL), were accepted by sales (SAL) and became sales-qualified (SQL), who was returned to nurture and why — by form and by utm_source.',
    ),
    h('p', {}, 'To get your first leads, put a form on a page of your site:'),
    // Scrolls rather than wraps: a URL broken across lines would be copied broken. A box that scrolls is a tab stop (axe: scrollable-region-focusable).
    h('pre', { class: 'funnel-snippet', tabindex: 0, role: 'region', 'aria-label': 'Embed code' }, h('code', {}, snippet)),
    copyButton(snippet),
    h(
      'p',
      {},
      'Use the id of a form you published (npx winnow publish). See a form at work on the ',
      h('a', { href: '/' }, 'demo page'),
      ', or pick a longer period above.',
    ),
  );
};

/** The funnel report for a period: headline figures, the funnel with nurture beside it, then by form (first or last touch) and by utm_source. */
export const funnelView = (fail: (error: unknown) => void): { element: HTMLElement; refresh: () => Promise<void> } => {
  useFunnelStyle();
  const query = new URLSearchParams(location.search);
  let credit: Attribution = query.get(CREDIT) === 'last' ? 'last' : 'first';
  // Not a live region: the report is read again after every decision on a lead. What a person changes is said in `status`.
  const summary = h('p', { class: 'muted funnel-summary', 'data-field': 'summary' });
  const status = h('p', { class: 'visually-hidden', role: 'status' });
  const report = h('div', { class: 'funnel-report' });
  const byForm = h('div', { class: 'funnel-by-form' });
  const bySource = h('div', { class: 'funnel-by-source' });

  /** Keeps the choices in the address, replacing the entry: a reload shows the same report, Back leaves the page. */
  const remember = (choice: PeriodChoice) => {
    const kept = new URLSearchParams(location.search);
    keepChoice(kept, PREFIX, choice);
    if (credit === 'first') kept.delete(CREDIT);
    else kept.set(CREDIT, credit);
    history.replaceState(history.state, '', `${location.pathname}?${kept.toString()}${location.hash}`);
  };

  // Each form's title, asked for once: a form the API cannot find (deleted, say) is shown by its id.
  const titles = new Map<string, Promise<string | undefined>>();
  const titleOf = (formId: string): Promise<string | undefined> => {
    const known =
      titles.get(formId) ??
      adminCall<{ title: string }>(`/v1/admin/forms/${encodeURIComponent(formId)}`).then(
        (form) => form.title,
        () => undefined,
      );
    titles.set(formId, known);
    return known;
  };

  let shown = 0;
  const load = async (said: boolean) => {
    const asked = ++shown;
    try {
      const funnel = await adminCall<Funnel>(`/v1/admin/reports/funnel?${new URLSearchParams({ ...picker.period(), attribution: credit })}`);
      const named = new Map(await Promise.all(funnel.byForm.filter(({ formId }) => formId !== NONE).map(async ({ formId }) => [formId, await titleOf(formId)] as const)));
      // A slower answer to an earlier choice must not replace the later one.
      if (asked !== shown) return;
      draw(funnel, named);
      if (said) status.textContent = isEmpty(funnel) ? `No leads ${periodWords(funnel)}.` : `Funnel ${periodWords(funnel)}: ${funnel.newLeads} new leads, ${funnel.MQL} MQLs, by form at ${credit} touch.`;
    } catch (error) {
      if (asked !== shown) return;
      if (!(error instanceof RefusedError)) return fail(error);
      summary.textContent = '';
      report.replaceChildren(h('p', { class: 'error', role: 'alert' }, error.message));
      showBreakdown(false);
    }
  };

  const picker = periodPicker(
    PREFIX,
    'Funnel period',
    (choice) => {
      remember(choice);
      void load(true);
    },
    choiceOf(query, PREFIX),
  );
  const credits = choices(`${PREFIX}-credit`, 'Credit each lead to', CREDITS, credit, (chosen) => {
    credit = chosen;
    remember(picker.choice());
    void load(true);
  });
  const creditWords = h('p', { class: 'muted funnel-credit-words', id: `${PREFIX}-credit-words` });
  credits.setAttribute('aria-describedby', creditWords.id);

  // Built once and only filled in: a radio the report replaced would take the keyboard's focus with it.
  const byFormSection = h('section', { class: 'funnel-breakdown', 'aria-labelledby': 'funnel-by-form-title', hidden: true }, h('h3', { id: 'funnel-by-form-title' }, 'Which forms bring leads'), credits, creditWords, byForm);
  const bySourceSection = h('section', { class: 'funnel-breakdown', 'aria-labelledby': 'funnel-by-source-title', hidden: true }, h('h3', { id: 'funnel-by-source-title' }, 'Which sources bring leads'), bySource);
  const showBreakdown = (shown: boolean) => {
    byFormSection.hidden = !shown;
    bySourceSection.hidden = !shown;
  };

  const draw = (funnel: Funnel, titled: ReadonlyMap<string, string | undefined>) => {
    if (isEmpty(funnel)) {
      summary.textContent = '';
      report.replaceChildren(emptyState(funnel));
      showBreakdown(false);
      return;
    }
    summary.textContent = `Leads ${periodWords(funnel)}.`;
    creditWords.textContent = CREDIT_WORDS[funnel.attribution];
    report.replaceChildren(funnelChart(funnel));
    byForm.replaceChildren(
      table(
        `By form, ${funnel.attribution} touch`,
        ['Form', ...SLICE_COLUMNS],
        funnel.byForm.map((slice) => sliceRow(formCell(slice.formId, titled.get(slice.formId), funnel.attribution), slice)),
        undefined,
        [],
        NUMBERS,
      ),
    );
    bySource.replaceChildren(
      table(
        'By utm_source, first touch',
        ['Source', ...SLICE_COLUMNS],
        funnel.byUtmSource.map((slice) => sliceRow(slice.utmSource === NONE ? 'None' : slice.utmSource, slice)),
        undefined,
        [],
        NUMBERS,
      ),
    );
    showBreakdown(true);
  };

  const element = h(
    'section',
    { class: 'funnel', 'aria-labelledby': 'funnel-title' },
    h('h2', { id: 'funnel-title' }, 'Funnel'),
    h('p', { class: 'muted' }, 'How leads move from their first form step to sales-qualified, and which forms and sources bring them.'),
    picker.element,
    summary,
    status,
    report,
    byFormSection,
    bySourceSection,
  );
  return { element, refresh: () => load(false) };
};
