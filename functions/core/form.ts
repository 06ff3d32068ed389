import { snakeCaseId } from './ids.js';
import { RESERVED_KEYS } from './issues.js';
import { once } from './once.js';
import * as z from './zod.js';

// Schemas are built in calls marked @__PURE__: a function's bundle that never reads one leaves it
// out instead of building it at init (functions/http/wire.ts says why the mark needs the call).
// The form's own are built by `formSchema()` and `question()` on first use: a function that reads
// no form (or reads one only on a rare path) builds none of them at init; `FormSchema` and
// `Question` are those same schemas, built at once, for whoever needs them as values.
// A schema named in the JSON Schemas' definitions takes its `id` by `z.meta`, here and in the
// other documents: it names a copy, so a schema later refined from this one does not claim the
// same id (core/zod.ts says why neither mini's `z.meta` check nor `.register()` would do).

/** Field and form ids become keys of a stored lead (answers, skips per form), where these names are refused. */
const notReserved = (id: string): boolean => !RESERVED_KEYS.includes(id);

/** A field is shared by every form: the same id is the same fact about a lead. */
export const fieldId = /* @__PURE__ */ once(() =>
  z.meta(snakeCaseId().check(z.refine(notReserved, 'is a reserved name')), {
    id: 'FieldId',
    description: 'A lead field, shared by every form: answered once, never asked again.',
  }));
export const FieldId = /* @__PURE__ */ fieldId();
export const DocumentId = /* @__PURE__ */ (() =>
  z.meta(
    z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must match ^[a-z0-9][a-z0-9_-]{0,63}$'), z.refine(notReserved, 'is a reserved name')),
    { id: 'DocumentId' },
  ))();

export const DEFAULT_MAX_LENGTH = 500;
export const DEFAULT_QUESTIONS_PER_STEP = 3;

const scalar = /* @__PURE__ */ once(() => z.union([z.string(), z.number(), z.boolean()]));

export const askIf = /* @__PURE__ */ once(() =>
  z.meta(
    z.union(
      [
        z.strictObject({ field: fieldId(), equals: scalar() }),
        z.strictObject({ field: fieldId(), in: z.array(scalar()).check(z.minLength(1)) }),
        z.strictObject({ field: fieldId(), notIn: z.array(scalar()).check(z.minLength(1)) }),
        z.strictObject({ field: fieldId(), answered: z.boolean() }),
      ],
      { error: 'askIf needs a field and exactly one of equals, in, notIn, answered' },
    ),
    { id: 'AskIf', description: 'Ask this question only when an earlier answer matches.' },
  ));
export const AskIf = /* @__PURE__ */ askIf();

const isRegex = (source: string): boolean => {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
};

const option = /* @__PURE__ */ once(() => z.strictObject({
  value: z.string().check(z.minLength(1), z.maxLength(100)),
  label: z.string().check(z.minLength(1), z.maxLength(200)),
}));

const options = /* @__PURE__ */ once(() =>
  z.meta(
    z
      .array(option())
      .check(
        z.minLength(1),
        z.maxLength(200),
        z.refine((options) => new Set(options.map((o) => o.value)).size === options.length, 'option values must be unique'),
      ),
    { id: 'Options' },
  ));

const common = /* @__PURE__ */ once(() => ({
  id: fieldId(),
  label: z.string().check(z.minLength(1), z.maxLength(300)),
  required: z.meta(z.optional(z.boolean()), { description: 'Asked before any optional question, and must be answered.' }),
  placeholder: z.optional(z.string().check(z.maxLength(200))),
  help: z.optional(z.string().check(z.maxLength(1000))),
  askIf: z.optional(askIf()),
}));

const textual = /* @__PURE__ */ once(() => ({
  ...common(),
  maxLength: z.meta(z.optional(z.int().check(z.gte(1), z.lte(10_000))), { description: `Default ${DEFAULT_MAX_LENGTH}.` }),
  pattern: z.optional(z.string().check(z.minLength(1), z.maxLength(500), z.refine(isRegex, 'must be a valid regular expression'))),
}));

const minAtMostMax = (q: { min?: number | undefined; max?: number | undefined }): boolean =>
  q.min === undefined || q.max === undefined || q.min <= q.max;

export const question = /* @__PURE__ */ once(() => z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), ...textual() }),
  z.strictObject({ type: z.literal('textarea'), ...textual() }),
  z.strictObject({ type: z.literal('email'), ...textual() }),
  z.strictObject({ type: z.literal('tel'), ...textual() }),
  z
    .strictObject({ type: z.literal('number'), ...common(), min: z.optional(z.number()), max: z.optional(z.number()) })
    .check(z.refine(minAtMostMax, { message: 'min must not exceed max', path: ['min'] })),
  z.strictObject({ type: z.literal('select'), ...common(), options: options() }),
  z
    .strictObject({
      type: z.literal('multiselect'),
      ...common(),
      options: options(),
      min: z.optional(z.int().check(z.gte(0))),
      max: z.optional(z.int().check(z.gte(1))),
    })
    .check(z.refine(minAtMostMax, { message: 'min must not exceed max', path: ['min'] })),
  z.strictObject({ type: z.literal('checkbox'), ...common() }),
]));
export const Question = /* @__PURE__ */ question();

/**
 * Where the thank-you links to: an https URL, or a path on the site the form is embedded in
 * (a browser resolves it against that page). `//host` and `/\host` are refused: browsers read
 * both as another host; plain http and `javascript:` have no place in a link we show. A pattern
 * rather than a check in code, so that editors reading the JSON Schema flag it too.
 */
const LINK_TARGET = /^(?:https:\/\/[^\s/?#]+|\/(?![/\\]))\S*$/;

const origin = /* @__PURE__ */ once(() => z
  .string()
  .check(z.refine((s) => URL.canParse(s) && new URL(s).origin === s, 'must be an origin such as https://www.example.com (scheme, host, port; no path)')));

export const formSchema = /* @__PURE__ */ once(() => z
  .strictObject({
    $schema: z.optional(z.string()),
    id: DocumentId,
    title: z.string().check(z.minLength(1), z.maxLength(200)),
    playbook: z._default(DocumentId, 'default'),
    questionsPerStep: z.meta(z._default(z.int().check(z.gte(1), z.lte(20)), DEFAULT_QUESTIONS_PER_STEP), {
      description: 'How many unanswered questions each step shows.',
    }),
    handRaiser: z.meta(z._default(z.boolean(), false), { description: 'A submission sends the lead to sales at once, whatever its scores.' }),
    thankYou: z._default(z.string().check(z.minLength(1), z.maxLength(2000)), 'Thank you!'),
    submitLabel: z.meta(z.optional(z.string().check(z.minLength(1), z.maxLength(60))), {
      description: 'The button of the last step a visit asks (default "Submit"; earlier steps say "Continue"), e.g. "Get the e-book".',
    }),
    thankYouUrl: z.meta(z.optional(z.string().check(z.maxLength(2048), z.regex(LINK_TARGET, 'must be an https:// URL or a path starting with /'))), {
      description: 'A link shown with the thank-you text, e.g. the download: an https:// URL, or a path on the site the form is embedded in.',
    }),
    allowedOrigins: z._default(z.array(origin()).check(z.maxLength(50)), []),
    questions: z.array(question()).check(z.minLength(1), z.maxLength(100)),
  })
  .check(z.superRefine((form, ctx) => {
    const seen = new Map<string, number>();
    form.questions.forEach((question, index) => {
      if (seen.has(question.id)) {
        ctx.addIssue({ code: 'custom', path: ['questions', index, 'id'], message: `duplicate question id "${question.id}"` });
      }
      const { askIf } = question;
      if (askIf) {
        const target = seen.get(askIf.field);
        if (target === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['questions', index, 'askIf', 'field'],
            message: `askIf must name an earlier question of this form; "${askIf.field}" is not one`,
          });
        } else {
          const earlier = form.questions[target];
          const values = 'equals' in askIf ? [askIf.equals] : 'in' in askIf ? askIf.in : 'notIn' in askIf ? askIf.notIn : [];
          if (earlier && 'options' in earlier) {
            const allowed = new Set(earlier.options.map((o) => o.value));
            for (const value of values) {
              if (!allowed.has(String(value))) {
                ctx.addIssue({
                  code: 'custom',
                  path: ['questions', index, 'askIf'],
                  message: `"${String(value)}" is not an option of question "${askIf.field}"`,
                });
              }
            }
          }
        }
      }
      if (!seen.has(question.id)) seen.set(question.id, index);
    });
  })));
export const FormSchema = /* @__PURE__ */ formSchema();

export type Question = z.output<typeof Question>;
export type QuestionType = Question['type'];
export type AskIf = z.output<typeof AskIf>;
export type Form = z.output<typeof FormSchema>;
export type FormInput = z.input<typeof FormSchema>;
