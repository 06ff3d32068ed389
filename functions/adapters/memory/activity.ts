import type { ActivityKind, ActivityStore, EventRecord, JobKey, SubmissionRecord } from '../../app/ports/store.js';
import { jobsToRequeue, tallyItemOf, type RequeueLead, type TallyItem } from '../../app/tally-keys.js';
import { copy, isTombstone, sortedValues, type LeadPartition, type MemoryTable } from './table.js';

const recordsOf = (partition: LeadPartition, kind: ActivityKind): Map<string, SubmissionRecord | EventRecord> =>
  kind === 'submission' ? partition.submissions : partition.events;

const byTime = (a: { at: string }, b: { at: string }) => a.at.localeCompare(b.at);

export const memoryActivityStore = (table: MemoryTable): ActivityStore => ({
  async getSubmission(leadId, submissionId) {
    return copy(table.partitions.get(leadId)?.submissions.get(submissionId));
  },

  async putSubmission(record) {
    const { submissions } = table.partition(record.leadId);
    if (submissions.has(record.submissionId)) return false;
    submissions.set(record.submissionId, copy(record));
    return true;
  },

  async getEvent(leadId, eventId) {
    return copy(table.partitions.get(leadId)?.events.get(eventId));
  },

  async putEvent(record) {
    const { events } = table.partition(record.leadId);
    if (events.has(record.eventId)) return false;
    events.set(record.eventId, copy(record));
    return true;
  },

  async dropActivity(kind, leadId, id) {
    const partition = table.partitions.get(leadId);
    if (partition) recordsOf(partition, kind).delete(id);
  },

  async activity(leadIds) {
    // Lead by lead, each in id order, then by time: the order the table's queries give, ties included.
    const partitions = leadIds.flatMap((leadId) => table.partitions.get(leadId) ?? []);
    return copy({
      submissions: partitions.flatMap((partition) => sortedValues(partition.submissions)).sort(byTime),
      events: partitions.flatMap((partition) => sortedValues(partition.events)).sort(byTime),
    });
  },

  /** Nothing here predates lead partitions: there is never anything to move. */
  async moveLegacyActivity() {
    return 0;
  },

  async *unscored() {
    const leads = new Map<string, RequeueLead>();
    for (const [leadId, { profile }] of table.partitions) {
      if (profile && !isTombstone(profile)) leads.set(leadId, { mergedInto: profile.lead.mergedInto, score: profile.score, owes: (profile.lifecycle?.outbox?.length ?? 0) > 0 });
    }
    const items: (JobKey & { item: TallyItem })[] = [];
    for (const [leadId, { submissions, events }] of table.partitions) {
      for (const [id, record] of submissions) items.push({ kind: 'submission', id, leadId, item: tallyItemOf('submission', record) });
      for (const [id, record] of events) items.push({ kind: 'event', id, leadId, item: tallyItemOf('event', record) });
    }
    yield* jobsToRequeue(leads, items);
  },
});
