import { NotificationChannel, NotificationKind, NotificationStatus } from '../app/ports/notifications.js';
import { storedOutcome } from '../app/ports/outcomes.js';
import * as z from '../core/zod.js';
import { once } from '../core/once.js';
import { MAX_WEBHOOK_URL_LENGTH, WEBHOOK_DELIVERY_STATUSES, webhookEventType } from '../core/webhooks.js';
import { ATTEMPT_CHANNELS, ATTRIBUTIONS, calibrationReportSchema, DECISIONS, type Decision, DocumentId, EventType as PlaybookEventType, formSchema, FUNNEL_STAGES, Owner, PoolId, question as formQuestion, RepId, STAGES, storedPlaybookSchema, teamSchema } from '../core/index.js';

/*
 * Every shape the HTTP API reads or answers, once: the routes parse with these, the OpenAPI
 * document is generated from them, and the widget, the admin page and the CLI take their types
 * from them (`import type`, so no byte of zod reaches a browser). A `z.meta(schema, {id})` names a
 * shape in the document's `components/schemas`.
 *
 * esbuild cannot tell that building a zod schema affects nothing but itself, so a function's
 * bundle would build at init every schema here, its routes' or not. Each is therefore built in a
 * function call marked `@__PURE__`, which esbuild leaves out of a bundle that never reads the
 * schema (a mark on a bare `z.object(...)` is not enough: esbuild keeps a call whose arguments
 * call anything). The answers (`*Out`) go further: only the OpenAPI generator reads them, so the
 * route table names each by the function that builds it on first call (`nextOut`), and no
 * function builds one at init (`npm run bench -- bundles`). `NextOut` itself stays a schema, for
 * the CLI and the tests. So do the requests of routes seldom called (the admin API's reports and
 * lists, the feedback links) and the public API's (`submissionBody`: a cold start that answers a
 * preflight or a 404 need not build them): the route names its params, query or body by its
 * builder (`linkQuery`), which the router calls on the route's first request. A schema added here
 * takes the same form.
 */

/** base64url's alphabet: the ids the server issues and those clients make share it. */
const base64url = (min: number, max: number) => new RegExp(`^[A-Za-z0-9_-]{${min},${max}}$`);

/** Server-issued: ≥128 random bits in base64url (22 characters for 16 bytes). */
export const leadId = /* @__PURE__ */ once(() =>
  z.meta(z.string().check(z.regex(base64url(22, 64), 'must be a leadId issued by Winnow')), {
    id: 'LeadId',
    description: 'Issued by the server (GET /v1/forms/{formId}/next); the widget keeps it.',
  }));
/** Client-made idempotency keys (SPEC: 1–64 of [A-Za-z0-9_-]). */
export const clientId = /* @__PURE__ */ once(() =>
  z.meta(z.string().check(z.regex(base64url(1, 64), 'must be 1–64 characters of A–Z, a–z, 0–9, _ and -')), {
    id: 'ClientId',
    description: 'Made by the client: the same id with the same body again changes nothing.',
  }));
/** What a playbook can weigh is what may be reported: its key (`interest.events`), as the playbook checks it. */
const eventType = /* @__PURE__ */ once(() => z.meta(PlaybookEventType, { id: 'EventType', description: 'A behaviour such as page_view.' }));
/** Every time the server writes down is `Date#toISOString`: UTC, with a Z. */
const instant = /* @__PURE__ */ once(() => z.meta(z.iso.datetime(), { id: 'Instant' }));
const count = /* @__PURE__ */ once(() => z.int().check(z.nonnegative()));

const stage = /* @__PURE__ */ once(() => z.meta(z.enum(STAGES), { id: 'Stage', description: 'lead → MQL → SAL → SQL, or nurture' }));
export type Stage = z.output<ReturnType<typeof stage>>;

/* Requests: path, query and body. */

/** Clients' clocks drift; a minute of grace keeps honest browsers from being refused. */
export const FUTURE_TOLERANCE_MS = 60_000;
export const instantNotInFuture = (now: () => Date) =>
  z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time such as 2026-06-01T12:00:00Z' })
    // Not a date at all is the format's issue alone; one problem, one message.
    .check(z.refine((at) => !(Date.parse(at) > now().getTime() + FUTURE_TOLERANCE_MS), 'may not lie in the future'));

const properties = /* @__PURE__ */ once(() =>
  z
    .record(z.string().check(z.maxLength(64)), z.union([z.string().check(z.maxLength(1000)), z.number(), z.boolean()]))
    .check(z.refine((p) => Object.keys(p).length <= 50, 'at most 50 properties')));

export const formParams = /* @__PURE__ */ once(() => z.object({ formId: DocumentId }));
export const documentParams = /* @__PURE__ */ once(() => z.object({ id: DocumentId }));
export const leadParams = /* @__PURE__ */ once(() => z.object({ leadId: leadId() }));
export const nextQuery = /* @__PURE__ */ once(() => z.object({ leadId: z.optional(z.string().check(z.maxLength(200))) }));
export const versionQuery = /* @__PURE__ */ once(() => z.object({ version: z.optional(z.coerce.number().check(z.int(), z.positive())) }));

/** SPEC: a date covers its whole UTC day. */
const reportBound = /* @__PURE__ */ once(() => z.union([z.iso.datetime({ offset: true }), z.iso.date()]));

export const leadsQuery = /* @__PURE__ */ once(() => z.object({
  stage: stage(),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  rep: z.meta(z.optional(z.union([z.literal('none'), RepId])), { description: 'Only leads assigned to this rep; `none` for those nobody has.' }),
  pool: z.meta(z.optional(PoolId), { description: 'Only leads assigned from this pool.' }),
  q: z.meta(z.optional(z.string().check(z.trim(), z.maxLength(100))), {
    description: 'Only leads whose email, name or company holds every word of it (any case, accents aside).',
  }),
  form: z.meta(z.optional(DocumentId), { description: 'Only leads that this form created or that submitted it last.' }),
  grade: z.meta(z.optional(z.string().check(z.regex(/^[A-Z]$/, 'a grade is one capital letter'))), { description: 'Only leads of this fit grade.' }),
  band: z.meta(z.optional(z.string().check(z.regex(/^[a-z][a-z0-9_]{0,31}$/, 'must match ^[a-z][a-z0-9_]{0,31}$'))), { description: 'Only leads of this interest band.' }),
  from: z.meta(z.optional(reportBound()), { description: 'Only leads created at or after this (a date: from its UTC start); open when absent.' }),
  to: z.meta(z.optional(reportBound()), { description: 'Only leads created at or before this (a date: to its UTC end); open when absent.' }),
  anonymous: z.meta(z._default(z.enum(['include', 'exclude']), 'include'), {
    description: '`exclude` leaves out visitors who only viewed pages (no form step, no email).',
  }),
  counts: z.meta(z._default(z.enum(['true', 'false']), 'false'), {
    description: '`true` adds `counts`: per stage, the leads this filter keeps (stage aside), up to 1,000.',
  }),
}));
export const LeadsQuery = /* @__PURE__ */ leadsQuery();

export const funnelQuery = /* @__PURE__ */ once(() => z.object({
  from: z.optional(reportBound()),
  to: z.optional(reportBound()),
  attribution: z.meta(z._default(z.enum(ATTRIBUTIONS), 'first'), { description: 'Which form "by form" credits: the first step’s (first) or the latest step’s before the lead qualified (last).' }),
}));
export const FunnelQuery = /* @__PURE__ */ funnelQuery();

/** The decisions a link may carry, each one of the core's. */
const LINK_DECISIONS = ['accept', 'reject', 'attempt'] as const satisfies readonly Decision[];

/** What a notification's one-click link carries: accept, reject or log a call; converting is done from the admin API. */
export const linkQuery = /* @__PURE__ */ once(() => z.object({
  decision: z.enum(LINK_DECISIONS),
  cycle: z.coerce.number().check(z.int(), z.positive()),
  rep: z.optional(z.string().check(z.maxLength(64))),
  exp: z.coerce.number().check(z.int(), z.positive()),
  sig: z.string().check(z.minLength(1), z.maxLength(200)),
}));
export const LinkQuery = /* @__PURE__ */ linkQuery();
export type LinkQuery = z.output<typeof LinkQuery>;
export const linkForm = /* @__PURE__ */ once(() => z.object({ reason: z.optional(z.string().check(z.maxLength(500))), note: z.optional(z.string().check(z.maxLength(1000))) }));
export const LinkForm = /* @__PURE__ */ linkForm();

export const submissionContext = /* @__PURE__ */ once(() => z.strictObject({
  pageUrl: z.optional(z.string().check(z.maxLength(2048))),
  referrer: z.optional(z.string().check(z.maxLength(2048))),
  utm: z.optional(z.record(z.string().check(z.regex(/^utm_[a-z_]{1,32}$/, 'must be a utm_* parameter')), z.string().check(z.maxLength(200)))),
}));

export const submissionBody = /* @__PURE__ */ once(() => z.strictObject({
  leadId: z.optional(leadId()),
  submissionId: clientId(),
  answers: z.record(z.string(), z.unknown(), { error: 'must be an object of field → answer' }),
  context: z.optional(submissionContext()),
  /** The honeypot: a hidden field people leave empty and bots fill in. */
  _hp: z.optional(z.string().check(z.maxLength(1000))),
}));

export const eventBody = (now: () => Date) =>
  z.strictObject({
    leadId: leadId(),
    eventId: clientId(),
    type: eventType(),
    at: z.optional(instantNotInFuture(now)),
    properties: z.optional(properties()),
  });

export const adminEventsBody = (now: () => Date) =>
  z.strictObject({
    events: z
      .array(
        z
          .strictObject({
            leadId: z.optional(leadId()),
            // Email tools send any case; the email index holds it lowercased, as submissions store it.
            email: z.optional(z.pipe(z.email({ error: 'must be an email address' }), z.transform((email) => email.trim().toLowerCase()))),
            eventId: clientId(),
            type: eventType(),
            at: z.optional(instantNotInFuture(now)),
            properties: z.optional(properties()),
          })
          .check(z.refine((e) => (e.leadId === undefined) !== (e.email === undefined), 'name the lead by exactly one of leadId or email')),
      )
      .check(z.minLength(1), z.maxLength(100, 'at most 100 events per request')),
  });

/** A form or playbook as its file says; the route checks it with the core schema of its kind, so each issue names where. */
export const documentBody = /* @__PURE__ */ once(() => z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }));

export const feedbackBody = /* @__PURE__ */ once(() => z.strictObject({
  decision: z.enum(DECISIONS),
  reason: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))),
  channel: z.meta(z.optional(z.enum(ATTEMPT_CHANNELS)), { description: 'How an `attempt` reached out.' }),
  note: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
  rep: z.meta(z.optional(RepId), { description: 'The rep who decides (history’s `by`); `admin` when left out.' }),
}));
export const FeedbackBody = /* @__PURE__ */ feedbackBody();

/* Answers. */

const issue = /* @__PURE__ */ once(() =>
  z.meta(z.object({ path: z.string(), message: z.string() }), { id: 'Issue', description: 'One problem, named by where it is (`answers.email`, `events.2.type`).' }));
export type Issue = z.output<ReturnType<typeof issue>>;

/** SPEC: every error, whatever its status. */
export const errorOut = /* @__PURE__ */ once(() =>
  z.meta(z.object({ error: z.object({ code: z.string(), message: z.string(), issues: z.optional(z.array(issue())) }) }), {
    id: 'Error',
    description: 'Every error, whatever its status: a code to branch on, a message to show, and issues naming each field at fault.',
  }));
export const ErrorOut = /* @__PURE__ */ errorOut();
export type ErrorOut = z.output<typeof ErrorOut>;

export const healthOut = /* @__PURE__ */ once(() => z.meta(z.object({ ok: z.literal(true) }), { id: 'Health' }));
export const HealthOut = /* @__PURE__ */ healthOut();

const questionOut = /* @__PURE__ */ once(() => z.meta(formQuestion(), { id: 'Question' }));
export const Question = /* @__PURE__ */ questionOut();
export type Question = z.output<typeof Question>;

export const nextStepOut = /* @__PURE__ */ once(() =>
  z.meta(z.object({ questions: z.array(questionOut()), complete: z.meta(z.boolean(), { description: 'Nothing more this form can ask this lead now.' }) }), { id: 'NextStep' }));
export const NextStepOut = /* @__PURE__ */ nextStepOut();
export type NextStepOut = z.output<typeof NextStepOut>;

export const nextOut = /* @__PURE__ */ once(() =>
  z.meta(
    z.object({
      leadId: leadId(),
      formId: DocumentId,
      formVersion: z.int().check(z.positive()),
      title: z.string(),
      thankYou: z.string(),
      // What the widget needs to show the visit's progress ("Step 1 of 2"), name its last button and link its thank-you.
      questionsPerStep: z.meta(z.int().check(z.positive()), { description: 'How many unanswered questions each step shows.' }),
      submitLabel: formSchema().shape.submitLabel,
      thankYouUrl: formSchema().shape.thankYouUrl,
      remaining: z.meta(z.int().check(z.nonnegative()), { description: "Unanswered, unskipped questions of this form whose askIf holds now, beyond this step's; 0 when complete." }),
      ...nextStepOut().shape,
    }),
    { id: 'NextQuestions', description: 'The form and the next step of it this lead is asked.' },
  ));
export const NextOut = /* @__PURE__ */ nextOut();
export type NextOut = z.output<typeof NextOut>;

export const submissionOut = /* @__PURE__ */ once(() => z.meta(z.object({ leadId: leadId(), next: nextStepOut() }), { id: 'SubmissionAccepted' }));
export const SubmissionOut = /* @__PURE__ */ submissionOut();
export type SubmissionOut = z.output<typeof SubmissionOut>;

export const emptyOut = /* @__PURE__ */ once(() => z.object({}));
export const EmptyOut = /* @__PURE__ */ emptyOut();

export const acceptedEventsOut = /* @__PURE__ */ once(() => z.meta(z.object({ accepted: count() }), { id: 'EventsAccepted' }));
export const AcceptedEventsOut = /* @__PURE__ */ acceptedEventsOut();

export const publishedOut = /* @__PURE__ */ once(() => z.meta(z.object({ id: DocumentId, version: z.int().check(z.positive()) }), { id: 'Published' }));
export const PublishedOut = /* @__PURE__ */ publishedOut();

/** What a GET answers: the document as published (the file, defaults not filled in), and when. */
const published = /* @__PURE__ */ once(() => ({ version: /* @__PURE__ */ z.int().check(z.positive()), publishedAt: instant() }));
export const documentOut = /* @__PURE__ */ once(() => ({
  form: z.meta(z.safeExtend(formSchema(), published()), { id: 'FormDocument' }),
  // A playbook stored before today's rules still reads.
  playbook: z.meta(z.safeExtend(storedPlaybookSchema(), published()), { id: 'PlaybookDocument' }),
  team: z.meta(z.safeExtend(teamSchema(), published()), { id: 'TeamDocument' }),
} as const));
export const DocumentOut = /* @__PURE__ */ documentOut();

export const absenceOut = /* @__PURE__ */ once(() => z.meta(z.object({ from: instant(), to: instant(), note: z.optional(z.string()) }), { id: 'Absence' }));
export const AbsenceOut = /* @__PURE__ */ absenceOut();

export const teamOut = /* @__PURE__ */ once(() =>
  z.meta(
    z.safeExtend(teamSchema(), {
      ...published(),
      standing: z.array(
        z.meta(
          z.object({
            id: RepId,
            name: z.string(),
            email: z.string(),
            pools: z.array(z.string()),
            weight: z.int().check(z.positive()),
            maxOpen: z.optional(z.int().check(z.positive())),
            timezone: z.string(),
            open: z.meta(count(), { description: 'Leads assigned to the rep in MQL or SAL.' }),
            away: z.optional(absenceOut()),
            availability: z.enum(['available', 'off_hours', 'away', 'full']),
            nextIn: z.meta(z.array(z.string()), { description: 'The pools where this rep takes the next lead.' }),
          }),
          { id: 'RepStanding' },
        ),
      ),
    }),
    { id: 'Team', description: 'A team as published, with each rep’s open load, absence, availability now and turn in the rotation.' },
  ));
export const TeamOut = /* @__PURE__ */ teamOut();

export const repParams = /* @__PURE__ */ once(() => z.object({ id: DocumentId, repId: RepId }));

const answer = /* @__PURE__ */ once(() => z.meta(z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]), { id: 'Answer' }));
const answers = /* @__PURE__ */ once(() => z.record(z.string(), answer()));

export const fitOut = /* @__PURE__ */ once(() =>
  z.meta(
    z.object({
      points: z.number(),
      grade: z.string(),
      breakdown: z.array(
        z.meta(z.object({ criterion: z.string(), field: z.string(), answer: z.meta(z.nullable(answer()), { description: 'null when the field is unanswered' }), points: z.number() }), { id: 'FitReason' }),
      ),
    }),
    { id: 'Fit', description: 'How well the lead’s answers match the ideal customer.' },
  ));
export const FitOut = /* @__PURE__ */ fitOut();

export const interestOut = /* @__PURE__ */ once(() =>
  z.meta(
    z.object({
      score: z.number(),
      band: z.string(),
      breakdown: z.array(
        z.meta(z.object({ type: z.string(), count: count(), points: z.number(), capped: z.meta(z.boolean(), { description: 'The type’s cap held its points down.' }) }), { id: 'InterestReason' }),
      ),
    }),
    { id: 'Interest', description: 'What the lead did, decayed to now, capped per type, hottest first.' },
  ));
export const InterestOut = /* @__PURE__ */ interestOut();

export const transitionOut = /* @__PURE__ */ once(() =>
  z.meta(
    z.object({
      from: stage(),
      to: stage(),
      why: z.string(),
      at: instant(),
      cycle: count(),
      reason: z.meta(z.optional(z.string()), { description: 'Sales’ reason, when it returned the lead to nurture.' }),
      by: z.meta(z.optional(z.string()), { description: 'Who acted: a rep’s id, `admin`, or `system`.' }),
    }),
    { id: 'Transition' },
  ));
export const TransitionOut = /* @__PURE__ */ transitionOut();

export const assignmentOut = /* @__PURE__ */ once(() =>
  z.meta(
    z.object({
      cycle: count(),
      round: z.meta(count(), { description: '0 first, one more per reassignment.' }),
      team: DocumentId,
      pool: z.optional(z.string()),
      rep: z.meta(z.optional(z.string()), { description: 'Absent when nobody in the pool could take it.' }),
      assignedAt: instant(),
      startsAt: z.meta(z.optional(instant()), { description: 'When the SLA clock started: the rep’s next working minute when assigned off hours.' }),
      dueAt: z.optional(instant()),
      touchedAt: z.meta(z.optional(instant()), { description: 'The rep’s first accept, return or logged attempt: it stops the clock.' }),
      missedAt: z.optional(instant()),
      releasedAt: z.optional(instant()),
    }),
    { id: 'Assignment', description: 'One rep’s turn with the lead.' },
  ));
export const AssignmentOut = /* @__PURE__ */ assignmentOut();

export const attemptOut = /* @__PURE__ */ once(() =>
  z.meta(z.object({ cycle: count(), at: instant(), channel: z.enum(ATTEMPT_CHANNELS), note: z.optional(z.string()), by: z.string() }), {
    id: 'Attempt',
    description: 'A contact attempt a rep logged.',
  }));
export const AttemptOut = /* @__PURE__ */ attemptOut();

export const notificationOut = /* @__PURE__ */ once(() =>
  z.meta(
    z.object({
      kind: NotificationKind,
      cycle: count(),
      round: z.meta(z.optional(count()), { description: 'The assignment’s round, for a rep’s notices: 0 first, one more per reassignment.' }),
      channel: NotificationChannel,
      status: NotificationStatus,
      attempts: count(),
      claimedAt: z.optional(instant()),
      sentAt: z.optional(instant()),
      messageId: z.optional(z.string()),
      recipients: z.optional(z.array(z.string())),
      lastError: z.optional(z.string()),
      log: z.array(z.object({ at: instant(), status: NotificationStatus, error: z.optional(z.string()) })),
    }),
    { id: 'Notification', description: 'One notification of one cycle on one channel, with every attempt.' },
  ));
export const NotificationOut = /* @__PURE__ */ notificationOut();

export const answerClaimOut = /* @__PURE__ */ once(() =>
  z.meta(z.object({ field: z.string(), value: answer(), at: instant(), leadId: z.meta(leadId(), { description: 'The alias it was given under.' }) }), {
    id: 'AnswerClaim',
    description: 'An answer another device gave after typing this lead’s email, where it differs: kept for sales, never applied.',
  }));
export const AnswerClaimOut = /* @__PURE__ */ answerClaimOut();

export const leadSummaryOut = /* @__PURE__ */ once(() =>
  z.meta(
    z.object({
      leadId: leadId(),
      email: z.nullable(z.string()),
      name: z.meta(z.nullable(z.string()), { description: 'From the answers (name, or first and last name); null when not given.' }),
      company: z.nullable(z.string()),
      form: z.meta(z.nullable(z.object({ id: DocumentId, title: z.string() })), {
        description: 'The form it last submitted (for a hand-raiser, where it asked), else the one that created it.',
      }),
      asked: z.meta(z.nullable(z.string()), { description: 'What it wrote in its own words on that form (the first long-text answer, up to 200 characters).' }),
      anonymous: z.meta(z.boolean(), { description: 'A visitor the site only saw: no form step, no email.' }),
      stage: stage(),
      owner: Owner,
      handRaiser: z.boolean(),
      cycle: count(),
      createdAt: instant(),
      qualifiedAt: z.nullable(instant()),
      fit: z.nullable(z.pick(fitOut(), { points: true, grade: true })),
      interest: z.nullable(z.pick(interestOut(), { score: true, band: true })),
      scoredAt: z.nullable(instant()),
      rep: z.meta(z.nullable(z.string()), { description: 'The rep who has it this cycle; null when nobody is assigned.' }),
      pool: z.nullable(z.string()),
      dueAt: z.meta(z.nullable(instant()), { description: 'When its rep must have touched it (an MQL not touched yet).' }),
    }),
    { id: 'LeadSummary', description: 'What a list shows of a lead: enough to pick the next one to call.' },
  ));
export const LeadSummaryOut = /* @__PURE__ */ leadSummaryOut();
export type LeadSummaryOut = z.output<typeof LeadSummaryOut>;

export const leadPageOut = /* @__PURE__ */ once(() =>
  z.meta(
    z.object({
      leads: z.array(leadSummaryOut()),
      cursor: z.meta(z.optional(z.string()), { description: 'Only while more remain: pass it back for the next page.' }),
      counts: z.meta(z.optional(z.record(stage(), z.object({ count: count(), more: z.meta(z.boolean(), { description: 'More match than `count`: counting stops at 1,000.' }) }))), {
        description: 'With `counts=true`: per stage, the leads the same filter keeps.',
      }),
      forms: z.meta(z.optional(z.array(z.object({ id: DocumentId, title: z.string() }))), { description: 'With `counts=true`: the published forms, to filter by.' }),
    }),
    { id: 'LeadPage' },
  ));
export const LeadPageOut = /* @__PURE__ */ leadPageOut();
export type LeadPageOut = z.output<typeof LeadPageOut>;

export const leadOut = /* @__PURE__ */ once(() =>
  z.meta(
    z.object({
      leadId: leadId(),
      email: z.nullable(z.string()),
      name: z.meta(z.nullable(z.string()), { description: 'From the answers (name, or first and last name).' }),
      company: z.nullable(z.string()),
      phone: z.nullable(z.string()),
      answers: answers(),
      questions: z.meta(z.record(z.string(), questionOut()), {
        description: 'The question behind each field it answered (or a criterion reads), from the published forms: labels and option labels to show in place of ids.',
      }),
      asked: z.meta(
        z.nullable(z.object({ formId: DocumentId, formTitle: z.string(), fields: z.meta(z.array(z.string()), { description: 'Its answered questions, long answers (its message) first.' }) })),
        { description: 'What it asked on the form it last submitted (a hand-raiser: where it raised its hand).' },
      ),
      source: z.meta(z.nullable(z.object({ formId: DocumentId, formTitle: z.string(), utmSource: z.nullable(z.string()) })), {
        description: 'First touch: the form of its first step and the utm_source then.',
      }),
      claims: z.array(answerClaimOut()),
      fit: fitOut(),
      interest: interestOut(),
      owner: Owner,
      stage: stage(),
      handRaiser: z.boolean(),
      cycle: count(),
      returnReason: z.optional(z.string()),
      pool: z.meta(z.optional(z.string()), { description: 'The pool it was assigned from this cycle.' }),
      rep: z.meta(z.optional(z.string()), { description: 'The rep who has it this cycle.' }),
      assignments: z.array(assignmentOut()),
      attempts: z.array(attemptOut()),
      history: z.array(transitionOut()),
      notifications: z.array(notificationOut()),
      routing: z.object({ owner: z.nullable(Owner), grade: z.string(), band: z.string() }),
      playbook: z.object({ id: DocumentId }),
      createdAt: instant(),
      updatedAt: instant(),
      scoredAt: z.nullable(instant()),
      mergedFrom: z.array(leadId()),
    }),
    { id: 'Lead', description: 'A lead: answers, fit and interest decayed to now with their breakdowns, owner, stage and history.' },
  ));
export const LeadOut = /* @__PURE__ */ leadOut();
export type LeadOut = z.output<typeof LeadOut>;

export const feedbackOut = /* @__PURE__ */ once(() =>
  z.meta(z.object({ leadId: leadId(), stage: stage(), owner: Owner, cycle: count(), history: z.array(transitionOut()) }), { id: 'FeedbackResult', description: 'The lead after sales’ decision.' }));
export const FeedbackOut = /* @__PURE__ */ feedbackOut();
export type FeedbackOut = z.output<typeof FeedbackOut>;

export const exportOut = /* @__PURE__ */ once(() =>
  z.meta(
    z.object({
      leadId: leadId(),
      leadIds: z.meta(z.array(leadId()), { description: 'The lead and every lead merged into it.' }),
      exportedAt: instant(),
      items: z.meta(z.array(z.record(z.string(), z.unknown())), { description: 'Every item stored about them, as stored.' }),
    }),
    { id: 'LeadExport' },
  ));
export const ExportOut = /* @__PURE__ */ exportOut();

const ratio = /* @__PURE__ */ once(() => z.meta(z.nullable(z.number()), { description: 'null when no lead reached the stage before' }));
// One count per stage the core's funnel counts, so a stage added there is described here.
const funnelSlice = /* @__PURE__ */ once(() => z.object({
  ...Object.fromEntries(FUNNEL_STAGES.map((stage) => [stage, count()])) as Record<(typeof FUNNEL_STAGES)[number], ReturnType<typeof count>>,
  newLeads: z.meta(count(), { description: 'Leads created in the period that sent a form step.' }),
  conversion: z.object({
    leadToMql: z.meta(ratio(), { description: 'Of the new leads, the share that became an MQL by the period’s end; null when there were none.' }),
    mqlToSal: ratio(),
    salToSql: ratio(),
    mqlToSql: ratio(),
  }),
}));
export const funnelOut = /* @__PURE__ */ once(() =>
  z.meta(
    z.object({
      from: instant(),
      to: instant(),
      attribution: z.enum(ATTRIBUTIONS),
      ...funnelSlice().shape,
      returnReasons: z.array(z.object({ reason: z.string(), count: count() })),
      byForm: z.array(z.extend(funnelSlice(), { formId: z.string() })),
      byUtmSource: z.array(z.extend(funnelSlice(), { utmSource: z.string() })),
    }),
    { id: 'Funnel', description: 'Leads that reached each stage in the period (a lead in SQL counts for MQL and SAL too), new leads and the lead → MQL rate, by form and utm_source.' },
  ));
export const FunnelOut = /* @__PURE__ */ funnelOut();
export type FunnelOut = z.output<typeof FunnelOut>;

export const speedQuery = /* @__PURE__ */ once(() => z.object({ from: z.optional(reportBound()), to: z.optional(reportBound()) }));
export const SpeedQuery = /* @__PURE__ */ speedQuery();

const minutes = /* @__PURE__ */ once(() => z.meta(z.nullable(z.number().check(z.nonnegative())), { description: 'Median minutes, to a tenth; null when none was touched.' }));
const speedCounts = /* @__PURE__ */ once(() => z.object({
  assigned: count(),
  accepted: z.meta(count(), { description: 'Reached SAL or SQL while this turn had the lead (a lead converted straight from MQL counts too, as in the funnel).' }),
  returned: z.meta(count(), { description: 'Returned to nurture while this turn had the lead.' }),
  converted: z.meta(count(), { description: 'Reached SQL while this turn had the lead.' }),
  touched: z.meta(count(), { description: 'Assignments with a first touch: the medians are taken over these.' }),
  medianMinutesToFirstTouch: z.object({
    working: z.meta(minutes(), { description: 'In the rep’s working hours, as the team lists them now; a rep it no longer lists is left out.' }),
    wallClock: minutes(),
  }),
  slaMisses: count(),
  reassignments: z.meta(count(), { description: 'Assignments that came from a reassignment (round > 0).' }),
}));
export const speedOut = /* @__PURE__ */ once(() =>
  z.meta(
    z.object({
      from: instant(),
      to: instant(),
      reps: z.array(
        z.meta(
          z.extend(speedCounts(), {
            team: DocumentId,
            rep: z.string(),
            name: z.meta(z.nullable(z.string()), { description: 'null for a rep the team no longer lists.' }),
            movedAway: z.meta(count(), { description: 'SLA misses of this rep that moved the lead on to another.' }),
          }),
          { id: 'RepSpeed' },
        ),
      ),
      pools: z.array(
        z.meta(
          z.extend(speedCounts(), {
            team: DocumentId,
            pool: z.meta(z.nullable(z.string()), { description: 'null for leads no assign rule placed in a pool.' }),
            unassigned: z.meta(count(), { description: 'Turns nobody in the pool could take; not in `assigned`, but their outcomes count.' }),
          }),
          { id: 'PoolSpeed' },
        ),
      ),
    }),
    {
      id: 'SpeedReport',
      description: 'Per rep and per pool, the assignments made in the period and what became of them since: outcomes, median minutes to first touch, SLA misses, reassignments.',
    },
  ));
export const SpeedOut = /* @__PURE__ */ speedOut();
export type SpeedOut = z.output<typeof SpeedOut>;

export const exportLeadsQuery = /* @__PURE__ */ once(() => z.object({
  stage: z.meta(z.optional(stage()), { description: 'Only leads in this stage; every stage when absent.' }),
  from: z.meta(z.optional(reportBound()), { description: 'Only leads created at or after this (a date: from its UTC start); open when absent.' }),
  to: z.meta(z.optional(reportBound()), { description: 'Only leads created at or before this (a date: to its UTC end); open when absent.' }),
  cursor: z.meta(z.optional(z.string().check(z.maxLength(2000))), { description: 'From the previous page’s Link header; bound to the same stage, from and to.' }),
}));
export const ExportLeadsQuery = /* @__PURE__ */ exportLeadsQuery();
export type ExportLeadsQuery = z.output<typeof ExportLeadsQuery>;

export const outcomesQuery = /* @__PURE__ */ once(() => z.object({
  from: z.meta(z.optional(reportBound()), { description: 'Cycles qualified at or after this (a date: from its UTC start); by default 30 days before `to`.' }),
  to: z.meta(z.optional(reportBound()), { description: 'Cycles qualified at or before this (a date: to its UTC end); by default now.' }),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(500)), 100),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
}));
export const OutcomesQuery = /* @__PURE__ */ outcomesQuery();

export const outcomeOut = /* @__PURE__ */ once(() =>
  z.meta(
    z.extend(z.omit(storedOutcome(), { revision: true }), {
      outcome: z.meta(storedOutcome().shape.outcome, { description: 'converted: reached SQL; accepted: SAL, not yet SQL; returned: sent back to nurture (see reason); open: not decided yet.' }),
      answers: z.meta(storedOutcome().shape.answers, { description: 'The answers the lead had given by qualifiedAt.' }),
      events: z.meta(storedOutcome().shape.events, { description: 'The events the lead had by qualifiedAt, each form step a form_submission (the latest 5,000).' }),
      grade: z.meta(z.string(), { description: 'The grade, band, points and score that qualified it, under playbookId at playbookVersion.' }),
    }),
    { id: 'Outcome', description: 'One cycle that reached MQL: what the lead had given and done by then, and what sales made of it.' },
  ));
export const OutcomeOut = /* @__PURE__ */ outcomeOut();

export const outcomePageOut = /* @__PURE__ */ once(() =>
  z.meta(z.object({ outcomes: z.array(outcomeOut()), cursor: z.optional(z.string()) }), {
    id: 'OutcomePage',
    description: 'Oldest qualification first; pass cursor back for the next page, none after the last.',
  }));
export const OutcomePageOut = /* @__PURE__ */ outcomePageOut();

export const calibrationQuery = /* @__PURE__ */ once(() => z.object({
  playbook: z.meta(z.optional(DocumentId), { description: 'The playbook whose cycles are counted and whose criteria cut them; `default` when absent.' }),
  from: z.meta(z.optional(reportBound()), { description: 'Cycles qualified at or after this (a date: from its UTC start); by default 30 days before `to`.' }),
  to: z.meta(z.optional(reportBound()), { description: 'Cycles qualified at or before this (a date: to its UTC end); by default now.' }),
}));
export const CalibrationQuery = /* @__PURE__ */ calibrationQuery();

export const calibrationOut = /* @__PURE__ */ once(() => z.meta(calibrationReportSchema(), { id: 'CalibrationReport' }));
export const CalibrationOut = /* @__PURE__ */ calibrationOut();

/* Webhooks (SPEC "Webhooks (CRM sync)"). */

const webhookSecretOut = /* @__PURE__ */ once(() =>
  z.meta(z.string().check(z.regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/)), {
    description: '`whsec_` + base64 of 32 random bytes: store it with your receiver, which verifies each delivery with it. Answered this once.',
  }));

export const webhookEndpointBody = /* @__PURE__ */ once(() =>
  z.meta(
    z.strictObject({
      url: z.meta(z.string().check(z.maxLength(MAX_WEBHOOK_URL_LENGTH)), {
        description: 'Where deliveries are POSTed: https (http only to 127.0.0.1, ::1 or localhost under npm start); on AWS its host must resolve to public addresses only.',
      }),
      events: z.meta(
        z.array(webhookEventType()).check(
          z.minLength(1),
          z.refine((events) => new Set(events).size === events.length, 'lists an event type twice'),
        ),
        { description: 'The event types it receives; a webhook.test whenever one is asked for.' },
      ),
      enabled: z.meta(z.optional(z.boolean()), { description: 'true for a new endpoint unless given; left out, an existing one stays as it is (Winnow switches one off after 5 days of failures).' }),
      description: z.optional(z.string().check(z.trim(), z.maxLength(500))),
    }),
    { id: 'WebhookEndpointSettings', description: 'What an admin sets on an endpoint; the secrets are Winnow’s.' },
  ));
export const WebhookEndpointBody = /* @__PURE__ */ webhookEndpointBody();

export const webhookEndpointOut = /* @__PURE__ */ once(() =>
  z.meta(
    z.object({
      id: DocumentId,
      url: z.string(),
      events: z.array(webhookEventType()),
      enabled: z.boolean(),
      description: z.optional(z.string()),
      createdAt: instant(),
      failingSince: z.meta(z.optional(instant()), { description: 'The first failed attempt since the last delivered one.' }),
      disabledAt: z.meta(z.optional(instant()), { description: 'When Winnow switched it off for failing 5 days; PUT it with enabled: true once it works again.' }),
    }),
    { id: 'WebhookEndpoint', description: 'An endpoint, never with its secrets.' },
  ));
export const WebhookEndpointOut = /* @__PURE__ */ webhookEndpointOut();

export const savedWebhookEndpointOut = /* @__PURE__ */ once(() =>
  z.meta(z.extend(webhookEndpointOut(), { secret: z.optional(webhookSecretOut()) }), {
    id: 'SavedWebhookEndpoint',
    description: 'The endpoint as saved; `secret` only when this PUT created it.',
  }));
export const SavedWebhookEndpointOut = /* @__PURE__ */ savedWebhookEndpointOut();

export const webhookEndpointsOut = /* @__PURE__ */ once(() => z.meta(z.object({ endpoints: z.array(webhookEndpointOut()) }), { id: 'WebhookEndpoints', description: 'Every endpoint, by id.' }));
export const WebhookEndpointsOut = /* @__PURE__ */ webhookEndpointsOut();

export const rotatedSecretOut = /* @__PURE__ */ once(() =>
  z.meta(
    z.object({
      id: DocumentId,
      secret: webhookSecretOut(),
      previousSecretExpiresAt: z.meta(z.optional(instant()), { description: 'Until then deliveries carry a signature by the previous secret too (24 h).' }),
    }),
    { id: 'RotatedWebhookSecret' },
  ));
export const RotatedSecretOut = /* @__PURE__ */ rotatedSecretOut();

export const webhookDeliveryOut = /* @__PURE__ */ once(() =>
  z.meta(
    z.object({
      id: z.meta(z.string(), { description: 'The webhook-id header: the same on every attempt and redelivery.' }),
      type: webhookEventType(),
      leadId: z.optional(z.string()),
      status: z.enum(WEBHOOK_DELIVERY_STATUSES),
      attempts: count(),
      lastStatus: z.meta(z.optional(z.int()), { description: 'The HTTP status the last attempt got, when the receiver answered.' }),
      lastError: z.meta(z.optional(z.string()), { description: 'What went wrong with the last attempt: its status and the start of the answer, a timeout, a refused connection.' }),
      nextAttemptAt: z.meta(z.optional(instant()), { description: 'While pending: when it is tried next.' }),
      deliveredAt: z.optional(instant()),
      createdAt: instant(),
    }),
    { id: 'WebhookDelivery', description: 'One event to one endpoint, and how its attempts went.' },
  ));
export const WebhookDeliveryOut = /* @__PURE__ */ webhookDeliveryOut();

export const webhookDeliveryPageOut = /* @__PURE__ */ once(() =>
  z.meta(
    z.object({
      deliveries: z.array(webhookDeliveryOut()),
      cursor: z.meta(z.optional(z.string()), { description: 'Only while more remain: pass it back for the next page.' }),
    }),
    { id: 'WebhookDeliveryPage', description: 'Newest first.' },
  ));
export const WebhookDeliveryPageOut = /* @__PURE__ */ webhookDeliveryPageOut();

export const deliveriesQuery = /* @__PURE__ */ once(() => z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
}));
export const DeliveriesQuery = /* @__PURE__ */ deliveriesQuery();

/** An endpoint's delivery, named by its webhook-id. */
export const deliveryParams = /* @__PURE__ */ once(() => z.object({
  id: DocumentId,
  deliveryId: z.meta(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a delivery id from the deliveries log')), {
    description: 'The delivery’s `id` in the deliveries log: its webhook-id.',
  }),
}));
