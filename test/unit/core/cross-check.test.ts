import { describe, expect, it } from 'vitest';
import { crossCheck } from '../../../functions/core/cross-check.js';
import type { Criterion } from '../../../functions/core/playbook.js';
import {
  aFormAsking,
  aLocated,
  aPlaybook,
  aQuestionInput,
  aSpecForm,
  aSpecPlaybook,
  exampleForms,
  examplePlaybooks,
  exampleTeams,
  named,
} from '../../helpers/factories.js';

const PLAYBOOK_FILE = 'playbooks/default.json';
const FORM_FILE = 'forms/demo-request.json';

/** The SPEC's playbook scoring only `criteria`, checked against the SPEC's form. */
const checkCriteria = (...criteria: Criterion[]) =>
  crossCheck([aLocated(FORM_FILE, aSpecForm())], [aLocated(PLAYBOOK_FILE, aPlaybook({ fit: { criteria } }))]);

describe('crossCheck', () => {
  it("finds no issue in the repo's example forms, playbook and team", () => {
    // Prepare
    const forms = exampleForms();
    const playbooks = examplePlaybooks();
    const teams = exampleTeams();

    // Act
    const issues = crossCheck(forms, playbooks, teams);

    // Assess
    expect(forms.length).toBeGreaterThan(0);
    expect(playbooks.length).toBeGreaterThan(0);
    expect(issues).toEqual([]);
  });

  it("finds no issue in the SPEC's example form and playbook", () => {
    // Act
    const issues = crossCheck([aLocated(FORM_FILE, aSpecForm())], [aLocated(PLAYBOOK_FILE, aSpecPlaybook())]);

    // Assess
    expect(issues).toEqual([]);
  });

  it('reports a criterion scoring a field no form asks', () => {
    // Act
    const issues = checkCriteria({ id: 'industry', field: 'industry', points: { software: 2 } });

    // Assess
    expect(issues).toEqual([{ file: PLAYBOOK_FILE, path: 'fit.criteria.0.field', message: 'no form asks field "industry"' }]);
  });

  it('reports a points key that is not an option of the question', () => {
    // Act
    const issues = checkCriteria({ id: 'authority', field: 'role', points: { decision_maker: 3, ceo: 5 } });

    // Assess
    expect(issues).toEqual([
      { file: PLAYBOOK_FILE, path: 'fit.criteria.0.points.ceo', message: '"ceo" is not an option of question "role" (options: decision_maker, influencer, user)' },
    ]);
  });

  it.each(
    named<{ behaviour: string; criterion: Criterion }>([
      { behaviour: 'a "*" key beside the options', criterion: { id: 'authority', field: 'role', points: { decision_maker: 3, '*': 1 } } },
      { behaviour: 'points keyed by a free-text answer', criterion: { id: 'email', field: 'email', points: { 'ceo@example.com': 5 } } },
      { behaviour: 'ranges on a number question', criterion: { id: 'budget', field: 'budget', ranges: [{ min: 1, points: 1 }] } },
    ]),
  )('accepts %s', (_, { criterion }) => {
    // Act
    const issues = checkCriteria(criterion);

    // Assess
    expect(issues).toEqual([]);
  });

  it('accepts points keyed "true" and "false" for a checkbox, and nothing else', () => {
    // Prepare
    const form = aFormAsking([aQuestionInput('checkbox')]);
    const playbook = aPlaybook({ fit: { criteria: [{ id: 'consent', field: 'consent', points: { true: 1, false: 0, yes: 1 } }] } });

    // Act
    const issues = crossCheck([aLocated(FORM_FILE, form)], [aLocated(PLAYBOOK_FILE, playbook)]);

    // Assess
    expect(issues.map((issue) => issue.path)).toEqual(['fit.criteria.0.points.yes']);
  });

  it('accepts a points key that is an option of the question on any form asking it', () => {
    // Prepare
    const small = aFormAsking([aQuestionInput('select', { options: [{ value: '1-10', label: 'Small' }] })], 1, 'small');
    const large = aFormAsking([aQuestionInput('select', { options: [{ value: '201+', label: 'Large' }] })], 1, 'large');
    const playbook = aPlaybook({ fit: { criteria: [{ id: 'profile', field: 'company_size', points: { '1-10': 1, '201+': 3 } }] } });

    // Act
    const issues = crossCheck([aLocated('forms/small.json', small), aLocated('forms/large.json', large)], [aLocated(PLAYBOOK_FILE, playbook)]);

    // Assess
    expect(issues).toEqual([]);
  });

  it('reports ranges on a field that is not a number question', () => {
    // Act
    const issues = checkCriteria({ id: 'size', field: 'company_size', ranges: [{ min: 10, points: 2 }] });

    // Assess
    expect(issues).toEqual([
      { file: PLAYBOOK_FILE, path: 'fit.criteria.0.ranges', message: 'ranges need a number question, but "company_size" is select' },
    ]);
  });

  it('reports a form whose playbook does not exist', () => {
    // Prepare
    const form = aSpecForm({ playbook: 'enterprise' });

    // Act
    const issues = crossCheck([aLocated(FORM_FILE, form)], [aLocated(PLAYBOOK_FILE, aSpecPlaybook())]);

    // Assess
    expect(issues).toEqual([{ file: FORM_FILE, path: 'playbook', message: 'playbook "enterprise" does not exist (playbooks: default)' }]);
  });

  it('reports a form whose playbook does not exist when there are no playbooks at all', () => {
    // Act
    const issues = crossCheck([aLocated(FORM_FILE, aSpecForm())], []);

    // Assess
    expect(issues).toEqual([{ file: FORM_FILE, path: 'playbook', message: 'playbook "default" does not exist (playbooks: none)' }]);
  });

  it('reports a field that two forms ask with different types, on the later form', () => {
    // Prepare
    const first = aFormAsking([aQuestionInput('email'), aQuestionInput('number')], 2, 'first');
    const second = aFormAsking([aQuestionInput('email'), aQuestionInput('text', { id: 'budget' })], 2, 'second');

    // Act
    const issues = crossCheck([aLocated('forms/first.json', first), aLocated('forms/second.json', second)], [aLocated(PLAYBOOK_FILE, aSpecPlaybook())]);

    // Assess
    expect(issues).toContainEqual({
      file: 'forms/second.json',
      path: 'questions.1.type',
      message: 'field "budget" is text here but number in form first: a field means one thing on every form',
    });
  });

  it('accepts a field that several forms ask with the same type', () => {
    // Prepare
    const forms = ['first', 'second'].map((id) => aLocated(`forms/${id}.json`, aFormAsking([aQuestionInput('email'), aQuestionInput('number')], 2, id)));
    const playbook = aPlaybook({ fit: { criteria: [{ id: 'budget', field: 'budget', ranges: [{ min: 1, points: 1 }] }] } });

    // Act
    const issues = crossCheck(forms, [aLocated(PLAYBOOK_FILE, playbook)]);

    // Assess
    expect(issues).toEqual([]);
  });

  it('reports a form id used by two files, on the later file', () => {
    // Prepare
    const forms = [aLocated('forms/demo-request.json', aSpecForm()), aLocated('forms/demo-copy.json', aSpecForm())];

    // Act
    const issues = crossCheck(forms, [aLocated(PLAYBOOK_FILE, aSpecPlaybook())]);

    // Assess
    expect(issues).toEqual([
      {
        file: 'forms/demo-copy.json',
        path: 'id',
        message: 'id "demo-request" is also used by forms/demo-request.json: one would overwrite the other when published',
      },
    ]);
  });

  it('reports a playbook id used by two files, on the later file', () => {
    // Prepare
    const playbooks = [aLocated(PLAYBOOK_FILE, aSpecPlaybook()), aLocated('playbooks/default-copy.json', aSpecPlaybook())];

    // Act
    const issues = crossCheck([aLocated(FORM_FILE, aSpecForm())], playbooks);

    // Assess
    expect(issues.map(({ file, path }) => `${file}: ${path}`)).toEqual(['playbooks/default-copy.json: id']);
  });

  it('lets a form and a playbook share an id', () => {
    // Prepare
    const form = aSpecForm({ id: 'default' });

    // Act
    const issues = crossCheck([aLocated('forms/default.json', form)], [aLocated(PLAYBOOK_FILE, aSpecPlaybook())]);

    // Assess
    expect(issues).toEqual([]);
  });

  it('reports every problem across the documents at once', () => {
    // Prepare
    const form = aSpecForm({ playbook: 'enterprise' });
    const playbook = aPlaybook({
      fit: {
        criteria: [
          { id: 'industry', field: 'industry', points: { software: 2 } },
          { id: 'authority', field: 'role', points: { ceo: 5 } },
          { id: 'size', field: 'company_size', ranges: [{ min: 10, points: 2 }] },
        ],
      },
    });

    // Act
    const issues = crossCheck([aLocated(FORM_FILE, form)], [aLocated(PLAYBOOK_FILE, playbook)]);

    // Assess
    expect(issues.map(({ file, path }) => `${file}: ${path}`)).toEqual([
      'forms/demo-request.json: playbook',
      'playbooks/default.json: fit.criteria.0.field',
      'playbooks/default.json: fit.criteria.1.points.ceo',
      'playbooks/default.json: fit.criteria.2.ranges',
    ]);
  });
});
