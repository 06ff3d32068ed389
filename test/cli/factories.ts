import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FormInput, PlaybookInput, TeamInput } from '../../functions/core/index.js';

/** The form of SPEC "Form definition". */
export const specForm = (overrides: Partial<FormInput> = {}): FormInput => ({
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
  ...overrides,
});

/** The playbook of SPEC "Playbook". */
export const specPlaybook = (overrides: Partial<PlaybookInput> = {}): PlaybookInput => ({
  $schema: '../schemas/playbook.schema.json',
  id: 'default',
  fit: {
    criteria: [
      { id: 'profile', field: 'company_size', points: { '1-10': 1, '11-50': 2, '51-200': 3, '201+': 3 } },
      { id: 'authority', field: 'role', points: { decision_maker: 3, influencer: 2, user: 1 } },
      { id: 'timeframe', field: 'timeframe', points: { '3m': 3, '12m': 2, none: 0 } },
      {
        id: 'budget',
        field: 'budget',
        ranges: [
          { min: 50000, points: 3 },
          { min: 10000, points: 2 },
        ],
      },
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
  routing: {
    A: { hot: 'sales', warm: 'sales', cold: 'sales' },
    B: { hot: 'sales', warm: 'sales', cold: 'marketing' },
    C: { hot: 'sales', warm: 'marketing', cold: 'marketing' },
    D: { hot: 'marketing', warm: 'marketing', cold: 'marketing' },
  },
  notify: { email: ['sales@example.com'], slack: true },
  sla: { acceptWithinHours: 24, escalateTo: ['sales-lead@example.com'] },
  recycle: { afterDays: 30 },
  ...overrides,
});

/** The team of SPEC "Sales team and assignment": pools enterprise (ana), emea (ana, ben) and mid (ben, cy). */
export const specTeam = (overrides: Partial<TeamInput> = {}): TeamInput => ({
  $schema: '../schemas/team.schema.json',
  id: 'sales',
  timezone: 'Europe/Berlin',
  workingHours: { mon: '09:00-17:30', tue: '09:00-17:30', wed: '09:00-17:30', thu: '09:00-17:30', fri: '09:00-16:00' },
  reps: [
    {
      id: 'ana',
      name: 'Ana Ruiz',
      email: 'ana@example.com',
      slackUserId: 'U024BE7LH',
      pools: ['enterprise', 'emea'],
      weight: 2,
      maxOpen: 15,
      timezone: 'Europe/Madrid',
    },
    { id: 'ben', name: 'Ben Okafor', email: 'ben@example.com', pools: ['emea', 'mid'] },
    { id: 'cy', name: 'Cy Tan', email: 'cy@example.com', pools: ['mid'], workingHours: { mon: '08:00-12:00' } },
  ],
  fallback: ['sales-lead@example.com'],
  ...overrides,
});

/**
 * SPEC's playbook assigning to SPEC's team. The SPEC's region rule is left out: SPEC's form
 * asks no region, and an assign rule on a field no form asks fails the cross-checks.
 */
export const assigningPlaybook = (overrides: Partial<PlaybookInput> = {}): PlaybookInput =>
  specPlaybook({
    team: 'sales',
    assign: [{ if: { field: 'company_size', equals: '201+' }, pool: 'enterprise' }, { pool: 'mid' }],
    sla: { acceptWithinHours: 4, businessHours: true, maxReassignments: 2, escalateTo: ['sales-lead@example.com'] },
    followUp: { attemptsBeforeReturn: 3, reasonsWithoutAttempts: ['bad_fit', 'spam', 'existing_customer'] },
    returnReasons: ['not_ready', 'no_response', 'bad_fit', 'spam', 'existing_customer'],
    ...overrides,
  });

/** The answers SPEC's example lead gives: 3 + 3 + 3 + 3 = 12 points, grade A. */
export const gradeALeadAnswers = () => ({ company_size: '51-200', role: 'decision_maker', timeframe: '3m', budget: 60000 });

export interface TempProject {
  dir: string;
  /** Writes a document (as JSON) or raw text at a path relative to the project. */
  write: (file: string, content: unknown) => Promise<void>;
  remove: () => Promise<void>;
}

/** A project folder under the OS temp dir holding `files`; `remove` it after the test. */
export const tempProject = async (files: Record<string, unknown> = {}): Promise<TempProject> => {
  const dir = await mkdtemp(join(tmpdir(), 'winnow-cli-'));
  const write = async (file: string, content: unknown): Promise<void> => {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  };
  for (const [file, content] of Object.entries(files)) await write(file, content);
  return { dir, write, remove: () => rm(dir, { recursive: true, force: true }) };
};

/** A project holding exactly SPEC's example form and playbook, valid together. */
export const specProject = (files: Record<string, unknown> = {}): Promise<TempProject> =>
  tempProject({ 'forms/demo-request.json': specForm(), 'playbooks/default.json': specPlaybook(), ...files });

/** SPEC's form, its playbook assigning to SPEC's team, and that team: valid together. */
export const teamProject = (files: Record<string, unknown> = {}): Promise<TempProject> =>
  specProject({ 'playbooks/default.json': assigningPlaybook(), 'teams/sales.json': specTeam(), ...files });
