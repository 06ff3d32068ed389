import { h } from '../src/dom.js';
import { adminCall } from './admin-api.js';
import { funnelChart } from './funnel-chart.js';
import { percent, words } from './format.js';
import { periodForm } from './period.js';
import { table } from './table.js';
import type { Funnel } from './types.js';

type Slice = Pick<Funnel, 'MQL' | 'SAL' | 'SQL' | 'nurture' | 'conversion'>;
const sliceRow = (name: string, slice: Slice): string[] => [
  name,
  String(slice.MQL),
  String(slice.SAL),
  String(slice.SQL),
  String(slice.nurture),
  percent(slice.conversion.mqlToSql),
];
const SLICE_COLUMNS = ['MQL', 'SAL', 'SQL', 'Nurture', 'MQL → SQL'];

/** The funnel report between two days: the chart, then the same numbers by form and by utm_source, and return reasons. */
export const funnelView = (fail: (error: unknown) => void): { element: HTMLElement; refresh: () => Promise<void> } => {
  const report = h('div', { class: 'funnel-report', 'aria-live': 'polite' });
  const { form, period } = periodForm('funnel', 'Funnel period', () => void refresh());
  const refresh = async () => {
    try {
      const funnel = await adminCall<Funnel>(`/v1/admin/reports/funnel?${new URLSearchParams({ ...period() })}`);
      report.replaceChildren(
        funnelChart(funnel),
        table('By form', ['Form', ...SLICE_COLUMNS], funnel.byForm.map((slice) => sliceRow(slice.formId, slice))),
        table('By utm_source', ['Source', ...SLICE_COLUMNS], funnel.byUtmSource.map((slice) => sliceRow(slice.utmSource, slice))),
        table('Why sales returned leads', ['Reason', 'Leads'], funnel.returnReasons.map((r) => [words(r.reason), String(r.count)]), 'none returned.'),
      );
    } catch (error) {
      fail(error);
    }
  };
  const element = h('section', { class: 'funnel', 'aria-labelledby': 'funnel-title' }, h('h2', { id: 'funnel-title' }, 'Funnel'), form, report);
  return { element, refresh };
};
