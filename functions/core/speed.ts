import type { Assignment, Lifecycle, Stage } from './lifecycle.js';
import type { ResolvedRep } from './team.js';
import { workingMinutesBetween } from './working-hours.js';

const MINUTE_MS = 60_000;

/** What the speed report needs of a lead's lifecycle: its assignments, and the history that says what came of them. */
export type SpeedLead = Pick<Lifecycle, 'assignments' | 'history'>;

/** Medians in minutes, rounded to a tenth; null when no assignment of the row was touched. */
export interface FirstTouchMedians {
  working: number | null;
  wallClock: number | null;
}

/** What came of a row's assignments: each counts once for each outcome it reached. */
export interface SpeedCounts {
  assigned: number;
  /** Reached SAL or SQL while this turn had the lead (a lead converted straight from MQL was accepted too, as in the funnel). */
  accepted: number;
  returned: number;
  converted: number;
  /** Assignments with a first touch: how many the medians are taken over. */
  touched: number;
  medianMinutesToFirstTouch: FirstTouchMedians;
  slaMisses: number;
  /** Assignments that came from a reassignment (round > 0). */
  reassignments: number;
}

export interface RepSpeed extends SpeedCounts {
  team: string;
  rep: string;
  /** The rep's name in the team as published now; null for a rep it no longer lists. */
  name: string | null;
  /** This rep's SLA misses that moved the lead on to another round. */
  movedAway: number;
}

export interface PoolSpeed extends SpeedCounts {
  team: string;
  /** null for leads no `assign` rule placed in a pool. */
  pool: string | null;
  /** Turns nobody could take: the lead waited in the pool and the fallback was told. */
  unassigned: number;
}

export interface Speed {
  from: string;
  to: string;
  reps: RepSpeed[];
  pools: PoolSpeed[];
}

/** What one assignment came to. */
interface Turn {
  assignment: Assignment;
  reached: Set<Stage>;
  movedAway: boolean;
  wallClock?: number;
  working?: number;
}

const ACCEPTED: readonly Stage[] = ['SAL', 'SQL'];
/** The stages sales' decisions lead to: what a turn can come to. */
const OUTCOMES: readonly Stage[] = ['SAL', 'SQL', 'nurture'];

/**
 * Each outcome belongs to the turn that had the lead when it happened: the latest assignment
 * of its cycle made by then, else the cycle's first (sales may decide before the rep is picked).
 * A rep the lead moved away from gets no credit for what the next rep made of it.
 */
const turnsOf = (lead: SpeedLead): Turn[] => {
  const turns = (lead.assignments ?? []).map((assignment): Turn => ({ assignment, reached: new Set(), movedAway: false }));
  const byCycle = new Map<number, Turn[]>();
  for (const turn of turns) byCycle.set(turn.assignment.cycle, [...(byCycle.get(turn.assignment.cycle) ?? []), turn]);
  for (const cycle of byCycle.values()) {
    cycle.sort((a, b) => a.assignment.round - b.assignment.round);
    cycle.forEach((turn, index) => {
      turn.movedAway = turn.assignment.missedAt !== undefined && index < cycle.length - 1;
    });
  }
  for (const transition of lead.history) {
    const cycle = byCycle.get(transition.cycle);
    if (!cycle || !OUTCOMES.includes(transition.to)) continue;
    const at = Date.parse(transition.at);
    const holder = cycle.findLast((turn) => Date.parse(turn.assignment.assignedAt) <= at) ?? cycle[0];
    holder?.reached.add(transition.to);
  }
  return turns;
};

/**
 * Minutes from when the SLA clock started to the first touch. A rep may touch a lead assigned
 * out of hours before their clock starts: that is no wait at all, not a negative one.
 */
const timeToTouch = (turn: Turn, reps: ReadonlyMap<string, readonly ResolvedRep[]>): Turn => {
  const { assignment } = turn;
  if (!assignment.rep || !assignment.touchedAt) return turn;
  const start = new Date(assignment.startsAt ?? assignment.assignedAt);
  const touch = new Date(assignment.touchedAt);
  const rep = reps.get(assignment.team)?.find((candidate) => candidate.id === assignment.rep);
  return {
    ...turn,
    wallClock: Math.max(0, touch.getTime() - start.getTime()) / MINUTE_MS,
    // A rep the team no longer lists has no working hours to count in.
    ...(rep ? { working: workingMinutesBetween(rep.workingHours, rep.timezone, start, touch) } : {}),
  };
};

/** The middle value (the mean of the two middle ones for an even count), to a tenth of a minute. */
const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return Math.round(value * 10) / 10;
};

const countsOf = (turns: readonly Turn[]): Omit<SpeedCounts, 'assigned'> => {
  const reaching = (stages: readonly Stage[]) => turns.filter((turn) => stages.some((stage) => turn.reached.has(stage))).length;
  const touched = turns.filter((turn) => turn.wallClock !== undefined);
  return {
    accepted: reaching(ACCEPTED),
    returned: reaching(['nurture']),
    converted: reaching(['SQL']),
    touched: touched.length,
    medianMinutesToFirstTouch: {
      working: median(touched.flatMap((turn) => (turn.working === undefined ? [] : [turn.working]))),
      wallClock: median(touched.flatMap((turn) => (turn.wallClock === undefined ? [] : [turn.wallClock]))),
    },
    slaMisses: turns.filter((turn) => turn.assignment.missedAt !== undefined).length,
    reassignments: turns.filter((turn) => turn.assignment.round > 0).length,
  };
};

type Group = [Turn, ...Turn[]];

const groupBy = (turns: readonly Turn[], keyOf: (turn: Turn) => string | undefined): Group[] => {
  const groups = new Map<string, Group>();
  for (const turn of turns) {
    const key = keyOf(turn);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(turn);
    else groups.set(key, [turn]);
  }
  return [...groups.values()];
};

const mostAssignedFirst = <R extends { assigned: number; team: string }>(name: (row: R) => string) => (a: R, b: R) =>
  b.assigned - a.assigned || a.team.localeCompare(b.team) || name(a).localeCompare(name(b));

/**
 * How fast and how well each rep and each pool handled the assignments made between `from` and
 * `to` (inclusive), followed to what became of them since: a cohort, so a lead assigned on the
 * period's last day still counts when it is accepted the week after.
 */
export const speed = (leads: readonly SpeedLead[], reps: ReadonlyMap<string, readonly ResolvedRep[]>, from: Date, to: Date): Speed => {
  const inPeriod = (assignment: Assignment) => {
    const at = Date.parse(assignment.assignedAt);
    return at >= from.getTime() && at <= to.getTime();
  };
  const turns = leads.flatMap(turnsOf).filter((turn) => inPeriod(turn.assignment)).map((turn) => timeToTouch(turn, reps));
  // No team, rep or pool id holds a NUL, so a joined pair cannot be read two ways.
  const byRep = groupBy(turns, ({ assignment }) => (assignment.rep === undefined ? undefined : `${assignment.team}\u0000${assignment.rep}`));
  const byPool = groupBy(turns, ({ assignment }) => `${assignment.team}\u0000${assignment.pool ?? ''}`);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    reps: byRep
      .map((group): RepSpeed => {
        const { team, rep = '' } = group[0].assignment;
        return {
          team,
          rep,
          name: reps.get(team)?.find((candidate) => candidate.id === rep)?.name ?? null,
          assigned: group.length,
          ...countsOf(group),
          movedAway: group.filter((turn) => turn.movedAway).length,
        };
      })
      .sort(mostAssignedFirst((row) => row.rep)),
    pools: byPool
      .map((group): PoolSpeed => {
        const { team, pool } = group[0].assignment;
        const taken = group.filter((turn) => turn.assignment.rep !== undefined).length;
        return { team, pool: pool ?? null, assigned: taken, unassigned: group.length - taken, ...countsOf(group) };
      })
      .sort(mostAssignedFirst((row) => row.pool ?? '')),
  };
};
