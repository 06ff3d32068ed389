import { describe, expect, it } from 'vitest';
import { crossCheck } from '../../../functions/core/cross-check.js';
import type { Form } from '../../../functions/core/form.js';
import type { AssignRule } from '../../../functions/core/playbook.js';
import type { Team } from '../../../functions/core/team.js';
import { aLocated, aPlaybook, aQuestionInput, aSpecForm, aSpecFormInput, exampleForms, examplePlaybooks, named } from '../../helpers/factories.js';
import { aTeam, anAssigningPlaybook } from './team-factories.js';

const FORM_FILE = 'forms/demo-request.json';
const PLAYBOOK_FILE = 'playbooks/default.json';
const TEAM_FILE = 'teams/sales.json';

/** The SPEC's form, also asking the region the SPEC's assign rules read. */
const aFormAskingRegion = (): Form =>
  aSpecForm({
    questions: [
      ...aSpecFormInput().questions,
      aQuestionInput('select', { id: 'region', label: 'Region', options: [{ value: 'emea', label: 'Europe, Middle East, Africa' }, { value: 'americas', label: 'Americas' }] }),
      aQuestionInput('checkbox', { id: 'existing_customer', label: 'We already use Winnow' }),
      aQuestionInput('text', { id: 'country', label: 'Country' }),
    ],
  });

/** The SPEC's form, playbook (with assignment) and team, checked together. */
const check = ({ assign, team = aTeam(), playbookTeam }: { assign?: AssignRule[]; team?: Team; playbookTeam?: string } = {}) =>
  crossCheck(
    [aLocated(FORM_FILE, aFormAskingRegion())],
    [aLocated(PLAYBOOK_FILE, anAssigningPlaybook({ ...(assign ? { assign } : {}), ...(playbookTeam ? { team: playbookTeam } : {}) }))],
    [aLocated(TEAM_FILE, team)],
  );

describe('crossCheck with teams', () => {
  it("finds no issue in the SPEC's team and the playbook assigning from it", () => {
    // Act
    const issues = check();

    // Assess
    expect(issues).toEqual([]);
  });

  it("finds no issue in the repo's examples with teams/sales.json beside them", () => {
    // Act
    const issues = crossCheck(exampleForms(), examplePlaybooks(), [aLocated(TEAM_FILE, aTeam())]);

    // Assess
    expect(issues).toEqual([]);
  });

  it('reports a playbook whose team does not exist, naming the teams that do', () => {
    // Act
    const issues = check({ playbookTeam: 'support' });

    // Assess
    expect(issues).toEqual([{ file: PLAYBOOK_FILE, path: 'team', message: 'team "support" does not exist (teams: sales)' }]);
  });

  it('reports a playbook whose team does not exist when there are no teams at all', () => {
    // Act
    const issues = crossCheck([aLocated(FORM_FILE, aFormAskingRegion())], [aLocated(PLAYBOOK_FILE, anAssigningPlaybook())]);

    // Assess
    expect(issues).toEqual([{ file: PLAYBOOK_FILE, path: 'team', message: 'team "sales" does not exist (teams: none)' }]);
  });

  it('reports a pool no rep of the team is in', () => {
    // Act
    const issues = check({ assign: [{ if: { field: 'region', equals: 'americas' }, pool: 'americas' }, { pool: 'mid' }] });

    // Assess
    expect(issues).toEqual([{ file: PLAYBOOK_FILE, path: 'assign.0.pool', message: 'no rep of team "sales" is in pool "americas" (pools: enterprise, emea, mid)' }]);
  });

  it('reports a condition on a field no form asks', () => {
    // Act
    const issues = check({ assign: [{ if: { field: 'industry', equals: 'software' }, pool: 'enterprise' }, { pool: 'mid' }] });

    // Assess
    expect(issues).toEqual([{ file: PLAYBOOK_FILE, path: 'assign.0.if.field', message: 'no form asks field "industry"' }]);
  });

  it.each(
    named<{ behaviour: string; rule: AssignRule; message: string }>([
      {
        behaviour: 'equals',
        rule: { if: { field: 'company_size', equals: '1000+' }, pool: 'enterprise' },
        message: '"1000+" is not an option of question "company_size" (options: 1-10, 11-50, 51-200, 201+)',
      },
      { behaviour: 'in', rule: { if: { field: 'region', in: ['emea', 'apac'] }, pool: 'emea' }, message: '"apac" is not an option of question "region" (options: emea, americas)' },
      { behaviour: 'notIn', rule: { if: { field: 'region', notIn: ['europe'] }, pool: 'emea' }, message: '"europe" is not an option of question "region" (options: emea, americas)' },
      {
        behaviour: 'a checkbox compared with something else than true or false',
        rule: { if: { field: 'existing_customer', equals: 'yes' }, pool: 'mid' },
        message: '"yes" is not an option of question "existing_customer" (options: true, false)',
      },
    ]),
  )('reports a condition value that is not an option of the question: %s', (_, { rule, message }) => {
    // Act
    const issues = check({ assign: [rule, { pool: 'mid' }] });

    // Assess
    expect(issues).toEqual([{ file: PLAYBOOK_FILE, path: 'assign.0.if', message }]);
  });

  it.each(
    named<{ behaviour: string; rule: AssignRule }>([
      { behaviour: 'a condition on whether a field is answered', rule: { if: { field: 'region', answered: true }, pool: 'emea' } },
      { behaviour: 'any value of a free-text field', rule: { if: { field: 'country', in: ['Germany', 'Spain'] }, pool: 'emea' } },
      { behaviour: 'a checkbox compared with true', rule: { if: { field: 'existing_customer', equals: true }, pool: 'mid' } },
    ]),
  )('accepts %s', (_, { rule }) => {
    // Act
    const issues = check({ assign: [rule, { pool: 'mid' }] });

    // Assess
    expect(issues).toEqual([]);
  });

  it('reports a team id used by two files, on the later file', () => {
    // Act
    const issues = crossCheck(
      [aLocated(FORM_FILE, aFormAskingRegion())],
      [aLocated(PLAYBOOK_FILE, anAssigningPlaybook())],
      [aLocated(TEAM_FILE, aTeam()), aLocated('teams/sales-copy.json', aTeam())],
    );

    // Assess
    expect(issues).toEqual([
      { file: 'teams/sales-copy.json', path: 'id', message: 'id "sales" is also used by teams/sales.json: one would overwrite the other when published' },
    ]);
  });

  it('checks pools against the first file of a team id used twice', () => {
    // Prepare
    const other = aTeam({ reps: [{ id: 'dee', name: 'Dee Park', email: 'dee@example.com', pools: ['other'] }] });

    // Act
    const issues = crossCheck(
      [aLocated(FORM_FILE, aFormAskingRegion())],
      [aLocated(PLAYBOOK_FILE, anAssigningPlaybook())],
      [aLocated(TEAM_FILE, aTeam()), aLocated('teams/sales-copy.json', other)],
    );

    // Assess
    expect(issues.map((issue) => `${issue.file}: ${issue.path}`)).toEqual(['teams/sales-copy.json: id']);
  });

  it('asks nothing of a playbook without a team, whatever teams there are', () => {
    // Act
    const issues = crossCheck([aLocated(FORM_FILE, aSpecForm())], [aLocated(PLAYBOOK_FILE, aPlaybook())], [aLocated(TEAM_FILE, aTeam())]);

    // Assess
    expect(issues).toEqual([]);
  });
});
