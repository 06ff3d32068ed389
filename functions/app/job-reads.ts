import { jobItemKey, type EventRecord, type JobReads, type Store, type SubmissionRecord } from './ports/store.js';

/**
 * The store, answering each lead and job item a batch read up front from that read, once: the
 * job's first look costs no round trip of its own, and every later look (a retry after a lost
 * race, the next job of the same lead) reads the store afresh.
 */
export const withJobReads = <S extends Store>(store: S, reads: JobReads): S => {
  const leads = new Map(reads.leads);
  const items = new Map(reads.items);
  const once = <T>(held: Map<string, unknown>, key: string, read: () => Promise<T>): Promise<T> => {
    if (!held.has(key)) return read();
    const value = held.get(key) as T;
    held.delete(key);
    return Promise.resolve(value);
  };
  const prefetched: Pick<Store, 'getLead' | 'getSubmission' | 'getEvent'> = {
    getLead: (leadId) => once(leads, leadId, () => store.getLead(leadId)),
    // Keyed by kind, so a submission's key only ever holds a submission, an event's an event.
    getSubmission: (leadId, id) => once<SubmissionRecord | undefined>(items, jobItemKey({ kind: 'submission', leadId, id }), () => store.getSubmission(leadId, id)),
    getEvent: (leadId, id) => once<EventRecord | undefined>(items, jobItemKey({ kind: 'event', leadId, id }), () => store.getEvent(leadId, id)),
  };
  return Object.assign(Object.create(store) as S, prefetched);
};
