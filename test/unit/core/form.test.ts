import { describe, expect, it } from 'vitest';
import { DEFAULT_QUESTIONS_PER_STEP, FormSchema, type AskIf } from '../../../functions/core/form.js';
import { parseWith } from '../../../functions/core/issues.js';
import {
  QUESTION_TYPES,
  aFormInput,
  aQuestionInput,
  aSpecFormInput,
  named,
  type QuestionInput,
} from '../../helpers/factories.js';

const pathsOf = (input: unknown): string[] => {
  const result = parseWith(FormSchema, input);
  return result.ok ? [] : result.issues.map((issue) => issue.path);
};

const messagesOf = (input: unknown): string[] => {
  const result = parseWith(FormSchema, input);
  return result.ok ? [] : result.issues.map((issue) => issue.message);
};

/** A form whose second question is conditioned on the first (a company-size select). */
const conditionedOn = (askIf: unknown): unknown =>
  aFormInput({ questions: [aQuestionInput('select'), { ...aQuestionInput('text'), askIf } as QuestionInput] });

describe('FormSchema', () => {
  it("accepts the SPEC's example form as written", () => {
    // Prepare
    const input = aSpecFormInput();

    // Act
    const form = FormSchema.parse(input);

    // Assess
    expect(form.id).toBe('demo-request');
    expect(form.questionsPerStep).toBe(2);
    expect(form.questions.map((q) => q.id)).toEqual(['email', 'company_size', 'role', 'timeframe', 'budget']);
  });

  it('fills the settings a marketer leaves out with their defaults', () => {
    // Prepare
    const input = aFormInput();

    // Act
    const form = FormSchema.parse(input);

    // Assess
    expect(form).toMatchObject({
      playbook: 'default',
      questionsPerStep: DEFAULT_QUESTIONS_PER_STEP,
      handRaiser: false,
      thankYou: 'Thank you!',
      allowedOrigins: [],
    });
  });

  it.each(QUESTION_TYPES)('accepts a question of type %s', (type) => {
    // Prepare
    const input = aFormInput({ questions: [aQuestionInput(type)] });

    // Act
    const result = parseWith(FormSchema, input);

    // Assess
    expect(result.ok).toBe(true);
  });

  it.each<{ variant: string; askIf: AskIf }>([
    { variant: 'equals', askIf: { field: 'company_size', equals: '201+' } },
    { variant: 'in', askIf: { field: 'company_size', in: ['51-200', '201+'] } },
    { variant: 'notIn', askIf: { field: 'company_size', notIn: ['1-10'] } },
    { variant: 'answered: true', askIf: { field: 'company_size', answered: true } },
    { variant: 'answered: false', askIf: { field: 'company_size', answered: false } },
  ])('accepts an askIf with $variant on an earlier question', ({ askIf }) => {
    // Prepare
    const input = conditionedOn(askIf);

    // Act
    const result = parseWith(FormSchema, input);

    // Assess
    expect(result).toMatchObject({ ok: true, value: { questions: [{}, { askIf }] } });
  });

  it.each(
    named([
      { behaviour: 'a one-letter id', id: 'a' },
      { behaviour: 'an id with digits and underscores', id: 'utm_source_2' },
      { behaviour: 'an id of 64 characters', id: `a${'b'.repeat(63)}` },
    ]),
  )('accepts a question with %s', (_, { id }) => {
    // Prepare
    const input = aFormInput({ questions: [aQuestionInput('text', { id })] });

    // Act
    const paths = pathsOf(input);

    // Assess
    expect(paths).toEqual([]);
  });

  it.each(
    named([
      { behaviour: 'an https download', thankYouUrl: 'https://www.example.com/downloads/lead-scoring-playbook.pdf' },
      { behaviour: 'a path on the site the form is embedded in', thankYouUrl: '/thank-you?from=ebook#next' },
      { behaviour: 'the site’s home page', thankYouUrl: '/' },
    ]),
  )('accepts a last-step button text and a thank-you link to %s', (_, { thankYouUrl }) => {
    // Prepare
    const input = aFormInput({ submitLabel: 'Get the e-book', thankYouUrl });

    // Act
    const result = parseWith(FormSchema, input);

    // Assess
    expect(result).toMatchObject({ ok: true, value: { submitLabel: 'Get the e-book', thankYouUrl } });
  });

  it('leaves the last-step button text and the thank-you link unset unless given: the widget then says "Submit" and links nowhere', () => {
    // Prepare
    const input = aFormInput();

    // Act
    const form = FormSchema.parse(input);

    // Assess
    expect(form).not.toHaveProperty('submitLabel');
    expect(form).not.toHaveProperty('thankYouUrl');
  });

  it('says what a thank-you link may be when it refuses one', () => {
    // Prepare
    const input = aFormInput({ thankYouUrl: 'http://www.example.com/ebook.pdf' });

    // Act
    const messages = messagesOf(input);

    // Assess
    expect(messages).toEqual(['must be an https:// URL or a path starting with /']);
  });

  it('accepts an askIf comparing a checkbox or a number without options to check', () => {
    // Prepare
    const input = aFormInput({
      questions: [
        aQuestionInput('checkbox'),
        aQuestionInput('number'),
        aQuestionInput('text', { askIf: { field: 'consent', equals: true } }),
        aQuestionInput('textarea', { askIf: { field: 'budget', in: [0, 10] } }),
      ],
    });

    // Act
    const paths = pathsOf(input);

    // Assess
    expect(paths).toEqual([]);
  });

  it.each(
    named<{ behaviour: string; input: unknown; path: string }>([
      { behaviour: 'an id starting with a capital', input: aFormInput({ questions: [aQuestionInput('text', { id: 'Company' })] }), path: 'questions.0.id' },
      { behaviour: 'an id starting with a digit', input: aFormInput({ questions: [aQuestionInput('text', { id: '2nd_email' })] }), path: 'questions.0.id' },
      { behaviour: 'an id with a hyphen', input: aFormInput({ questions: [aQuestionInput('text', { id: 'first-name' })] }), path: 'questions.0.id' },
      { behaviour: 'an id of 65 characters', input: aFormInput({ questions: [aQuestionInput('text', { id: `a${'b'.repeat(64)}` })] }), path: 'questions.0.id' },
      { behaviour: 'an unknown question type', input: aFormInput({ questions: [{ ...aQuestionInput('text'), type: 'date' } as unknown as QuestionInput] }), path: 'questions.0.type' },
      { behaviour: 'an empty label', input: aFormInput({ questions: [aQuestionInput('text', { label: '' })] }), path: 'questions.0.label' },
      { behaviour: 'a select without options', input: aFormInput({ questions: [aQuestionInput('select', { options: [] })] }), path: 'questions.0.options' },
      {
        behaviour: 'a select repeating an option value',
        input: aFormInput({ questions: [aQuestionInput('select', { options: [{ value: 'a', label: 'A' }, { value: 'a', label: 'Again' }] })] }),
        path: 'questions.0.options',
      },
      { behaviour: 'a number whose min exceeds its max', input: aFormInput({ questions: [aQuestionInput('number', { min: 10, max: 1 })] }), path: 'questions.0.min' },
      { behaviour: 'a multiselect whose min exceeds its max', input: aFormInput({ questions: [aQuestionInput('multiselect', { min: 3, max: 2 })] }), path: 'questions.0.min' },
      { behaviour: 'a pattern that is not a regular expression', input: aFormInput({ questions: [aQuestionInput('text', { pattern: '([a-z]' })] }), path: 'questions.0.pattern' },
      { behaviour: 'a maxLength of 0', input: aFormInput({ questions: [aQuestionInput('text', { maxLength: 0 })] }), path: 'questions.0.maxLength' },
      { behaviour: 'no questions', input: aFormInput({ questions: [] }), path: 'questions' },
      { behaviour: 'questionsPerStep of 0', input: aFormInput({ questionsPerStep: 0 }), path: 'questionsPerStep' },
      { behaviour: 'questionsPerStep over 20', input: aFormInput({ questionsPerStep: 21 }), path: 'questionsPerStep' },
      { behaviour: 'an allowed origin with a path', input: aFormInput({ allowedOrigins: ['https://www.example.com/pricing'] }), path: 'allowedOrigins.0' },
      { behaviour: 'a form id with capitals', input: aFormInput({ id: 'Demo-Request' }), path: 'id' },
      { behaviour: 'a playbook id with a space', input: aFormInput({ playbook: 'the default' }), path: 'playbook' },
      { behaviour: 'a question repeating an earlier id', input: aFormInput({ questions: [aQuestionInput('text'), aQuestionInput('text')] }), path: 'questions.1.id' },
      {
        behaviour: 'an askIf naming a later question',
        input: aFormInput({ questions: [aQuestionInput('text', { askIf: { field: 'company_size', answered: true } }), aQuestionInput('select')] }),
        path: 'questions.0.askIf.field',
      },
      { behaviour: 'an askIf naming an unknown question', input: conditionedOn({ field: 'industry', equals: 'software' }), path: 'questions.1.askIf.field' },
      {
        behaviour: 'an askIf naming its own question',
        input: aFormInput({ questions: [aQuestionInput('text', { askIf: { field: 'company', answered: false } })] }),
        path: 'questions.0.askIf.field',
      },
      { behaviour: 'an askIf with two conditions', input: conditionedOn({ field: 'company_size', equals: '201+', in: ['1-10'] }), path: 'questions.1.askIf' },
      { behaviour: 'an askIf with no condition', input: conditionedOn({ field: 'company_size' }), path: 'questions.1.askIf' },
      { behaviour: 'an askIf with an empty in list', input: conditionedOn({ field: 'company_size', in: [] }), path: 'questions.1.askIf.in' },
      { behaviour: 'an askIf whose field is not an id', input: conditionedOn({ field: 'Company size', answered: true }), path: 'questions.1.askIf.field' },
      { behaviour: 'an askIf equal to a value that is not an option', input: conditionedOn({ field: 'company_size', equals: '10000+' }), path: 'questions.1.askIf' },
      { behaviour: 'an askIf in-list naming a value that is not an option', input: conditionedOn({ field: 'company_size', in: ['1-10', 'huge'] }), path: 'questions.1.askIf' },
      { behaviour: 'an askIf notIn-list naming a value that is not an option', input: conditionedOn({ field: 'company_size', notIn: [true] }), path: 'questions.1.askIf' },
      { behaviour: 'an unknown key on a question', input: aFormInput({ questions: [{ ...aQuestionInput('text'), colour: 'red' } as QuestionInput] }), path: 'questions.0.colour' },
      { behaviour: 'options on a text question', input: aFormInput({ questions: [{ ...aQuestionInput('text'), options: [{ value: 'a', label: 'A' }] } as QuestionInput] }), path: 'questions.0.options' },
      { behaviour: 'a maxLength on a number question', input: aFormInput({ questions: [{ ...aQuestionInput('number'), maxLength: 5 } as QuestionInput] }), path: 'questions.0.maxLength' },
      { behaviour: 'an unknown key on the form', input: { ...aFormInput(), colour: 'red' }, path: 'colour' },
      { behaviour: 'an empty submitLabel', input: aFormInput({ submitLabel: '' }), path: 'submitLabel' },
      { behaviour: 'a submitLabel of 61 characters', input: aFormInput({ submitLabel: 'a'.repeat(61) }), path: 'submitLabel' },
      { behaviour: 'a thankYouUrl over plain http', input: aFormInput({ thankYouUrl: 'http://www.example.com/ebook.pdf' }), path: 'thankYouUrl' },
      { behaviour: 'a thankYouUrl running script', input: aFormInput({ thankYouUrl: 'javascript:alert(1)' }), path: 'thankYouUrl' },
      { behaviour: 'a thankYouUrl naming another host without a scheme', input: aFormInput({ thankYouUrl: '//evil.example/ebook.pdf' }), path: 'thankYouUrl' },
      { behaviour: 'a thankYouUrl naming another host behind a backslash', input: aFormInput({ thankYouUrl: '/\\evil.example/ebook.pdf' }), path: 'thankYouUrl' },
      { behaviour: 'a thankYouUrl relative to the page rather than the site', input: aFormInput({ thankYouUrl: 'downloads/ebook.pdf' }), path: 'thankYouUrl' },
      { behaviour: 'a thankYouUrl with a space', input: aFormInput({ thankYouUrl: '/downloads/the ebook.pdf' }), path: 'thankYouUrl' },
      { behaviour: 'a thankYouUrl over 2048 characters', input: aFormInput({ thankYouUrl: `https://www.example.com/${'a'.repeat(2030)}` }), path: 'thankYouUrl' },
      { behaviour: 'a question id named like a property of every object', input: aFormInput({ questions: [aQuestionInput('text', { id: 'constructor' })] }), path: 'questions.0.id' },
      { behaviour: 'a form id named like a property of every object', input: aFormInput({ id: 'prototype' }), path: 'id' },
    ]),
  )('rejects %s, naming where', (_, { input, path }) => {
    // Act
    const paths = pathsOf(input);

    // Assess
    expect(paths).toContain(path);
  });

  it('names the unknown key it rejects in the message', () => {
    // Prepare
    const input = aFormInput({ questions: [{ ...aQuestionInput('text'), colour: 'red' } as QuestionInput] });

    // Act
    const messages = messagesOf(input);

    // Assess
    expect(messages.join('\n')).toContain('colour');
  });

  it('says why a question may not be called constructor: its answers are keyed by it', () => {
    // Prepare
    const input = aFormInput({ questions: [aQuestionInput('text', { id: 'constructor' })] });

    // Act
    const messages = messagesOf(input);

    // Assess
    expect(messages).toEqual(['is a reserved name']);
  });

  it('says which value of an askIf is not an option of the earlier question', () => {
    // Prepare
    const input = conditionedOn({ field: 'company_size', in: ['1-10', 'huge'] });

    // Act
    const messages = messagesOf(input);

    // Assess
    expect(messages).toEqual(['"huge" is not an option of question "company_size"']);
  });

  it('reports a duplicate id once, and still checks askIfs against the first question of that id', () => {
    // Prepare
    const input = aFormInput({
      questions: [
        aQuestionInput('select'),
        aQuestionInput('select', { options: [{ value: 'other', label: 'Other' }] }),
        aQuestionInput('text', { askIf: { field: 'company_size', equals: 'other' } }),
      ],
    });

    // Act
    const paths = pathsOf(input);

    // Assess
    expect(paths).toEqual(['questions.1.id', 'questions.2.askIf']);
  });

  it('reports every problem of a form at once', () => {
    // Prepare
    const input = aFormInput({
      questions: [aQuestionInput('text', { id: 'Bad' }), aQuestionInput('number', { min: 5, max: 1 })],
      questionsPerStep: 0,
    });

    // Act
    const paths = pathsOf(input);

    // Assess
    expect(paths).toEqual(expect.arrayContaining(['questions.0.id', 'questions.1.min', 'questionsPerStep']));
  });
});
