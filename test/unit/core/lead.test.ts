import { describe, expect, it } from 'vitest';
import { EMAIL_FIELD, emailOf, emptyProfile, isAnswered, isEmptyAnswer, type Answers } from '../../../functions/core/lead.js';
import { named } from '../../helpers/factories.js';

describe('isEmptyAnswer', () => {
  it.each(
    named<{ behaviour: string; value: unknown; empty: boolean }>([
      { behaviour: 'undefined is left blank', value: undefined, empty: true },
      { behaviour: 'null is left blank', value: null, empty: true },
      { behaviour: 'an empty string is left blank', value: '', empty: true },
      { behaviour: 'a string of spaces and line breaks is left blank', value: ' \n\t ', empty: true },
      { behaviour: 'an empty list is left blank', value: [], empty: true },
      { behaviour: 'a word is an answer', value: 'Acme', empty: false },
      { behaviour: 'zero is an answer', value: 0, empty: false },
      { behaviour: 'false is an answer', value: false, empty: false },
      { behaviour: 'a list of one option is an answer', value: ['sla'], empty: false },
    ]),
  )('%s', (_, { value, empty }) => {
    // Act
    const result = isEmptyAnswer(value);

    // Assess
    expect(result).toBe(empty);
  });
});

describe('isAnswered', () => {
  it.each(
    named<{ behaviour: string; answers: Answers; answered: boolean }>([
      { behaviour: 'a field with a value is answered', answers: { company: 'Acme' }, answered: true },
      { behaviour: 'a field holding blanks is not answered', answers: { company: '  ' }, answered: false },
      { behaviour: 'a missing field is not answered', answers: {}, answered: false },
    ]),
  )('%s', (_, { answers, answered }) => {
    // Act
    const result = isAnswered(answers, 'company');

    // Assess
    expect(result).toBe(answered);
  });
});

describe('emailOf', () => {
  it.each(
    named<{ behaviour: string; answers: Answers; email: string | undefined }>([
      { behaviour: 'reads the email field', answers: { [EMAIL_FIELD]: 'ada@example.com' }, email: 'ada@example.com' },
      { behaviour: 'finds no email in a lead that gave none', answers: { company: 'Acme' }, email: undefined },
      { behaviour: 'finds no email in an empty email field', answers: { [EMAIL_FIELD]: '' }, email: undefined },
      { behaviour: 'finds no email in a field that does not hold text', answers: { [EMAIL_FIELD]: ['ada@example.com'] }, email: undefined },
    ]),
  )('%s', (_, { answers, email }) => {
    // Act
    const result = emailOf(answers);

    // Assess
    expect(result).toBe(email);
  });
});

describe('emptyProfile', () => {
  it('starts a lead with no answers and no skips, a fresh object each time', () => {
    // Act
    const first = emptyProfile();
    const second = emptyProfile();

    // Assess
    expect(first).toEqual({ answers: {}, skipped: {} });
    expect(first).not.toBe(second);
  });
});
