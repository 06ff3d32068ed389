import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FormSchema } from '../../../functions/core/form.js';
import { MAX_DEPTH, issuesFromZod, parseWith, pathOf } from '../../../functions/core/issues.js';
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

describe('parseWith refuses what no schema can say, before any schema runs', () => {
  const anything = z.unknown();
  const nested = (levels: number, leaf: unknown = 1): unknown => {
    let value = leaf;
    for (let level = 0; level < levels; level += 1) value = level % 2 === 0 ? [value] : { a: value };
    return value;
  };
  const issuesOf = (input: unknown, prefix: PropertyKey[] = []) => {
    const result = parseWith(anything, input, prefix);
    return result.ok ? [] : result.issues;
  };

  it(`accepts ${MAX_DEPTH} levels of nesting`, () => {
    // Act
    const result = parseWith(anything, nested(MAX_DEPTH));

    // Assess
    expect(result.ok).toBe(true);
  });

  it(`refuses a level more than ${MAX_DEPTH}, naming where it goes too deep`, () => {
    // Act
    const issues = issuesOf(nested(MAX_DEPTH + 1), ['body']);

    // Assess
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toBe(`nests deeper than ${MAX_DEPTH} levels`);
    expect(issues[0]?.path.split('.')).toHaveLength(MAX_DEPTH + 1);
    expect(issues[0]?.path.startsWith('body.0.a.0.a')).toBe(true);
  });

  it('refuses input nested 100,000 deep with one issue instead of overflowing the stack', () => {
    // Prepare: deeper than any recursion survives.
    const input = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toBe(`nests deeper than ${MAX_DEPTH} levels`);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a %s key at any depth, naming it', (key) => {
    // Prepare: as JSON.parse leaves it, an own property.
    const input = JSON.parse(`{"answers": {"email": "a@example.com", "list": [{"${key}": {"name": "Object"}}]}}`) as unknown;

    // Act
    const issues = issuesOf(input, ['body']);

    // Assess
    expect(issues).toEqual([{ path: `body.answers.list.0.${key}`, message: 'is a reserved name' }]);
  });

  it('accepts reserved names as values and names that merely contain them', () => {
    // Act
    const result = parseWith(anything, { type: 'constructor', constructors: ['__proto__'], my_prototype: 1 });

    // Assess
    expect(result.ok).toBe(true);
  });

  it.each(
    named<{ behaviour: string; value: number; message: string }>([
      { behaviour: 'a whole number above Number.MAX_SAFE_INTEGER', value: Number.MAX_SAFE_INTEGER + 1, message: `is too large to keep exactly (at most ±${Number.MAX_SAFE_INTEGER})` },
      { behaviour: 'a whole number below -Number.MAX_SAFE_INTEGER', value: -1e300, message: `is too large to keep exactly (at most ±${Number.MAX_SAFE_INTEGER})` },
      { behaviour: 'a number nearer zero than DynamoDB stores', value: 1e-200, message: 'is too close to zero to store (at least 1e-130 away from it)' },
      { behaviour: 'infinity (not JSON, but a caller may pass it)', value: Number.POSITIVE_INFINITY, message: 'must be a finite number' },
    ]),
  )('refuses %s', (_, { value, message }) => {
    // Act
    const issues = issuesOf({ properties: { amount: value } });

    // Assess
    expect(issues).toEqual([{ path: 'properties.amount', message }]);
  });

  it.each([0, -0, 1.5, -42, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e-130, 123456.789])('accepts the number %s', (value) => {
    // Act
    const result = parseWith(anything, [value]);

    // Assess
    expect(result.ok).toBe(true);
  });

  it('reports every such problem at once, an object’s own keys before what lies inside it, and runs no schema', () => {
    // Prepare
    const input = JSON.parse('{"a": {"constructor": 1}, "b": [9007199254740993], "prototype": 2}') as unknown;

    // Act
    const result = parseWith(z.object({ a: z.string() }), input);

    // Assess
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'prototype', message: 'is a reserved name' },
        { path: 'a.constructor', message: 'is a reserved name' },
        { path: 'b.0', message: `is too large to keep exactly (at most ±${Number.MAX_SAFE_INTEGER})` },
      ],
    });
  });
});
