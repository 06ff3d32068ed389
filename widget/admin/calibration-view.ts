import { h } from '../src/dom.js';
import { adminCall, refusal, SignedOutError } from './admin-api.js';
import { calibrationHeatmap } from './calibration-heatmap.js';
import { useCalibrationStyle } from './calibration-style.js';
import { counted, percent, times, words } from './format.js';
import { periodForm, periodWords } from './period.js';
import { table } from './table.js';
import type { CalibrationReport } from './types.js';

/** Answers shown before "Show all": enough to see what sells, few enough to read at a glance. */
const TOP_ANSWERS = 10;

type Lifted = CalibrationReport['criteria'][number] | CalibrationReport['events'][number];

const NUMBERS = { MQLs: 'number', Decided: 'number', 'SQL rate': 'number' };
const FIGURES = ['MQLs', 'Decided', 'SQL rate', 'Lift'];

/** An answer as the marketer chose it: a range bucket in the reader's digits ("≥ 50,000"), an option id as words, none as "Unanswered". */
const answerWords = (value: string | null): string => {
  if (value === null) return 'Unanswered';
  const range = /^([≥<]) (-?\d+(?:\.\d+)?)$/.exec(value);
  return range ? `${range[1]} ${Number(range[2]).toLocaleString()}` : words(value);
};

/**
 * "1.8×" and a bar beside it, with a mark at 1× (the baseline): longer than the mark sells better
 * than the average MQL. The bar repeats the number, so it is hidden from screen readers.
 */
const liftCell = (lift: number | null, most: number): HTMLElement => {
  const cell = h('span', { class: 'lift' }, h('span', { class: 'lift-value' }, times(lift)));
  if (lift === null) return cell;
  const fill = h('span', { class: lift < 1 ? 'lift-bar under' : 'lift-bar' });
  fill.style.width = `${(lift / most) * 100}%`;
  const one = h('span', { class: 'lift-one' });
  one.style.left = `${100 / most}%`;
  cell.append(h('span', { class: 'lift-track', 'aria-hidden': 'true' }, fill, one));
  return cell;
};

const figures = (row: Lifted, most: number): (string | Node)[] => [row.mqls.toLocaleString(), row.decided.toLocaleString(), percent(row.sqlRate), liftCell(row.lift, most)];

/** The scale every bar of a table shares: its highest lift, and never less than the baseline's 1×. */
const mostOf = (rows: readonly Lifted[]): number => Math.max(1, ...rows.map((row) => row.lift ?? 0));

/** Criterion values by lift, the top ones first and all on demand. */
const answersTable = (criteria: CalibrationReport['criteria']): HTMLElement => {
  const most = mostOf(criteria);
  const box = h('div', { id: 'calibration-answers' });
  const toggle = h('button', { type: 'button', class: 'secondary show-all', 'aria-controls': box.id, 'aria-expanded': 'false' });
  const draw = (all: boolean) => {
    const shown = all ? criteria : criteria.slice(0, TOP_ANSWERS);
    box.replaceChildren(
      table(
        all || criteria.length <= TOP_ANSWERS ? 'Answers ranked by lift' : `Answers ranked by lift, top ${TOP_ANSWERS} of ${criteria.length}`,
        ['Criterion', 'Answer', ...FIGURES],
        shown.map((row) => [row.label, answerWords(row.value), ...figures(row, most)]),
        'no criteria in the playbook.',
        ['Decided'],
        NUMBERS,
      ),
    );
    toggle.textContent = all ? `Show the top ${TOP_ANSWERS}` : `Show all ${criteria.length} answers`;
    toggle.setAttribute('aria-expanded', String(all));
  };
  toggle.addEventListener('click', () => draw(toggle.getAttribute('aria-expanded') !== 'true'));
  draw(false);
  return h('div', {}, box, ...(criteria.length > TOP_ANSWERS ? [toggle] : []));
};

const eventsTable = (events: CalibrationReport['events']): HTMLElement =>
  table(
    'Behaviour before qualifying, ranked by lift',
    ['Event', ...FIGURES],
    events.map((row) => [words(row.type), ...figures(row, mostOf(events))]),
    'no events recorded before qualifying.',
    ['Decided'],
    NUMBERS,
  );

const returnsTable = (returnReasons: CalibrationReport['returnReasons']): HTMLElement =>
  table(
    'Why sales returned MQLs, by grade',
    ['Grade', 'Returned', 'Reasons'],
    returnReasons
      .filter((grade) => grade.returned > 0)
      .map((grade) => [grade.grade, grade.returned.toLocaleString(), grade.reasons.map(({ reason, count }) => `${words(reason)} (${count.toLocaleString()})`).join(', ')]),
    'none returned in this period.',
    [],
    { Returned: 'number' },
  );

/** "Of 120 MQLs qualified between …, sales decided 90: 40% accepted, 18% became SQL. 30 are still open." */
const headline = ({ baseline }: CalibrationReport, when: string): string => {
  const open = baseline.open ? ` ${baseline.open.toLocaleString()} ${baseline.open === 1 ? 'is' : 'are'} still open.` : '';
  return `Of ${counted(baseline.mqls, 'MQL', 'MQLs')} qualified ${when}, sales decided ${baseline.decided.toLocaleString()}: ${percent(baseline.acceptRate)} accepted, ${percent(baseline.sqlRate)} became SQL.${open}`;
};

/**
 * What sales made of the MQLs a playbook sent it (SPEC "Closed loop"): a headline, the grade ×
 * band heatmap, answers and behaviours ranked by lift, and why sales returned leads, per grade.
 */
export const calibrationView = (playbook: string, fail: (error: unknown) => void): { element: HTMLElement; refresh: () => Promise<void> } => {
  useCalibrationStyle();
  // Not a live region: the report is read again after every decision on a lead, and would be announced each time.
  const report = h('div', { class: 'calibration-report' });
  const { form, period } = periodForm('calibration', 'Calibration period', () => void refresh());

  const draw = (calibration: CalibrationReport) => {
    const when = periodWords(calibration);
    if (calibration.baseline.decided === 0) {
      const waiting = calibration.baseline.mqls ? ` ${counted(calibration.baseline.mqls, 'MQL', 'MQLs')} qualified ${when} ${calibration.baseline.mqls === 1 ? 'is' : 'are'} waiting for sales.` : '';
      report.replaceChildren(
        h('p', { class: 'empty', 'data-field': 'empty' }, `No MQL has been decided in this period yet. Calibration fills in as sales accepts, returns and converts leads.${waiting}`),
      );
      return;
    }
    report.replaceChildren(
      h('p', { class: 'calibration-headline', 'data-field': 'headline' }, headline(calibration, when)),
      h('div', { class: 'calibration-grid' }, calibrationHeatmap(calibration.cells), answersTable(calibration.criteria)),
      h('div', { class: 'calibration-grid' }, eventsTable(calibration.events), returnsTable(calibration.returnReasons)),
      h(
        'p',
        { class: 'muted calibration-notes' },
        `Rates count the MQLs sales has decided (accepted, converted or returned); open ones wait aside. Lift is a group’s SQL rate divided by that of all decided MQLs (${percent(calibration.baseline.sqlRate)} here): 2.0× is twice as likely to become SQL, under 1.0× less likely. A rate over a few decided MQLs is noisy. Grade and band are those that qualified each lead; answers are read with the playbook’s criteria as published now.`,
      ),
    );
  };

  // A slow answer to an earlier Show must not overwrite the one asked for last.
  let asked = 0;
  const refresh = async () => {
    const mine = (asked += 1);
    report.setAttribute('aria-busy', 'true');
    try {
      const calibration = await adminCall<CalibrationReport>(`/v1/admin/reports/calibration?${new URLSearchParams({ playbook, ...period() })}`);
      if (mine === asked) draw(calibration);
    } catch (error) {
      if (error instanceof SignedOutError) return fail(error);
      if (mine !== asked) return;
      report.replaceChildren(h('p', { class: 'error', role: 'alert' }, `The calibration report could not be read: ${refusal(error, 'the API did not answer. Check the connection, then press Show again.')}`));
    } finally {
      if (mine === asked) report.removeAttribute('aria-busy');
    }
  };

  const element = h(
    'section',
    { class: 'calibration', 'aria-labelledby': 'calibration-title' },
    h('h2', { id: 'calibration-title' }, 'Calibration'),
    h('p', { class: 'muted' }, `What sales made of the MQLs playbook “${playbook}” sent it: which grades, bands, answers and behaviours became sales opportunities (SQL).`),
    form,
    report,
  );
  return { element, refresh };
};
