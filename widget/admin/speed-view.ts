import { h } from '../src/dom.js';
import { adminCall, RefusedError } from './admin-api.js';
import { duration } from './format.js';
import { periodForm, periodWords } from './period.js';
import { speedChart } from './speed-chart.js';
import { table } from './table.js';
import type { PoolSpeed, RepSpeed, Sla, SpeedReport } from './types.js';

/** What the page knows beside the report: the playbook's team and SLA, and the reps' names. */
export interface SpeedContext {
  teamId: string;
  sla: Sla;
  nameOf: (rep: string) => string;
}

const MEDIANS = ['Median first touch, working', 'Median first touch, wall clock'];
const REP_COLUMNS = ['Assigned', 'Accepted', 'Returned', 'Converted', ...MEDIANS, 'SLA misses', 'Moved to them', 'Moved away'];
const POOL_COLUMNS = ['Assigned', 'Unassigned', 'Accepted', 'Returned', 'Converted', ...MEDIANS, 'SLA misses', 'Reassigned'];

// The medians' headers are the long ones: given more room, every header fits in two lines.
const WIDE = Object.fromEntries(MEDIANS.map((column) => [column, 'median']));

const counts = (...values: number[]): string[] => values.map(String);
const medians = (row: RepSpeed | PoolSpeed): string[] => [duration(row.medianMinutesToFirstTouch.working), duration(row.medianMinutesToFirstTouch.wallClock)];

/** The SLA the chart draws: working minutes, when the playbook counts working hours; a wall-clock SLA is only said. */
const slaLine = (sla: Sla): number | undefined => (sla.businessHours ? sla.acceptWithinHours * 60 : undefined);

/** Per rep and per pool: how fast the leads assigned in a period were first touched, and what came of them. */
export const speedView = ({ teamId, sla, nameOf }: SpeedContext, fail: (error: unknown) => void): { element: HTMLElement; refresh: () => Promise<void> } => {
  // Not a live region: the report is read again after every decision on a lead, and would be announced each time.
  const status = h('p', { class: 'muted', 'data-field': 'summary' });
  const report = h('div', { class: 'speed-report' });
  const { form, period } = periodForm('speed', 'Speed to lead period', () => void refresh());

  const draw = (speed: SpeedReport) => {
    const when = periodWords(speed);
    if (speed.reps.length === 0 && speed.pools.length === 0) {
      status.textContent = '';
      report.replaceChildren(h('p', { class: 'empty', 'data-field': 'empty' }, `No leads were assigned ${when}.`));
      return;
    }
    // A rep of another team (another playbook assigns to it) says which, and is not held to this playbook's SLA.
    const teamsShown = new Set([...speed.reps, ...speed.pools].map((row) => row.team));
    const ofTeam = (row: RepSpeed | PoolSpeed) => (teamsShown.size > 1 ? [row.team] : []);
    const teamColumn = teamsShown.size > 1 ? ['Team'] : [];
    const repLabel = (row: RepSpeed) => row.name ?? (nameOf(row.rep) === row.rep ? `${row.rep} (no longer in the team)` : nameOf(row.rep));
    const waiting = speed.pools.reduce((sum, pool) => sum + pool.unassigned, 0);
    const said = speed.reps.length === 1 ? '1 rep' : `${speed.reps.length} reps`;
    status.textContent = `Leads assigned ${when}: ${said}${waiting ? `, ${waiting} left unassigned` : ''}.`;
    const line = slaLine(sla);
    report.replaceChildren(
      ...(speed.reps.length
        ? [
            speedChart(
              speed.reps.map((row) => ({
                rep: row.rep,
                label: teamsShown.size > 1 ? `${repLabel(row)} · ${row.team}` : repLabel(row),
                minutes: row.medianMinutesToFirstTouch.working,
                touched: row.touched,
                heldToSla: row.team === teamId,
              })),
              line,
            ),
          ]
        : [h('p', { class: 'empty' }, `No lead was assigned to a rep ${when}: nobody in the pool could take them.`)]),
      ...(line === undefined
        ? [h('p', { class: 'speed-key', 'data-field': 'sla' }, `SLA: first touch within ${duration(sla.acceptWithinHours * 60)} of wall-clock time, which the chart of working time cannot draw: compare the wall-clock column with it.`)]
        : []),
      table(
        'By rep',
        ['Rep', ...teamColumn, ...REP_COLUMNS],
        speed.reps.map((row) => [
          repLabel(row),
          ...ofTeam(row),
          ...counts(row.assigned, row.accepted, row.returned, row.converted),
          ...medians(row),
          ...counts(row.slaMisses, row.reassignments, row.movedAway),
        ]),
        'none assigned.',
        [],
        WIDE,
      ),
      table(
        'By pool',
        ['Pool', ...teamColumn, ...POOL_COLUMNS],
        speed.pools.map((row) => [
          row.pool ?? 'No pool',
          ...ofTeam(row),
          ...counts(row.assigned, row.unassigned, row.accepted, row.returned, row.converted),
          ...medians(row),
          ...counts(row.slaMisses, row.reassignments),
        ]),
        undefined,
        [],
        WIDE,
      ),
      h(
        'p',
        { class: 'muted speed-notes' },
        'A lead counts for the period it was assigned in, and for what came of it since. Medians are over the leads that were touched (accepted, returned or an attempt logged); “—” when none was. Working time is counted in each rep’s working hours as the team lists them now.',
      ),
    );
  };

  const refresh = async () => {
    try {
      draw(await adminCall<SpeedReport>(`/v1/admin/reports/speed?${new URLSearchParams({ ...period() })}`));
    } catch (error) {
      if (!(error instanceof RefusedError)) return fail(error);
      status.textContent = '';
      report.replaceChildren(h('p', { class: 'error', role: 'alert' }, error.message));
    }
  };

  const element = h(
    'section',
    { class: 'speed', 'aria-labelledby': 'speed-title' },
    h('h2', { id: 'speed-title' }, 'Speed to lead'),
    h('p', { class: 'muted' }, `How fast team “${teamId}” first touches the leads it is assigned, and what comes of them.`),
    form,
    status,
    report,
  );
  return { element, refresh };
};
