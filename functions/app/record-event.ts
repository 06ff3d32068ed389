import { browserEvents, newLeadRecord, playbookOf } from '../core/index.js';
import type { AppDependencies } from './dependencies.js';
import { loadDocument } from './documents.js';
import { IdempotencyKeyReusedError, InvalidRequestError, erasedMeanwhile, unknownLeadId } from './errors.js';
import { fingerprintOf, isReused } from './fingerprint.js';
import { MAX_LIVES, successorOf } from './leads.js';
import { eventJob } from './ports/queue.js';
import { isErased, type EventRecord } from './ports/store.js';

/** A behaviour a browser reports (the wire schema has parsed it). */
export interface EventRequest {
  leadId: string;
  eventId: string;
  type: string;
  at?: string | undefined;
  properties?: Record<string, unknown> | undefined;
}

/**
 * Whether an event's lead is live (not erased). A visitor's first event also stores its lead,
 * created when the event was captured, so its job finds the lead and its history counts.
 */
const leadLive = async (store: AppDependencies['store'], record: Pick<EventRecord, 'leadId' | 'receivedAt'>, leadStored: boolean): Promise<boolean> =>
  leadStored ? !isErased(await store.getLead(record.leadId)) : store.ensureLead(newLeadRecord(record.leadId, new Date(record.receivedAt)));

/**
 * Stores an event once for its lead and queues its scoring. The same eventId again with the
 * same body re-queues (harmless; it heals a lost send), with another body it is refused.
 * Answers false when the lead turned out to be erased meanwhile, with nothing left behind.
 */
export const storeEvent = async (deps: Pick<AppDependencies, 'store' | 'queue'>, record: EventRecord, leadStored: boolean): Promise<boolean> => {
  let stored: EventRecord | undefined = record;
  if (!(await deps.store.putEvent(record))) {
    stored = await deps.store.getEvent(record.leadId, record.eventId);
    if (stored && isReused(stored, record.fingerprint ?? '')) throw new IdempotencyKeyReusedError('eventId');
  }
  // Checked after the write: an erase that began before it has left its tombstone, and then the
  // event goes too.
  if (!(await leadLive(deps.store, record, leadStored))) {
    await deps.store.dropActivity('event', record.leadId, record.eventId);
    return false;
  }
  // The job carries the event as stored: a replay's own instants are not the event's, and a
  // capture instant that moved could let its lead's watermark count it twice.
  await deps.queue.enqueue(stored ? eventJob(stored) : { kind: 'event', id: record.eventId, leadId: record.leadId });
  return true;
};

/**
 * Record a behaviour a browser reports, of a type its own playbook lets browsers report.
 * Stored once per lead and `eventId`, then queued for scoring.
 */
export const recordEvent = async (deps: AppDependencies, request: EventRequest): Promise<void> => {
  const now = deps.now();
  const fingerprint = fingerprintOf({ leadId: request.leadId, type: request.type, at: request.at, properties: request.properties });
  let leadId = request.leadId;
  for (let life = 1; life <= MAX_LIVES; life += 1) {
    const [stored, found] = await Promise.all([deps.store.getEvent(leadId, request.eventId), deps.store.getLead(leadId)]);
    // An id from before ids were signed proves itself by its stored lead; a made-up one creates nothing.
    if (!found && !deps.leadIds.isIssued(leadId)) throw unknownLeadId();
    if (isErased(found)) {
      // The id of an erased lead is never brought back: the event starts a new lead under its successor.
      leadId = successorOf(deps.leadIds, leadId);
      continue;
    }
    if (stored) {
      if (isReused(stored, fingerprint)) throw new IdempotencyKeyReusedError('eventId');
      // A replay: the first try stored it; store its lead too in case the first try stopped
      // before it did, queue again in case its send was lost, and answer as then.
      if (found || (await leadLive(deps.store, stored, false))) {
        await deps.queue.enqueue(eventJob(stored));
        return;
      }
      // The lead was erased since: the event goes, and starts its successor.
      await deps.store.dropActivity('event', leadId, stored.eventId);
      leadId = successorOf(deps.leadIds, leadId);
      continue;
    }
    // The device's own playbook decides what it may report: nothing about a lead it is an alias of shows.
    const { document: playbook } = await loadDocument(deps.store, 'playbook', playbookOf(found?.lead));
    const allowed = browserEvents(playbook);
    if (!allowed.includes(request.type)) {
      throw new InvalidRequestError('this event type may not be reported from a browser', [{ path: 'type', message: `must be one of: ${allowed.join(', ') || '(none)'}` }]);
    }
    const record: EventRecord = {
      eventId: request.eventId,
      leadId,
      fingerprint,
      type: request.type,
      at: request.at ?? now.toISOString(),
      receivedAt: now.toISOString(),
      source: 'public',
      ...(request.properties ? { properties: request.properties } : {}),
    };
    if (await storeEvent(deps, record, found !== undefined)) return;
    // The lead was erased while its event was stored: the event starts its successor.
    leadId = successorOf(deps.leadIds, leadId);
  }
  throw erasedMeanwhile();
};
