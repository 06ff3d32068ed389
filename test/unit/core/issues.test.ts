import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FormSchema } from '../../../functions/core/form.js';
import { issuesFromZod, parseWith, pathOf } from '../../../functions/core/issues.js';
import { aFormInput, aQuestionInput, named } from '../../helpers/factories.js';

describe('pathOf', () => {
  it.each(
    named<{ behaviour: string; path: PropertyKey[]; expected: string }>([
      { behaviour: 'joins keys and indexes with dots', path: ['questions', 2, 'askIf', 'field'], expected: 'questions.2.askIf.field' },
      { behaviour: 'names the document itself with an empty path', path: [], expected: '' },
      { behaviour: 'prints a symbol key by its description', path: ['answers', Symbol('email')], expected: 'answers.Symbol(email)' },
    ]),
  )('%s', (_, { path, expected }) => {
    // Act
    const result = pathOf(path);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('issuesFromZod', () => {
  it('turns every zod issue into a {path, message} under the given prefix', () => {
    // Prepare
    const error = z.object({ email: z.email({ error: 'must be an email' }), age: z.number({ error: 'must be a number' }) }).safeParse({ email: 'x', age: 'y' }).error;

    // Act
    const issues = error ? issuesFromZod(error, ['answers']) : [];

    // Assess
    expect(issues).toEqual([
      { path: 'answers.email', message: 'must be an email' },
      { path: 'answers.age', message: 'must be a number' },
    ]);
  });

  it('uses the issue path alone when no prefix is given', () => {
    // Prepare
    const error = z.object({ id: z.string({ error: 'must be text' }) }).safeParse({ id: 1 }).error;

    // Act
    const issues = error ? issuesFromZod(error) : [];

    // Assess
    expect(issues).toEqual([{ path: 'id', message: 'must be text' }]);
  });
});

describe('parseWith', () => {
  it('hands back the parsed value of valid input', () => {
    // Prepare
    const input = aFormInput();

    // Act
    const result = parseWith(FormSchema, input);

    // Assess
    expect(result).toEqual({ ok: true, value: FormSchema.parse(input) });
  });

  it('hands back every issue of invalid input instead of throwing, under the given prefix', () => {
    // Prepare
    const input = aFormInput({ id: 'Bad Id', questions: [aQuestionInput('text', { id: 'Bad' })] });

    // Act
    const result = parseWith(FormSchema, input, ['body']);

    // Assess
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual(['body.id', 'body.questions.0.id']);
  });
});
