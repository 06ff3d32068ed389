import { stringify } from 'csv-stringify/sync';
import * as z from '../core/zod.js';
import { EMAIL_FIELD, formSchema, STAGES, currentAssignment, emailOf, newLifecycle, ownerOf, type Answer, type Stage } from '../core/index.js';
import type { AppDependencies } from './dependencies.js';
import { InvalidRequestError } from './errors.js';
import type { StoredLead } from './ports/store.js';
import { periodOf } from './reports.js';

/**
 * SPEC: pages stay under 5 MB. On AWS the body travels inside Lambda's JSON answer, whose limit
 * is 6 MB: the margin covers the envelope and headers.
 */
export const EXPORT_PAGE_BYTES = 5_000_000;

/** The lead's own columns, before one per field; camelCase like the JSON API, so no snake_case field id names one of them by chance. */
const LEAD_COLUMNS = ['leadId', 'email', 'stage', 'owner', 'rep', 'grade', 'fitPoints', 'band', 'interestScore', 'createdAt', 'qualifiedAt', 'utm_source'] as const;

/** A field whose id is a lead column's name gets this prefix: a spreadsheet (and `columns: true`) keys a row by its header. */
const CLASHING_FIELD_PREFIX = 'field:';

/**
 * OWASP's advice on CSV injection: a cell a spreadsheet would read as a formula (or whose leading
 * tab or carriage return hides one) is prefixed with `'`, which it shows as text. OWASP applies it
 * to every cell, so a negative number is prefixed too ("'-3"): the value survives, as text.
 */
export const safeCell = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

const cellOf = (answer: Answer | undefined): string => {
  if (answer === undefined) return '';
  // Multiselect options are ids (no `;`), so the joined list reads back unambiguously.
  return Array.isArray(answer) ? answer.join('; ') : String(answer);
};

/** One CSV record, CRLF-ended; cells with a line break are quoted too, which csv-stringify leaves to `quoted_match`. */
const record = (cells: readonly string[]): string => stringify([cells.map(safeCell)], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });

/** What a page costs in Lambda's answer, where the body is a JSON string: escaping can make it larger than the CSV. */
const costOf = (text: string): number => Buffer.byteLength(JSON.stringify(text));

/** The field ids of every published form: forms by id, questions in form order, each field once. */
export const exportFields = async (deps: Pick<AppDependencies, 'store'>): Promise<string[]> => {
  const forms = [...(await deps.store.latestDocuments('form'))].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const fields = new Set(forms.flatMap((form) => formSchema().parse(form.document).questions.map((question) => question.id)));
  // The email column already is the email field's answer.
  fields.delete(EMAIL_FIELD);
  return [...fields];
};

const header = (fields: readonly string[]): string[] => [
  ...LEAD_COLUMNS,
  ...fields.map((field) => ((LEAD_COLUMNS as readonly string[]).includes(field) ? `${CLASHING_FIELD_PREFIX}${field}` : field)),
];

const row = ({ lead, score, lifecycle = newLifecycle() }: StoredLead, fields: readonly string[]): string[] => [
  lead.leadId,
  emailOf(lead.answers) ?? '',
  lifecycle.stage,
  ownerOf(lifecycle.stage),
  currentAssignment(lifecycle)?.rep ?? '',
  score?.fit.grade ?? '',
  score ? String(score.fit.points) : '',
  score?.interest.band ?? '',
  score ? String(score.interest.score) : '',
  lead.createdAt,
  lifecycle.qualifiedAt ?? '',
  lead.source?.utmSource ?? '',
  ...fields.map((field) => cellOf(Object.hasOwn(lead.answers, field) ? lead.answers[field] : undefined)),
];

export interface ExportFilter {
  stage?: Stage | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * Where the next page starts (after this lead, in the store's order), and the filter it was
 * handed out for. A lead keeps its place in that order for life: one whose score or stage moves
 * while pages are read is neither skipped nor repeated, as it could be in the list's hottest-first order.
 */
const ExportCursor = z.strictObject({
  after: z.string().check(z.minLength(1), z.maxLength(200)),
  stage: z.nullable(z.enum(STAGES)),
  from: z.nullable(z.string()),
  to: z.nullable(z.string()),
});
type ExportCursor = z.output<typeof ExportCursor>;

const encodeCursor = (cursor: ExportCursor): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');

const badCursor = (message: string, cause?: unknown): InvalidRequestError =>
  new InvalidRequestError('the cursor is not valid', [{ path: 'cursor', message }], cause === undefined ? undefined : { cause });

const decodeCursor = (cursor: string, filter: ExportFilter): string => {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw badCursor('is not a cursor this export handed out', error);
  }
  const parsed = ExportCursor.safeParse(json);
  if (!parsed.success) throw badCursor('is not a cursor this export handed out');
  const { after, ...boundTo } = parsed.data;
  // A cursor is a place in one export: with another filter it would skip leads of that one.
  if (boundTo.stage !== (filter.stage ?? null) || boundTo.from !== (filter.from ?? null) || boundTo.to !== (filter.to ?? null)) {
    throw badCursor('belongs to an export with another stage, from or to');
  }
  return after;
};

/**
 * An export has no default period, unlike the reports: an absent bound is open. Given ones follow
 * the reports' rules (inclusive, a date covers its UTC day, from after to refused).
 */
const createdBetween = (filter: ExportFilter, now: Date): ((lead: StoredLead) => boolean) => {
  if (filter.from === undefined && filter.to === undefined) return () => true;
  const { from, to } = periodOf({ from: filter.from ?? '0000-01-01', to: filter.to ?? '9999-12-31' }, now);
  return ({ lead }) => {
    const created = Date.parse(lead.createdAt);
    return created >= from.getTime() && created <= to.getTime();
  };
};

export interface ExportPage {
  /** The page's CSV: a header row, then one row per lead. */
  csv: string;
  leads: number;
  /** Only while more remain. */
  cursor?: string;
}

/**
 * One page of the lead export: the leads in the store's order from where the cursor left off,
 * until the next row would pass the byte budget. Each page reads on from there, so an export of
 * any size reads the leads once, whatever the number of pages.
 */
export const exportLeads = async (
  deps: Pick<AppDependencies, 'store' | 'now'>,
  filter: ExportFilter,
  cursor?: string,
  pageBytes: number = EXPORT_PAGE_BYTES,
): Promise<ExportPage> => {
  const inPeriod = createdBetween(filter, deps.now());
  const after = cursor === undefined ? undefined : decodeCursor(cursor, filter);
  const fields = await exportFields(deps);

  let csv = record(header(fields));
  let bytes = costOf(csv);
  let leads = 0;
  let last: string | undefined;
  let more = false;
  for await (const stored of deps.store.allLeads(after)) {
    if (filter.stage !== undefined && (stored.lifecycle ?? newLifecycle()).stage !== filter.stage) continue;
    if (!inPeriod(stored)) continue;
    const line = record(row(stored, fields));
    const cost = costOf(line);
    // The first row goes in whatever it costs, so that every page moves the export on.
    if (leads > 0 && bytes + cost > pageBytes) {
      more = true;
      break;
    }
    csv += line;
    bytes += cost;
    leads += 1;
    last = stored.lead.leadId;
  }
  return {
    csv,
    leads,
    ...(more && last ? { cursor: encodeCursor({ after: last, stage: filter.stage ?? null, from: filter.from ?? null, to: filter.to ?? null }) } : {}),
  };
};
