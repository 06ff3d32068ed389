import { describe, expect, it } from 'vitest';
import { RetryLaterError } from '../../../functions/app/ports/errors.js';
import { SlackWebhook, type SlackMessage } from '../../../functions/adapters/slack.js';

const WEBHOOK = 'https://hooks.slack.com/services/T000/B000/XXXX';
const aMessage = (): SlackMessage => ({ text: 'New MQL', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*New MQL*' } }] });

/** A fetch that answers one canned response and records what it was asked. */
const answering = (response: Response | Error) => {
  const requests: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (url: string | URL | Request, init: RequestInit = {}) => {
    requests.push({ url: String(url), init });
    if (response instanceof Error) throw response;
    return response;
  }) as typeof fetch;
  return { fetchImpl, requests };
};

describe('SlackWebhook', () => {
  it('posts the message as JSON to the webhook', async () => {
    // Prepare
    const { fetchImpl, requests } = answering(new Response('ok', { status: 200 }));

    // Act
    await new SlackWebhook(WEBHOOK, fetchImpl).post(aMessage());

    // Assess
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe(WEBHOOK);
    expect(JSON.parse(String(requests[0]?.init.body))).toEqual(aMessage());
  });

  it('asks to retry after the Retry-After of a 429', async () => {
    // Prepare
    const { fetchImpl } = answering(new Response('rate_limited', { status: 429, headers: { 'retry-after': '30' } }));

    // Act
    const posting = new SlackWebhook(WEBHOOK, fetchImpl).post(aMessage());

    // Assess
    await expect(posting).rejects.toBeInstanceOf(RetryLaterError);
    await expect(posting).rejects.toMatchObject({ retryAfterSeconds: 30 });
  });

  it.each([
    ['a 503', new Response('down', { status: 503 })],
    ['no answer at all', new TypeError('fetch failed')],
  ])('asks to retry on %s, with the usual backoff', async (_, response) => {
    // Prepare
    const { fetchImpl } = answering(response);

    // Act
    const posting = new SlackWebhook(WEBHOOK, fetchImpl).post(aMessage());

    // Assess
    await expect(posting).rejects.toBeInstanceOf(RetryLaterError);
    await expect(posting).rejects.toMatchObject({ retryAfterSeconds: undefined });
  });

  it('fails loudly on a 4xx such as a revoked webhook, naming Slack’s answer', async () => {
    // Prepare
    const { fetchImpl } = answering(new Response('no_service', { status: 404 }));

    // Act
    const posting = new SlackWebhook(WEBHOOK, fetchImpl).post(aMessage());

    // Assess
    await expect(posting).rejects.toThrow(/refused the message \(404\): no_service/);
    await expect(posting).rejects.not.toBeInstanceOf(RetryLaterError);
  });
});
