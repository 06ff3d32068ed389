import { snakeCaseId } from './ids.js';
import { askIf, DocumentId, fieldId } from './form.js';
import { own } from './lead.js';
import { once } from './once.js';
import { PoolId } from './team.js';
import * as z from './zod.js';

// Schemas are built in calls marked @__PURE__: a function's bundle that never reads one leaves it
// out instead of building it at init (functions/http/wire.ts says why the mark needs the call).
// The playbook's own are built by `playbookSchema()` and `storedPlaybookSchema()` on first use:
// a function that reads no playbook (or reads one only on a rare path) builds none of them at
// init; `PlaybookSchema` and `StoredPlaybookSchema` are those same schemas, built at once.

/** Below every listed grade a lead is graded D; below every listed band it is cold. */
export const FALLBACK_GRADE = 'D';
export const FALLBACK_BAND = 'cold';

const Grade = /* @__PURE__ */ (() => z.string().check(z.regex(/^[A-Z]$/, 'a grade is one capital letter')))();
const Band = /* @__PURE__ */ (() => z.string().check(z.regex(/^[a-z][a-z0-9_]{0,31}$/, 'must match ^[a-z][a-z0-9_]{0,31}$')))();
/** An event type: a key of `interest.events`, and what a browser or an import may report. */
export const EventType = /* @__PURE__ */ (() => snakeCaseId())();
export const Owner = /* @__PURE__ */ (() => z.enum(['sales', 'marketing']))();

/** Thresholds are read top-down ("the first reached"), so they must fall strictly. */
const descending = (values: readonly number[]): boolean => values.every((value, i) => i === 0 || value < (values[i - 1] as number));
const descendingThresholds = (thresholds: Record<string, number>): boolean => descending(Object.values(thresholds));

/** What a person reads in place of an id: in the admin page, the email and Slack. */
const label = /* @__PURE__ */ once(() => z.string().check(z.minLength(1), z.maxLength(200)));

const criterionBase = /* @__PURE__ */ once(() => ({
  id: snakeCaseId(),
  field: fieldId(),
  label: z.meta(z.optional(label()), { description: 'What sales reads for this criterion (default: the label of its question).' }),
}));

const criterion = /* @__PURE__ */ once(() => z.union(
  [
    z.strictObject({ ...criterionBase(), points: z.record(z.string().check(z.minLength(1)), z.number()) }),
    z.strictObject({
      ...criterionBase(),
      ranges: z.array(z.strictObject({ min: z.number(), points: z.number() })).check(
        z.minLength(1),
        z.refine(
          (ranges) => descending(ranges.map((range) => range.min)),
          'ranges must be listed from the highest min down: the first range reached wins, so a later higher one could never apply',
        ),
      ),
    }),
  ],
  { error: 'a criterion needs an id, a field and either points or ranges (not both)' },
));
export const Criterion = /* @__PURE__ */ criterion();

const email = /* @__PURE__ */ once(() => z.email({ error: 'must be an email address' }));

const assignRule = /* @__PURE__ */ once(() =>
  z.meta(
    z.strictObject({
      if: z.meta(z.optional(askIf()), { description: 'The same conditions as a question\'s askIf; a rule without one takes every lead left.' }),
      pool: PoolId,
    }),
    { id: 'AssignRule', description: 'The first rule whose if holds picks the pool a lead is assigned from.' },
  ));
export const AssignRule = /* @__PURE__ */ assignRule();

const returnReason = /* @__PURE__ */ once(() => snakeCaseId());

const DEFAULT_SLA = { acceptWithinHours: 24, businessHours: false, maxReassignments: 0, escalateTo: [] };

const playbookShape = /* @__PURE__ */ once(() => z
  .strictObject({
    $schema: z.optional(z.string()),
    id: DocumentId,
    fit: z.strictObject({
      criteria: z.array(criterion()).check(z.maxLength(200)),
      grades: z
        .record(Grade, z.number())
        .check(z.refine(descendingThresholds, 'grades must be listed from the highest threshold down (the first reached wins)')),
    }),
    interest: z.strictObject({
      events: z.record(EventType, z.number()),
      publicEvents: z._default(z.array(EventType), []),
      caps: z._default(z.record(EventType, z.number().check(z.positive())), {}),
      halfLifeDays: z._default(z.number().check(z.positive()), 30),
      bands: z.record(Band, z.number()).check(z.refine(descendingThresholds, 'bands must be listed from the highest threshold down (the first reached wins)')),
    }),
    routing: z.record(Grade, z.record(Band, Owner)),
    notify: z._default(
      z.strictObject({ email: z._default(z.array(email()), []), slack: z._default(z.boolean(), false) }),
      { email: [], slack: false },
    ),
    sla: z._default(
      z.strictObject({
        acceptWithinHours: z.number().check(z.positive()),
        businessHours: z.meta(z._default(z.boolean(), false), { description: "Count the assigned rep's working hours rather than the wall clock." }),
        maxReassignments: z.meta(z._default(z.int().check(z.gte(0)), 0), {
          description: 'How often a missed SLA moves the lead to the next rep before escalateTo is told.',
        }),
        escalateTo: z._default(z.array(email()), []),
      }),
      DEFAULT_SLA,
    ),
    recycle: z._default(z.strictObject({ afterDays: z.number().check(z.gte(0)) }), { afterDays: 30 }),
    team: z.meta(z.optional(DocumentId), { description: 'The team whose reps are assigned the leads this playbook sends to sales.' }),
    assign: z.optional(z.array(assignRule()).check(z.minLength(1), z.maxLength(100))),
    followUp: z.optional(
      z.strictObject({
        attemptsBeforeReturn: z.meta(z._default(z.int().check(z.gte(0)), 0), {
          description: 'Contact attempts a rep logs in a cycle before returning the lead.',
        }),
        reasonsWithoutAttempts: z.meta(z._default(z.array(returnReason()), []), { description: 'Return reasons that need no attempt first.' }),
      }),
    ),
    returnReasons: z.meta(z.optional(z.array(returnReason()).check(z.minLength(1), z.maxLength(50))), {
      description: 'The reasons a rep may give when returning a lead.',
    }),
    // A map beside the numbers, not an object in their place: every playbook written before labels stays valid.
    labels: z.meta(
      z.optional(
        z.strictObject({
          grades: z.meta(z.optional(z.record(Grade, label())), { description: 'Per grade (D too), e.g. {"A": "Ideal fit"}.' }),
          bands: z.meta(z.optional(z.record(Band, label())), { description: 'Per band (cold too), e.g. {"hot": "Ready to talk"}.' }),
          events: z.meta(z.optional(z.record(EventType, label())), {
            description: 'Per event type of interest.events, e.g. {"pricing_view": "Viewed pricing"}.',
          }),
        }),
      ),
      { description: 'What people read in place of grade, band and event ids (criteria carry their own label).' },
    ),
  }));

type PlaybookShape = z.output<ReturnType<typeof playbookShape>>;

/** The rules across fields; `capsRequired` is today's rule on public events, which stored playbooks may predate. */
const checksOf =
  (capsRequired: boolean) =>
  (playbook: PlaybookShape, ctx: z.core.$RefinementCtx): void => {
    const criterionIds = new Set<string>();
    playbook.fit.criteria.forEach((criterion, index) => {
      if (criterionIds.has(criterion.id)) {
        ctx.addIssue({ code: 'custom', path: ['fit', 'criteria', index, 'id'], message: `duplicate criterion id "${criterion.id}"` });
      }
      criterionIds.add(criterion.id);
    });
    const events = playbook.interest.events;
    playbook.interest.publicEvents.forEach((type, index) => {
      if (!Object.hasOwn(events, type)) {
        ctx.addIssue({ code: 'custom', path: ['interest', 'publicEvents', index], message: `"${type}" is not an event type in interest.events` });
      }
    });
    // SPEC: a visitor cannot qualify itself from the browser alone, so what it may report is capped.
    for (const type of capsRequired ? new Set(playbook.interest.publicEvents) : []) {
      if (!Object.hasOwn(playbook.interest.caps, type)) {
        ctx.addIssue({ code: 'custom', path: ['interest', 'caps', type], message: `public event "${type}" needs a cap: a browser may report it as often as it likes` });
      }
    }
    for (const type of Object.keys(playbook.interest.caps)) {
      if (!Object.hasOwn(events, type)) {
        ctx.addIssue({ code: 'custom', path: ['interest', 'caps', type], message: `"${type}" is not an event type in interest.events` });
      }
    }
    const grades = gradesOf(playbook.fit.grades);
    const bands = bandsOf(playbook.interest.bands);
    for (const grade of grades) {
      const row = Object.hasOwn(playbook.routing, grade) ? playbook.routing[grade] : undefined;
      if (!row) {
        ctx.addIssue({ code: 'custom', path: ['routing', grade], message: `routing has no row for grade ${grade}` });
        continue;
      }
      for (const band of bands) {
        if (!Object.hasOwn(row, band)) {
          ctx.addIssue({ code: 'custom', path: ['routing', grade, band], message: `routing does not say who owns a grade ${grade}, ${band} lead` });
        }
      }
      for (const band of Object.keys(row)) {
        if (!bands.includes(band)) {
          ctx.addIssue({ code: 'custom', path: ['routing', grade, band], message: `"${band}" is not a band (bands: ${bands.join(', ')})` });
        }
      }
    }
    for (const grade of Object.keys(playbook.routing)) {
      if (!grades.includes(grade)) {
        ctx.addIssue({ code: 'custom', path: ['routing', grade], message: `"${grade}" is not a grade (grades: ${grades.join(', ')})` });
      }
    }
    assignmentChecks(playbook, ctx);
    labelChecks(playbook, grades, bands, ctx);
  };

/** A label for something the playbook does not have is a typo that would silently never show. */
const labelChecks = (playbook: PlaybookShape, grades: readonly string[], bands: readonly string[], ctx: z.core.$RefinementCtx): void => {
  const known = { grades, bands, events: Object.keys(playbook.interest.events) };
  for (const kind of ['grades', 'bands', 'events'] as const) {
    for (const key of Object.keys(playbook.labels?.[kind] ?? {})) {
      if (!known[kind].includes(key)) {
        ctx.addIssue({ code: 'custom', path: ['labels', kind, key], message: `"${key}" is not one of the playbook's ${kind} (${known[kind].join(', ')})` });
      }
    }
  }
};

/** Assignment needs both halves: a team to pick reps from and rules picking their pool. */
const assignmentChecks = (playbook: PlaybookShape, ctx: z.core.$RefinementCtx): void => {
  const { team, assign, followUp, returnReasons } = playbook;
  if (assign && team === undefined) {
    ctx.addIssue({ code: 'custom', path: ['team'], message: 'assign needs a team: name the team whose reps take these pools' });
  }
  if (team !== undefined && !assign) {
    ctx.addIssue({ code: 'custom', path: ['assign'], message: `team "${team}" needs assign rules to pick a pool (the last one usually without if)` });
  }
  const catchAll = assign?.findIndex((rule) => rule.if === undefined) ?? -1;
  if (assign && catchAll !== -1) {
    for (let index = catchAll + 1; index < assign.length; index += 1) {
      ctx.addIssue({ code: 'custom', path: ['assign', index], message: `can never apply: rule ${catchAll} has no if, so it takes every lead left` });
    }
  }
  const reasons = new Set<string>();
  returnReasons?.forEach((reason, index) => {
    if (reasons.has(reason)) ctx.addIssue({ code: 'custom', path: ['returnReasons', index], message: `duplicate return reason "${reason}"` });
    reasons.add(reason);
  });
  if (!returnReasons) return;
  followUp?.reasonsWithoutAttempts.forEach((reason, index) => {
    if (!reasons.has(reason)) {
      ctx.addIssue({
        code: 'custom',
        path: ['followUp', 'reasonsWithoutAttempts', index],
        message: `"${reason}" is not a return reason (returnReasons: ${returnReasons.join(', ')})`,
      });
    }
  });
};

/** What a browser may report: its public event types that have a cap (a visitor cannot qualify itself). */
export const browserEvents = (playbook: Pick<Playbook, 'interest'>): string[] =>
  playbook.interest.publicEvents.filter((type) => Object.hasOwn(playbook.interest.caps, type));

/** A playbook as published from today on. */
export const playbookSchema = /* @__PURE__ */ once(() => playbookShape().check(z.superRefine(checksOf(true))));
export const PlaybookSchema = /* @__PURE__ */ playbookSchema();

/** A playbook as stored: one published before a public event needed a cap still reads, and its uncapped types are not public. */
export const storedPlaybookSchema = /* @__PURE__ */ once(() => playbookShape().check(z.superRefine(checksOf(false))));
export const StoredPlaybookSchema = /* @__PURE__ */ storedPlaybookSchema();

/** Every grade a lead can get, best first, the fallback last. */
export const gradesOf = (grades: Record<string, number>): string[] => {
  const listed = Object.keys(grades).filter((g) => g !== FALLBACK_GRADE);
  return [...listed, FALLBACK_GRADE];
};

/** Every band a lead can be in, hottest first, the fallback last. */
export const bandsOf = (bands: Record<string, number>): string[] => {
  const listed = Object.keys(bands).filter((b) => b !== FALLBACK_BAND);
  return [...listed, FALLBACK_BAND];
};

/** What a person reads for an id nobody labelled: "pricing_view" → "Pricing view". */
export const humanize = (id: string): string => {
  const words = id.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The playbook's label of a grade, if it has one (a grade is a letter, and reads as one without). */
export const gradeLabel = (playbook: Pick<Playbook, 'labels'>, grade: string): string | undefined => own(playbook.labels?.grades ?? {}, grade);

/** A band as people read it: its label, else its id in words. */
export const bandLabel = (playbook: Pick<Playbook, 'labels'>, band: string): string => own(playbook.labels?.bands ?? {}, band) ?? humanize(band);

/** An event type as people read it: its label, else its id in words. */
export const eventLabel = (playbook: Pick<Playbook, 'labels'>, type: string): string => own(playbook.labels?.events ?? {}, type) ?? humanize(type);

export type Owner = z.output<typeof Owner>;
export type Criterion = z.output<typeof Criterion>;
export type AssignRule = z.output<typeof AssignRule>;
export type Sla = Playbook['sla'];
export type FollowUp = NonNullable<Playbook['followUp']>;
export type Playbook = z.output<typeof PlaybookSchema>;
export type PlaybookInput = z.input<typeof PlaybookSchema>;
