import { readFileSync } from 'node:fs';
import type { PlaybookInput } from '../../../functions/core/playbook.js';
import type { TeamInput } from '../../../functions/core/team.js';
import { ROOT } from '../../e2e/helpers/local-host-process.js';
import { aSpecTeamInput } from '../../unit/core/team-factories.js';

const ALL_DAY = '00:00-24:00';

/**
 * The SPEC's team (Ana in enterprise and emea, Ben in emea and mid, Cy in mid) working round the
 * clock, so whatever hour the test runs, a rep's availability is what the test made it; Ana takes
 * `anaMaxOpen` open leads at most.
 */
export const aRoundTheClockTeam = (anaMaxOpen = 15): TeamInput => {
  const spec = aSpecTeamInput();
  return {
    ...spec,
    workingHours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
    reps: spec.reps.map(({ workingHours: _ownHours, ...rep }) => (rep.id === 'ana' ? { ...rep, maxOpen: anaMaxOpen } : rep)),
  };
};

export const RETURN_REASONS = ['not_ready', 'no_response', 'bad_fit', 'spam'];

/**
 * The example playbook the host published (playbooks/default.json) with the SPEC's assignment:
 * 201+ companies to the enterprise pool, the rest to mid; one logged attempt before a return,
 * unless it is spam.
 */
export const aPlaybookAssigningTo = (teamId: string): PlaybookInput => ({
  ...(JSON.parse(readFileSync(`${ROOT}playbooks/default.json`, 'utf8')) as PlaybookInput),
  team: teamId,
  assign: [{ if: { field: 'company_size', equals: '201+' }, pool: 'enterprise' }, { pool: 'mid' }],
  sla: { acceptWithinHours: 4, businessHours: true, maxReassignments: 1, escalateTo: ['sales-lead@example.com'] },
  followUp: { attemptsBeforeReturn: 1, reasonsWithoutAttempts: ['spam'] },
  returnReasons: RETURN_REASONS,
});
