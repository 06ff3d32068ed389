import { counted, dateTime } from './format.js';
import type { WebhookDeliveryView, WebhookEndpointView, WebhookEventType } from './types.js';

/*
 * What the webhooks view says about event types and deliveries, in the words a marketer uses.
 * The labels are typed against the API's event types (a type only: the page carries no zod), so a
 * new event type without a label fails the build.
 */

/** The events an endpoint can subscribe to, in the order a lead lives them; a test is sent whenever asked, never subscribed. */
export const SUBSCRIBABLE = [
  'lead.qualified',
  'lead.assigned',
  'lead.reassigned',
  'lead.sla_missed',
  'lead.accepted',
  'lead.returned',
  'lead.converted',
  'lead.erased',
] as const satisfies readonly Exclude<WebhookEventType, 'webhook.test'>[];

const LABELS = {
  'lead.qualified': 'Lead qualified (MQL)',
  'lead.assigned': 'Lead assigned to a rep',
  'lead.reassigned': 'Lead reassigned to the next rep',
  'lead.sla_missed': 'Rep missed the SLA',
  'lead.accepted': 'Accepted by sales (SAL)',
  'lead.returned': 'Returned to marketing (nurture)',
  'lead.converted': 'Converted to an opportunity (SQL)',
  'lead.erased': 'Lead erased (GDPR)',
  'webhook.test': 'Test event',
} as const satisfies Record<WebhookEventType, string>;

/** What each event tells the CRM, shown under its checkbox. */
export const HINTS = {
  'lead.qualified': 'Answers, fit and interest with their reasons, grade, band, and the rep if one was picked.',
  'lead.assigned': 'Which rep has the lead, and by when they must touch it.',
  'lead.reassigned': 'The SLA passed, so the pool’s next rep has it.',
  'lead.sla_missed': 'The rep did not touch the lead in time.',
  'lead.accepted': 'A rep accepted the lead.',
  'lead.returned': 'A rep returned the lead, with the reason.',
  'lead.converted': 'A rep made the lead an opportunity.',
  'lead.erased': 'Only the lead’s id and a hash of its email, so the CRM can erase its copy.',
} as const satisfies Record<(typeof SUBSCRIBABLE)[number], string>;

/** "Lead qualified (MQL)"; a type this page does not know yet is shown as the API names it. */
export const eventLabel = (type: string): string => (LABELS as Record<string, string>)[type] ?? type;

export const STATUS_WORDS = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed' } as const satisfies Record<WebhookDeliveryView['status'], string>;

/** "in 5 s", "in 30 min", "2 h ago": the next attempt is often seconds away, which "in 0 min" would hide. */
export const whenWords = (iso: string, now = Date.now()): string => {
  const ms = Date.parse(iso) - now;
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'always', style: 'long' });
  const abs = Math.abs(ms);
  if (abs < 60_000) return abs < 1_000 ? 'now' : format.format(Math.round(ms / 1_000), 'second');
  if (abs < 3_600_000) return format.format(Math.round(ms / 60_000), 'minute');
  if (abs < 86_400_000) return format.format(Math.round(ms / 3_600_000), 'hour');
  return format.format(Math.round(ms / 86_400_000), 'day');
};

/** What the receiver last said: its error (which names the status), else the bare status, else nothing yet. */
export const lastAnswerWords = (delivery: WebhookDeliveryView): string => {
  if (delivery.lastError) return delivery.lastError;
  if (delivery.lastStatus !== undefined) return `HTTP ${delivery.lastStatus}`;
  return delivery.attempts ? '—' : 'Not tried yet';
};

/** What comes next for a delivery: when it is tried again, when it arrived, or that retries ran out. */
export const outcomeWords = (delivery: WebhookDeliveryView, now = Date.now()): string => {
  switch (delivery.status) {
    case 'delivered':
      return `Delivered ${dateTime(delivery.deliveredAt)}`;
    case 'pending':
      return delivery.nextAttemptAt ? `Next attempt ${whenWords(delivery.nextAttemptAt, now)}` : 'Next attempt soon';
    case 'failed':
      return `Gave up after ${counted(delivery.attempts, 'attempt', 'attempts')}: redeliver to try again`;
  }
};

/** An endpoint's name on the page: its description, else its URL's host. */
export const endpointName = (endpoint: Pick<WebhookEndpointView, 'description' | 'url'>): string => {
  if (endpoint.description) return endpoint.description;
  return URL.canParse(endpoint.url) ? new URL(endpoint.url).host : endpoint.url;
};

/**
 * The id a new endpoint is PUT under (the API's `{id}`, ^[a-z0-9][a-z0-9_-]{0,63}$): its host in
 * words, numbered past the ids already taken, since a PUT to a taken id would change that endpoint.
 */
export const endpointIdFor = (url: string, taken: readonly string[]): string => {
  const host = URL.canParse(url) ? new URL(url).hostname : url;
  const stem = host.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 56) || 'endpoint';
  let id = stem;
  for (let n = 2; taken.includes(id); n += 1) id = `${stem}-${n}`;
  return id;
};
