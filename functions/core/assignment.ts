import type { Answers } from './lead.js';
import { askIfHolds } from './next-questions.js';
import type { AssignRule } from './playbook.js';
import { repsOf, type Absence, type ResolvedRep, type Team } from './team.js';
import { isWorking, nextWorkingMinute, type WorkingHours } from './working-hours.js';

/** The pool of the first rule whose condition holds (a rule without `if` always does); undefined when none does. */
export const poolFor = (assign: readonly AssignRule[], answers: Answers): string | undefined =>
  assign.find((rule) => askIfHolds(rule.if, answers))?.pool;

/**
 * Smooth weighted round-robin state of one pool (nginx's `current_weight` per rep). It is kept
 * per pool: a rep in two pools takes turns in each, and one pool's picks must not spend another's.
 */
export interface Rotation {
  current: Record<string, number>;
}

export const newRotation = (): Rotation => ({ current: {} });

export type Availability = 'available' | 'off_hours' | 'away' | 'full';

export interface RepLoad {
  /** The rep's absence (or absences); away means `from <= at < to`. */
  away?: Absence | readonly Absence[] | undefined;
  /** Leads assigned to the rep in stage MQL or SAL. */
  open: number;
  at: Date;
}

const isAway = (absence: Absence, at: number): boolean => Date.parse(absence.from) <= at && at < Date.parse(absence.to);

const statusOf = (rep: ResolvedRep, { away = [], open, at }: RepLoad, working: (rep: ResolvedRep) => boolean): Availability => {
  const absences: readonly Absence[] = Array.isArray(away) ? away : [away];
  if (absences.some((absence) => isAway(absence, at.getTime()))) return 'away';
  if (rep.maxOpen !== undefined && open >= rep.maxOpen) return 'full';
  return working(rep) ? 'available' : 'off_hours';
};

/** Whether a rep can take a lead at `at`; away outranks full, full outranks off hours (the fallback only forgives the hours). */
export const availability = (rep: ResolvedRep, load: RepLoad): Availability =>
  statusOf(rep, load, ({ workingHours, timezone }) => isWorking(workingHours, timezone, load.at));

/**
 * Reads a schedule once per pick: a pool of up to 200 reps mostly shares the team's hours, and
 * each reading costs a few time-zone look-ups.
 */
const perSchedule = <T>(read: (hours: WorkingHours, timezone: string) => T): ((rep: ResolvedRep) => T) => {
  const seen = new Map<string, { value: T }>();
  return ({ workingHours, timezone }) => {
    const key = `${timezone} ${JSON.stringify(workingHours)}`;
    const known = seen.get(key) ?? { value: read(workingHours, timezone) };
    seen.set(key, known);
    return known.value;
  };
};

export interface PickInput {
  team: Team;
  pool: string;
  rotation: Rotation;
  /** Open leads per rep id; a rep left out has none. */
  open: Readonly<Record<string, number>>;
  absences: Readonly<Record<string, Absence>>;
  at: Date;
  /** Reps who may not have this lead: on reassignment, the rep who missed the SLA. */
  exclude?: readonly string[];
}

export type RepChoice =
  | { repId: string; rotation: Rotation; slaStartsAt: Date; reason: 'available' | 'off_hours' }
  | { none: true; rotation: Rotation };

const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

interface Candidate {
  rep: ResolvedRep;
  slaStartsAt: Date;
}

/**
 * One step of smooth weighted round-robin over `candidates`: each gains its weight, the one
 * furthest ahead (the earlier in the team on a tie) is picked and pays back the total. Over
 * any run of picks among the same reps, each rep's share stays within one lead of its weight's.
 */
const rotate = (current: Record<string, number>, candidates: readonly [Candidate, ...Candidate[]]): Candidate => {
  let best = candidates[0];
  let bestCurrent = -Infinity;
  let total = 0;
  for (const candidate of candidates) {
    const { id, weight } = candidate.rep;
    const gained = (own(current, id) ?? 0) + weight;
    current[id] = gained;
    total += weight;
    if (gained > bestCurrent) {
      best = candidate;
      bestCurrent = gained;
    }
  }
  current[best.rep.id] = bestCurrent - total;
  return best;
};

const nonEmpty = <T>(items: readonly T[]): items is readonly [T, ...T[]] => items.length > 0;

/**
 * The rep of `pool` who gets the next lead, and the rotation to store with the assignment.
 * Reps inside their working hours come first; when none is, the rotation goes on over those
 * off hours (not away, not full) and the SLA waits for the picked rep's next working minute.
 */
export const pickRep = ({ team, pool, rotation, open, absences, at, exclude = [] }: PickInput): RepChoice => {
  const members = repsOf(team).filter((rep) => rep.pools.includes(pool));
  // Reps who left the pool drop out of its rotation; those who stay keep their place.
  const current: Record<string, number> = {};
  for (const rep of members) {
    const kept = own(rotation.current, rep.id);
    if (kept !== undefined) current[rep.id] = kept;
  }
  const working = perSchedule((hours, timezone) => isWorking(hours, timezone, at));
  const nextMinute = perSchedule((hours, timezone) => nextWorkingMinute(hours, timezone, at));
  const statuses = members
    .filter((rep) => !exclude.includes(rep.id))
    .map((rep) => ({ rep, status: statusOf(rep, { away: own(absences, rep.id), open: own(open, rep.id) ?? 0, at }, working) }));

  const available = statuses.filter(({ status }) => status === 'available').map(({ rep }): Candidate => ({ rep, slaStartsAt: at }));
  if (nonEmpty(available)) {
    const { rep, slaStartsAt } = rotate(current, available);
    return { repId: rep.id, rotation: { current }, slaStartsAt, reason: 'available' };
  }
  const offHours = statuses.flatMap(({ rep, status }): Candidate[] => {
    const slaStartsAt = status === 'off_hours' ? nextMinute(rep) : undefined;
    return slaStartsAt ? [{ rep, slaStartsAt }] : [];
  });
  if (nonEmpty(offHours)) {
    const { rep, slaStartsAt } = rotate(current, offHours);
    return { repId: rep.id, rotation: { current }, slaStartsAt, reason: 'off_hours' };
  }
  return { none: true, rotation };
};
