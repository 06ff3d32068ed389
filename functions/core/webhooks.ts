import type { Fit } from './fit.js';
import { DocumentId } from './form.js';
import type { Interest } from './interest.js';
import { EMAIL_FIELD, own, type Answers } from './lead.js';
import type { Assignment, Effect, Lifecycle, Transition } from './lifecycle.js';
import { once } from './once.js';
import { DAY_MS, HOUR_MS } from './time.js';
import * as z from './zod.js';

// Schemas are built in calls marked @__PURE__: a function's bundle that never reads one leaves it
// out instead of building it at init (functions/http/wire.ts says why the mark needs the call).
// The event type, endpoint and secret are built by their builder's first call (once.ts): every
// API function reads the stored endpoint's schema, but only on a webhook read or write.

/*
 * Outbound webhooks (SPEC "Webhooks (CRM sync)"), by the Standard Webhooks specification: what
 * each event says, which lifecycle change yields which event, when an attempt is retried, which
 * secrets sign, and which URLs may receive. Signing and sending live in adapters/webhook-sender.ts.
 */

export const WEBHOOK_EVENT_TYPES = [
  'lead.qualified',
  'lead.assigned',
  'lead.reassigned',
  'lead.accepted',
  'lead.returned',
  'lead.converted',
  'lead.sla_missed',
  'lead.erased',
  'webhook.test',
] as const;
export const webhookEventType = /* @__PURE__ */ once(() =>
  z.meta(z.enum(WEBHOOK_EVENT_TYPES), { id: 'WebhookEventType', description: 'What happened; the body’s `type`.' }));
export type WebhookEventType = z.output<ReturnType<typeof webhookEventType>>;

/* The payloads. Receivers keep them, so a field once sent keeps its meaning; new fields may be added. */

const instant = /* @__PURE__ */ once(() => z.iso.datetime());
const AnswerValue = /* @__PURE__ */ (() => z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))();

const lead = /* @__PURE__ */ (() => ({
  leadId: z.meta(z.string(), { description: 'The lead’s id in Winnow: the same on every event about this lead.' }),
  email: z.meta(z.optional(z.string()), { description: 'The lead’s email, lowercased; absent until the lead gave one.' }),
  cycle: z.meta(z.int().check(z.positive()), {
    description: 'The qualification cycle: 1 the first time the lead became an MQL, one more each time it qualifies again.',
  }),
}))();
const decidedBy = /* @__PURE__ */ (() => z.meta(z.optional(z.string()), { description: 'Who decided: a rep’s id, or `admin`.' }))();
const assignment = /* @__PURE__ */ (() => ({
  round: z.meta(z.int().check(z.nonnegative()), { description: '0 for the first rep of the cycle, one more per reassignment.' }),
  team: z.string(),
  pool: z.optional(z.string()),
  rep: z.meta(z.string(), { description: 'The rep’s id in the team.' }),
  dueAt: z.meta(z.optional(instant()), { description: 'When the rep must have touched the lead, if the playbook has an SLA.' }),
}))();

export const LeadQualifiedData = /* @__PURE__ */ (() =>
  z.meta(
    z.object({
      ...lead,
      answers: z.meta(z.record(z.string(), AnswerValue), { description: 'Every answer the lead gave, by field id.' }),
      fit: z.meta(
        z.object({
          points: z.number(),
          grade: z.string(),
          breakdown: z.array(z.object({ criterion: z.string(), field: z.string(), answer: z.nullable(AnswerValue), points: z.number() })),
        }),
        { description: 'How well the answers match the ideal customer, criterion by criterion.' },
      ),
      interest: z.meta(
        z.object({
          score: z.number(),
          band: z.string(),
          breakdown: z.array(z.object({ type: z.string(), count: z.int(), points: z.number(), capped: z.boolean() })),
        }),
        { description: 'What the lead did, decayed and capped, event type by type.' },
      ),
      grade: z.meta(z.string(), { description: 'The fit grade (A first).' }),
      band: z.meta(z.string(), { description: 'The interest band.' }),
      handRaiser: z.meta(z.boolean(), { description: 'It asked for sales on a hand-raiser form, whatever its scores.' }),
      pool: z.meta(z.optional(z.string()), { description: 'The pool its rep was picked from, when the playbook names a team.' }),
      rep: z.meta(z.optional(z.string()), { description: 'The rep who has it; absent without a team, or when nobody in the pool could take it.' }),
    }),
    { description: 'A lead became a marketing-qualified lead (MQL): who, how good, and why.' },
  ))();

export const LeadAssignedData = /* @__PURE__ */ (() => z.meta(z.object({ ...lead, ...assignment }), { description: 'A rep was given the lead for this cycle.' }))();

export const LeadReassignedData = /* @__PURE__ */ (() =>
  z.meta(z.object({ ...lead, ...assignment, previousRep: z.meta(z.optional(z.string()), { description: 'The rep who had it before and missed the SLA.' }) }), {
    description: 'The SLA passed, so the lead moved to the pool’s next rep.',
  }))();

export const LeadAcceptedData = /* @__PURE__ */ (() => z.meta(z.object({ ...lead, by: decidedBy }), { description: 'Sales accepted the lead (SAL).' }))();

export const LeadReturnedData = /* @__PURE__ */ (() =>
  z.meta(z.object({ ...lead, reason: z.meta(z.string(), { description: 'Sales’ reason, as typed or picked.' }), by: decidedBy }), {
    description: 'Sales returned the lead to marketing (nurture).',
  }))();

export const LeadConvertedData = /* @__PURE__ */ (() => z.meta(z.object({ ...lead, by: decidedBy }), { description: 'Sales converted the lead (SQL).' }))();

export const LeadSlaMissedData = /* @__PURE__ */ (() =>
  z.meta(z.object({ ...lead, ...assignment, missedAt: instant() }), { description: 'The lead’s rep did not touch it in time.' }))();

export const LeadErasedData = /* @__PURE__ */ (() =>
  z.meta(
    z.object({
      leadId: lead.leadId,
      emailSha256: z.meta(z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/))), {
        description: 'SHA-256 (hex) of the lowercased, trimmed email, so the CRM can find and erase its copy; absent when the lead never gave one.',
      }),
    }),
    { description: 'The lead was erased (GDPR): nothing else about it is sent.' },
  ))();

export const WebhookTestData = /* @__PURE__ */ (() =>
  z.meta(z.object({ endpointId: z.string(), message: z.string() }), { description: 'Sent on request from the admin API, to try an endpoint.' }))();

/** Each event's `data`, by type: what the OpenAPI `webhooks` section describes. */
export const WEBHOOK_DATA = {
  'lead.qualified': LeadQualifiedData,
  'lead.assigned': LeadAssignedData,
  'lead.reassigned': LeadReassignedData,
  'lead.accepted': LeadAcceptedData,
  'lead.returned': LeadReturnedData,
  'lead.converted': LeadConvertedData,
  'lead.sla_missed': LeadSlaMissedData,
  'lead.erased': LeadErasedData,
  'webhook.test': WebhookTestData,
} as const satisfies Record<WebhookEventType, z.ZodType>;
export type WebhookData<T extends WebhookEventType> = z.output<(typeof WEBHOOK_DATA)[T]>;

const bodyOf = <T extends WebhookEventType>(type: T, id: string) =>
  z.meta(
    z.object({
      type: z.literal(type),
      timestamp: z.meta(instant(), { description: 'When it happened (ISO 8601), the same on every attempt; the webhook-timestamp header is the attempt’s.' }),
      data: WEBHOOK_DATA[type],
    }),
    { id, description: z.globalRegistry.get(WEBHOOK_DATA[type])?.description },
  );

/** Each event's whole body, by type, named for the OpenAPI document's components. */
export const WEBHOOK_BODIES = /* @__PURE__ */ (() => ({
  'lead.qualified': bodyOf('lead.qualified', 'WebhookLeadQualified'),
  'lead.assigned': bodyOf('lead.assigned', 'WebhookLeadAssigned'),
  'lead.reassigned': bodyOf('lead.reassigned', 'WebhookLeadReassigned'),
  'lead.accepted': bodyOf('lead.accepted', 'WebhookLeadAccepted'),
  'lead.returned': bodyOf('lead.returned', 'WebhookLeadReturned'),
  'lead.converted': bodyOf('lead.converted', 'WebhookLeadConverted'),
  'lead.sla_missed': bodyOf('lead.sla_missed', 'WebhookLeadSlaMissed'),
  'lead.erased': bodyOf('lead.erased', 'WebhookLeadErased'),
  'webhook.test': bodyOf('webhook.test', 'WebhookTest'),
} as const))();

export const WebhookBody = /* @__PURE__ */ (() =>
  z.meta(
    z.discriminatedUnion('type', [
      WEBHOOK_BODIES['lead.qualified'],
      WEBHOOK_BODIES['lead.assigned'],
      WEBHOOK_BODIES['lead.reassigned'],
      WEBHOOK_BODIES['lead.accepted'],
      WEBHOOK_BODIES['lead.returned'],
      WEBHOOK_BODIES['lead.converted'],
      WEBHOOK_BODIES['lead.sla_missed'],
      WEBHOOK_BODIES['lead.erased'],
      WEBHOOK_BODIES['webhook.test'],
    ]),
    { description: 'Every webhook’s body: `{type, timestamp, data}`.' },
  ))();
export type WebhookBody = z.output<typeof WebhookBody>;

export const webhookBody = <T extends WebhookEventType>(type: T, timestamp: string, data: WebhookData<T>): { type: T; timestamp: string; data: WebhookData<T> } => ({
  type,
  timestamp,
  data,
});

/* Building each event's data from what the app holds. */

/** A lead as the events name it. */
export interface WebhookLead {
  leadId: string;
  answers: Answers;
}

/** A lead with its scores, as `lead.qualified` describes it. */
export interface ScoredWebhookLead extends WebhookLead {
  fit: Fit;
  interest: Interest;
}

/** An assignment that found a rep: the only kind the events speak of. */
export type RepAssignment = Assignment & { rep: string };

const refOf = (webhookLead: WebhookLead, cycle: number) => {
  const email = own(webhookLead.answers, EMAIL_FIELD);
  return { leadId: webhookLead.leadId, ...(typeof email === 'string' ? { email } : {}), cycle };
};

const assignmentOf = (given: RepAssignment) => ({
  round: given.round,
  team: given.team,
  ...(given.pool === undefined ? {} : { pool: given.pool }),
  rep: given.rep,
  ...(given.dueAt === undefined ? {} : { dueAt: given.dueAt }),
});

export const leadQualifiedData = (
  scored: ScoredWebhookLead,
  qualification: { cycle: number; handRaiser: boolean; assignment?: Pick<Assignment, 'pool' | 'rep'> },
): WebhookData<'lead.qualified'> => ({
  ...refOf(scored, qualification.cycle),
  answers: scored.answers,
  fit: scored.fit,
  interest: scored.interest,
  grade: scored.fit.grade,
  band: scored.interest.band,
  handRaiser: qualification.handRaiser,
  ...(qualification.assignment?.pool === undefined ? {} : { pool: qualification.assignment.pool }),
  ...(qualification.assignment?.rep === undefined ? {} : { rep: qualification.assignment.rep }),
});

export const leadAssignedData = (webhookLead: WebhookLead, given: RepAssignment): WebhookData<'lead.assigned'> => ({
  ...refOf(webhookLead, given.cycle),
  ...assignmentOf(given),
});

export const leadReassignedData = (webhookLead: WebhookLead, given: RepAssignment, previousRep?: string): WebhookData<'lead.reassigned'> => ({
  ...leadAssignedData(webhookLead, given),
  ...(previousRep === undefined ? {} : { previousRep }),
});

export const leadSlaMissedData = (webhookLead: WebhookLead, missed: RepAssignment & { missedAt: string }): WebhookData<'lead.sla_missed'> => ({
  ...leadAssignedData(webhookLead, missed),
  missedAt: missed.missedAt,
});

/** Accepted and converted say the same: who decided, in which cycle. */
export const leadDecidedData = (webhookLead: WebhookLead, transition: Transition): WebhookData<'lead.accepted' | 'lead.converted'> => ({
  ...refOf(webhookLead, transition.cycle),
  ...(transition.by === undefined ? {} : { by: transition.by }),
});

export const leadReturnedData = (webhookLead: WebhookLead, transition: Transition): WebhookData<'lead.returned'> => ({
  ...leadDecidedData(webhookLead, transition),
  // History written before the reason had its own field kept it in `why` only.
  reason: transition.reason ?? transition.why,
});

/** The hash comes from app/webhook-outbox.ts (`emailSha256`, node:crypto), which the core may not import. */
export const leadErasedData = (leadId: string, emailSha256?: string): WebhookData<'lead.erased'> => ({
  leadId,
  ...(emailSha256 === undefined ? {} : { emailSha256 }),
});

export const webhookTestData = (endpointId: string): WebhookData<'webhook.test'> => ({
  endpointId,
  message: 'A test delivery from Winnow: if its signature verifies, this endpoint is ready.',
});

/* Which lifecycle change yields which event. */

/** One event a lifecycle change yields, with what its data needs; `at` is when it happened. */
export type WebhookTrigger =
  | { type: 'lead.qualified'; at: string; cycle: number; handRaiser: boolean; assignment?: Assignment }
  | { type: 'lead.assigned'; at: string; assignment: RepAssignment }
  | { type: 'lead.reassigned'; at: string; assignment: RepAssignment; previousRep?: string }
  | { type: 'lead.sla_missed'; at: string; assignment: RepAssignment & { missedAt: string } }
  | { type: 'lead.accepted' | 'lead.returned' | 'lead.converted'; at: string; transition: Transition };

const qualificationOf = (lifecycle: Lifecycle, cycle: number): Transition | undefined =>
  lifecycle.history.find((transition) => transition.cycle === cycle && transition.to === 'MQL');

const repPickOwed = (lifecycle: Lifecycle, cycle: number): boolean =>
  (lifecycle.outbox ?? []).some((effect) => effect.kind === 'assign' && effect.cycle === cycle && effect.round === 0);

/**
 * With a team, the lead qualifies first and its rep is picked by the next write: `lead.qualified`
 * waits for that pick, so the CRM learns the rep with the lead (SPEC: the event names pool and
 * rep). It goes out when the pick is no longer owed, whether a rep was found or the lead moved on.
 */
const qualifiedIn = (lifecycle: Lifecycle, cycle: number): boolean => qualificationOf(lifecycle, cycle) !== undefined && !repPickOwed(lifecycle, cycle);

const assignmentKey = (given: Assignment): string => `${given.cycle}/${given.round}`;

const withRep = (given: Assignment): given is RepAssignment => given.rep !== undefined;

const stageEventOf = (transition: Transition): 'lead.accepted' | 'lead.converted' | 'lead.returned' | undefined => {
  switch (transition.to) {
    case 'SAL':
      return 'lead.accepted';
    case 'SQL':
      return 'lead.converted';
    case 'nurture':
      // Only a lead sales had can be returned; no other way into nurture exists today, and a new one would not be a return.
      return transition.from === 'MQL' || transition.from === 'SAL' ? 'lead.returned' : undefined;
    default:
      return undefined;
  }
};

/**
 * The events one stored lifecycle change yields: qualifications, then reps' rounds, then sales'
 * decisions, the order they happen in. `before` and `after` are the lifecycles as stored, their
 * outboxes included (they say whether a rep is still to be picked). Qualified on entering MQL,
 * accepted on SAL, converted on SQL, returned on nurture from MQL or SAL; assigned when a
 * round-0 assignment gets a rep, reassigned when a later round gets one; sla_missed when an
 * assignment gets `missedAt`.
 */
export const webhookEventsOf = (before: Lifecycle, after: Lifecycle): WebhookTrigger[] => {
  const assignments = after.assignments ?? [];
  const qualified = after.history
    .filter((transition) => transition.to === 'MQL' && qualifiedIn(after, transition.cycle) && !qualifiedIn(before, transition.cycle))
    .map((transition): WebhookTrigger => {
      const first = assignments.find((given) => given.cycle === transition.cycle && given.round === 0);
      return {
        type: 'lead.qualified',
        at: transition.at,
        cycle: transition.cycle,
        // Only the current cycle's is known: the lifecycle keeps one flag.
        handRaiser: transition.cycle === after.cycle && after.handRaiser,
        ...(first ? { assignment: first } : {}),
      };
    });

  const earlier = new Map((before.assignments ?? []).map((given) => [assignmentKey(given), given]));
  const assigned = assignments.filter(withRep).flatMap((given): WebhookTrigger[] => {
    const was = earlier.get(assignmentKey(given));
    const previousRep = assignments.find((other) => other.cycle === given.cycle && other.round === given.round - 1)?.rep;
    const gotRep: WebhookTrigger[] = was?.rep
      ? []
      : [
          given.round === 0
            ? { type: 'lead.assigned', at: given.assignedAt, assignment: given }
            : { type: 'lead.reassigned', at: given.assignedAt, assignment: given, ...(previousRep === undefined ? {} : { previousRep }) },
        ];
    const missed: WebhookTrigger[] = given.missedAt && !was?.missedAt ? [{ type: 'lead.sla_missed', at: given.missedAt, assignment: { ...given, missedAt: given.missedAt } }] : [];
    return [...gotRep, ...missed];
  });

  const moved = after.history.slice(before.history.length).flatMap((transition): WebhookTrigger[] => {
    const type = stageEventOf(transition);
    return type ? [{ type, at: transition.at, transition }] : [];
  });

  return [...qualified, ...assigned, ...moved];
};

/**
 * Names an event among the lead's: what its delivery ids derive from, so carrying it out again
 * (a retry, a crash) creates no second delivery. A cycle qualifies, is accepted, returned or
 * converted once; a round is assigned, and missed, once.
 */
export const webhookEventKey = (trigger: WebhookTrigger): string => {
  switch (trigger.type) {
    case 'lead.qualified':
      return `${trigger.type}/${trigger.cycle}`;
    case 'lead.assigned':
    case 'lead.reassigned':
    case 'lead.sla_missed':
      return `${trigger.type}/${trigger.assignment.cycle}/${trigger.assignment.round}`;
    case 'lead.accepted':
    case 'lead.returned':
    case 'lead.converted':
      return `${trigger.type}/${trigger.transition.cycle}`;
  }
};

const cycleOfTrigger = (trigger: WebhookTrigger): number => {
  switch (trigger.type) {
    case 'lead.qualified':
      return trigger.cycle;
    case 'lead.assigned':
    case 'lead.reassigned':
    case 'lead.sla_missed':
      return trigger.assignment.cycle;
    default:
      return trigger.transition.cycle;
  }
};

/**
 * `after` with a `webhook` effect in its outbox for each event the change from `before` yields:
 * stored in the same conditional write as the change, so a crash loses no event and a change
 * that was never stored sends none. Both lifecycles are as stored, outboxes included.
 */
export const withWebhookEffects = (before: Lifecycle, after: Lifecycle): Lifecycle => {
  const outbox = after.outbox ?? [];
  const owed = new Set(outbox.flatMap((effect) => (effect.kind === 'webhook' ? [effect.key] : [])));
  const added = webhookEventsOf(before, after)
    .map((event): Effect => ({ kind: 'webhook', cycle: cycleOfTrigger(event), key: webhookEventKey(event), event }))
    .filter((effect) => effect.kind === 'webhook' && !owed.has(effect.key));
  return added.length === 0 ? after : { ...after, outbox: [...outbox, ...added] };
};

/** A trigger's body, built from the lead as it stands. */
export const webhookEventFor = (trigger: WebhookTrigger, scored: ScoredWebhookLead): WebhookBody => {
  switch (trigger.type) {
    case 'lead.qualified':
      return webhookBody(
        trigger.type,
        trigger.at,
        leadQualifiedData(scored, { cycle: trigger.cycle, handRaiser: trigger.handRaiser, ...(trigger.assignment ? { assignment: trigger.assignment } : {}) }),
      );
    case 'lead.assigned':
      return webhookBody(trigger.type, trigger.at, leadAssignedData(scored, trigger.assignment));
    case 'lead.reassigned':
      return webhookBody(trigger.type, trigger.at, leadReassignedData(scored, trigger.assignment, trigger.previousRep));
    case 'lead.sla_missed':
      return webhookBody(trigger.type, trigger.at, leadSlaMissedData(scored, trigger.assignment));
    case 'lead.returned':
      return webhookBody(trigger.type, trigger.at, leadReturnedData(scored, trigger.transition));
    case 'lead.accepted':
    case 'lead.converted':
      return webhookBody(trigger.type, trigger.at, leadDecidedData(scored, trigger.transition));
  }
};

/* Endpoints and their secrets. */

/** SPEC: `whsec_` + base64 of 32 random bytes (Standard Webhooks asks for 24 to 64). */
export const WEBHOOK_SECRET_BYTES = 32;
/** SPEC: a rotated-out secret still signs for 24 h, so receivers can switch without losing a delivery. */
export const SECRET_OVERLAP_MS = DAY_MS;
export const MAX_WEBHOOK_URL_LENGTH = 2048;

export const webhookSecret = /* @__PURE__ */ once(() => z.object({
  secret: z.string().check(z.regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/)),
  createdAt: instant(),
  /** Set when a newer secret replaced it. */
  expiresAt: z.optional(instant()),
}));
export type WebhookSecret = z.output<ReturnType<typeof webhookSecret>>;

export const webhookEndpoint = /* @__PURE__ */ once(() => z.object({
  id: DocumentId,
  url: z.url().check(z.maxLength(MAX_WEBHOOK_URL_LENGTH)),
  events: z.array(webhookEventType()).check(z.minLength(1)),
  enabled: z.boolean(),
  description: z.optional(z.string().check(z.maxLength(500))),
  /** Newest first. */
  secrets: z.array(webhookSecret()).check(z.minLength(1)),
  createdAt: instant(),
  /** The first failed attempt since the last delivered one. */
  failingSince: z.optional(instant()),
  /** When it was switched off for failing 5 days. */
  disabledAt: z.optional(instant()),
}));
export type WebhookEndpoint = z.output<ReturnType<typeof webhookEndpoint>>;

export const newSecret = (randomBytes: Uint8Array): string => {
  if (randomBytes.length !== WEBHOOK_SECRET_BYTES) throw new Error(`a webhook secret takes ${WEBHOOK_SECRET_BYTES} random bytes, got ${randomBytes.length}`);
  return `whsec_${btoa(String.fromCharCode(...randomBytes))}`;
};

const live = (endpoint: Pick<WebhookEndpoint, 'secrets'>, now: Date): WebhookSecret[] =>
  endpoint.secrets.filter((secret) => secret.expiresAt === undefined || Date.parse(secret.expiresAt) > now.getTime());

/** The secrets that sign a delivery at `now`, newest first: during a rotation, the old one too. */
export const activeSecrets = (endpoint: Pick<WebhookEndpoint, 'secrets'>, now: Date): string[] => live(endpoint, now).map((secret) => secret.secret);

/** The endpoint with `secret` signing from now on, and every secret still live kept for at most 24 h more. */
export const rotateSecret = (endpoint: WebhookEndpoint, secret: string, now: Date): WebhookEndpoint => {
  const expiresAt = new Date(now.getTime() + SECRET_OVERLAP_MS).toISOString();
  const kept = live(endpoint, now).map((old) => (old.expiresAt === undefined ? { ...old, expiresAt } : old));
  return { ...endpoint, secrets: [{ secret, createdAt: now.toISOString() }, ...kept] };
};

/** What an admin sets on an endpoint (the PUT's body); its secrets and failure record are Winnow's. */
export interface EndpointSettings {
  url: string;
  events: WebhookEventType[];
  enabled?: boolean | undefined;
  description?: string | undefined;
}

/** A new endpoint signing with `secret`, enabled unless the settings say otherwise. */
export const newEndpoint = (id: string, settings: EndpointSettings, secret: string, now: Date): WebhookEndpoint => ({
  id,
  url: settings.url,
  events: settings.events,
  enabled: settings.enabled ?? true,
  ...(settings.description === undefined ? {} : { description: settings.description }),
  secrets: [{ secret, createdAt: now.toISOString() }],
  createdAt: now.toISOString(),
});

/**
 * The endpoint with an admin's new settings, its secrets kept. `enabled` left out keeps the
 * stored one: Winnow switches an endpoint off after 5 days of failures, and a PUT that only
 * changes its events must not switch it back on unasked. Switched on again, its failures count
 * afresh, or the next one would switch it off at once.
 */
export const endpointWithSettings = (endpoint: WebhookEndpoint, settings: EndpointSettings): WebhookEndpoint => {
  const { description: _replaced, failingSince, disabledAt, ...kept } = endpoint;
  const enabled = settings.enabled ?? endpoint.enabled;
  const restarted = enabled && !endpoint.enabled;
  return {
    ...kept,
    url: settings.url,
    events: settings.events,
    enabled,
    ...(settings.description === undefined ? {} : { description: settings.description }),
    ...(restarted || failingSince === undefined ? {} : { failingSince }),
    ...(enabled || disabledAt === undefined ? {} : { disabledAt }),
  };
};

/** Whether the endpoint gets this event: a test whenever asked, the rest when subscribed and enabled. */
export const receives = (endpoint: Pick<WebhookEndpoint, 'enabled' | 'events'>, type: WebhookEventType): boolean =>
  type === 'webhook.test' || (endpoint.enabled && endpoint.events.includes(type));

/* Delivery: the retry schedule, and giving up on an endpoint. */

/** SPEC: the first attempt at once, then retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const WEBHOOK_ATTEMPT_DELAYS_MS = [0, 5_000, 5 * 60_000, 30 * 60_000, 2 * HOUR_MS, 5 * HOUR_MS, 10 * HOUR_MS, 10 * HOUR_MS] as const;
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_ATTEMPT_DELAYS_MS.length;
/** SPEC: an endpoint that failed every attempt for 5 days is disabled. */
export const DISABLE_AFTER_MS = 5 * DAY_MS;

/** When to make the next attempt once `attemptsMade` were made (the last ending at `now`); undefined: none, the delivery failed. */
export const nextAttemptAt = (attemptsMade: number, now: Date): Date | undefined => {
  const delay = WEBHOOK_ATTEMPT_DELAYS_MS[attemptsMade];
  return delay === undefined ? undefined : new Date(now.getTime() + delay);
};

export const shouldDisable = (failingSince: string | undefined, now: Date): boolean =>
  failingSince !== undefined && now.getTime() - Date.parse(failingSince) >= DISABLE_AFTER_MS;

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** What one attempt came to: a 2xx is `ok`; `status` when the receiver answered, `error` when it did not or was refused. */
export interface AttemptResult {
  ok: boolean;
  status?: number;
  error?: string;
}

/** A delivery's standing, as the deliveries log shows it. */
export interface DeliveryProgress {
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatus?: number;
  lastError?: string;
  nextAttemptAt?: string;
  deliveredAt?: string;
}

/** A delivery after one more attempt: delivered, pending its next retry, or failed when the schedule ran out. */
export const deliveryAfterAttempt = (attemptsBefore: number, result: AttemptResult, now: Date): DeliveryProgress => {
  const attempts = attemptsBefore + 1;
  const last = { ...(result.status === undefined ? {} : { lastStatus: result.status }), ...(result.error === undefined ? {} : { lastError: result.error }) };
  if (result.ok) return { status: 'delivered', attempts, ...last, deliveredAt: now.toISOString() };
  const next = nextAttemptAt(attempts, now);
  return next ? { status: 'pending', attempts, ...last, nextAttemptAt: next.toISOString() } : { status: 'failed', attempts, ...last };
};

/** The endpoint after an attempt: a delivery clears its failing streak; 5 days of failures switch it off (`disabled`: just now, tell someone). */
export const endpointAfterAttempt = (endpoint: WebhookEndpoint, ok: boolean, now: Date): { endpoint: WebhookEndpoint; disabled: boolean } => {
  if (ok) {
    const { failingSince: _cleared, ...rest } = endpoint;
    return { endpoint: rest, disabled: false };
  }
  const failingSince = endpoint.failingSince ?? now.toISOString();
  const disabled = endpoint.enabled && shouldDisable(failingSince, now);
  return { endpoint: { ...endpoint, failingSince, ...(disabled ? { enabled: false, disabledAt: now.toISOString() } : {}) }, disabled };
};

/* Where deliveries may go (SSRF). */

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** URL#hostname keeps an IPv6 literal's brackets. */
const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', '[::1]', 'localhost'];

/**
 * SPEC: `https` only; `http` only to a loopback host under `npm start`, so a developer can try a
 * local receiver. Where the host resolves is the adapter's to check (`resolvesToPrivate`).
 */
export const checkWebhookUrl = (text: string, { allowLoopbackHttp }: { allowLoopbackHttp: boolean }): UrlCheck => {
  if (text.length > MAX_WEBHOOK_URL_LENGTH) return { ok: false, reason: `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters` };
  if (!URL.canParse(text)) return { ok: false, reason: 'must be an absolute URL such as https://crm.example.com/hooks/winnow' };
  const url = new URL(text);
  // fetch refuses such URLs, and a secret in the URL would show in every log and list.
  if (url.username || url.password) return { ok: false, reason: 'must not carry a user name or password: put a token in the path or query instead' };
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol !== 'http:') return { ok: false, reason: `must use https, not ${url.protocol.slice(0, -1)}` };
  if (!LOOPBACK_HOSTS.includes(url.hostname)) return { ok: false, reason: 'must use https (http is accepted only for 127.0.0.1, ::1 or localhost under npm start)' };
  return allowLoopbackHttp ? { ok: true, url } : { ok: false, reason: 'must use https: http to a loopback host is accepted only under npm start' };
};

const IPV4_PART = /^(0|[1-9][0-9]{0,2})$/;

const parseIPv4 = (text: string): number | undefined => {
  const parts = text.split('.');
  // Octal and hex parts ("0177.0.0.1") read differently to different parsers: refused, not guessed.
  if (parts.length !== 4 || !parts.every((part) => IPV4_PART.test(part) && Number(part) <= 255)) return undefined;
  return parts.reduce((address, part) => address * 256 + Number(part), 0);
};

const parseIPv6 = (text: string): number[] | undefined => {
  const lastColon = text.lastIndexOf(':');
  const dotted = text.includes('.') ? parseIPv4(text.slice(lastColon + 1)) : undefined;
  if (text.includes('.') && dotted === undefined) return undefined;
  const tail = dotted === undefined ? [] : [Math.floor(dotted / 65536), dotted % 65536];
  const head = dotted === undefined ? text : text.slice(0, lastColon + 1).replace(/([^:]):$/, '$1');
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const left = groupsOf(halves[0] ?? '');
  const right = groupsOf(halves[1] ?? '');
  if (![...left, ...right].every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return undefined;
  const given = left.length + right.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return undefined;
  const hex = (group: string): number => parseInt(group, 16);
  return [...left.map(hex), ...Array<number>(8 - given).fill(0), ...right.map(hex), ...tail];
};

const v4 = (a: number, b: number, c: number, d: number): number => ((a * 256 + b) * 256 + c) * 256 + d;

/** Not public: this network, private, carrier-grade NAT, loopback, link-local (the cloud metadata service), multicast and reserved. */
const PRIVATE_IPV4: readonly (readonly [number, number])[] = [
  [v4(0, 0, 0, 0), 8],
  [v4(10, 0, 0, 0), 8],
  [v4(100, 64, 0, 0), 10],
  [v4(127, 0, 0, 0), 8],
  [v4(169, 254, 0, 0), 16],
  [v4(172, 16, 0, 0), 12],
  [v4(192, 168, 0, 0), 16],
  [v4(224, 0, 0, 0), 4],
  [v4(240, 0, 0, 0), 4],
];

const inIPv4Range = (address: number, [base, bits]: readonly [number, number]): boolean => Math.floor(address / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits));

const isPrivateIPv4 = (address: number): boolean => PRIVATE_IPV4.some((range) => inIPv4Range(address, range));

const isPrivateIPv6 = (groups: number[]): boolean => {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const embedded = g6 * 65536 + g7;
  // ::/96 holds :: and ::1 and the deprecated IPv4-compatible form: none is a public host.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return true;
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the IPv4 address inside.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) return isPrivateIPv4(embedded);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return isPrivateIPv4(embedded);
  // 6to4 (2002:a.b.c.d::/48) does too.
  if (g0 === 0x2002) return isPrivateIPv4(g1 * 65536 + g2);
  // Unique local fc00::/7 (AWS's IPv6 metadata service is fd00:ec2::254), link-local fe80::/10, site-local fec0::/10, multicast ff00::/8.
  return (g0 & 0xfe00) === 0xfc00 || (g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0 || (g0 & 0xff00) === 0xff00;
};

/**
 * Whether an IP address is one a webhook must not reach: private, loopback, link-local and the
 * like, IPv4 or IPv6 (brackets and a zone allowed). What does not parse as an address counts as
 * private: a check that cannot read its input refuses it.
 */
export const isPrivateAddress = (ip: string): boolean => {
  const bare = ip.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (bare.includes(':')) {
    const groups = parseIPv6(bare);
    return groups === undefined || isPrivateIPv6(groups);
  }
  const address = parseIPv4(bare);
  return address === undefined || isPrivateIPv4(address);
};
