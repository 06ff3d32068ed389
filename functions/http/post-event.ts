import { newLeadRecord, playbookOf } from '../core/index.js';
import { ConflictError } from '../adapters/errors.js';
import type { EventRecord } from '../adapters/store.js';
import { loadDocument } from './documents.js';
import { BadRequestError } from './errors.js';
import { resolveLead } from '../adapters/leads.js';
import { defineRoute, type BodyDependencies, type Dependencies } from './route.js';
import { EmptyOut, ErrorOut, eventBody } from './schemas.js';

/** Stores an event once and queues its scoring; a replay re-queues, which is harmless and heals a lost send. */
export const storeEvent = async (deps: Dependencies, record: EventRecord): Promise<void> => {
  await deps.store.putEvent(record);
  await deps.queue.enqueue({ kind: 'event', id: record.eventId, leadId: record.leadId });
};

/** An anonymous visitor becomes a known lead with its first event, so its history counts once it converts. */
export const ensureLead = async (deps: Dependencies, leadId: string, now: Date): Promise<void> => {
  try {
    await deps.store.saveLead(newLeadRecord(leadId, now), undefined);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
};

export const postEvent = defineRoute({
  method: 'POST',
  path: '/v1/events',
  summary: 'Report a behaviour from the browser (a type among the playbook’s publicEvents)',
  access: 'public',
  body: (deps: BodyDependencies) => eventBody(deps.now),
  responses: {
    202: { description: 'Stored and queued for scoring (or a replay of the same eventId)', schema: EmptyOut },
    400: { description: 'Not valid, or a type the browser may not report', schema: ErrorOut },
  },
  handle: async ({ body }, deps) => {
    const stored = await deps.store.getEvent(body.eventId);
    if (stored) {
      // A replay: the first try stored it; queue again in case its send was lost, and answer as then.
      await deps.queue.enqueue({ kind: 'event', id: stored.eventId, leadId: stored.leadId });
      return { status: 202, body: {} };
    }
    const now = deps.now();
    const found = await resolveLead(deps.store, body.leadId);
    const { document: playbook } = await loadDocument(deps.store, 'playbook', playbookOf(found?.lead));
    if (!playbook.interest.publicEvents.includes(body.type)) {
      throw new BadRequestError('this event type may not be reported from a browser', [
        { path: 'type', message: `must be one of: ${playbook.interest.publicEvents.join(', ') || '(none)'}` },
      ]);
    }
    const leadId = found?.lead.leadId ?? body.leadId;
    if (!found) await ensureLead(deps, leadId, now);
    await storeEvent(deps, {
      eventId: body.eventId,
      leadId,
      type: body.type,
      at: body.at ?? now.toISOString(),
      receivedAt: now.toISOString(),
      source: 'public',
      ...(body.properties ? { properties: body.properties } : {}),
    });
    return { status: 202, body: {} };
  },
});
