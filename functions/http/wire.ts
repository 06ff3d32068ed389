import * as z from 'zod';
import { DocumentId, FieldId } from '../core/index.js';

/** Server-issued: ≥128 random bits in base64url (22 characters for 16 bytes). */
export const LeadId = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'must be a leadId issued by Winnow');
/** Client-made idempotency keys (SPEC: 1–64 of [A-Za-z0-9_-]). */
export const ClientId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 characters of A–Z, a–z, 0–9, _ and -');
const EventType = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be an event type such as page_view');

/** Clients' clocks drift; a minute of grace keeps honest browsers from being refused. */
export const FUTURE_TOLERANCE_MS = 60_000;
export const instantNotInFuture = (now: () => Date) =>
  z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time such as 2026-06-01T12:00:00Z' })
    // Not a date at all is the format's issue alone; one problem, one message.
    .refine((at) => !(Date.parse(at) > now().getTime() + FUTURE_TOLERANCE_MS), 'may not lie in the future');

const Properties = z
  .record(z.string().max(64), z.union([z.string().max(1000), z.number(), z.boolean()]))
  .refine((p) => Object.keys(p).length <= 50, 'at most 50 properties');

export const FormParams = z.object({ formId: DocumentId });
export const DocumentParams = z.object({ id: DocumentId });
export const LeadParams = z.object({ leadId: LeadId });
export const NextQuery = z.object({ leadId: z.string().max(200).optional() });
export const VersionQuery = z.object({ version: z.coerce.number().int().positive().optional() });

export const SubmissionContext = z.strictObject({
  pageUrl: z.string().max(2048).optional(),
  referrer: z.string().max(2048).optional(),
  utm: z.record(z.string().regex(/^utm_[a-z_]{1,32}$/, 'must be a utm_* parameter'), z.string().max(200)).optional(),
});

export const SubmissionBody = z.strictObject({
  leadId: LeadId.optional(),
  submissionId: ClientId,
  answers: z.record(z.string(), z.unknown(), { error: 'must be an object of field → answer' }),
  context: SubmissionContext.optional(),
  /** The honeypot: a hidden field people leave empty and bots fill in. */
  _hp: z.string().max(1000).optional(),
});

export const eventBody = (now: () => Date) =>
  z.strictObject({
    leadId: LeadId,
    eventId: ClientId,
    type: EventType,
    at: instantNotInFuture(now).optional(),
    properties: Properties.optional(),
  });

export const adminEventsBody = (now: () => Date) =>
  z.strictObject({
    events: z
      .array(
        z
          .strictObject({
            leadId: LeadId.optional(),
            // Email tools send any case; the email index holds it lowercased, as submissions store it.
            email: z.email({ error: 'must be an email address' }).transform((email) => email.trim().toLowerCase()).optional(),
            eventId: ClientId,
            type: EventType,
            at: instantNotInFuture(now).optional(),
            properties: Properties.optional(),
          })
          .refine((e) => (e.leadId === undefined) !== (e.email === undefined), 'name the lead by exactly one of leadId or email'),
      )
      .min(1)
      .max(100, 'at most 100 events per request'),
  });

const QuestionOut = z.object({ id: FieldId, type: z.string(), label: z.string() }).passthrough();
export const NextStepOut = z.object({ questions: z.array(QuestionOut), complete: z.boolean() });
export const NextOut = z.object({
  leadId: LeadId,
  formId: DocumentId,
  formVersion: z.number().int(),
  title: z.string(),
  thankYou: z.string(),
  questions: z.array(QuestionOut),
  complete: z.boolean(),
});
export const SubmissionOut = z.object({ leadId: LeadId, next: NextStepOut });
export const PublishedOut = z.object({ id: DocumentId, version: z.number().int() });
export const AcceptedEventsOut = z.object({ accepted: z.number().int() });
export const ErrorOut = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export const EmptyOut = z.object({});
