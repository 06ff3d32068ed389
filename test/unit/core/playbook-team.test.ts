import { describe, expect, it } from 'vitest';
import { parseWith } from '../../../functions/core/issues.js';
import { PlaybookSchema, StoredPlaybookSchema } from '../../../functions/core/playbook.js';
import { aPlaybookInput, aSpecPlaybookInput, named } from '../../helpers/factories.js';
import { anAssigningPlaybookInput, specAssignmentInput } from './team-factories.js';

const issuesOf = (input: unknown) => {
  const result = parseWith(PlaybookSchema, input);
  return result.ok ? [] : result.issues;
};

describe('PlaybookSchema with a team', () => {
  it("accepts the SPEC's playbook with the SPEC's assignment additions", () => {
    // Act
    const issues = issuesOf(anAssigningPlaybookInput());

    // Assess
    expect(issues).toEqual([]);
  });

  it('keeps the assignment additions as written', () => {
    // Act
    const playbook = PlaybookSchema.parse(anAssigningPlaybookInput());

    // Assess
    expect(playbook).toMatchObject(specAssignmentInput());
  });

  it('still reads a playbook without any of them, with the SLA it always had', () => {
    // Prepare
    const { sla: _, ...withoutSla } = aSpecPlaybookInput();

    // Act
    const playbook = PlaybookSchema.parse(withoutSla);

    // Assess
    expect(playbook.sla).toEqual({ acceptWithinHours: 24, businessHours: false, maxReassignments: 0, escalateTo: [] });
    expect([playbook.team, playbook.assign, playbook.followUp, playbook.returnReasons]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('reads an SLA written before businessHours as wall-clock hours, never reassigned', () => {
    // Act
    const playbook = PlaybookSchema.parse(aPlaybookInput({ sla: { acceptWithinHours: 8, escalateTo: ['sales-lead@example.com'] } }));

    // Assess
    expect(playbook.sla).toEqual({ acceptWithinHours: 8, businessHours: false, maxReassignments: 0, escalateTo: ['sales-lead@example.com'] });
  });

  it('fills followUp with no attempts and no exempt reasons', () => {
    // Act
    const playbook = PlaybookSchema.parse(anAssigningPlaybookInput({ followUp: {} }));

    // Assess
    expect(playbook.followUp).toEqual({ attemptsBeforeReturn: 0, reasonsWithoutAttempts: [] });
  });

  it('takes reasonsWithoutAttempts as they are when the playbook lists no returnReasons', () => {
    // Act
    const issues = issuesOf(anAssigningPlaybookInput({ returnReasons: undefined }));

    // Assess
    expect(issues).toEqual([]);
  });

  it('applies the same rules to a stored playbook', () => {
    // Act
    const result = parseWith(StoredPlaybookSchema, anAssigningPlaybookInput({ team: undefined }));

    // Assess
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual(['team']);
  });

  it.each(
    named<{ behaviour: string; input: unknown; path: string; message?: string }>([
      {
        behaviour: 'assign rules without a team',
        input: anAssigningPlaybookInput({ team: undefined }),
        path: 'team',
        message: 'assign needs a team: name the team whose reps take these pools',
      },
      {
        behaviour: 'a team without assign rules',
        input: anAssigningPlaybookInput({ assign: undefined }),
        path: 'assign',
        message: 'team "sales" needs assign rules to pick a pool (the last one usually without if)',
      },
      { behaviour: 'an empty list of assign rules', input: anAssigningPlaybookInput({ assign: [] }), path: 'assign' },
      {
        behaviour: 'a rule after one without if, which can never apply',
        input: anAssigningPlaybookInput({ assign: [{ pool: 'mid' }, { if: { field: 'company_size', equals: '201+' }, pool: 'enterprise' }] }),
        path: 'assign.1',
        message: 'can never apply: rule 0 has no if, so it takes every lead left',
      },
      { behaviour: 'a team id that is not a document id', input: anAssigningPlaybookInput({ team: 'Sales!' }), path: 'team' },
      { behaviour: 'a pool that is not snake_case', input: anAssigningPlaybookInput({ assign: [{ pool: 'EMEA' }] }), path: 'assign.0.pool' },
      {
        behaviour: 'a condition with two tests',
        input: anAssigningPlaybookInput({ assign: [{ if: { field: 'region', equals: 'emea', in: ['emea'] } as never, pool: 'emea' }] }),
        path: 'assign.0.if',
      },
      { behaviour: 'an unknown property of a rule', input: anAssigningPlaybookInput({ assign: [{ pool: 'mid', rep: 'ana' } as never] }), path: 'assign.0.rep' },
      {
        behaviour: 'an exempt reason that is not a return reason',
        input: anAssigningPlaybookInput({ followUp: { attemptsBeforeReturn: 3, reasonsWithoutAttempts: ['spam', 'wrong_number'] } }),
        path: 'followUp.reasonsWithoutAttempts.1',
        message: '"wrong_number" is not a return reason (returnReasons: not_ready, no_response, bad_fit, spam, existing_customer)',
      },
      {
        behaviour: 'a return reason listed twice',
        input: anAssigningPlaybookInput({ returnReasons: ['spam', 'bad_fit', 'spam'], followUp: { reasonsWithoutAttempts: ['spam'] } }),
        path: 'returnReasons.2',
        message: 'duplicate return reason "spam"',
      },
      { behaviour: 'an empty list of return reasons', input: anAssigningPlaybookInput({ returnReasons: [], followUp: undefined }), path: 'returnReasons' },
      { behaviour: 'a return reason that is not snake_case', input: anAssigningPlaybookInput({ returnReasons: ['Bad fit'], followUp: undefined }), path: 'returnReasons.0' },
      { behaviour: 'a negative number of attempts', input: anAssigningPlaybookInput({ followUp: { attemptsBeforeReturn: -1 } }), path: 'followUp.attemptsBeforeReturn' },
      { behaviour: 'a fractional number of attempts', input: anAssigningPlaybookInput({ followUp: { attemptsBeforeReturn: 1.5 } }), path: 'followUp.attemptsBeforeReturn' },
      {
        behaviour: 'a negative number of reassignments',
        input: anAssigningPlaybookInput({ sla: { acceptWithinHours: 4, maxReassignments: -1 } }),
        path: 'sla.maxReassignments',
      },
      {
        behaviour: 'a fractional number of reassignments',
        input: anAssigningPlaybookInput({ sla: { acceptWithinHours: 4, maxReassignments: 0.5 } }),
        path: 'sla.maxReassignments',
      },
      {
        behaviour: 'businessHours that is not a boolean',
        input: anAssigningPlaybookInput({ sla: { acceptWithinHours: 4, businessHours: 'yes' as never } }),
        path: 'sla.businessHours',
      },
    ]),
  )('refuses %s', (_, { input, path, message }) => {
    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues.map((issue) => issue.path)).toEqual([path]);
    if (message !== undefined) expect(issues[0]?.message).toBe(message);
  });
});
