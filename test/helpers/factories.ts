import { readFileSync, readdirSync } from 'node:fs';
import type { z } from 'zod';
import type { EventRecord, PublishedDocument, StoredScore, SubmissionRecord, WebhookDelivery } from '../../functions/app/ports/store.js';
import type { Located } from '../../functions/core/cross-check.js';
import { scoreFit } from '../../functions/core/fit.js';
import { FormSchema, Question, type Form, type FormInput, type QuestionType } from '../../functions/core/form.js';
import { scoreInterest } from '../../functions/core/interest.js';
import type { Answers, LeadEvent, LeadProfile } from '../../functions/core/lead.js';
import { newLeadRecord, type LeadRecord } from '../../functions/core/lead-record.js';
import { newLifecycle, type Decision, type Lifecycle, type LifecycleInput } from '../../functions/core/lifecycle.js';
import type { EscalationNotificationInput, QualifiedNotificationInput } from '../../functions/core/notification.js';
import { PlaybookSchema, type Playbook, type PlaybookInput } from '../../functions/core/playbook.js';
import { TeamSchema, type Team } from '../../functions/core/team.js';
import { newSecret, type WebhookEndpoint } from '../../functions/core/webhooks.js';

/** The one clock every test reads: the core takes `now` as a parameter. */
export const NOW = new Date('2025-03-01T12:00:00.000Z');

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const hoursAgo = (hours: number, now: Date = NOW): Date => new Date(now.getTime() - hours * HOUR_MS);
export const daysAgo = (days: number, now: Date = NOW): Date => new Date(now.getTime() - days * DAY_MS);

// ---------------------------------------------------------------- questions

export type QuestionInput = z.input<typeof Question>;
type QuestionInputOf<T extends QuestionType> = Extract<QuestionInput, { type: T }>;
type QuestionOf<T extends QuestionType> = Extract<Question, { type: T }>;
export type QuestionOverrides<T extends QuestionType> = Partial<Omit<QuestionInputOf<T>, 'type'>>;

export const COMPANY_SIZES = ['1-10', '11-50', '51-200', '201+'] as const;
export const ROLES = ['decision_maker', 'influencer', 'user'] as const;
export const TIMEFRAMES = ['3m', '12m', 'none'] as const;
export const TOPICS = ['fit_scoring', 'interest_decay', 'routing', 'sla'] as const;

const optionsOf = (values: readonly string[]) => values.map((value) => ({ value, label: `Option ${value}` }));

const QUESTION_DEFAULTS: { [T in QuestionType]: QuestionInputOf<T> } = {
  text: { type: 'text', id: 'company', label: 'Company' },
  textarea: { type: 'textarea', id: 'message', label: 'What would you like to see?' },
  email: { type: 'email', id: 'email', label: 'Work email' },
  tel: { type: 'tel', id: 'phone', label: 'Phone' },
  number: { type: 'number', id: 'budget', label: 'Yearly budget (USD)' },
  select: { type: 'select', id: 'company_size', label: 'Company size', options: optionsOf(COMPANY_SIZES) },
  multiselect: { type: 'multiselect', id: 'topics', label: 'Topics', options: optionsOf(TOPICS) },
  checkbox: { type: 'checkbox', id: 'consent', label: 'I agree to be contacted' },
};

export const QUESTION_TYPES = Object.keys(QUESTION_DEFAULTS) as QuestionType[];

/** A question as a marketer writes it (unparsed): for schema tests that break it on purpose. */
export const aQuestionInput = <T extends QuestionType>(type: T, overrides: QuestionOverrides<T> = {}): QuestionInputOf<T> => ({
  ...QUESTION_DEFAULTS[type],
  ...overrides,
  type,
});

/** A question parsed by the form's own schema. */
export const aQuestion = <T extends QuestionType>(type: T, overrides: QuestionOverrides<T> = {}): QuestionOf<T> =>
  Question.parse(aQuestionInput(type, overrides)) as QuestionOf<T>;

// ---------------------------------------------------------------- forms

/** The example form of SPEC.md ("Form definition"), as written there. */
export const aSpecFormInput = (): FormInput => ({
  $schema: '../schemas/form.schema.json',
  id: 'demo-request',
  title: 'See Winnow in action',
  playbook: 'default',
  questionsPerStep: 2,
  handRaiser: false,
  thankYou: "Thanks! We'll be in touch.",
  allowedOrigins: ['https://www.example.com', 'http://localhost:3000'],
  questions: [
    { id: 'email', type: 'email', label: 'Work email', required: true },
    {
      id: 'company_size',
      type: 'select',
      label: 'Company size',
      options: [
        { value: '1-10', label: '1–10' },
        { value: '11-50', label: '11–50' },
        { value: '51-200', label: '51–200' },
        { value: '201+', label: '201+' },
      ],
    },
    {
      id: 'role',
      type: 'select',
      label: 'Your role',
      options: [
        { value: 'decision_maker', label: 'I decide' },
        { value: 'influencer', label: 'I recommend' },
        { value: 'user', label: 'I use it' },
      ],
    },
    {
      id: 'timeframe',
      type: 'select',
      label: 'When do you plan to buy?',
      options: [
        { value: '3m', label: 'Within 3 months' },
        { value: '12m', label: 'This year' },
        { value: 'none', label: 'No plans' },
      ],
      askIf: { field: 'company_size', notIn: ['1-10'] },
    },
    { id: 'budget', type: 'number', label: 'Yearly budget (USD)', min: 0 },
  ],
});

export const aSpecForm = (overrides: Partial<FormInput> = {}): Form => FormSchema.parse({ ...aSpecFormInput(), ...overrides });

/** A small valid form (unparsed): an email and a company, nothing else set. */
export const aFormInput = (overrides: Partial<FormInput> = {}): FormInput => ({
  id: 'contact-us',
  title: 'Contact us',
  questions: [aQuestionInput('email', { required: true }), aQuestionInput('text')],
  ...overrides,
});

export const aForm = (overrides: Partial<FormInput> = {}): Form => FormSchema.parse(aFormInput(overrides));

/** A form asking exactly these questions, `questionsPerStep` of them at a time. */
export const aFormAsking = (questions: QuestionInput[], questionsPerStep = 3, id = 'contact-us'): Form =>
  aForm({ id, questions, questionsPerStep });

// ---------------------------------------------------------------- playbooks

/** The routing grid of SPEC.md's playbook, row by row. */
export const specRouting = () => ({
  A: { hot: 'sales', warm: 'sales', cold: 'sales' },
  B: { hot: 'sales', warm: 'sales', cold: 'marketing' },
  C: { hot: 'sales', warm: 'marketing', cold: 'marketing' },
  D: { hot: 'marketing', warm: 'marketing', cold: 'marketing' },
} satisfies PlaybookInput['routing']);

/** The example playbook of SPEC.md ("Playbook"), as written there. */
export const aSpecPlaybookInput = (): PlaybookInput => ({
  $schema: '../schemas/playbook.schema.json',
  id: 'default',
  fit: {
    criteria: [
      { id: 'profile', field: 'company_size', points: { '1-10': 1, '11-50': 2, '51-200': 3, '201+': 3 } },
      { id: 'authority', field: 'role', points: { decision_maker: 3, influencer: 2, user: 1 } },
      { id: 'timeframe', field: 'timeframe', points: { '3m': 3, '12m': 2, none: 0 } },
      { id: 'budget', field: 'budget', ranges: [{ min: 50000, points: 3 }, { min: 10000, points: 2 }] },
    ],
    grades: { A: 10, B: 7, C: 4 },
  },
  interest: {
    events: {
      page_view: 1,
      pricing_view: 5,
      content_download: 5,
      webinar_attended: 10,
      email_open: 1,
      email_click: 3,
      event_attended: 10,
      form_submission: 5,
    },
    publicEvents: ['page_view', 'pricing_view', 'content_download'],
    caps: { page_view: 10, pricing_view: 15, content_download: 10 },
    halfLifeDays: 30,
    bands: { hot: 40, warm: 15 },
  },
  routing: specRouting(),
  notify: { email: ['sales@example.com'], slack: true },
  sla: { acceptWithinHours: 24, escalateTo: ['sales-lead@example.com'] },
  recycle: { afterDays: 30 },
});

export type PlaybookOverrides = Omit<Partial<PlaybookInput>, 'fit' | 'interest'> & {
  fit?: Partial<PlaybookInput['fit']>;
  interest?: Partial<PlaybookInput['interest']>;
};

/** The SPEC's playbook (unparsed) with `fit` and `interest` merged one level deep. */
export const aPlaybookInput = (overrides: PlaybookOverrides = {}): PlaybookInput => {
  const base = aSpecPlaybookInput();
  return {
    ...base,
    ...overrides,
    fit: { ...base.fit, ...overrides.fit },
    interest: { ...base.interest, ...overrides.interest },
  };
};

export const aPlaybook = (overrides: PlaybookOverrides = {}): Playbook => PlaybookSchema.parse(aPlaybookInput(overrides));

export const aSpecPlaybook = (): Playbook => aPlaybook();

// ---------------------------------------------------------------- leads and events

export const aLead = (answers: Answers = {}, skipped: Record<string, string[]> = {}): LeadProfile => ({ answers, skipped });

/** An event `daysAgo` days before `now` (negative: in the future). */
export const anEvent = (type: string, daysBeforeNow = 0, now: Date = NOW): LeadEvent => ({
  type,
  at: daysAgo(daysBeforeNow, now).toISOString(),
});

export const eventsOf = (type: string, count: number, daysBeforeNow = 0, now: Date = NOW): LeadEvent[] =>
  Array.from({ length: count }, () => anEvent(type, daysBeforeNow, now));

/** A stored lead created `daysAgo(10)`, with nothing answered yet unless overridden. */
export const aLeadRecord = (overrides: Partial<LeadRecord> = {}): LeadRecord => ({
  ...newLeadRecord(overrides.leadId ?? 'lead_a', daysAgo(10)),
  ...overrides,
});

/** Answers that make the SPEC's playbook grade a lead A (3 + 3 + 3 + 3 = 12 points). */
export const gradeAAnswers = (): Answers => ({
  email: 'ada@example.com',
  company_size: '201+',
  role: 'decision_maker',
  timeframe: '3m',
  budget: 60000,
});

// ---------------------------------------------------------------- lifecycle

export const QUALIFIED_AT = hoursAgo(2);
export const NURTURED_AT = daysAgo(10);

/** A lifecycle in `stage`, consistent with how it got there (cycle 1, dates set). */
export const aLifecycle = (overrides: Partial<Lifecycle> = {}): Lifecycle => {
  const stage = overrides.stage ?? 'lead';
  return {
    ...newLifecycle(),
    ...(stage === 'lead' ? {} : { cycle: 1, qualifiedAt: QUALIFIED_AT.toISOString() }),
    ...(stage === 'nurture' ? { nurturedAt: NURTURED_AT.toISOString(), returnReason: 'no budget this year' } : {}),
    ...overrides,
  };
};

type Scored = Extract<LifecycleInput, { kind: 'scored' }>;
type Feedback = Extract<LifecycleInput, { kind: 'feedback' }>;

/** A finished scoring job; by default a grade-D cold lead the grid leaves with marketing. */
export const aScoring = (overrides: Partial<Omit<Scored, 'kind'>> = {}): Scored => ({
  kind: 'scored',
  grade: 'D',
  band: 'cold',
  owner: 'marketing',
  handRaised: false,
  now: NOW,
  ...overrides,
});

/** A scoring job whose grid cell (grade A, hot) routes the lead to sales. */
export const aSalesScoring = (overrides: Partial<Omit<Scored, 'kind'>> = {}): Scored =>
  aScoring({ grade: 'A', band: 'hot', owner: 'sales', ...overrides });

export const aHandRaise = (overrides: Partial<Omit<Scored, 'kind'>> = {}): Scored =>
  aScoring({ handRaised: true, formId: 'demo-request', ...overrides });

export const aFeedback = (decision: Decision, overrides: Partial<Omit<Feedback, 'kind' | 'decision'>> = {}): Feedback => ({
  kind: 'feedback',
  decision,
  ...(decision === 'reject' ? { reason: 'no budget this year' } : {}),
  now: NOW,
  ...overrides,
});

export const anSlaCheck = (now: Date = NOW): LifecycleInput => ({ kind: 'sla', now });

// ---------------------------------------------------------------- notifications

export const LINKS = {
  accept: 'https://winnow.example.com/v1/feedback/lead_123?decision=accept&cycle=1&sig=abc',
  reject: 'https://winnow.example.com/v1/feedback/lead_123?decision=reject&cycle=1&sig=def',
};

/** What the scorer hands the notification: a grade-A lead with a few events, scored by the SPEC's playbook. */
export const aQualifiedNotificationInput = (
  overrides: Partial<QualifiedNotificationInput> & { answers?: Answers; events?: LeadEvent[] } = {},
): QualifiedNotificationInput => {
  const { answers = gradeAAnswers(), events = [...eventsOf('pricing_view', 2, 1), anEvent('webinar_attended', 3)], ...rest } = overrides;
  const playbook = aPlaybook();
  return {
    lead: { leadId: 'lead_123', email: 'ada@example.com', formTitle: 'See Winnow in action' },
    fit: scoreFit(playbook, answers),
    interest: scoreInterest(playbook, events, NOW),
    cycle: 1,
    handRaiser: false,
    links: LINKS,
    ...rest,
  };
};

export const anEscalationNotificationInput = (
  overrides: Partial<EscalationNotificationInput> & { answers?: Answers; events?: LeadEvent[] } = {},
): EscalationNotificationInput => {
  const { hoursWaiting = 26, ...rest } = overrides;
  return { ...aQualifiedNotificationInput(rest), hoursWaiting };
};

// ---------------------------------------------------------------- documents on disk

export const aLocated = <T>(file: string, document: T): Located<T> => ({ file, document });

const REPO = new URL('../../', import.meta.url);

const readDocuments = (folder: string): Located<unknown>[] => {
  const dir = new URL(`${folder}/`, REPO);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => aLocated(`${folder}/${name}`, JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as unknown));
};

/** The example forms a marketer copies (`forms/*.json`), parsed by the form schema. */
export const exampleForms = (): Located<Form>[] =>
  readDocuments('forms').map(({ file, document }) => aLocated(file, FormSchema.parse(document)));

/** The example playbooks (`playbooks/*.json`), parsed by the playbook schema. */
export const examplePlaybooks = (): Located<Playbook>[] =>
  readDocuments('playbooks').map(({ file, document }) => aLocated(file, PlaybookSchema.parse(document)));

/** The example teams (`teams/*.json`), parsed by the team schema. */
export const exampleTeams = (): Located<Team>[] =>
  readDocuments('teams').map(({ file, document }) => aLocated(file, TeamSchema.parse(document)));

// ---------------------------------------------------------------- tables

/** Table rows titled by their own sentence (`it.each(named(rows))('%s', …)`): `$field` titles quote strings. */
export const named = <T extends { behaviour: string }>(rows: readonly T[]): (readonly [string, T])[] =>
  rows.map((row) => [row.behaviour, row] as const);

// ---------------------------------------------------------------- what a store holds

/** A step as a store keeps it: accepted for `lead_a` at NOW, not yet scored. */
export const aSubmissionRecord = (overrides: Partial<SubmissionRecord> = {}): SubmissionRecord => ({
  submissionId: 'sub-1',
  leadId: 'lead_a',
  fingerprint: 'fp-1',
  formId: 'demo-request',
  formVersion: 1,
  answers: { email: 'ada@example.com' },
  skipped: [],
  at: NOW.toISOString(),
  response: { leadId: overrides.leadId ?? 'lead_a', next: { questions: [], complete: true } },
  ...overrides,
});

/** A browser's event as a store keeps it: `lead_a` viewed pricing at NOW, not yet scored. */
export const anEventRecord = (overrides: Partial<EventRecord> = {}): EventRecord => ({
  eventId: 'evt-1',
  leadId: 'lead_a',
  fingerprint: 'fp-1',
  type: 'pricing_view',
  at: NOW.toISOString(),
  receivedAt: NOW.toISOString(),
  source: 'public',
  ...overrides,
});

/** A score as the scorer stores it: `interest` and fit `points` as given, owned by sales. */
export const aStoredScore = ({ interest = 0, fit = 0 }: { interest?: number; fit?: number } = {}): StoredScore => ({
  fit: { points: fit, grade: 'A' },
  interest: { score: interest, band: 'hot' },
  owner: 'sales',
  playbookId: 'default',
  playbookVersion: 1,
  scoredAt: NOW.toISOString(),
});

/** A version of a document as published: the SPEC's form or playbook, published at NOW. */
export const aPublishedDocument = (overrides: Partial<PublishedDocument> = {}): PublishedDocument => ({
  kind: 'form',
  id: 'demo-request',
  version: 1,
  document: overrides.kind === 'playbook' ? aPlaybookInput() : aSpecFormInput(),
  publishedAt: NOW.toISOString(),
  ...overrides,
});

/** A webhook endpoint as stored: `hubspot`, https, two event types, enabled, one secret (32 bytes of 1s), created 30 days before NOW. */
export const aWebhookEndpoint = (overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id: 'hubspot',
  url: 'https://crm.example.com/hooks/winnow',
  events: ['lead.qualified', 'lead.erased'],
  enabled: true,
  secrets: [{ secret: newSecret(new Uint8Array(32).fill(1)), createdAt: daysAgo(30).toISOString() }],
  createdAt: daysAgo(30).toISOString(),
  ...overrides,
});

/** A delivery just created for `hubspot`: `lead_a` qualified at NOW, pending, its first attempt due at once. */
export const aWebhookDelivery = (overrides: Partial<WebhookDelivery> = {}): WebhookDelivery => ({
  deliveryId: 'msg_01JNQ0000000000000000000AA',
  endpointId: 'hubspot',
  leadId: 'lead_a',
  type: 'lead.qualified',
  body: JSON.stringify({ type: 'lead.qualified', timestamp: NOW.toISOString(), data: { leadId: 'lead_a' } }),
  status: 'pending',
  attempts: 0,
  nextAttemptAt: NOW.toISOString(),
  createdAt: NOW.toISOString(),
  ...overrides,
});
