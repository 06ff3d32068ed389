import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '../../../functions/core/webhooks.js';
import { endpointIdFor, endpointName, eventLabel, lastAnswerWords, outcomeWords, SUBSCRIBABLE, whenWords } from '../../../widget/admin/webhooks-words.js';
import type { WebhookDeliveryView } from '../../../widget/admin/types.js';

const NOW = Date.parse('2026-12-03T09:00:00Z');
const at = (offsetMs: number): string => new Date(NOW + offsetMs).toISOString();

const aDelivery = (overrides: Partial<WebhookDeliveryView> = {}): WebhookDeliveryView => ({
  id: 'msg_1',
  type: 'lead.qualified',
  status: 'pending',
  attempts: 0,
  createdAt: at(-1_000),
  ...overrides,
});

describe('the webhooks view’s words', () => {
  it('labels every event type the API sends, and offers every one but the test to subscribe to', () => {
    // Assess
    for (const type of WEBHOOK_EVENT_TYPES) expect(eventLabel(type), type).not.toBe(type);
    expect([...SUBSCRIBABLE].sort()).toEqual(WEBHOOK_EVENT_TYPES.filter((type) => type !== 'webhook.test').sort());
    expect(eventLabel('lead.merged')).toBe('lead.merged');
  });

  it.each([
    [5_000, 'in 5 seconds'],
    [5 * 60_000, 'in 5 minutes'],
    [2 * 3_600_000, 'in 2 hours'],
    [-3 * 86_400_000, '3 days ago'],
    [400, 'now'],
  ])('says a time %i ms away as “%s”', (offset, words) => {
    // Act
    const said = whenWords(at(offset), NOW);

    // Assess
    expect(said).toBe(words);
  });

  it('says what the receiver last answered: its error, else its status, else that nothing was tried', () => {
    // Assess
    expect(lastAnswerWords(aDelivery({ attempts: 1, lastStatus: 500, lastError: 'answered 500: down' }))).toBe('answered 500: down');
    expect(lastAnswerWords(aDelivery({ attempts: 1, lastStatus: 204, status: 'delivered' }))).toBe('HTTP 204');
    expect(lastAnswerWords(aDelivery())).toBe('Not tried yet');
  });

  it('says what comes next: the next attempt, or that retries ran out', () => {
    // Assess
    expect(outcomeWords(aDelivery({ attempts: 1, nextAttemptAt: at(5_000) }), NOW)).toMatch(/^Next attempt in 5 sec/);
    expect(outcomeWords(aDelivery({ attempts: 8, status: 'failed' }), NOW)).toBe('Gave up after 8 attempts: redeliver to try again');
  });
});

describe('a new endpoint’s id and name', () => {
  it('is its host in words, numbered past the ids taken, within the API’s id pattern', () => {
    // Act
    const ids = [endpointIdFor('https://Hooks.Zapier.com/hooks/catch/1/abc', []), endpointIdFor('https://hooks.zapier.com/other', ['hooks-zapier-com', 'hooks-zapier-com-2']), endpointIdFor('http://[::1]:8080/', [])];

    // Assess
    expect(ids).toEqual(['hooks-zapier-com', 'hooks-zapier-com-3', '1']);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9_-]{0,63}$/);
  });

  it('is named by its description, else its host', () => {
    // Assess
    expect(endpointName({ url: 'https://crm.example.com/hook', description: 'HubSpot' })).toBe('HubSpot');
    expect(endpointName({ url: 'https://crm.example.com:8443/hook' })).toBe('crm.example.com:8443');
  });
});
