import { describe, expect, it } from 'vitest';
import { acceptStep, answerSchema, applyStep, type AcceptedStep } from '../../../functions/core/answers.js';
import { DEFAULT_MAX_LENGTH, type Question } from '../../../functions/core/form.js';
import { aForm, aFormAsking, aLead, aQuestion, aQuestionInput, aSpecForm, named } from '../../helpers/factories.js';

describe('answerSchema', () => {
  it.each(
    named<{ behaviour: string; question: Question; value: unknown; stored: unknown }>([
      { behaviour: 'a text answer is stored trimmed', question: aQuestion('text'), value: '  Acme Corp  ', stored: 'Acme Corp' },
      { behaviour: 'a textarea answer keeps its inner line breaks', question: aQuestion('textarea'), value: 'line one\nline two', stored: 'line one\nline two' },
      {
        behaviour: `a text of exactly ${DEFAULT_MAX_LENGTH} characters fits the default maxLength`,
        question: aQuestion('text'),
        value: 'x'.repeat(DEFAULT_MAX_LENGTH),
        stored: 'x'.repeat(DEFAULT_MAX_LENGTH),
      },
      { behaviour: 'a text as long as its own maxLength is accepted', question: aQuestion('text', { maxLength: 5 }), value: 'abcde', stored: 'abcde' },
      { behaviour: 'surrounding spaces do not count towards maxLength', question: aQuestion('text', { maxLength: 5 }), value: '  abcde  ', stored: 'abcde' },
      { behaviour: 'an email is stored lower-cased and trimmed', question: aQuestion('email'), value: '  Ada.Lovelace@Example.COM ', stored: 'ada.lovelace@example.com' },
      { behaviour: 'a phone number with the usual punctuation is accepted', question: aQuestion('tel'), value: '+1 (555) 010-9999', stored: '+1 (555) 010-9999' },
      { behaviour: 'a number is stored as given', question: aQuestion('number'), value: 25000, stored: 25000 },
      { behaviour: 'a numeric string is stored as a number', question: aQuestion('number'), value: ' 25000 ', stored: 25000 },
      { behaviour: 'a negative decimal string is stored as a number', question: aQuestion('number'), value: '-3.5', stored: -3.5 },
      { behaviour: 'a number equal to min is accepted', question: aQuestion('number', { min: 0, max: 10 }), value: 0, stored: 0 },
      { behaviour: 'a number equal to max is accepted', question: aQuestion('number', { min: 0, max: 10 }), value: '10', stored: 10 },
      { behaviour: 'a select answer naming an option is accepted', question: aQuestion('select'), value: '51-200', stored: '51-200' },
      { behaviour: 'a multiselect answer naming options is accepted', question: aQuestion('multiselect'), value: ['sla', 'routing'], stored: ['sla', 'routing'] },
      { behaviour: 'a multiselect answer as long as min is accepted', question: aQuestion('multiselect', { min: 2, max: 3 }), value: ['sla', 'routing'], stored: ['sla', 'routing'] },
      { behaviour: 'a multiselect answer as long as max is accepted', question: aQuestion('multiselect', { max: 2 }), value: ['sla', 'routing'], stored: ['sla', 'routing'] },
      { behaviour: 'an optional checkbox may be left unchecked', question: aQuestion('checkbox'), value: false, stored: false },
      { behaviour: 'an optional checkbox may be checked', question: aQuestion('checkbox'), value: true, stored: true },
      { behaviour: 'a required checkbox that is checked is accepted', question: aQuestion('checkbox', { required: true }), value: true, stored: true },
      { behaviour: 'a text matching the whole pattern is accepted', question: aQuestion('text', { pattern: '[A-Z]{2}-\\d{3}' }), value: 'AB-123', stored: 'AB-123' },
      { behaviour: 'a pattern applies to the trimmed answer', question: aQuestion('text', { pattern: '[A-Z]{2}-\\d{3}' }), value: ' AB-123 ', stored: 'AB-123' },
      { behaviour: 'every alternative of a pattern is a full match', question: aQuestion('text', { pattern: 'yes|no' }), value: 'no', stored: 'no' },
    ]),
  )('%s', (_, { question, value, stored }) => {
    // Act
    const result = answerSchema(question).safeParse(value);

    // Assess
    expect(result).toMatchObject({ success: true, data: stored });
  });

  it.each(
    named<{ behaviour: string; question: Question; value: unknown; message: string }>([
      { behaviour: 'a text question refuses a number', question: aQuestion('text'), value: 42, message: 'must be text' },
      {
        behaviour: `a text question refuses more than ${DEFAULT_MAX_LENGTH} characters by default`,
        question: aQuestion('text'),
        value: 'x'.repeat(DEFAULT_MAX_LENGTH + 1),
        message: `must be at most ${DEFAULT_MAX_LENGTH} characters`,
      },
      { behaviour: 'a textarea refuses more than its own maxLength', question: aQuestion('textarea', { maxLength: 10 }), value: 'x'.repeat(11), message: 'must be at most 10 characters' },
      { behaviour: 'an email question refuses something that is not an address', question: aQuestion('email'), value: 'ada at example', message: 'must be a valid email address' },
      { behaviour: 'an email question refuses an address longer than maxLength', question: aQuestion('email', { maxLength: 10 }), value: 'ada@example.com', message: 'must be at most 10 characters' },
      { behaviour: 'a tel question refuses prose', question: aQuestion('tel'), value: 'call me maybe', message: 'must be a phone number' },
      { behaviour: 'a tel question refuses a number too short to dial', question: aQuestion('tel'), value: '123', message: 'must be a phone number' },
      { behaviour: 'a pattern must match the whole answer, not a part of it', question: aQuestion('text', { pattern: '[A-Z]{2}-\\d{3}' }), value: 'xAB-123y', message: 'is not in the expected format' },
      { behaviour: 'an alternative of a pattern must match the whole answer', question: aQuestion('text', { pattern: 'yes|no' }), value: 'yes please', message: 'is not in the expected format' },
      { behaviour: 'a number question refuses words', question: aQuestion('number'), value: 'lots', message: 'must be a number' },
      { behaviour: 'a number question refuses exponent notation', question: aQuestion('number'), value: '1e6', message: 'must be a number' },
      { behaviour: 'a number question refuses a boolean', question: aQuestion('number'), value: true, message: 'must be a number' },
      { behaviour: 'a number question refuses infinity', question: aQuestion('number'), value: Number.POSITIVE_INFINITY, message: 'must be a number' },
      { behaviour: 'a number question refuses a number below min', question: aQuestion('number', { min: 0 }), value: -1, message: 'must be at least 0' },
      { behaviour: 'a number question refuses a numeric string above max', question: aQuestion('number', { max: 100 }), value: '101', message: 'must be at most 100' },
      { behaviour: 'a select question refuses a value that is not an option', question: aQuestion('select'), value: '10000+', message: 'must be one of: 1-10, 11-50, 51-200, 201+' },
      { behaviour: 'a select question refuses a number', question: aQuestion('select'), value: 10, message: 'must be one of the options' },
      { behaviour: 'a select question refuses a list', question: aQuestion('select'), value: ['1-10'], message: 'must be one of the options' },
      { behaviour: 'a multiselect question refuses a single value', question: aQuestion('multiselect'), value: 'sla', message: 'must be a list of options' },
      { behaviour: 'a multiselect question refuses a value that is not an option', question: aQuestion('multiselect'), value: ['sla', 'pricing'], message: 'must be among: fit_scoring, interest_decay, routing, sla' },
      { behaviour: 'a multiselect question refuses fewer choices than min', question: aQuestion('multiselect', { min: 2 }), value: ['sla'], message: 'choose at least 2' },
      { behaviour: 'a multiselect question refuses more choices than max', question: aQuestion('multiselect', { max: 2 }), value: ['sla', 'routing', 'fit_scoring'], message: 'choose at most 2' },
      { behaviour: 'a multiselect question refuses an option chosen twice', question: aQuestion('multiselect'), value: ['sla', 'sla'], message: 'must not repeat an option' },
      { behaviour: 'a required checkbox must be checked', question: aQuestion('checkbox', { required: true }), value: false, message: 'must be checked' },
      { behaviour: 'a checkbox refuses a string', question: aQuestion('checkbox'), value: 'yes', message: 'must be true or false' },
    ]),
  )('%s', (_, { question, value, message }) => {
    // Act
    const result = answerSchema(question).safeParse(value);

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });

  it('builds a question’s schema once, and it answers a second parse as it did the first', () => {
    // Prepare
    const question = aQuestion('select');
    const schema = answerSchema(question);
    const first = schema.safeParse('10000+');

    // Act
    const again = answerSchema(question);

    // Assess
    expect(again).toBe(schema);
    expect(again.safeParse('10000+').error?.issues).toEqual(first.error?.issues);
    expect(again.safeParse('51-200')).toMatchObject({ success: true, data: '51-200' });
  });

  it('builds another schema for another question object, so an edited question is never checked by the old one', () => {
    // Prepare
    const before = aQuestion('number', { max: 100 });
    answerSchema(before).safeParse(50);

    // Act
    const after = answerSchema({ ...before, max: 10 });

    // Assess
    expect(after.safeParse(50).error?.issues[0]?.message).toBe('must be at most 10');
    expect(answerSchema(before).safeParse(50)).toMatchObject({ success: true, data: 50 });
  });
});

describe('acceptStep', () => {
  it('accepts a step answering the questions it showed, normalised for storage', () => {
    // Prepare
    const form = aSpecForm();

    // Act
    const result = acceptStep(form, aLead(), { email: ' Ada@Example.com ', company_size: '201+' });

    // Assess
    expect(result).toEqual({ ok: true, step: { answers: { email: 'ada@example.com', company_size: '201+' }, skipped: [] } });
  });

  it('rejects an answer to a field the form does not ask, naming answers.<field>', () => {
    // Prepare
    const form = aSpecForm();

    // Act
    const result = acceptStep(form, aLead(), { email: 'ada@example.com', favourite_colour: 'blue' });

    // Assess
    expect(result).toEqual({
      ok: false,
      issues: [{ path: 'answers.favourite_colour', message: '"favourite_colour" is not a question of form demo-request' }],
    });
  });

  it('rejects a step that leaves a required field of the step unanswered', () => {
    // Prepare
    const form = aSpecForm();

    // Act
    const result = acceptStep(form, aLead(), { company_size: '201+' });

    // Assess
    expect(result).toEqual({ ok: false, issues: [{ path: 'answers.email', message: 'is required' }] });
  });

  it.each(
    named([
      { behaviour: 'an empty string', value: '' },
      { behaviour: 'only spaces', value: '   ' },
      { behaviour: 'null', value: null },
    ]),
  )('treats a required field given %s as unanswered', (_, { value }) => {
    // Prepare
    const form = aSpecForm();

    // Act
    const result = acceptStep(form, aLead(), { email: value });

    // Assess
    expect(result).toEqual({ ok: false, issues: [{ path: 'answers.email', message: 'is required' }] });
  });

  it('does not demand a required field the current step does not show', () => {
    // Prepare
    const form = aFormAsking(
      [aQuestionInput('email', { required: true }), aQuestionInput('text', { required: true }), aQuestionInput('tel', { required: true })],
      2,
    );

    // Act
    const result = acceptStep(form, aLead(), { email: 'ada@example.com', company: 'Acme' });

    // Assess
    expect(result).toEqual({ ok: true, step: { answers: { email: 'ada@example.com', company: 'Acme' }, skipped: [] } });
  });

  it('does not demand a required field the lead answered before', () => {
    // Prepare
    const form = aSpecForm();
    const lead = aLead({ email: 'ada@example.com' });

    // Act
    const result = acceptStep(form, lead, { company_size: '11-50', role: 'user' });

    // Assess
    expect(result).toEqual({ ok: true, step: { answers: { company_size: '11-50', role: 'user' }, skipped: [] } });
  });

  it('reports every problem of a step at once, each at its field', () => {
    // Prepare
    const form = aFormAsking([aQuestionInput('email', { required: true }), aQuestionInput('number', { min: 0 }), aQuestionInput('select')], 3);

    // Act
    const result = acceptStep(form, aLead(), { budget: -5, company_size: 'huge', nickname: 'Ada' });

    // Assess
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual([
      'answers.budget',
      'answers.company_size',
      'answers.nickname',
      'answers.email',
    ]);
  });

  it('checks a step against a form it checked before exactly as the first time, problems and answers alike', () => {
    // Prepare
    const form = aFormAsking([aQuestionInput('email', { required: true }), aQuestionInput('number', { min: 0 }), aQuestionInput('select')], 3);
    const refused = { budget: -5, company_size: 'huge' };
    const accepted = { email: ' Ada@Example.com ', budget: '12', company_size: '11-50' };
    const first = [acceptStep(form, aLead(), refused), acceptStep(form, aLead(), accepted)];

    // Act
    const again = [acceptStep(form, aLead(), refused), acceptStep(form, aLead(), accepted)];

    // Assess
    expect(again).toEqual(first);
    expect(again).toEqual([
      {
        ok: false,
        issues: [
          { path: 'answers.budget', message: 'must be at least 0' },
          { path: 'answers.company_size', message: 'must be one of: 1-10, 11-50, 51-200, 201+' },
          { path: 'answers.email', message: 'is required' },
        ],
      },
      { ok: true, step: { answers: { email: 'ada@example.com', budget: 12, company_size: '11-50' }, skipped: [] } },
    ]);
  });

  it('reports an invalid answer to a required field once, not also as missing', () => {
    // Prepare
    const form = aSpecForm();

    // Act
    const result = acceptStep(form, aLead(), { email: 'not-an-email' });

    // Assess
    expect(result).toEqual({ ok: false, issues: [{ path: 'answers.email', message: 'must be a valid email address' }] });
  });

  it('rejects a required checkbox left unchecked', () => {
    // Prepare
    const form = aFormAsking([aQuestionInput('checkbox', { required: true })]);

    // Act
    const result = acceptStep(form, aLead(), { consent: false });

    // Assess
    expect(result).toEqual({ ok: false, issues: [{ path: 'answers.consent', message: 'must be checked' }] });
  });

  it.each(
    named([
      { behaviour: 'an empty string', value: '' },
      { behaviour: 'only spaces', value: '  ' },
      { behaviour: 'null', value: null },
      { behaviour: 'an empty list', value: [] },
    ]),
  )('takes an optional field of the step given %s as skipped, storing nothing', (_, { value }) => {
    // Prepare
    const form = aFormAsking([aQuestionInput('email', { required: true }), aQuestionInput('multiselect')], 2);

    // Act
    const result = acceptStep(form, aLead(), { email: 'ada@example.com', topics: value });

    // Assess
    expect(result).toEqual({ ok: true, step: { answers: { email: 'ada@example.com' }, skipped: ['topics'] } });
  });

  it('takes an optional field of the step left out of the submission as skipped', () => {
    // Prepare
    const form = aSpecForm();
    const lead = aLead({ email: 'ada@example.com' });

    // Act
    const result = acceptStep(form, lead, { role: 'influencer' });

    // Assess
    expect(result).toEqual({ ok: true, step: { answers: { role: 'influencer' }, skipped: ['company_size'] } });
  });

  it('accepts an answer to a question of the form beyond the step shown, without skipping it', () => {
    // Prepare
    const form = aSpecForm();

    // Act
    const result = acceptStep(form, aLead(), { email: 'ada@example.com', company_size: '51-200', budget: '20000' });

    // Assess
    expect(result).toEqual({ ok: true, step: { answers: { email: 'ada@example.com', company_size: '51-200', budget: 20000 }, skipped: [] } });
  });

  it('does not skip a field the step did not show, even when submitted empty', () => {
    // Prepare
    const form = aSpecForm();

    // Act
    const result = acceptStep(form, aLead(), { email: 'ada@example.com', company_size: '1-10', budget: '' });

    // Assess
    expect(result).toEqual({ ok: true, step: { answers: { email: 'ada@example.com', company_size: '1-10' }, skipped: [] } });
  });

  it('accepts a step of a form whatever its id, even one named like a property of every object (which the schema refuses)', () => {
    // Prepare
    const form = { ...aForm(), id: 'constructor' };

    // Act
    const result = acceptStep(form, aLead(), { email: 'ada@example.com' });

    // Assess
    expect(result).toEqual({ ok: true, step: { answers: { email: 'ada@example.com' }, skipped: ['company'] } });
  });

  it('accepts a new answer to a field the lead answered before', () => {
    // Prepare
    const form = aSpecForm();
    const lead = aLead({ email: 'ada@example.com', company_size: '1-10' });

    // Act
    const result = acceptStep(form, lead, { company_size: '201+', role: 'user' });

    // Assess
    expect(result).toEqual({ ok: true, step: { answers: { company_size: '201+', role: 'user' }, skipped: ['budget'] } });
  });
});

describe('applyStep', () => {
  it('keeps earlier answers and lets the newest answer win per field', () => {
    // Prepare
    const form = aSpecForm();
    const lead = aLead({ email: 'ada@example.com', company_size: '1-10' });
    const step: AcceptedStep = { answers: { company_size: '201+', role: 'user' }, skipped: [] };

    // Act
    const next = applyStep(form, lead, step);

    // Assess
    expect(next.answers).toEqual({ email: 'ada@example.com', company_size: '201+', role: 'user' });
  });

  it('remembers skips per form, adding to the ones this form already had', () => {
    // Prepare
    const form = aSpecForm();
    const lead = aLead({}, { 'demo-request': ['role'], 'ebook-download': ['industry'] });
    const step: AcceptedStep = { answers: {}, skipped: ['company_size', 'role'] };

    // Act
    const next = applyStep(form, lead, step);

    // Assess
    expect(next.skipped).toEqual({ 'demo-request': ['role', 'company_size'], 'ebook-download': ['industry'] });
  });

  it('records a first skip for a form that had none', () => {
    // Prepare
    const form = aForm({ id: 'contact-us' });
    const step: AcceptedStep = { answers: { email: 'ada@example.com' }, skipped: ['company'] };

    // Act
    const next = applyStep(form, aLead(), step);

    // Assess
    expect(next).toEqual({ answers: { email: 'ada@example.com' }, skipped: { 'contact-us': ['company'] } });
  });

  it('records skips for a form whatever its id, even one named like a property of every object (which the schema refuses)', () => {
    // Prepare
    const form = { ...aForm(), id: 'constructor' };
    const step: AcceptedStep = { answers: { email: 'ada@example.com' }, skipped: ['company'] };

    // Act
    const next = applyStep(form, aLead(), step);

    // Assess
    expect(next).toEqual({ answers: { email: 'ada@example.com' }, skipped: { constructor: ['company'] } });
  });

  it('leaves the skips untouched when the step skipped nothing', () => {
    // Prepare
    const form = aSpecForm();
    const lead = aLead({}, { 'ebook-download': ['industry'] });

    // Act
    const next = applyStep(form, lead, { answers: { email: 'ada@example.com' }, skipped: [] });

    // Assess
    expect(next.skipped).toEqual({ 'ebook-download': ['industry'] });
  });

  it('does not change the lead it was given', () => {
    // Prepare
    const form = aSpecForm();
    const lead = aLead({ company_size: '1-10' }, { 'demo-request': ['role'] });

    // Act
    applyStep(form, lead, { answers: { company_size: '201+' }, skipped: ['budget'] });

    // Assess
    expect(lead).toEqual(aLead({ company_size: '1-10' }, { 'demo-request': ['role'] }));
  });
});
