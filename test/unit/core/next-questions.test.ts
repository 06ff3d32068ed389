import { describe, expect, it } from 'vitest';
import type { AskIf } from '../../../functions/core/form.js';
import type { Answers } from '../../../functions/core/lead.js';
import { askIfHolds, nextQuestions, pendingQuestions } from '../../../functions/core/next-questions.js';
import { aForm, aFormAsking, aLead, aQuestionInput, aSpecForm, named } from '../../helpers/factories.js';

const idsOf = (questions: readonly { id: string }[]): string[] => questions.map((q) => q.id);

describe('askIfHolds', () => {
  it.each(
    named<{ behaviour: string; askIf: AskIf | undefined; answers: Answers; holds: boolean }>([
      { behaviour: 'a question without askIf is always asked', askIf: undefined, answers: {}, holds: true },
      { behaviour: 'equals holds when the answer is that value', askIf: { field: 'company_size', equals: '201+' }, answers: { company_size: '201+' }, holds: true },
      { behaviour: 'equals fails when the answer is another value', askIf: { field: 'company_size', equals: '201+' }, answers: { company_size: '1-10' }, holds: false },
      { behaviour: 'equals fails while the field is unanswered', askIf: { field: 'company_size', equals: '201+' }, answers: {}, holds: false },
      { behaviour: 'in holds when the answer is one of the values', askIf: { field: 'company_size', in: ['51-200', '201+'] }, answers: { company_size: '51-200' }, holds: true },
      { behaviour: 'in fails when the answer is none of the values', askIf: { field: 'company_size', in: ['51-200', '201+'] }, answers: { company_size: '11-50' }, holds: false },
      { behaviour: 'in fails while the field is unanswered', askIf: { field: 'company_size', in: ['51-200', '201+'] }, answers: {}, holds: false },
      { behaviour: 'notIn holds when the answer is none of the values', askIf: { field: 'company_size', notIn: ['1-10'] }, answers: { company_size: '11-50' }, holds: true },
      { behaviour: 'notIn fails when the answer is one of the values', askIf: { field: 'company_size', notIn: ['1-10'] }, answers: { company_size: '1-10' }, holds: false },
      { behaviour: 'notIn fails while the field is unanswered', askIf: { field: 'company_size', notIn: ['1-10'] }, answers: {}, holds: false },
      { behaviour: 'notIn fails while the field holds only an empty answer', askIf: { field: 'company_size', notIn: ['1-10'] }, answers: { company_size: '' }, holds: false },
      { behaviour: 'answered: true holds once the field is answered', askIf: { field: 'company', answered: true }, answers: { company: 'Acme' }, holds: true },
      { behaviour: 'answered: true fails while the field is unanswered', askIf: { field: 'company', answered: true }, answers: {}, holds: false },
      { behaviour: 'answered: false holds while the field is unanswered', askIf: { field: 'company', answered: false }, answers: {}, holds: true },
      { behaviour: 'answered: false holds while the field holds only blanks', askIf: { field: 'company', answered: false }, answers: { company: '  ' }, holds: true },
      { behaviour: 'answered: false fails once the field is answered', askIf: { field: 'company', answered: false }, answers: { company: 'Acme' }, holds: false },
      { behaviour: 'equals holds when a multiselect answer includes the value', askIf: { field: 'topics', equals: 'sla' }, answers: { topics: ['routing', 'sla'] }, holds: true },
      { behaviour: 'equals fails when a multiselect answer lacks the value', askIf: { field: 'topics', equals: 'sla' }, answers: { topics: ['routing'] }, holds: false },
      { behaviour: 'in holds when a multiselect answer includes one of the values', askIf: { field: 'topics', in: ['sla', 'fit_scoring'] }, answers: { topics: ['routing', 'sla'] }, holds: true },
      { behaviour: 'in fails when a multiselect answer includes none of the values', askIf: { field: 'topics', in: ['sla', 'fit_scoring'] }, answers: { topics: ['routing'] }, holds: false },
      { behaviour: 'notIn fails when a multiselect answer includes one of the values', askIf: { field: 'topics', notIn: ['sla'] }, answers: { topics: ['routing', 'sla'] }, holds: false },
      { behaviour: 'notIn holds when a multiselect answer includes none of the values', askIf: { field: 'topics', notIn: ['sla'] }, answers: { topics: ['routing'] }, holds: true },
      { behaviour: 'an empty multiselect answer counts as unanswered', askIf: { field: 'topics', answered: false }, answers: { topics: [] }, holds: true },
      { behaviour: 'equals true holds for a checked checkbox', askIf: { field: 'consent', equals: true }, answers: { consent: true }, holds: true },
      { behaviour: 'equals true fails for an unchecked checkbox', askIf: { field: 'consent', equals: true }, answers: { consent: false }, holds: false },
      { behaviour: 'an unchecked checkbox still counts as answered', askIf: { field: 'consent', answered: true }, answers: { consent: false }, holds: true },
      { behaviour: 'equals compares a number answer with a number', askIf: { field: 'budget', equals: 0 }, answers: { budget: 0 }, holds: true },
      { behaviour: 'in compares a number answer with numbers', askIf: { field: 'budget', in: [10, 20] }, answers: { budget: 15 }, holds: false },
    ]),
  )('%s', (_, { askIf, answers, holds }) => {
    // Act
    const result = askIfHolds(askIf, answers);

    // Assess
    expect(result).toBe(holds);
  });
});

describe('nextQuestions', () => {
  it("asks a new lead the SPEC form's required email first, then the next question in form order", () => {
    // Prepare
    const form = aSpecForm();

    // Act
    const step = nextQuestions(form, aLead());

    // Assess
    expect(step).toEqual({ questions: [form.questions[0], form.questions[1]], complete: false });
  });

  it('asks required fields before optional ones, each group in form order', () => {
    // Prepare
    const form = aFormAsking(
      [aQuestionInput('text'), aQuestionInput('email', { required: true }), aQuestionInput('tel'), aQuestionInput('checkbox', { required: true })],
      4,
    );

    // Act
    const step = nextQuestions(form, aLead());

    // Assess
    expect(idsOf(step.questions)).toEqual(['email', 'consent', 'company', 'phone']);
  });

  it.each([1, 2, 3])('shows at most questionsPerStep = %i questions', (questionsPerStep) => {
    // Prepare
    const form = aFormAsking([aQuestionInput('email'), aQuestionInput('text'), aQuestionInput('tel'), aQuestionInput('number')], questionsPerStep);

    // Act
    const step = nextQuestions(form, aLead());

    // Assess
    expect(idsOf(step.questions)).toEqual(['email', 'company', 'phone', 'budget'].slice(0, questionsPerStep));
  });

  it('never asks a field the lead answered, on this form or another', () => {
    // Prepare
    const form = aSpecForm();
    const lead = aLead({ email: 'ada@example.com', role: 'user' });

    // Act
    const step = nextQuestions(form, lead);

    // Assess
    expect(idsOf(step.questions)).toEqual(['company_size', 'budget']);
  });

  it('asks again a field whose stored answer is blank', () => {
    // Prepare
    const form = aSpecForm();
    const lead = aLead({ email: '' });

    // Act
    const step = nextQuestions(form, lead);

    // Assess
    expect(idsOf(step.questions)).toEqual(['email', 'company_size']);
  });

  it.each(
    named<{ behaviour: string; answers: Answers; asked: string[] }>([
      { behaviour: 'the company size is unknown', answers: { email: 'ada@example.com', role: 'user', budget: 1 }, asked: ['company_size'] },
      { behaviour: 'the company is small', answers: { email: 'ada@example.com', company_size: '1-10', role: 'user' }, asked: ['budget'] },
      { behaviour: 'the company is larger', answers: { email: 'ada@example.com', company_size: '11-50', role: 'user' }, asked: ['timeframe', 'budget'] },
    ]),
  )("follows the SPEC form's askIf on timeframe when %s", (_, { answers, asked }) => {
    // Prepare
    const form = aSpecForm();

    // Act
    const step = nextQuestions(form, aLead(answers));

    // Assess
    expect(idsOf(step.questions)).toEqual(asked);
  });

  it('leaves out a field skipped on this form', () => {
    // Prepare
    const form = aSpecForm();
    const lead = aLead({ email: 'ada@example.com' }, { 'demo-request': ['company_size'] });

    // Act
    const step = nextQuestions(form, lead);

    // Assess
    expect(idsOf(step.questions)).toEqual(['role', 'budget']);
  });

  it('still asks on another form a field skipped on this one', () => {
    // Prepare
    const ebook = aFormAsking([aQuestionInput('email', { required: true }), aQuestionInput('select')], 2, 'ebook-download');
    const lead = aLead({ email: 'ada@example.com' }, { 'demo-request': ['company_size'] });

    // Act
    const step = nextQuestions(ebook, lead);

    // Assess
    expect(step).toEqual({ questions: [ebook.questions[1]], complete: false });
  });

  it.each(
    named([
      { behaviour: 'every field is answered', lead: aLead({ email: 'ada@example.com', company: 'Acme' }) },
      { behaviour: 'every field left is skipped on this form', lead: aLead({ email: 'ada@example.com' }, { 'contact-us': ['company'] }) },
    ]),
  )('is complete when %s', (_, { lead }) => {
    // Prepare
    const form = aForm();

    // Act
    const step = nextQuestions(form, lead);

    // Assess
    expect(step).toEqual({ questions: [], complete: true });
  });

  it('is complete when the only question left waits on a condition that does not hold', () => {
    // Prepare
    const form = aFormAsking([aQuestionInput('select'), aQuestionInput('text', { askIf: { field: 'company_size', equals: '201+' } })]);

    // Act
    const step = nextQuestions(form, aLead({ company_size: '1-10' }));

    // Assess
    expect(step).toEqual({ questions: [], complete: true });
  });

  it('asks the questions of a form whatever its id, even one named like a property of every object (which the schema refuses)', () => {
    // Prepare
    const form = { ...aForm(), id: 'constructor' };

    // Act
    const step = nextQuestions(form, aLead());

    // Assess
    expect(idsOf(step.questions)).toEqual(['email', 'company']);
  });

  it('asks a field whatever its id, even one named like a property of every object (which the schema refuses)', () => {
    // Prepare
    const asked = aFormAsking([aQuestionInput('text')]);
    const form = { ...asked, questions: asked.questions.map((question) => ({ ...question, id: 'constructor' })) };

    // Act
    const step = nextQuestions(form, aLead());

    // Assess
    expect(idsOf(step.questions)).toEqual(['constructor']);
  });
});

describe('pendingQuestions', () => {
  it('lists every question the form could still ask, beyond the current step', () => {
    // Prepare
    const form = aSpecForm();

    // Act
    const pending = pendingQuestions(form, aLead({ company_size: '201+' }));

    // Assess
    expect(idsOf(pending)).toEqual(['email', 'role', 'timeframe', 'budget']);
  });
});
