import type { NotificationKey, NotificationLog, NotificationRecord } from '../../app/ports/store.js';
import { copy, sortedValues, type MemoryTable } from './table.js';

/** Zero-padded, so a lead's notifications sort by kind, then cycle, then channel. */
const idOf = ({ kind, cycle, round, channel }: NotificationKey): string =>
  `${kind}#${String(cycle).padStart(6, '0')}#${round === undefined ? '' : `R${String(round).padStart(3, '0')}#`}${channel}`;

export const memoryNotificationLog = (table: MemoryTable): NotificationLog => ({
  async claimNotification(leadId, key, now, leaseSeconds) {
    const { notifications } = table.partition(leadId);
    const current = notifications.get(idOf(key));
    if (!current || current.status === 'failed') {
      const claimed: NotificationRecord = {
        ...current,
        ...copy(key),
        status: 'sending',
        claimedAt: now,
        attempts: (current?.attempts ?? 0) + 1,
        log: [...(current?.log ?? []), { at: now, status: 'sending' }],
      };
      notifications.set(idOf(key), claimed);
      return { outcome: 'claimed', record: copy(claimed) };
    }
    const record = copy(current);
    if (current.status !== 'sending') return { outcome: 'done', record };
    const age = Date.parse(now) - Date.parse(current.claimedAt ?? now);
    if (age < leaseSeconds * 1000) return { outcome: 'busy', record };
    // The claimant vanished mid-send: it may or may not have gone out. Marked, once, so nobody sends it twice.
    current.status = 'unknown';
    current.lastError = 'the sender stopped mid-send; not resent, to never send twice';
    current.log = [...current.log, { at: now, status: 'unknown', error: 'sender stopped mid-send' }];
    return { outcome: 'stale', record: { ...record, status: 'unknown' } };
  },

  async skipNotification(leadId, key, { at, error }) {
    const { notifications } = table.partition(leadId);
    const current = notifications.get(idOf(key));
    if (current && current.status !== 'failed') return false;
    notifications.set(idOf(key), {
      ...current,
      ...copy(key),
      status: 'skipped',
      attempts: current?.attempts ?? 0,
      lastError: error,
      log: [...(current?.log ?? []), { at, status: 'skipped', error }],
    });
    return true;
  },

  async finishNotification(leadId, key, outcome) {
    const current = table.partitions.get(leadId)?.notifications.get(idOf(key));
    // Only over its claim: an erase that raced the send took the claim, and nothing brings it back.
    if (!current) return;
    Object.assign(current, {
      ...copy(key),
      status: outcome.status,
      log: [...current.log, { at: outcome.at, status: outcome.status, ...(outcome.error ? { error: outcome.error } : {}) }],
      ...(outcome.status === 'sent' ? { sentAt: outcome.at } : {}),
      ...(outcome.error ? { lastError: outcome.error } : {}),
      ...(outcome.messageId ? { messageId: outcome.messageId } : {}),
      ...(outcome.recipients ? { recipients: [...outcome.recipients] } : {}),
    });
  },

  async dropNotification(leadId, key) {
    table.partitions.get(leadId)?.notifications.delete(idOf(key));
  },

  async notifications(leadId) {
    const partition = table.partitions.get(leadId);
    return partition ? copy(sortedValues(partition.notifications)) : [];
  },
});
