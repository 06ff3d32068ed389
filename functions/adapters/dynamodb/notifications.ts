import {
  notificationRecord,
  type Claim,
  type NotificationKey,
  type NotificationLog,
  type NotificationOutcome,
  type NotificationRecord,
  type NotificationStatus,
} from '../../app/ports/store.js';
import type { TableItems } from './items.js';
import { keys, notificationSk } from './keys.js';

const LEASE_UNKNOWN: NotificationStatus = 'unknown';

/**
 * An update of a notification's record that holds over no record or a failed attempt only (a
 * claim, or a channel recorded skipped): the key's fields, `sets`, and `entry` added to its log.
 */
const overNothingOrFailed = (leadId: string, key: NotificationKey, { sets, values, entry }: { sets: string; values: Record<string, unknown>; entry: Record<string, unknown> }) => ({
  Key: keys.notification(leadId, key),
  UpdateExpression: `SET #kind = :kind, #cycle = :cycle, channel = :channel, ${sets}, #log = list_append(if_not_exists(#log, :empty), :entry)${key.round === undefined ? '' : ', #round = :round'}`,
  ConditionExpression: 'attribute_not_exists(PK) OR #status = :failed',
  ExpressionAttributeNames: { '#kind': 'kind', '#cycle': 'cycle', '#status': 'status', '#log': 'log', ...(key.round === undefined ? {} : { '#round': 'round' }) },
  ExpressionAttributeValues: {
    ...(key.round === undefined ? {} : { ':round': key.round }),
    ':kind': key.kind,
    ':cycle': key.cycle,
    ':channel': key.channel,
    ':failed': 'failed',
    ':empty': [],
    ':entry': [entry],
    ...values,
  },
});

/** Each notification at `LEAD#<leadId>` / `NOTIFY#<kind>#<cycle>#[R<round>#]<channel>`: erased with its lead. */
export class DynamoDbNotificationLog implements NotificationLog {
  constructor(private readonly items: TableItems) {}

  async claimNotification(leadId: string, key: NotificationKey, now: string, leaseSeconds: number): Promise<Claim> {
    // The claim answers the record it wrote: only a claim refused reads the record to learn why.
    const claimed = await this.items.updateReturning(
      notificationRecord(),
      overNothingOrFailed(leadId, key, {
        sets: '#status = :sending, claimedAt = :now, attempts = if_not_exists(attempts, :zero) + :one',
        values: { ':sending': 'sending', ':now': now, ':zero': 0, ':one': 1 },
        entry: { at: now, status: 'sending' },
      }),
    );
    if (claimed) return { outcome: 'claimed', record: claimed };
    const record = await this.items.get(notificationRecord(), keys.notification(leadId, key));
    if (!record) throw new Error(`notification ${notificationSk(key)} of lead ${leadId} vanished while claimed`);
    if (record.status !== 'sending') return { outcome: 'done', record };
    const age = Date.parse(now) - Date.parse(record.claimedAt ?? now);
    if (age < leaseSeconds * 1000) return { outcome: 'busy', record };
    // The claimant vanished mid-send: it may or may not have gone out. Mark it, once, so nobody sends it twice.
    const marked = await this.items.update({
      Key: keys.notification(leadId, key),
      UpdateExpression: 'SET #status = :unknown, lastError = :error, #log = list_append(#log, :entry)',
      ConditionExpression: '#status = :sending AND claimedAt = :claimedAt',
      ExpressionAttributeNames: { '#status': 'status', '#log': 'log' },
      ExpressionAttributeValues: {
        ':unknown': LEASE_UNKNOWN,
        ':sending': 'sending',
        ':claimedAt': record.claimedAt,
        ':error': 'the sender stopped mid-send; not resent, to never send twice',
        ':entry': [{ at: now, status: LEASE_UNKNOWN, error: 'sender stopped mid-send' }],
      },
    });
    return marked ? { outcome: 'stale', record: { ...record, status: LEASE_UNKNOWN } } : { outcome: 'busy', record };
  }

  skipNotification(leadId: string, key: NotificationKey, { at, error }: { at: string; error: string }): Promise<boolean> {
    return this.items.update(
      overNothingOrFailed(leadId, key, {
        sets: '#status = :skipped, attempts = if_not_exists(attempts, :zero), lastError = :error',
        values: { ':skipped': 'skipped', ':zero': 0, ':error': error },
        entry: { at, status: 'skipped', error },
      }),
    );
  }

  async finishNotification(leadId: string, key: NotificationKey, outcome: NotificationOutcome): Promise<void> {
    const values: Record<string, unknown> = {
      ':status': outcome.status,
      ':entry': [{ at: outcome.at, status: outcome.status, ...(outcome.error ? { error: outcome.error } : {}) }],
      ':empty': [],
      ':kind': key.kind,
      ':cycle': key.cycle,
      ':channel': key.channel,
      ':zero': 0,
    };
    const sets = ['#status = :status', '#log = list_append(if_not_exists(#log, :empty), :entry)', '#kind = :kind', '#cycle = :cycle', 'channel = :channel', 'attempts = if_not_exists(attempts, :zero)'];
    const names: Record<string, string> = { '#status': 'status', '#log': 'log', '#kind': 'kind', '#cycle': 'cycle' };
    if (key.round !== undefined) {
      sets.push('#round = :round');
      names['#round'] = 'round';
      values[':round'] = key.round;
    }
    if (outcome.status === 'sent') {
      sets.push('sentAt = :at');
      values[':at'] = outcome.at;
    }
    if (outcome.error) {
      sets.push('lastError = :error');
      values[':error'] = outcome.error;
    }
    if (outcome.messageId) {
      sets.push('messageId = :messageId');
      values[':messageId'] = outcome.messageId;
    }
    if (outcome.recipients) {
      sets.push('recipients = :recipients');
      values[':recipients'] = outcome.recipients;
    }
    // Only over its claim: an erase that raced the send took the claim, and nothing brings it back.
    await this.items.update({
      Key: keys.notification(leadId, key),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  }

  dropNotification(leadId: string, key: NotificationKey): Promise<void> {
    return this.items.delete(keys.notification(leadId, key));
  }

  notifications(leadId: string): Promise<NotificationRecord[]> {
    return this.items.query(notificationRecord(), {
      KeyConditionExpression: 'PK = :lead AND begins_with(SK, :notify)',
      ExpressionAttributeValues: { ':lead': `LEAD#${leadId}`, ':notify': 'NOTIFY#' },
      ConsistentRead: true,
    });
  }
}
