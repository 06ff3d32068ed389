import type { z } from 'zod';
import { PlaybookSchema, type Playbook, type PlaybookInput } from '../../../functions/core/playbook.js';
import { TeamSchema, type Absence, type RepSchema, type Team, type TeamInput } from '../../../functions/core/team.js';
import { aPlaybookInput, type PlaybookOverrides } from '../../helpers/factories.js';

/*
 * Factories for teams and assignment, beside the tests that use them until they join
 * test/helpers/factories.ts.
 */

export type RepInput = z.input<typeof RepSchema>;

/** The team's working hours of SPEC.md's example. */
export const specWorkingHours = () => ({
  mon: '09:00-17:30',
  tue: '09:00-17:30',
  wed: '09:00-17:30',
  thu: '09:00-17:30',
  fri: '09:00-16:00',
});

/** The example team of SPEC.md ("Sales team and assignment"), as written there. */
export const aSpecTeamInput = (): TeamInput => ({
  $schema: '../schemas/team.schema.json',
  id: 'sales',
  timezone: 'Europe/Berlin',
  workingHours: specWorkingHours(),
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
});

/** A rep as an admin writes one (unparsed): in pool `emea`, the team's hours and weight. */
export const aRepInput = (overrides: Partial<RepInput> = {}): RepInput => ({
  id: 'dee',
  name: 'Dee Park',
  email: 'dee@example.com',
  pools: ['emea'],
  ...overrides,
});

/** The SPEC's team (unparsed) with top-level fields replaced. */
export const aTeamInput = (overrides: Partial<TeamInput> = {}): TeamInput => ({ ...aSpecTeamInput(), ...overrides });

export const aTeam = (overrides: Partial<TeamInput> = {}): Team => TeamSchema.parse(aTeamInput(overrides));

/** A team of exactly these reps, on the SPEC team's zone and hours. */
export const aTeamOf = (reps: RepInput[], overrides: Partial<TeamInput> = {}): Team => aTeam({ reps, ...overrides });

/** What SPEC.md adds to a playbook for assignment, as written there. */
export const specAssignmentInput = () =>
  ({
    team: 'sales',
    assign: [
      { if: { field: 'company_size', equals: '201+' }, pool: 'enterprise' },
      { if: { field: 'region', in: ['emea'] }, pool: 'emea' },
      { pool: 'mid' },
    ],
    sla: { acceptWithinHours: 4, businessHours: true, maxReassignments: 2, escalateTo: ['sales-lead@example.com'] },
    followUp: { attemptsBeforeReturn: 3, reasonsWithoutAttempts: ['bad_fit', 'spam', 'existing_customer'] },
    returnReasons: ['not_ready', 'no_response', 'bad_fit', 'spam', 'existing_customer'],
  }) satisfies Partial<PlaybookInput>;

/** The SPEC's playbook with its assignment additions (unparsed). */
export const anAssigningPlaybookInput = (overrides: PlaybookOverrides = {}): PlaybookInput =>
  aPlaybookInput({ ...specAssignmentInput(), ...overrides });

export const anAssigningPlaybook = (overrides: PlaybookOverrides = {}): Playbook => PlaybookSchema.parse(anAssigningPlaybookInput(overrides));

export const anAbsence = (from: string, to: string, note?: string): Absence => ({ from, to, ...(note === undefined ? {} : { note }) });
