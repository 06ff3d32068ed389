import { EMAIL_FIELD, newLeadRecord, playbookOf, type Issue } from '../core/index.js';
import type { AppDependencies } from './dependencies.js';
import { loadDocument } from './documents.js';
import { IdempotencyKeyReusedError, InvalidRequestError, NotFoundError } from './errors.js';
import { fingerprintOf } from './fingerprint.js';
import { resolveLead } from './leads.js';
import type { StoredLead } from './ports/store.js';
import { storeEvent } from './record-event.js';

/** One behaviour from an email, webinar or event tool, naming its lead by exactly one of leadId or email. */
export interface ImportedEvent {
  eventId: string;
  leadId?: string | undefined;
  email?: string | undefined;
  type: string;
  at?: string | undefined;
  properties?: Record<string, unknown> | undefined;
}

/** The lead an email names: the oldest with it, or a new lead carrying it (a webinar attendee we never met). */
const leadForEmail = async (deps: AppDependencies, email: string, now: Date): Promise<string> => {
  const [existing] = await deps.store.leadsByEmail(email);
  if (existing) return (await resolveLead(deps.store, existing))?.lead.leadId ?? existing;
  const lead = newLeadRecord(deps.leadIds.issue(), now);
  await deps.store.saveLead({ ...lead, answers: { [EMAIL_FIELD]: email }, answeredAt: { [EMAIL_FIELD]: lead.createdAt } }, undefined);
  return lead.leadId;
};

/** Each event's lead, as it stands (an alias answers as its lead); NotFoundError naming every event whose lead is unknown. */
const leadsNamed = async (deps: AppDependencies, events: readonly ImportedEvent[]): Promise<Map<string, StoredLead | undefined>> => {
  const leads = new Map<string, StoredLead | undefined>();
  const unknown: Issue[] = [];
  for (const [index, event] of events.entries()) {
    if (!event.leadId || leads.has(event.leadId)) continue;
    const found = await resolveLead(deps.store, event.leadId);
    leads.set(event.leadId, found);
    if (!found) unknown.push({ path: `events.${index}.leadId`, message: 'no such lead' });
  }
  if (unknown.length) throw new NotFoundError('some events name no lead', unknown);
  return leads;
};

/** Every event's type is one of its lead's playbook (a new lead's: the default one). */
const checkTypes = async (deps: AppDependencies, events: readonly ImportedEvent[], leads: Map<string, StoredLead | undefined>): Promise<void> => {
  const invalid: Issue[] = [];
  const playbooks = new Map<string, Set<string>>();
  for (const [index, event] of events.entries()) {
    const id = playbookOf(event.leadId ? leads.get(event.leadId)?.lead : undefined);
    if (!playbooks.has(id)) playbooks.set(id, new Set(Object.keys((await loadDocument(deps.store, 'playbook', id)).document.interest.events)));
    const types = playbooks.get(id) ?? new Set();
    if (!types.has(event.type)) invalid.push({ path: `events.${index}.type`, message: `must be an event type of playbook ${id}: ${[...types].join(', ')}` });
  }
  if (invalid.length) throw new InvalidRequestError('some events are not valid', invalid);
};

/** An eventId names one event of one lead: sent before, or twice in this batch, with another body, it is refused. */
const checkIdempotencyKeys = async (deps: AppDependencies, events: readonly ImportedEvent[], leads: Map<string, StoredLead | undefined>): Promise<string[]> => {
  const named = await Promise.all(
    events.map(async ({ eventId, leadId, email, type, at, properties }) => {
      const lead = leadId ? leads.get(leadId)?.lead.leadId : email ? (await deps.store.leadsByEmail(email))[0] : undefined;
      const fingerprint = fingerprintOf({ leadId, email, type, at, properties });
      return { lead, fingerprint, stored: lead ? await deps.store.getEvent(lead, eventId) : undefined };
    }),
  );
  const seen = new Map<string, string>();
  const reused = named.flatMap(({ lead, stored, fingerprint }, index) => {
    const { eventId, email } = events[index] ?? { eventId: '' };
    const key = `${lead ?? `email\n${email ?? ''}`}\n${eventId}`;
    const first = stored?.fingerprint ?? seen.get(key);
    if (!seen.has(key)) seen.set(key, fingerprint);
    return first !== undefined && first !== fingerprint ? [{ path: `events.${index}.eventId`, message: 'was used before for this lead with another body' }] : [];
  });
  if (reused.length) throw new IdempotencyKeyReusedError('eventId', reused, 'some eventIds were sent before with another body; send new ones for new events');
  return named.map(({ fingerprint }) => fingerprint);
};

/**
 * Import behaviour from email, webinar and event tools. Everything is checked before anything
 * is written, so a bad batch changes nothing; answers how many events were accepted.
 */
export const importEvents = async (deps: AppDependencies, events: readonly ImportedEvent[]): Promise<number> => {
  const now = deps.now();
  const leads = await leadsNamed(deps, events);
  await checkTypes(deps, events, leads);
  const fingerprints = await checkIdempotencyKeys(deps, events, leads);
  for (const [index, event] of events.entries()) {
    const leadId = event.leadId ? (leads.get(event.leadId)?.lead.leadId ?? event.leadId) : await leadForEmail(deps, event.email ?? '', now);
    await storeEvent(
      deps,
      {
        eventId: event.eventId,
        leadId,
        fingerprint: fingerprints[index] ?? '',
        type: event.type,
        at: event.at ?? now.toISOString(),
        receivedAt: now.toISOString(),
        source: 'admin',
        ...(event.properties ? { properties: event.properties } : {}),
      },
      true,
    );
  }
  return events.length;
};
