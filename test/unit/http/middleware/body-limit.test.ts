import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError } from '../../../../functions/http/framework/errors.js';
import { bodyLimit, MAX_BODY_BYTES } from '../../../../functions/http/framework/middleware/body-limit.js';
import { anEvent, chainOf, outcomeOf, REACHED } from './chain.js';

const post = (body: string, isBase64Encoded = false) => anEvent('POST', '/v1/events', { body, isBase64Encoded });

describe('bodyLimit', () => {
  it('is the SPEC’s 16 KiB', () => {
    expect(MAX_BODY_BYTES).toBe(16_384);
  });

  it('lets a body of exactly 16 KiB through', async () => {
    // Prepare
    const chain = chainOf([bodyLimit()]);

    // Act
    const response = await chain.invoke(post('x'.repeat(16_384)));

    // Assess
    expect(response).toEqual(REACHED);
  });

  it('refuses a body one byte over 16 KiB 413, before the handler', async () => {
    // Prepare
    const chain = chainOf([bodyLimit()]);

    // Act
    const { refused } = await outcomeOf(chain.invoke(post('x'.repeat(16_385))));

    // Assess
    expect(refused).toBeInstanceOf(PayloadTooLargeError);
    expect(refused).toMatchObject({ status: 413, code: 'payload_too_large', message: 'the body is over 16 KiB' });
    expect(chain.reached).toEqual([]);
  });

  it('counts UTF-8 bytes, not characters: 8,192 two-byte characters fit, 8,193 do not', async () => {
    // Prepare
    const chain = chainOf([bodyLimit()]);

    // Act
    const fits = await outcomeOf(chain.invoke(post('é'.repeat(8_192))));
    const over = await outcomeOf(chain.invoke(post('é'.repeat(8_193))));

    // Assess
    expect(fits.passed).toEqual(REACHED);
    expect(over.refused?.status).toBe(413);
  });

  it('counts a four-byte emoji as four bytes', async () => {
    // Prepare
    const chain = chainOf([bodyLimit(8)]);

    // Act
    const fits = await outcomeOf(chain.invoke(post('🙂🙂')));
    const over = await outcomeOf(chain.invoke(post('🙂🙂x')));

    // Assess
    expect(fits.passed).toEqual(REACHED);
    expect(over.refused?.status).toBe(413);
  });

  it('measures a base64-encoded body by the bytes it carries, not its longer text', async () => {
    // Prepare
    const chain = chainOf([bodyLimit()]);
    const atLimit = Buffer.alloc(16_384, 0xff).toString('base64');

    // Act
    const fits = await outcomeOf(chain.invoke(post(atLimit, true)));
    const over = await outcomeOf(chain.invoke(post(Buffer.alloc(16_385, 0xff).toString('base64'), true)));

    // Assess
    expect(atLimit.length).toBeGreaterThan(16_384);
    expect(fits.passed).toEqual(REACHED);
    expect(over.refused?.status).toBe(413);
  });

  it('lets a request without a body through', async () => {
    // Act
    const response = await chainOf([bodyLimit(0)]).invoke(anEvent('GET', '/healthz'));

    // Assess
    expect(response).toEqual(REACHED);
  });

  it('names a custom limit in KiB', async () => {
    // Act
    const { refused } = await outcomeOf(chainOf([bodyLimit(2_048)]).invoke(post('x'.repeat(2_049))));

    // Assess
    expect(refused?.message).toBe('the body is over 2 KiB');
  });
});
