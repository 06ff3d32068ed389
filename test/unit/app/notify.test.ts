import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import type { Mail } from '../../../functions/adapters/mailer.js';
import { notifyQualified, type QualifiedInput } from '../../../functions/app/notify.js';
import { LeadErasedError } from '../../../functions/app/errors.js';
import { ClaimBusyError } from '../../../functions/app/ports/errors.js';
import type { Store } from '../../../functions/app/ports/store.js';
import type { SlackMessage } from '../../../functions/app/ports/notifiers.js';
import { scoreLead } from '../../../functions/core/index.js';
import { NOW, aLeadRecord, aPlaybook, gradeAAnswers } from '../../helpers/factories.js';
import { failingOnce, recordingStore, storeLead } from '../../helpers/http.js';

/**
 * A notice to sales on two channels (in-memory store): both claimed before either goes out, so
 * one look at the lead covers them, and whatever fails on the way leaves nothing that would
 * keep a channel from going out on the retry.
 */
describe('telling sales of a qualified lead on email and Slack', () => {
  const LEAD_ID = 'lead_a';
  let store: MemoryStore;
  let mail: Mail[];
  let posts: SlackMessage[];
  let input: QualifiedInput;

  const depsOn = (on: Store) => ({
    store: on,
    mailer: { send: async (message: Mail) => (mail.push(message), `message-${mail.length}`) },
    slack: { post: async (message: SlackMessage) => void posts.push(message) },
    now: () => NOW,
    publicUrl: 'https://winnow.test',
    linkSecret: 's'.repeat(32),
  });
  const statuses = async () => Object.fromEntries((await store.notifications(LEAD_ID)).map((record) => [record.channel, record.status]));

  beforeEach(async () => {
    store = createMemoryStore();
    mail = [];
    posts = [];
    const playbook = aPlaybook({ notify: { email: ['sales@example.com'], slack: true } });
    const lead = aLeadRecord({ leadId: LEAD_ID, answers: gradeAAnswers() });
    await storeLead(store, lead);
    const { fit, interest } = scoreLead(playbook, { answers: lead.answers, events: [] }, NOW);
    input = { lead, playbook, fit, interest, cycle: 1, handRaiser: false };
  });

  it('claims both channels, looks at the lead once, then sends each and records it', async () => {
    // Prepare
    const { store: recording, calls } = recordingStore(store as Store);

    // Act
    await notifyQualified(depsOn(recording), input);

    // Assess
    const methods = calls.map((call) => call.method).filter((method) => method !== 'latestDocuments');
    expect(methods).toEqual(['claimNotification', 'claimNotification', 'getLead', 'finishNotification', 'finishNotification']);
    expect([mail.length, posts.length]).toEqual([1, 1]);
    expect(await statuses()).toEqual({ email: 'sent', slack: 'sent' });
  });

  it('records Slack skipped in one write, with no claim, when no webhook is configured', async () => {
    // Prepare
    const { store: recording, calls } = recordingStore(store as Store);
    const { slack: _slack, ...withoutSlack } = depsOn(recording);

    // Act
    await notifyQualified(withoutSlack, input);

    // Assess
    const methods = calls.map((call) => call.method).filter((method) => method !== 'latestDocuments');
    expect(methods).toEqual(['claimNotification', 'skipNotification', 'getLead', 'finishNotification']);
    expect([mail.length, posts.length]).toEqual([1, 0]);
    expect(await statuses()).toEqual({ email: 'sent', slack: 'skipped' });
  });

  it('gives both claims back when the look at the lead fails, so the retry sends each once', async () => {
    // Prepare
    const failing = failingOnce(store, 'getLead');

    // Act
    const first = notifyQualified(depsOn(failing), input);

    // Assess: each claim given back as a failed attempt, kept in the channel's log.
    await expect(first).rejects.toThrow('the store is down');
    expect(await statuses()).toEqual({ email: 'failed', slack: 'failed' });
    expect([mail.length, posts.length]).toEqual([0, 0]);

    // Act: the retry.
    await notifyQualified(depsOn(failing), input);

    // Assess
    expect([mail.length, posts.length]).toEqual([1, 1]);
    expect(await statuses()).toEqual({ email: 'sent', slack: 'sent' });
    const records = await store.notifications(LEAD_ID);
    expect(records.map((record) => [record.attempts, record.log.map((entry) => entry.status)])).toEqual([
      [2, ['sending', 'failed', 'sending', 'sent']],
      [2, ['sending', 'failed', 'sending', 'sent']],
    ]);
  });

  it('never sends again a message whose record could not be written: it is left to end unknown, not marked failed', async () => {
    // Prepare: the email's "sent" record fails to be written once.
    const failing = failingOnce(store, 'finishNotification', (_leadId, key, outcome) => key.channel === 'email' && outcome.status === 'sent');

    // Act
    const first = notifyQualified(depsOn(failing), input);
    const retry = first.catch(() => notifyQualified(depsOn(failing), input));

    // Assess: the retry finds the email's claim held (it waits out the lease) and sends nothing again.
    await expect(first).rejects.toThrow('the store is down');
    await expect(retry).rejects.toBeInstanceOf(ClaimBusyError);
    expect([mail.length, posts.length]).toEqual([1, 1]);
    expect(await statuses()).toEqual({ email: 'sending', slack: 'sent' });
  });

  it('sends the channel it claimed when the other’s claim fails, then fails so the retry sends the other', async () => {
    // Prepare: Slack's claim fails once.
    const failing = failingOnce(store, 'claimNotification', (_leadId, key) => key.channel === 'slack');

    // Act
    const first = notifyQualified(depsOn(failing), input);

    // Assess
    await expect(first).rejects.toThrow('the store is down');
    expect([mail.length, posts.length]).toEqual([1, 0]);
    expect(await statuses()).toEqual({ email: 'sent' });

    // Act: the retry.
    await notifyQualified(depsOn(failing), input);

    // Assess
    expect([mail.length, posts.length]).toEqual([1, 1]);
    expect(await statuses()).toEqual({ email: 'sent', slack: 'sent' });
  });

  it('drops both claims, a skip among them, and sends nothing when the lead is found erased after them', async () => {
    // Prepare: the erase lands right after the first claim.
    const erasing = Object.assign(Object.create(store) as MemoryStore, {
      claimNotification: async (...args: Parameters<Store['claimNotification']>) => {
        const claim = await store.claimNotification(...args);
        if (args[1].channel === 'email') await store.erase([LEAD_ID], NOW.toISOString());
        return claim;
      },
    });

    const { slack: _slack, ...withoutSlack } = depsOn(erasing);

    // Act
    const sent = notifyQualified(withoutSlack, input);

    // Assess
    await expect(sent).rejects.toBeInstanceOf(LeadErasedError);
    expect([mail.length, posts.length]).toEqual([0, 0]);
    expect(await store.notifications(LEAD_ID)).toEqual([]);
  });
});
