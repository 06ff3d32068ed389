import { EMAIL_FIELD, newLeadRecord, playbookOf, type Issue } from '../../../core/index.js';
import { fingerprintOf } from '../../../adapters/lead-ids.js';
import type { StoredLead } from '../../../app/ports/store.js';
import { resolveLead } from '../../../app/leads.js';
import { loadDocument } from '../../framework/documents.js';
import { BadRequestError, HttpError } from '../../framework/errors.js';
import { storeEvent } from '../public/post-event.js';
import { defineRoute, type BodyDependencies, type Dependencies } from '../../framework/route.js';
import { AcceptedEventsOut, ErrorOut, adminEventsBody } from '../../wire.js';

/** The lead an email names: the oldest with it, or a new lead carrying it (a webinar attendee we never met). */
const leadForEmail = async (deps: Dependencies, email: string, now: Date): Promise<string> => {
  const [existing] = await deps.store.leadsByEmail(email);
  if (existing) return (await resolveLead(deps.store, existing))?.lead.leadId ?? existing;
  const lead = newLeadRecord(deps.leadIds.issue(), now);
  await deps.store.saveLead({ ...lead, answers: { [EMAIL_FIELD]: email }, answeredAt: { [EMAIL_FIELD]: lead.createdAt } }, undefined);
  return lead.leadId;
};

export const postAdminEvents = defineRoute({
  method: 'POST',
  path: '/v1/admin/events',
  summary: 'Behaviour from email, webinar and event tools, by leadId or email (≤ 100 per request)',
  access: 'admin',
  body: (deps: BodyDependencies) => adminEventsBody(deps.now),
  responses: {
    202: { description: 'Stored and queued for scoring', schema: AcceptedEventsOut },
    400: { description: 'An event is not valid; each issue names it', schema: ErrorOut },
    404: { description: 'A leadId names no lead', schema: ErrorOut },
    409: { description: 'An eventId was sent before for that lead with another body (idempotency_key_reused)', schema: ErrorOut },
  },
  handle: async ({ body }, deps) => {
    const now = deps.now();
    // Everything is checked before anything is written: a bad batch changes nothing.
    const leads = new Map<string, StoredLead | undefined>();
    const unknown: Issue[] = [];
    for (const [index, event] of body.events.entries()) {
      if (!event.leadId || leads.has(event.leadId)) continue;
      const found = await resolveLead(deps.store, event.leadId);
      leads.set(event.leadId, found);
      if (!found) unknown.push({ path: `events.${index}.leadId`, message: 'no such lead' });
    }
    if (unknown.length) throw new HttpError(404, 'not_found', 'some events name no lead', unknown);

    const invalid: Issue[] = [];
    const playbooks = new Map<string, Set<string>>();
    for (const [index, event] of body.events.entries()) {
      const id = playbookOf(event.leadId ? leads.get(event.leadId)?.lead : undefined);
      if (!playbooks.has(id)) playbooks.set(id, new Set(Object.keys((await loadDocument(deps.store, 'playbook', id)).document.interest.events)));
      const types = playbooks.get(id) ?? new Set();
      if (!types.has(event.type)) invalid.push({ path: `events.${index}.type`, message: `must be an event type of playbook ${id}: ${[...types].join(', ')}` });
    }
    if (invalid.length) throw new BadRequestError('some events are not valid', invalid);

    const named = await Promise.all(
      body.events.map(async ({ eventId, leadId, email, type, at, properties }) => {
        const lead = leadId ? leads.get(leadId)?.lead.leadId : email ? (await deps.store.leadsByEmail(email))[0] : undefined;
        const fingerprint = fingerprintOf({ leadId, email, type, at, properties });
        return { lead, fingerprint, stored: lead ? await deps.store.getEvent(lead, eventId) : undefined };
      }),
    );
    // An eventId names one event of one lead: sent before, or twice in this batch, with another body, it is refused.
    const seen = new Map<string, string>();
    const reused = named.flatMap(({ lead, stored, fingerprint }, index) => {
      const { eventId, email } = body.events[index] ?? { eventId: '' };
      const key = `${lead ?? `email\n${email ?? ''}`}\n${eventId}`;
      const first = stored?.fingerprint ?? seen.get(key);
      if (!seen.has(key)) seen.set(key, fingerprint);
      return first !== undefined && first !== fingerprint ? [{ path: `events.${index}.eventId`, message: 'was used before for this lead with another body' }] : [];
    });
    if (reused.length) throw new HttpError(409, 'idempotency_key_reused', 'some eventIds were sent before with another body; send new ones for new events', reused);

    for (const [index, event] of body.events.entries()) {
      const leadId = event.leadId ? (leads.get(event.leadId)?.lead.leadId ?? event.leadId) : await leadForEmail(deps, event.email ?? '', now);
      await storeEvent(
        deps,
        {
        eventId: event.eventId,
        leadId,
        fingerprint: named[index]?.fingerprint ?? '',
        type: event.type,
        at: event.at ?? now.toISOString(),
        receivedAt: now.toISOString(),
        source: 'admin',
        ...(event.properties ? { properties: event.properties } : {}),
        },
        true,
      );
    }
    return { status: 202, body: { accepted: body.events.length } };
  },
});
