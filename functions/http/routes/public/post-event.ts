import { browserEvents, newLeadRecord, playbookOf } from '../../../core/index.js';
import { fingerprintOf, isReused } from '../../../adapters/lead-ids.js';
import { isErased, type EventRecord } from '../../../app/ports/store.js';
import { MAX_LIVES, successorOf } from '../../../app/leads.js';
import { loadDocument } from '../../framework/documents.js';
import { BadRequestError, IdempotencyKeyReusedError, erasedMeanwhile, unknownLeadId } from '../../framework/errors.js';
import { defineRoute, type BodyDependencies, type Dependencies } from '../../framework/route.js';
import { EmptyOut, ErrorOut, eventBody } from '../../wire.js';

/**
 * Stores an event once for its lead and queues its scoring. The same eventId again with the
 * same body re-queues (harmless; it heals a lost send), with another body it is refused.
 * Answers false when the lead turned out to be erased meanwhile, with nothing left behind.
 */
export const storeEvent = async (deps: Dependencies, record: EventRecord, leadStored: boolean): Promise<boolean> => {
  if (!(await deps.store.putEvent(record))) {
    const stored = await deps.store.getEvent(record.leadId, record.eventId);
    if (stored && isReused(stored, record.fingerprint ?? '')) throw new IdempotencyKeyReusedError('eventId');
  }
  // Checked after the write: an erase that began before it has left its tombstone, and then the
  // event goes too. A visitor's first event also stores its lead, so its history counts later.
  const live = leadStored ? !isErased(await deps.store.getLead(record.leadId)) : await deps.store.ensureLead(newLeadRecord(record.leadId, new Date(record.receivedAt)));
  if (!live) {
    await deps.store.dropActivity('event', record.leadId, record.eventId);
    return false;
  }
  await deps.queue.enqueue({ kind: 'event', id: record.eventId, leadId: record.leadId });
  return true;
};

export const postEvent = defineRoute({
  method: 'POST',
  path: '/v1/events',
  summary: 'Report a behaviour from the browser (a type among the playbook’s publicEvents)',
  access: 'public',
  body: (deps: BodyDependencies) => eventBody(deps.now),
  responses: {
    202: { description: 'Stored and queued for scoring (or a replay of the same eventId with the same body)', schema: EmptyOut },
    400: { description: 'Not valid, a type the browser may not report, or a leadId this server never issued', schema: ErrorOut },
    409: { description: 'This eventId was sent before with another body (idempotency_key_reused)', schema: ErrorOut },
  },
  handle: async ({ body }, deps) => {
    const now = deps.now();
    const fingerprint = fingerprintOf({ leadId: body.leadId, type: body.type, at: body.at, properties: body.properties });
    let leadId = body.leadId;
    for (let life = 1; life <= MAX_LIVES; life += 1) {
      const [stored, found] = await Promise.all([deps.store.getEvent(leadId, body.eventId), deps.store.getLead(leadId)]);
      // An id from before ids were signed proves itself by its stored lead; a made-up one creates nothing.
      if (!found && !deps.leadIds.isIssued(leadId)) throw unknownLeadId();
      if (isErased(found)) {
        // The id of an erased lead is never brought back: the event starts a new lead under its successor.
        leadId = successorOf(deps.leadIds, leadId);
        continue;
      }
      if (stored) {
        if (isReused(stored, fingerprint)) throw new IdempotencyKeyReusedError('eventId');
        // A replay: the first try stored it; queue again in case its send was lost, and answer as then.
        await deps.queue.enqueue({ kind: 'event', id: stored.eventId, leadId });
        return { status: 202, body: {} };
      }
      // The device's own playbook decides what it may report: nothing about a lead it is an alias of shows.
      const { document: playbook } = await loadDocument(deps.store, 'playbook', playbookOf(found?.lead));
      const allowed = browserEvents(playbook);
      if (!allowed.includes(body.type)) {
        throw new BadRequestError('this event type may not be reported from a browser', [{ path: 'type', message: `must be one of: ${allowed.join(', ') || '(none)'}` }]);
      }
      const record: EventRecord = {
        eventId: body.eventId,
        leadId,
        fingerprint,
        type: body.type,
        at: body.at ?? now.toISOString(),
        receivedAt: now.toISOString(),
        source: 'public',
        ...(body.properties ? { properties: body.properties } : {}),
      };
      if (await storeEvent(deps, record, found !== undefined)) return { status: 202, body: {} };
      // The lead was erased while its event was stored: the event starts its successor.
      leadId = successorOf(deps.leadIds, leadId);
    }
    throw erasedMeanwhile();
  },
});
