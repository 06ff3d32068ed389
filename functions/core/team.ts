import { DocumentId } from './form.js';
import { snakeCaseId } from './ids.js';
import { RESERVED_KEYS } from './issues.js';
import { once } from './once.js';
import { parseDayHours, WEEKDAYS, type WorkingHours } from './working-hours.js';
import * as z from './zod.js';

// Schemas are built in calls marked @__PURE__: a function's bundle that never reads one leaves it
// out instead of building it at init (functions/http/wire.ts says why the mark needs the call).
// The team's own are built by `teamSchema()` on first use: a function that reads no team (or reads
// one only on a rare path, as the public API does) builds none of them at init; `TeamSchema` is
// that same schema, built at once.

const isTimeZone = (name: string): boolean => {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: name });
    return true;
  } catch {
    return false;
  }
};

const timeZone = /* @__PURE__ */ once(() =>
  z.meta(z.string().check(z.minLength(1), z.refine(isTimeZone, 'must be an IANA time zone such as "Europe/Berlin"')), {
    id: 'TimeZone',
    description: 'An IANA time zone: working hours follow its daylight-saving changes.',
  }));
export const TimeZone = /* @__PURE__ */ timeZone();

const dayHoursText = /* @__PURE__ */ once(() => z.string().check(z.superRefine((text, ctx) => {
  const parsed = parseDayHours(text);
  if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
})));

// An object rather than a record, so an editor offers the weekdays and flags a misspelt one.
const workingHours = /* @__PURE__ */ once(() =>
  z.meta(
    z
      .strictObject({
        mon: z.optional(dayHoursText()),
        tue: z.optional(dayHoursText()),
        wed: z.optional(dayHoursText()),
        thu: z.optional(dayHoursText()),
        fri: z.optional(dayHoursText()),
        sat: z.optional(dayHoursText()),
        sun: z.optional(dayHoursText()),
      })
      .check(z.refine((hours) => WEEKDAYS.some((weekday) => hours[weekday] !== undefined), 'working hours must name at least one day (mark a rep away instead)')),
    { id: 'WorkingHours', description: 'Per weekday (mon … sun) "HH:MM-HH:MM" on the local clock; a day left out is a day off.' },
  ));

/**
 * `none` filters the lead list for unassigned leads (`?rep=none`), and `admin` and `system`
 * name who acted in a lead's history beside rep ids, so no rep may be called that. Rep ids
 * also key the stored rotation and load.
 */
const NOT_REP_IDS: readonly string[] = ['none', 'admin', 'system', ...RESERVED_KEYS];

export const RepId = /* @__PURE__ */ (() => snakeCaseId().check(z.refine((id) => !NOT_REP_IDS.includes(id), 'is a reserved name')))();
export const PoolId = /* @__PURE__ */ (() => snakeCaseId())();

const email = /* @__PURE__ */ once(() => z.email({ error: 'must be an email address' }));

export const DEFAULT_WEIGHT = 1;

const repSchema = /* @__PURE__ */ once(() => z.strictObject({
  id: RepId,
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  email: email(),
  slackUserId: z.meta(z.optional(z.string().check(z.regex(/^[UW][A-Z0-9]{2,20}$/, 'must be a Slack member id such as U024BE7LH'))), {
    description: 'Mentioned in the Slack message when this rep is assigned.',
  }),
  pools: z.array(PoolId).check(z.minLength(1), z.maxLength(50)),
  weight: z.meta(z._default(z.int().check(z.gte(1), z.lte(100)), DEFAULT_WEIGHT), {
    description: 'Share of the pool\'s leads, relative to the other reps\' weights.',
  }),
  maxOpen: z.meta(z.optional(z.int().check(z.positive())), { description: 'At most this many leads in MQL or SAL at once; no limit when left out.' }),
  timezone: z.meta(z.optional(timeZone()), { description: "The team's when left out." }),
  workingHours: z.meta(z.optional(workingHours()), { description: "The team's when left out; replaces them as a whole (a day left out is a day off)." }),
}));
export const RepSchema = /* @__PURE__ */ repSchema();

export const teamSchema = /* @__PURE__ */ once(() => z
  .strictObject({
    $schema: z.optional(z.string()),
    id: DocumentId,
    timezone: timeZone(),
    workingHours: workingHours(),
    reps: z.array(repSchema()).check(z.minLength(1), z.maxLength(200)),
    fallback: z.meta(z._default(z.array(email()), []), { description: 'Told at once when a lead finds no rep to assign.' }),
  })
  .check(z.superRefine((team, ctx) => {
    const seen = new Set<string>();
    team.reps.forEach((rep, index) => {
      if (seen.has(rep.id)) ctx.addIssue({ code: 'custom', path: ['reps', index, 'id'], message: `duplicate rep id "${rep.id}"` });
      seen.add(rep.id);
    });
  })));
export const TeamSchema = /* @__PURE__ */ teamSchema();

/** An absence as `PUT …/reps/{repId}/away` sets it: away from `from` (inclusive) to `to` (exclusive). */
export const AbsenceSchema = /* @__PURE__ */ (() => z
  .strictObject({
    from: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time such as 2026-08-03T00:00:00Z' }),
    to: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time such as 2026-08-17T00:00:00Z' }),
    note: z.optional(z.string().check(z.maxLength(500))),
  })
  .check(z.refine((absence) => Date.parse(absence.from) < Date.parse(absence.to), { message: 'must end after it starts', path: ['to'] })))();

export type Team = z.output<typeof TeamSchema>;
export type TeamInput = z.input<typeof TeamSchema>;
export type Rep = z.output<typeof RepSchema>;
export type Absence = z.output<typeof AbsenceSchema>;

/** A rep with the team's defaults filled in: what assignment and the SLA read. */
export type ResolvedRep = Rep & { timezone: string; workingHours: WorkingHours };

/** Each rep of the team, in the team's order, with its own time zone and working hours or the team's. */
export const repsOf = (team: Team): ResolvedRep[] =>
  team.reps.map((rep) => ({ ...rep, timezone: rep.timezone ?? team.timezone, workingHours: rep.workingHours ?? team.workingHours }));
