import { STAGES, answersOf, currentAssignment, emailOf, identityOf, newLifecycle, own, ownerOf, type Answers, type Form, type Stage } from '../core/index.js';
import type { AppDependencies } from './dependencies.js';
import { InvalidRequestError } from './errors.js';
import { publishedForms } from './documents.js';
import { InvalidCursorError } from './ports/errors.js';
import type { StoredLead } from './ports/store.js';
import { periodOf } from './reports.js';

/** The inbox's narrowing of a stage's list; every part optional, all of them must hold. */
export interface LeadFilter {
  /** Rep id, or `none` for leads nobody has. */
  rep?: string | undefined;
  pool?: string | undefined;
  /** Words found in the email, name or company (any case). */
  q?: string | undefined;
  /** The form that created the lead or that it last submitted. */
  form?: string | undefined;
  grade?: string | undefined;
  band?: string | undefined;
  /** Created at or after / at or before (report bounds: a date covers its UTC day). */
  from?: string | undefined;
  to?: string | undefined;
  /** `exclude`: leave out visitors who only viewed pages (no form step, no email). */
  anonymous?: 'include' | 'exclude' | undefined;
}

/** A visitor the site only saw: no form step, no email. Most of the `lead` stage, and nobody sales can call. */
const isAnonymous = ({ lead }: StoredLead): boolean => lead.submissionIds.length === 0 && emailOf(answersOf(lead)) === undefined;

/** The form a lead's row names: the one it last submitted (for a hand-raiser, where it asked), else the one that created it. */
const formOf = ({ lead }: StoredLead): string | undefined => lead.lastFormId ?? lead.source?.formId;

/** A list row's excerpt of what a lead wrote: long enough to tell one request from another, short enough for one line. */
const ASKED_MAX = 200;

/** What the lead wrote in its own words (the first long-text answer of its form): for a hand-raiser, what it asked for. */
const askedOf = (answers: Answers, form: Form | undefined): string | undefined => {
  for (const question of form?.questions ?? []) {
    const answer = question.type === 'textarea' ? own(answers, question.id) : undefined;
    if (typeof answer === 'string' && answer.trim() !== '') return answer.trim().slice(0, ASKED_MAX);
  }
  return undefined;
};

/** What a list shows of a lead: enough to pick the next one to call. */
const summaryOf = (stored: StoredLead, forms: ReadonlyMap<string, Form>) => {
  const { lead, score, lifecycle = newLifecycle() } = stored;
  const assignment = currentAssignment(lifecycle);
  const answers = answersOf(lead);
  const identity = identityOf(answers, [...forms.values()]);
  const formId = formOf(stored);
  const form = formId === undefined ? undefined : forms.get(formId);
  return {
    leadId: lead.leadId,
    email: identity.email ?? null,
    name: identity.name ?? null,
    company: identity.company ?? null,
    form: formId ? { id: formId, title: form?.title ?? formId } : null,
    asked: askedOf(answers, form) ?? null,
    anonymous: isAnonymous(stored),
    stage: lifecycle.stage,
    owner: ownerOf(lifecycle.stage),
    handRaiser: lifecycle.handRaiser,
    cycle: lifecycle.cycle,
    createdAt: lead.createdAt,
    qualifiedAt: lifecycle.qualifiedAt ?? null,
    fit: score ? { points: score.fit.points, grade: score.fit.grade } : null,
    interest: score ? { score: score.interest.score, band: score.interest.band } : null,
    scoredAt: score?.scoredAt ?? null,
    rep: assignment?.rep ?? null,
    pool: assignment?.pool ?? null,
    dueAt: assignment?.rep && !assignment.touchedAt && lifecycle.stage === 'MQL' ? (assignment.dueAt ?? null) : null,
  };
};

/** Case and accents aside: "José" is found by "jose". */
const folded = (text: string): string => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** The filter as one test of a stored lead; undefined when it keeps every lead (the store then reads no more than a page). */
const matcherOf = (filter: LeadFilter, forms: ReadonlyMap<string, Form>, now: Date): ((stored: StoredLead) => boolean) | undefined => {
  const tests: ((stored: StoredLead) => boolean)[] = [];
  const { rep, pool, q, form, grade, band, from, to, anonymous } = filter;
  if (rep !== undefined || pool !== undefined) {
    tests.push(({ lifecycle }) => {
      const assignment = lifecycle ? currentAssignment(lifecycle) : undefined;
      return (rep === undefined || (rep === 'none' ? !assignment?.rep : assignment?.rep === rep)) && (pool === undefined || assignment?.pool === pool);
    });
  }
  const words = q === undefined ? [] : folded(q).split(/\s+/).filter(Boolean);
  if (words.length > 0) {
    const all = [...forms.values()];
    tests.push(({ lead }) => {
      const { email, name, company } = identityOf(answersOf(lead), all);
      const text = folded([email, name, company].filter(Boolean).join(' '));
      return words.every((word) => text.includes(word));
    });
  }
  if (form !== undefined) tests.push(({ lead }) => lead.lastFormId === form || lead.source?.formId === form);
  if (grade !== undefined) tests.push(({ score }) => score?.fit.grade === grade);
  if (band !== undefined) tests.push(({ score }) => score?.interest.band === band);
  if (from !== undefined || to !== undefined) {
    // An absent bound is open, as in the CSV export: the list has no default period.
    const period = periodOf({ from: from ?? '0000-01-01', to: to ?? '9999-12-31' }, now);
    tests.push(({ lead }) => {
      const created = Date.parse(lead.createdAt);
      return created >= period.from.getTime() && created <= period.to.getTime();
    });
  }
  if (anonymous === 'exclude') tests.push((stored) => !isAnonymous(stored));
  return tests.length === 0 ? undefined : (stored) => tests.every((test) => test(stored));
};

/**
 * How far a stage's count goes: past it the tab says "1,000+". A count reads the stage's own
 * index partition (never the table), and no further than this many matches: what a keystroke
 * in the search box may cost.
 */
const COUNT_LIMIT = 1000;

interface StageCount {
  count: number;
  /** More than `count` match: the count stopped at COUNT_LIMIT. */
  more: boolean;
}

const invalidCursor = (error: unknown): never => {
  if (error instanceof InvalidCursorError) throw new InvalidRequestError('the cursor is not valid', [{ path: 'cursor', message: error.message }], { cause: error });
  throw error;
};

interface ListOptions {
  stage: Stage;
  limit: number;
  cursor?: string | undefined;
  filter?: LeadFilter;
  /** Also count every stage's leads under the same filter (the inbox's tabs). */
  counts?: boolean;
}

/**
 * Leads in a stage, hottest first, a page at a time, narrowed by the filter; with `counts`, how
 * many leads each stage holds under that filter. A cursor only while more remain.
 */
export const listLeads = async (deps: Pick<AppDependencies, 'store' | 'now'>, { stage, limit, cursor, filter = {}, counts = false }: ListOptions) => {
  const forms = new Map((await publishedForms(deps.store)).map((form) => [form.id, form]));
  const where = matcherOf(filter, forms, deps.now());
  const [page, tally] = await Promise.all([
    deps.store.leadsInStage(stage, limit, cursor, where).catch(invalidCursor),
    counts
      ? Promise.all(
          STAGES.map(async (each) => {
            const found = await deps.store.leadsInStage(each, COUNT_LIMIT, undefined, where);
            return [each, { count: found.leads.length, more: found.cursor !== undefined }] as const;
          }),
        )
      : undefined,
  ]);
  return {
    leads: page.leads.map((stored) => summaryOf(stored, forms)),
    ...(page.cursor ? { cursor: page.cursor } : {}),
    // The tabs' counts and the form filter's choices come together: what an inbox asks for when its filter changes.
    ...(tally ? { counts: Object.fromEntries(tally) as Record<Stage, StageCount>, forms: [...forms.values()].map((form) => ({ id: form.id, title: form.title })) } : {}),
  };
};
