import { snakeCaseId } from './ids.js';
import * as z from 'zod';
import { RESERVED_KEYS } from './issues.js';
import { once } from './once.js';

// Schemas are built in calls marked @__PURE__: a function's bundle that never reads one leaves it
// out instead of building it at init (functions/http/wire.ts says why the mark needs the call).
// The form's own are built by `formSchema()` and `question()` on first use: a function that reads
// no form (or reads one only on a rare path) builds none of them at init; `FormSchema` and
// `Question` are those same schemas, built at once, for whoever needs them as values.

/** Field and form ids become keys of a stored lead (answers, skips per form), where these names are refused. */
const notReserved = (id: string): boolean => !RESERVED_KEYS.includes(id);

/** A field is shared by every form: the same id is the same fact about a lead. */
export const fieldId = /* @__PURE__ */ once(() => snakeCaseId()
  .refine(notReserved, 'is a reserved name')
  .meta({ id: 'FieldId', description: 'A lead field, shared by every form: answered once, never asked again.' }));
export const FieldId = /* @__PURE__ */ fieldId();
export const DocumentId = /* @__PURE__ */ (() => z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must match ^[a-z0-9][a-z0-9_-]{0,63}$')
  .refine(notReserved, 'is a reserved name')
  .meta({ id: 'DocumentId' }))();

export const DEFAULT_MAX_LENGTH = 500;
export const DEFAULT_QUESTIONS_PER_STEP = 3;

const scalar = /* @__PURE__ */ once(() => z.union([z.string(), z.number(), z.boolean()]));

export const askIf = /* @__PURE__ */ once(() => z.union(
  [
    z.strictObject({ field: fieldId(), equals: scalar() }),
    z.strictObject({ field: fieldId(), in: z.array(scalar()).min(1) }),
    z.strictObject({ field: fieldId(), notIn: z.array(scalar()).min(1) }),
    z.strictObject({ field: fieldId(), answered: z.boolean() }),
  ],
  { error: 'askIf needs a field and exactly one of equals, in, notIn, answered' },
).meta({ id: 'AskIf', description: 'Ask this question only when an earlier answer matches.' }));
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
  value: z.string().min(1).max(100),
  label: z.string().min(1).max(200),
}));

const options = /* @__PURE__ */ once(() => z
  .array(option())
  .min(1)
  .max(200)
  .refine((options) => new Set(options.map((o) => o.value)).size === options.length, 'option values must be unique')
  .meta({ id: 'Options' }));

const common = /* @__PURE__ */ once(() => ({
  id: fieldId(),
  label: z.string().min(1).max(300),
  required: z.boolean().optional().meta({ description: 'Asked before any optional question, and must be answered.' }),
  placeholder: z.string().max(200).optional(),
  help: z.string().max(1000).optional(),
  askIf: askIf().optional(),
}));

const textual = /* @__PURE__ */ once(() => ({
  ...common(),
  maxLength: z.int().min(1).max(10_000).optional().meta({ description: `Default ${DEFAULT_MAX_LENGTH}.` }),
  pattern: z.string().min(1).max(500).refine(isRegex, 'must be a valid regular expression').optional(),
}));

const minAtMostMax = (q: { min?: number | undefined; max?: number | undefined }): boolean =>
  q.min === undefined || q.max === undefined || q.min <= q.max;

export const question = /* @__PURE__ */ once(() => z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), ...textual() }),
  z.strictObject({ type: z.literal('textarea'), ...textual() }),
  z.strictObject({ type: z.literal('email'), ...textual() }),
  z.strictObject({ type: z.literal('tel'), ...textual() }),
  z
    .strictObject({ type: z.literal('number'), ...common(), min: z.number().optional(), max: z.number().optional() })
    .refine(minAtMostMax, { message: 'min must not exceed max', path: ['min'] }),
  z.strictObject({ type: z.literal('select'), ...common(), options: options() }),
  z
    .strictObject({
      type: z.literal('multiselect'),
      ...common(),
      options: options(),
      min: z.int().min(0).optional(),
      max: z.int().min(1).optional(),
    })
    .refine(minAtMostMax, { message: 'min must not exceed max', path: ['min'] }),
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
  .refine((s) => URL.canParse(s) && new URL(s).origin === s, 'must be an origin such as https://www.example.com (scheme, host, port; no path)'));

export const formSchema = /* @__PURE__ */ once(() => z
  .strictObject({
    $schema: z.string().optional(),
    id: DocumentId,
    title: z.string().min(1).max(200),
    playbook: DocumentId.default('default'),
    questionsPerStep: z
      .int()
      .min(1)
      .max(20)
      .default(DEFAULT_QUESTIONS_PER_STEP)
      .meta({ description: 'How many unanswered questions each step shows.' }),
    handRaiser: z.boolean().default(false).meta({ description: 'A submission sends the lead to sales at once, whatever its scores.' }),
    thankYou: z.string().min(1).max(2000).default('Thank you!'),
    submitLabel: z
      .string()
      .min(1)
      .max(60)
      .optional()
      .meta({ description: 'The button of the last step a visit asks (default "Submit"; earlier steps say "Continue"), e.g. "Get the e-book".' }),
    thankYouUrl: z
      .string()
      .max(2048)
      .regex(LINK_TARGET, 'must be an https:// URL or a path starting with /')
      .optional()
      .meta({ description: 'A link shown with the thank-you text, e.g. the download: an https:// URL, or a path on the site the form is embedded in.' }),
    allowedOrigins: z.array(origin()).max(50).default([]),
    questions: z.array(question()).min(1).max(100),
  })
  .superRefine((form, ctx) => {
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
  }));
export const FormSchema = /* @__PURE__ */ formSchema();

export type Question = z.output<typeof Question>;
export type QuestionType = Question['type'];
export type AskIf = z.output<typeof AskIf>;
export type Form = z.output<typeof FormSchema>;
export type FormInput = z.input<typeof FormSchema>;
