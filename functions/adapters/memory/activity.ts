import type { ActivityKind, ActivityStore, EventRecord, SubmissionRecord } from '../../app/ports/store.js';
import { copy, sortedValues, type LeadPartition, type MemoryTable } from './table.js';

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

  async markScored(kind, leadId, id, at) {
    const partition = table.partitions.get(leadId);
    const record = partition && recordsOf(partition, kind).get(id);
    if (record) record.scoredAt = at;
  },

  /** Nothing here predates lead partitions: there is never anything to move. */
  async moveLegacyActivity() {
    return 0;
  },

  async *unscored() {
    const jobs: { kind: ActivityKind; id: string; leadId: string }[] = [];
    for (const [leadId, { submissions, events }] of table.partitions) {
      for (const [id, record] of submissions) if (record.scoredAt === undefined) jobs.push({ kind: 'submission', id, leadId });
      for (const [id, record] of events) if (record.scoredAt === undefined) jobs.push({ kind: 'event', id, leadId });
    }
    yield* jobs;
  },
});
