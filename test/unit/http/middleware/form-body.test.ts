import { describe, expect, it } from 'vitest';
import { UnsupportedMediaTypeError } from '../../../../functions/http/framework/errors.js';
import { formBody } from '../../../../functions/http/framework/middleware/form-body.js';
import { anEvent, chainOf, outcomeOf } from './chain.js';

const FORM = 'application/x-www-form-urlencoded';
const postForm = (body: string | undefined, contentType: string | undefined, isBase64Encoded = false) =>
  anEvent('POST', '/v1/feedback/lead_1', { body, headers: { 'content-type': contentType }, isBase64Encoded });

/** The body the handler saw, once formBody has parsed it. */
const parsed = async (event: ReturnType<typeof postForm>) => {
  const chain = chainOf([formBody()]);
  await chain.invoke(event);
  return chain.reached[0]?.body;
};

describe('formBody', () => {
  it('hands the handler an HTML form’s fields as an object of strings, decoded', async () => {
    // Act
    const body = await parsed(postForm('reason=too+small&note=caf%C3%A9%20%26%20bar&empty=', FORM));

    // Assess
    expect(body).toEqual({ reason: 'too small', note: 'café & bar', empty: '' });
  });

  it('keeps the last value of a field sent twice', async () => {
    // Act
    const body = await parsed(postForm('reason=first&reason=second', FORM));

    // Assess
    expect(body).toEqual({ reason: 'second' });
  });

  it('accepts the form’s content-type with a charset', async () => {
    // Act
    const body = await parsed(postForm('reason=x', `${FORM}; charset=UTF-8`));

    // Assess
    expect(body).toEqual({ reason: 'x' });
  });

  it('accepts the form’s content-type in any case, as media types are', async () => {
    // Act
    const body = await parsed(postForm('reason=x', 'Application/X-WWW-Form-Urlencoded'));

    // Assess
    expect(body).toEqual({ reason: 'x' });
  });

  it('decodes a base64-encoded form', async () => {
    // Act
    const body = await parsed(postForm(Buffer.from('reason=d%C3%A9j%C3%A0').toString('base64'), FORM, true));

    // Assess
    expect(body).toEqual({ reason: 'déjà' });
  });

  it.each([
    ['no body', undefined, undefined],
    ['an empty body', '', 'text/plain'],
  ])('reads %s as an empty form, whatever its content-type', async (_, raw, contentType) => {
    // Act
    const body = await parsed(postForm(raw, contentType));

    // Assess
    expect(body).toEqual({});
  });

  it.each([
    ['JSON', 'application/json'],
    ['text', 'text/plain'],
    ['a multipart form', 'multipart/form-data; boundary=x'],
    ['no content-type', undefined],
  ])('refuses a body sent as %s 415, before the handler', async (_, contentType) => {
    // Prepare
    const chain = chainOf([formBody()]);

    // Act
    const { refused } = await outcomeOf(chain.invoke(postForm('reason=x', contentType)));

    // Assess
    expect(refused).toBeInstanceOf(UnsupportedMediaTypeError);
    expect(refused).toMatchObject({ status: 415, code: 'unsupported_media_type', message: 'send the form as application/x-www-form-urlencoded' });
    expect(chain.reached).toEqual([]);
  });

  it('makes a field named __proto__ a field like any other, touching no prototype', async () => {
    // Act
    const body = (await parsed(postForm('__proto__=polluted&constructor=x', FORM))) as Record<string, unknown>;

    // Assess
    expect(Object.getOwnPropertyNames(body)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
