import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import type { Mail } from '../../../functions/adapters/mailer.js';
import { SCORER_EFFECTS, carryOutEffects, type Qualified } from '../../../functions/app/carry-out.js';
import type { Store } from '../../../functions/app/ports/store.js';
import { advance, newLifecycle, owedEffects, storedStep, type Playbook } from '../../../functions/core/index.js';
import { NOW, aLeadRecord, aPlaybook, aSalesScoring, aStoredScore, aWebhookEndpoint, exampleTeams, gradeAAnswers } from '../../helpers/factories.js';
import { failingOnce, recordingStore, storeLead } from '../../helpers/http.js';

/**
 * A run of a lead's owed effects (the scorer's after a qualification): each carried out once,
 * their settles written together at the end, what was carried out kept when a later one fails,
 * and nothing more once the lead is erased.
 */
describe('carrying out a qualified lead’s effects (in-memory store)', () => {
  const LEAD_ID = 'lead_a';
  let store: MemoryStore;
  let mail: Mail[];
  let playbook: Playbook;
  let qualified: Qualified;

  const depsOn = (on: Store, send: (message: Mail) => Promise<string> = async (message) => (mail.push(message), `message-${mail.length}`)) => ({
    store: on,
    mailer: { send },
    now: () => NOW,
    publicUrl: 'https://winnow.test',
    linkSecret: 's'.repeat(32),
  });
  const run = (on: Store, send?: (message: Mail) => Promise<string>) => carryOutEffects(depsOn(on, send), qualified, playbook, { kinds: SCORER_EFFECTS });
  const stored = async () => {
    const found = await store.getLead(LEAD_ID);
    if (!found || 'erasedAt' in found) throw new Error('the lead is gone');
    return found;
  };
  const writesOf = (calls: { method: string }[]) => calls.filter((call) => call.method === 'saveQualification').length;
  /** The playbook assigns to the example team: the lead qualified owes an assignment before its notices. */
  const owingAnAssignment = async () => {
    const team = exampleTeams()[0]?.document;
    if (!team) throw new Error('no example team');
    await store.publishDocument({ kind: 'team', id: team.id, version: 1, document: team, publishedAt: NOW.toISOString() });
    playbook = aPlaybook({ notify: { email: ['sales@example.com'], slack: false }, team: team.id, assign: [{ pool: 'mid' }] });
    await store.publishDocument({ kind: 'playbook', id: playbook.id, version: 2, document: playbook, publishedAt: NOW.toISOString() });
    const found = await stored();
    const step = advance(newLifecycle(), aSalesScoring(), playbook);
    if (!step.ok) throw new Error(step.message);
    const lifecycle = storedStep(newLifecycle(), step);
    await store.saveQualification(LEAD_ID, { lifecycle }, found.lifecycleVersion);
    qualified = { ...qualified, lifecycle, lifecycleVersion: (found.lifecycleVersion ?? 0) + 1 };
    expect(owedEffects(lifecycle)[0]?.kind).toBe('assign');
  };

  beforeEach(async () => {
    store = createMemoryStore();
    mail = [];
    // Email only: the notice makes one claim and one check of the lead, before its send.
    playbook = aPlaybook({ notify: { email: ['sales@example.com'], slack: false } });
    // A grade-A hot lead just qualified, as the scorer leaves it: its notice, its cycle's outcome and webhook events owed.
    const lead = aLeadRecord({ leadId: LEAD_ID, answers: gradeAAnswers() });
    await storeLead(store, lead);
    const step = advance(newLifecycle(), aSalesScoring(), playbook);
    if (!step.ok) throw new Error(step.message);
    const lifecycle = storedStep(newLifecycle(), step);
    const score = { ...aStoredScore({ interest: 90, fit: 90 }), owner: 'sales' as const };
    await store.saveQualification(LEAD_ID, { lifecycle, score }, undefined);
    qualified = { lead, lifecycle, lifecycleVersion: 1, score };
    await store.saveWebhookEndpoint(aWebhookEndpoint(), undefined);
  });

  it('carries out every owed effect once and settles them all in one write of the lead', async () => {
    // Prepare
    expect(owedEffects(qualified.lifecycle).map((effect) => effect.kind)).toEqual(expect.arrayContaining(['notify', 'outcome', 'webhook']));
    const { store: recording, calls } = recordingStore(store);

    // Act
    const done = await run(recording);

    // Assess
    expect(done).toBe(owedEffects(qualified.lifecycle).length);
    expect(writesOf(calls)).toBe(1);
    expect(owedEffects((await stored()).lifecycle ?? newLifecycle())).toEqual([]);
    expect(mail).toHaveLength(1);
    expect(await store.getOutcome(LEAD_ID, 1)).toMatchObject({ leadId: LEAD_ID, cycle: 1 });
  });

  it('keeps what it carried out before an effect that fails settled, leaves that effect owed, and the retry sends nothing twice', async () => {
    // Prepare: the first webhook body's write fails once, after the outcome record and the notice.
    const failing = failingOnce(store, 'createWebhookDelivery');

    // Act
    const first = run(failing);

    // Assess
    await expect(first).rejects.toThrow('the store is down');
    const after = (await stored()).lifecycle ?? newLifecycle();
    expect(owedEffects(after).map((effect) => effect.kind)).toContain('webhook');
    expect(owedEffects(after).map((effect) => effect.kind)).not.toContain('notify');
    expect(owedEffects(after).map((effect) => effect.kind)).not.toContain('outcome');
    expect(mail).toHaveLength(1);

    // Act: the retry, from the lead as stored.
    const found = await stored();
    qualified = { ...qualified, lifecycle: after, lifecycleVersion: found.lifecycleVersion ?? 0 };
    await run(failing);

    // Assess
    expect(owedEffects((await stored()).lifecycle ?? newLifecycle())).toEqual([]);
    expect(mail).toHaveLength(1);
    expect(await store.getOutcome(LEAD_ID, 1)).toMatchObject({ leadId: LEAD_ID, cycle: 1 });
  });

  it('carries out the outcome record, the webhook bodies and the notice in one wave, on the lead the scoring just wrote', async () => {
    // Prepare
    const { store: recording, calls } = recordingStore(store);

    // Act
    await run(recording);

    // Assess: the one look at the lead is the notice's, after its claim; the webhook bodies (an endpoint receives them)
    // and the outcome record need none of their own, and the settles are one write.
    const methods = calls.map((call) => call.method);
    expect(methods.filter((method) => method === 'getLead')).toHaveLength(1);
    expect(methods.indexOf('getLead')).toBeGreaterThan(methods.indexOf('claimNotification'));
    expect(methods).toContain('createWebhookDelivery');
    expect(methods).toContain('saveOutcome');
    expect(writesOf(calls)).toBe(1);
  });

  it('stops once the lead is erased during a notice: nothing settled after the erase', async () => {
    // Prepare: the erase lands while the notice is being sent, after its claim's check.
    const { store: recording, calls } = recordingStore(store);
    let callsBeforeErase = -1;
    const erasingSend = async (message: Mail) => {
      mail.push(message);
      callsBeforeErase = calls.length;
      await store.erase([LEAD_ID], NOW.toISOString());
      return 'message-1';
    };

    // Act
    await run(recording, erasingSend);

    // Assess: the outcome record and the webhook bodies went out with the notice, on the scoring's write's look at the
    // lead, before the erase, which swept the record away; after the erase nothing more goes out, and the settle's
    // write finds the tombstone and writes nothing.
    expect(mail).toHaveLength(1);
    expect(callsBeforeErase).toBeGreaterThan(0);
    const afterErase = calls.slice(callsBeforeErase).map((call) => call.method);
    expect(afterErase.filter((method) => ['claimNotification', 'skipNotification', 'saveOutcome', 'createWebhookDelivery'].includes(method))).toEqual([]);
    expect(await store.getOutcome(LEAD_ID, 1)).toBeUndefined();
    expect(await store.getLead(LEAD_ID)).toEqual({ leadId: LEAD_ID, erasedAt: NOW.toISOString() });
  });

  it('stops once the lead is erased while a rep is picked: nobody told, no later webhook body, the pick not stored', async () => {
    // Prepare: a lead that owes its team an assignment; the erase lands as the cycle's outcome is written beside the pick.
    await owingAnAssignment();
    const { store: recording, calls } = recordingStore(store);
    let callsBeforeErase = -1;
    const erasing = Object.assign(Object.create(recording) as MemoryStore, {
      saveOutcome: async (...args: Parameters<Store['saveOutcome']>) => {
        await store.saveOutcome(...args);
        callsBeforeErase = calls.length;
        await store.erase([LEAD_ID], NOW.toISOString());
      },
    });

    // Act
    await run(erasing);

    // Assess
    expect(callsBeforeErase).toBeGreaterThan(0);
    expect(mail).toEqual([]);
    expect(calls.slice(callsBeforeErase).filter((call) => ['claimNotification', 'skipNotification', 'createWebhookDelivery', 'saveOutcome'].includes(call.method))).toEqual([]);
    expect(await store.getLead(LEAD_ID)).toEqual({ leadId: LEAD_ID, erasedAt: NOW.toISOString() });
  });

  it('stores the rep it picks before any notice goes out, so the rep’s links meet the assignment they name', async () => {
    // Prepare
    await owingAnAssignment();
    const assignedWhenSent: boolean[] = [];
    const checkingSend = async (message: Mail) => {
      mail.push(message);
      assignedWhenSent.push(((await stored()).lifecycle?.assignments ?? []).length > 0);
      return `message-${mail.length}`;
    };

    // Act
    await run(store, checkingSend);

    // Assess: the team's notice and the rep's, each sent with the pick stored.
    expect(mail).toHaveLength(2);
    expect(assignedWhenSent).toEqual([true, true]);
    expect(owedEffects((await stored()).lifecycle ?? newLifecycle())).toEqual([]);
  });

  it('gives the team’s and the rep’s notices, which go out together, one look at the lead, after both have made their claims', async () => {
    // Prepare
    await owingAnAssignment();
    const { store: recording, calls } = recordingStore(store);

    // Act
    await run(recording);

    // Assess: two notices (two claims), one look after the pick's write, and it comes after both claims.
    const methods = calls.map((call) => call.method);
    const lastWrite = methods.lastIndexOf('saveQualification');
    const afterPick = methods.slice(methods.indexOf('saveQualification'), lastWrite);
    expect(mail).toHaveLength(2);
    expect(afterPick.filter((method) => method === 'claimNotification')).toHaveLength(2);
    expect(afterPick.filter((method) => method === 'getLead')).toHaveLength(1);
    expect(afterPick.indexOf('getLead')).toBeGreaterThan(afterPick.lastIndexOf('claimNotification'));
  });

  it('tells neither the team nor the rep when the lead is erased as their claims are made, and keeps neither claim', async () => {
    // Prepare: the rep's claim is slow, and the erase lands right after it: the team's notice, its claim long made,
    // must not look at the lead (and send) before the rep's claim is made.
    await owingAnAssignment();
    let claims = 0;
    const erasing = Object.assign(Object.create(store) as MemoryStore, {
      claimNotification: async (...args: Parameters<Store['claimNotification']>) => {
        if (args[1].kind === 'assigned') await new Promise((resolve) => setTimeout(resolve, 20));
        const claimed = await store.claimNotification(...args);
        claims += 1;
        if (args[1].kind === 'assigned') await store.erase([LEAD_ID], NOW.toISOString());
        return claimed;
      },
    });

    // Act
    await run(erasing);

    // Assess
    expect(claims).toBe(2);
    expect(mail).toEqual([]);
    expect(await store.notifications(LEAD_ID)).toEqual([]);
  });

  it('lets the rep’s notice go out when the team’s fails before its claims, and the retry sends only the one left', async () => {
    // Prepare: the forms' labels cannot be read once, by whichever notice asks first.
    await owingAnAssignment();
    const failing = failingOnce(store, 'latestDocuments');

    // Act
    const first = await run(failing).catch((error: unknown) => (error as Error).message);
    const sentFirst = mail.length;
    const found = await stored();
    qualified = { ...qualified, lifecycle: found.lifecycle ?? newLifecycle(), lifecycleVersion: found.lifecycleVersion ?? 0 };
    await run(failing);

    // Assess
    expect(first).toBe('the store is down');
    expect(sentFirst).toBe(1);
    expect(mail).toHaveLength(2);
    expect(new Set(mail.map((message) => message.subject)).size).toBe(2);
    expect(owedEffects((await stored()).lifecycle ?? newLifecycle())).toEqual([]);
  });
});
