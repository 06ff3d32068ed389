import * as z from 'zod';
import { FieldId, issuesFromZod, type Answer, type Answers, type LeadEvent } from '../functions/core/index.js';
import { parseJson, readUserFile } from './documents.js';
import { UsageError } from './errors.js';

const ISO_EXAMPLE = 'such as 2024-06-01T12:00:00Z';

/** Same shape as the API's `at`: a full date-time with a zone, so no one's local time leaks in. */
const Instant = z.iso.datetime({ offset: true, error: `must be an ISO 8601 date-time ${ISO_EXAMPLE}` });

const AnswerInput: z.ZodType<Answer> = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())], {
  error: 'an answer is text, a number, true/false or a list of texts',
});

/** `null` reads as "left blank", as it does on a form. */
export const AnswersInput = z
  .record(FieldId, AnswerInput.nullable(), {
    error: (issue) =>
      issue.code === 'invalid_key' ? 'is not a field id (must match ^[a-z][a-z0-9_]{0,63}$)' : 'must be a JSON object of field → answer',
  })
  .transform((answers): Answers =>
    Object.fromEntries(Object.entries(answers).flatMap(([field, answer]) => (answer === null ? [] : [[field, answer] as const]))),
  );

export const EventsInput = z.array(z.strictObject({ type: z.string().min(1, 'must name an event type'), at: Instant.optional() }), {
  error: 'must be a JSON array of {type, at}',
});

const describeIssues = (error: z.ZodError): string =>
  issuesFromZod(error)
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
    .join('; ');

/** A flag's JSON, inline or from `@file`, checked by `schema`; anything wrong is a usage error. */
export const readJsonFlag = async <S extends z.ZodType>(flag: string, value: string, schema: S, cwd: string): Promise<z.output<S>> => {
  const text = value.startsWith('@') ? await readUserFile(value.slice(1), cwd) : value;
  const parsed = parseJson(text);
  if (!parsed.ok) throw new UsageError(`${flag} is not valid JSON: ${parsed.message}`);
  const result = schema.safeParse(parsed.json);
  if (!result.success) throw new UsageError(`${flag}: ${describeIssues(result.error)}`);
  return result.data;
};

export const parseNow = (value: string | undefined, fallback: Date): Date => {
  if (value === undefined) return fallback;
  if (!Instant.safeParse(value).success) throw new UsageError(`--now must be an ISO 8601 date-time ${ISO_EXAMPLE}, not "${value}"`);
  return new Date(value);
};

/** An event without `at` happened at the simulated now. */
export const eventsAt = (events: z.output<typeof EventsInput>, now: Date): LeadEvent[] =>
  events.map(({ type, at }) => ({ type, at: at ?? now.toISOString() }));
