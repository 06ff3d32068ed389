import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, InvalidCursorError } from '../../../functions/app/ports/errors.js';
import { jobItemKey, type NotificationKey, type Store, type StoredOutcome } from '../../../functions/app/ports/store.js';
import { newLifecycle } from '../../../functions/core/lifecycle.js';
import { NOW, aLeadRecord, aLifecycle, aPublishedDocument, aStoredScore, aSubmissionRecord, aWebhookDelivery, aWebhookEndpoint, anEventRecord, daysAgo } from '../../helpers/factories.js';

/**
 * What every `Store` does, whatever holds its data: run against the in-memory store
 * (memory-store.test.ts) and the DynamoDB store on dynalite (dynamodb-store.dynalite.test.ts),
 * so the store handler tests run on cannot drift from the one production runs on.
 * `open` answers a store holding nothing.
 */
export const storeContract = (open: () => Promise<Store>) => {
  let store: Store;
  const AT = NOW.toISOString();
  const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000).toISOString();
  const QUALIFIED: NotificationKey = { kind: 'qualified', cycle: 1, channel: 'email' };

  beforeEach(async () => {
    store = await open();
  });

  /** A lead stored by `saveLead`, at version 1. */
  const aStoredLead = async (leadId: string, overrides: Parameters<typeof aLeadRecord>[0] = {}) => {
    const lead = aLeadRecord({ leadId, ...overrides });
    await store.saveLead(lead, undefined);
    return lead;
  };

  /** How each call ended, run together: the name of the error it was refused with, or `done`. */
  const outcomes = async (calls: Promise<unknown>[]): Promise<string[]> =>
    (await Promise.allSettled(calls)).map((result) => (result.status === 'rejected' ? (result.reason as Error).name : 'done'));

  const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
    const collected: T[] = [];
    for await (const item of items) collected.push(item);
    return collected;
  };

  describe('team state', () => {
    const aState = (open: Record<string, number> = {}) => ({ teamId: 'sales', rotation: { mid: { ana: -1, ben: 1 } }, open, absences: {}, moves: [{ key: 'assign:lead_1:1:0', repId: 'ana' }] });

    it('answers no state before one is saved, then what was saved at version 1, 2 …', async () => {
      // Act
      const before = await store.teamState('sales');
      const first = await store.saveTeamState(aState({ ana: 1 }), undefined);
      const second = await store.saveTeamState(aState({ ana: 2 }), first);

      // Assess
      expect(before).toBeUndefined();
      expect([first, second]).toEqual([1, 2]);
      expect(await store.teamState('sales')).toEqual({ ...aState({ ana: 2 }), version: 2 });
      expect(await store.teamState('other')).toBeUndefined();
    });

    it('refuses a second first save and a save over a version that is not the one stored, keeping what was there', async () => {
      // Prepare
      await store.saveTeamState(aState({ ana: 1 }), undefined);

      // Act
      const refused = await outcomes([store.saveTeamState(aState({ ben: 1 }), undefined), store.saveTeamState(aState({ ben: 1 }), 7)]);

      // Assess
      expect(refused).toEqual(['ConflictError', 'ConflictError']);
      expect((await store.teamState('sales'))?.open).toEqual({ ana: 1 });
    });

    it('lets one of two writers over the same version win', async () => {
      // Prepare
      const version = await store.saveTeamState(aState(), undefined);

      // Act
      const raced = await outcomes([store.saveTeamState(aState({ ana: 1 }), version), store.saveTeamState(aState({ ben: 1 }), version)]);

      // Assess
      expect([...raced].sort()).toEqual(['ConflictError', 'done']);
    });
  });

  describe('documents', () => {
    it('answers no document before one is published', async () => {
      // Act
      const found = [await store.latestDocument('form', 'demo-request'), await store.documentVersion('form', 'demo-request', 1), await store.latestDocuments('form')];

      // Assess
      expect(found).toEqual([undefined, undefined, []]);
    });

    it('keeps every version and answers the latest', async () => {
      // Prepare
      const first = aPublishedDocument({ version: 1 });
      const second = aPublishedDocument({ version: 2, publishedAt: later(60) });

      // Act
      await store.publishDocument(first);
      await store.publishDocument(second);

      // Assess
      expect(await store.latestDocument('form', 'demo-request')).toEqual(second);
      expect(await store.documentVersion('form', 'demo-request', 1)).toEqual(first);
    });

    it('refuses a version already taken with a ConflictError, keeping the first', async () => {
      // Prepare
      const first = aPublishedDocument();
      await store.publishDocument(first);

      // Act
      const again = store.publishDocument(aPublishedDocument({ publishedAt: later(60), document: { id: 'demo-request', title: 'another' } }));

      // Assess
      await expect(again).rejects.toBeInstanceOf(ConflictError);
      expect(await store.documentVersion('form', 'demo-request', 1)).toEqual(first);
    });

    it('moves the latest only forward: an older version published late leaves it', async () => {
      // Prepare
      const newer = aPublishedDocument({ version: 2 });
      await store.publishDocument(newer);

      // Act
      await store.publishDocument(aPublishedDocument({ version: 1 }));

      // Assess
      expect(await store.latestDocument('form', 'demo-request')).toEqual(newer);
    });

    it('lists the latest version of every document of a kind, by id', async () => {
      // Prepare
      const [b1, a1, a2, playbook] = [
        aPublishedDocument({ id: 'form-b' }),
        aPublishedDocument({ id: 'form-a' }),
        aPublishedDocument({ id: 'form-a', version: 2 }),
        aPublishedDocument({ kind: 'playbook', id: 'default' }),
      ];
      for (const document of [b1, a1, a2, playbook]) await store.publishDocument(document);

      // Act
      const forms = await store.latestDocuments('form');

      // Assess
      expect(forms).toEqual([a2, b1]);
      expect(await store.latestDocuments('playbook')).toEqual([playbook]);
    });
  });

  describe('leads', () => {
    it('creates a lead at version 1 and answers it as saved', async () => {
      // Prepare
      const lead = aLeadRecord({ answers: { email: 'ada@example.com' }, playbookId: 'default' });

      // Act
      const version = await store.saveLead(lead, undefined);

      // Assess
      expect(version).toBe(1);
      expect(await store.getLead('lead_a')).toEqual({ lead, version: 1 });
    });

    it('answers nothing for a lead never stored', async () => {
      // Act
      const found = await store.getLead('lead_never');

      // Assess
      expect(found).toBeUndefined();
    });

    it('refuses to create a lead that exists, and to write over a version that is not the one stored', async () => {
      // Prepare
      const lead = await aStoredLead('lead_a');

      // Act
      const writes = await outcomes([store.saveLead(lead, undefined), store.saveLead(lead, 2), store.saveLead(aLeadRecord({ leadId: 'lead_b' }), 1)]);

      // Assess
      expect(writes).toEqual(['ConflictError', 'ConflictError', 'ConflictError']);
      expect(await store.getLead('lead_a')).toEqual({ lead, version: 1 });
    });

    it('writes over the version read and answers the next', async () => {
      // Prepare
      const lead = await aStoredLead('lead_a');
      const answered = { ...lead, answers: { email: 'ada@example.com' }, updatedAt: AT };

      // Act
      const version = await store.saveLead(answered, 1);

      // Assess
      expect(version).toBe(2);
      expect(await store.getLead('lead_a')).toEqual({ lead: answered, version: 2 });
    });

    it('keeps what a save leaves out: the score and lifecycle, and any field it gives as undefined', async () => {
      // Prepare
      const lead = await aStoredLead('lead_a', { playbookId: 'default' });
      const lifecycle = aLifecycle({ stage: 'MQL' });
      await store.saveQualification('lead_a', { lifecycle, score: aStoredScore({ interest: 12 }) }, undefined);

      // Act
      await store.saveLead({ ...lead, playbookId: undefined, updatedAt: AT }, 1);

      // Assess
      expect(await store.getLead('lead_a')).toEqual({
        lead: { ...lead, updatedAt: AT },
        version: 2,
        score: aStoredScore({ interest: 12 }),
        lifecycle,
        lifecycleVersion: 1,
      });
    });

    it('ensures a first profile at version 1, then only fills in the fields it lacks', async () => {
      // Prepare
      const lead = aLeadRecord();
      const created = await store.ensureLead(lead);

      // Act
      const again = await store.ensureLead({ ...lead, createdAt: AT, lastFormId: 'demo-request' });

      // Assess
      expect([created, again]).toEqual([true, true]);
      expect(await store.getLead('lead_a')).toEqual({ lead: { ...lead, lastFormId: 'demo-request' }, version: 1 });
    });

    it('lists by email only a lead it saves, not one it ensures', async () => {
      // Prepare
      await store.ensureLead(aLeadRecord({ leadId: 'lead_ensured', answers: { email: 'ada@example.com' } }));

      // Act
      await aStoredLead('lead_saved', { answers: { email: 'ada@example.com' } });

      // Assess
      expect(await store.leadsByEmail('ada@example.com')).toEqual(['lead_saved']);
    });

    it('writes score and lifecycle over the lifecycle version read, apart from the profile’s', async () => {
      // Prepare
      const lead = await aStoredLead('lead_a');
      await store.saveQualification('lead_a', { lifecycle: aLifecycle({ stage: 'MQL' }), score: aStoredScore({ interest: 30 }) }, undefined);
      const accepted = aLifecycle({ stage: 'SAL' });

      // Act
      await store.saveQualification('lead_a', { lifecycle: accepted }, 1);

      // Assess
      expect(await store.getLead('lead_a')).toEqual({ lead, version: 1, score: aStoredScore({ interest: 30 }), lifecycle: accepted, lifecycleVersion: 2 });
    });

    it('refuses a qualification over a lifecycle version that is not the one stored', async () => {
      // Prepare
      await aStoredLead('lead_a');
      await store.saveQualification('lead_a', { lifecycle: newLifecycle() }, undefined);

      // Act
      const writes = await outcomes([store.saveQualification('lead_a', { lifecycle: aLifecycle({ stage: 'MQL' }) }, undefined), store.saveQualification('lead_a', { lifecycle: aLifecycle({ stage: 'MQL' }) }, 5)]);

      // Assess
      expect(writes).toEqual(['ConflictError', 'ConflictError']);
      expect(await store.getLead('lead_a')).toMatchObject({ lifecycle: newLifecycle(), lifecycleVersion: 1 });
    });

    it('refuses to qualify a lead never stored, or erased', async () => {
      // Prepare
      await aStoredLead('lead_a');
      await store.erase(['lead_a'], AT);

      // Act
      const writes = await outcomes([store.saveQualification('lead_a', { lifecycle: newLifecycle() }, undefined), store.saveQualification('lead_never', { lifecycle: newLifecycle() }, undefined)]);

      // Assess
      expect(writes).toEqual(['ConflictError', 'ConflictError']);
      expect(await store.getLead('lead_never')).toBeUndefined();
    });

    describe('in a stage', () => {
      /** A lead in `stage` with the given interest and fit. */
      const aLeadIn = async (leadId: string, stage: 'MQL' | 'SAL', interest: number, fit: number) => {
        await aStoredLead(leadId);
        await store.saveQualification(leadId, { lifecycle: aLifecycle({ stage }), score: aStoredScore({ interest, fit }) }, undefined);
      };
      const idsOf = (page: { leads: { lead: { leadId: string } }[] }) => page.leads.map(({ lead }) => lead.leadId);

      it('lists a stage’s scored leads hottest first: interest, then fit', async () => {
        // Prepare
        await aLeadIn('lead_warm', 'MQL', 10.25, 5);
        await aLeadIn('lead_hot', 'MQL', 20, 1);
        await aLeadIn('lead_warm_fit', 'MQL', 10.25, 9);
        await aLeadIn('lead_accepted', 'SAL', 99, 9);
        await aStoredLead('lead_unscored');
        await store.saveQualification('lead_unscored', { lifecycle: aLifecycle({ stage: 'MQL' }) }, undefined);

        // Act
        const page = await store.leadsInStage('MQL', 10);

        // Assess
        expect(idsOf(page)).toEqual(['lead_hot', 'lead_warm_fit', 'lead_warm']);
        expect(page.cursor).toBeUndefined();
        expect(page.leads[0]).toEqual({ lead: aLeadRecord({ leadId: 'lead_hot' }), version: 1, score: aStoredScore({ interest: 20, fit: 1 }), lifecycle: aLifecycle({ stage: 'MQL' }), lifecycleVersion: 1 });
      });

      it('answers a page at a time, with a cursor only while more remain', async () => {
        // Prepare
        for (const [i, leadId] of ['lead_1', 'lead_2', 'lead_3'].entries()) await aLeadIn(leadId, 'MQL', 30 - i, 0);

        // Act
        const first = await store.leadsInStage('MQL', 2);
        const second = await store.leadsInStage('MQL', 2, first.cursor);
        const whole = await store.leadsInStage('MQL', 3);

        // Assess
        expect([idsOf(first), idsOf(second), idsOf(whole)]).toEqual([['lead_1', 'lead_2'], ['lead_3'], ['lead_1', 'lead_2', 'lead_3']]);
        expect(first.cursor).toEqual(expect.any(String));
        expect([second.cursor, whole.cursor]).toEqual([undefined, undefined]);
      });

      it('keeps only the leads a filter holds for, full pages and a cursor only while more remain', async () => {
        // Prepare: 5 leads, every other one kept by the filter.
        for (const [i, leadId] of ['lead_1', 'lead_2', 'lead_3', 'lead_4', 'lead_5'].entries()) await aLeadIn(leadId, 'MQL', 50 - i, 0);
        const odd = ({ lead }: { lead: { leadId: string } }) => Number(lead.leadId.slice(-1)) % 2 === 1;

        // Act
        const first = await store.leadsInStage('MQL', 2, undefined, odd);
        const second = await store.leadsInStage('MQL', 2, first.cursor, odd);
        const none = await store.leadsInStage('MQL', 2, undefined, () => false);

        // Assess
        expect([idsOf(first), idsOf(second), idsOf(none)]).toEqual([['lead_1', 'lead_3'], ['lead_5'], []]);
        expect(first.cursor).toEqual(expect.any(String));
        expect([second.cursor, none.cursor]).toEqual([undefined, undefined]);
      });

      it('refuses a cursor it did not hand out, or handed out for another stage', async () => {
        // Prepare
        for (const leadId of ['lead_1', 'lead_2']) await aLeadIn(leadId, 'MQL', 10, 0);
        const { cursor } = await store.leadsInStage('MQL', 1);
        const edited = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(cursor ?? '', 'base64url').toString()), extra: 1 })).toString('base64url');

        // Act
        const pages = await outcomes([store.leadsInStage('MQL', 1, 'not-a-cursor'), store.leadsInStage('SAL', 1, cursor), store.leadsInStage('MQL', 1, edited)]);

        // Assess
        expect(pages).toEqual(['InvalidCursorError', 'InvalidCursorError', 'InvalidCursorError']);
      });

      it('refuses a cursor whose keys were emptied (DynamoDB would refuse an empty key)', async () => {
        // Prepare
        for (const leadId of ['lead_1', 'lead_2']) await aLeadIn(leadId, 'MQL', 10, 0);
        const { cursor } = await store.leadsInStage('MQL', 1);
        const decoded = JSON.parse(Buffer.from(cursor ?? '', 'base64url').toString()) as Record<string, unknown>;
        const keys = Object.keys(decoded).filter((key) => typeof decoded[key] === 'string');
        const emptied = keys.map((key) => Buffer.from(JSON.stringify({ ...decoded, [key]: '' })).toString('base64url'));

        // Act
        const pages = await outcomes(emptied.map((edited) => store.leadsInStage('MQL', 1, edited)));

        // Assess
        expect(pages).toEqual(keys.map(() => 'InvalidCursorError'));
      });

      it('lists an alias in no stage and under no email: its lead is', async () => {
        // Prepare
        const alias = await aStoredLead('lead_alias', { answers: { email: 'ada@example.com' } });
        await store.saveQualification('lead_alias', { lifecycle: aLifecycle({ stage: 'MQL' }), score: aStoredScore({ interest: 5 }) }, undefined);

        // Act
        await store.saveLead({ ...alias, mergedInto: 'lead_survivor' }, 1);

        // Assess
        expect(idsOf(await store.leadsInStage('MQL', 10))).toEqual([]);
        expect(await store.leadsByEmail('ada@example.com')).toEqual([]);
        expect(await collect(store.allLeads())).toEqual([]);
      });
    });

    it('finds the leads that gave an email oldest first, and a lead no longer under an email it changed', async () => {
      // Prepare
      await aStoredLead('lead_new', { answers: { email: 'ada@example.com' }, createdAt: daysAgo(1).toISOString() });
      await aStoredLead('lead_old', { answers: { email: 'ada@example.com' }, createdAt: daysAgo(5).toISOString() });
      const moved = await aStoredLead('lead_moved', { answers: { email: 'ada@example.com' }, createdAt: daysAgo(3).toISOString() });

      // Act
      await store.saveLead({ ...moved, answers: { email: 'grace@example.com' } }, 1);

      // Assess
      expect(await store.leadsByEmail('ada@example.com')).toEqual(['lead_old', 'lead_new']);
      expect(await store.leadsByEmail('grace@example.com')).toEqual(['lead_moved']);
      expect(await store.leadsByEmail('nobody@example.com')).toEqual([]);
    });

    it('lists every lead neither merged into another nor erased', async () => {
      // Prepare
      for (const leadId of ['lead_a', 'lead_b', 'lead_erased']) await aStoredLead(leadId);
      await aStoredLead('lead_alias', { mergedInto: 'lead_a' });
      await store.erase(['lead_erased'], AT);

      // Act
      const leads = await collect(store.allLeads());

      // Assess
      expect(leads.map(({ lead }) => lead.leadId).sort()).toEqual(['lead_a', 'lead_b']);
      expect(leads.find(({ lead }) => lead.leadId === 'lead_b')).toEqual({ lead: aLeadRecord({ leadId: 'lead_b' }), version: 1 });
    });

    it('resumes the listing after any lead, in an order each lead keeps, even after that lead is erased', async () => {
      // Prepare
      const ids = Array.from({ length: 12 }, (_, i) => `lead_${String.fromCharCode(97 + ((i * 5) % 12))}${i}`);
      for (const leadId of ids) await aStoredLead(leadId);
      const order = (await collect(store.allLeads())).map(({ lead }) => lead.leadId);
      const [, , , fourth] = order;
      await store.erase([fourth ?? ''], AT);

      // Act
      const rest = (await collect(store.allLeads(fourth))).map(({ lead }) => lead.leadId);

      // Assess
      expect([...order].sort()).toEqual([...ids].sort());
      expect(rest).toEqual(order.slice(4));
    });

    it('finds every item keyed to a lead, as stored, its values as they were given', async () => {
      // Prepare
      await aStoredLead('lead_a');
      const qualification = { lifecycle: aLifecycle({ stage: 'MQL' }), score: aStoredScore({ interest: 5 }) };
      await store.saveQualification('lead_a', qualification, undefined);
      await store.putSubmission(aSubmissionRecord());
      await store.putEvent(anEventRecord());
      await store.claimNotification('lead_a', QUALIFIED, AT, 60);
      await aStoredLead('lead_other');

      // Act
      const items = await store.itemsOf(['lead_a']);

      // Assess
      expect(items).toHaveLength(4);
      expect(items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ ...aLeadRecord(), version: 1, ...qualification }),
          expect.objectContaining(aSubmissionRecord()),
          expect.objectContaining(anEventRecord()),
          expect.objectContaining({ ...QUALIFIED, status: 'sending' }),
        ]),
      );
    });

    describe('erased', () => {
      it('leaves tombstones, the lead’s naming its aliases, deletes everything else, and answers how many', async () => {
        // Prepare
        await aStoredLead('lead_a', { answers: { email: 'ada@example.com' }, mergedFrom: ['lead_alias'] });
        await store.saveQualification('lead_a', { lifecycle: aLifecycle({ stage: 'MQL' }), score: aStoredScore({ interest: 5 }) }, undefined);
        await store.putSubmission(aSubmissionRecord());
        await store.putEvent(anEventRecord());
        await store.claimNotification('lead_a', QUALIFIED, AT, 60);
        await aStoredLead('lead_alias', { mergedInto: 'lead_a' });
        await store.putSubmission(aSubmissionRecord({ leadId: 'lead_alias' }));

        // Act
        const erased = await store.erase(['lead_a', 'lead_alias'], AT);

        // Assess
        expect(erased).toBe(6);
        expect(await store.getLead('lead_a')).toEqual({ leadId: 'lead_a', erasedAt: AT, aliases: ['lead_alias'] });
        expect(await store.getLead('lead_alias')).toEqual({ leadId: 'lead_alias', erasedAt: AT });
        expect(await store.itemsOf(['lead_a', 'lead_alias'])).toEqual([
          expect.objectContaining({ leadId: 'lead_a', erasedAt: AT, aliases: ['lead_alias'] }),
          expect.objectContaining({ leadId: 'lead_alias', erasedAt: AT }),
        ]);
        expect(await store.activity(['lead_a', 'lead_alias'])).toEqual({ submissions: [], events: [] });
        expect(await store.notifications('lead_a')).toEqual([]);
        expect(await store.leadsByEmail('ada@example.com')).toEqual([]);
        expect((await store.leadsInStage('MQL', 10)).leads).toEqual([]);
      });

      it('leaves a tombstone for a lead never stored, and counts it', async () => {
        // Act
        const erased = await store.erase(['lead_never'], AT);

        // Assess
        expect(erased).toBe(1);
        expect(await store.getLead('lead_never')).toEqual({ leadId: 'lead_never', erasedAt: AT });
      });

      it('never writes an erased lead again, nor ensures it', async () => {
        // Prepare
        const lead = await aStoredLead('lead_a');
        await store.erase(['lead_a'], AT);

        // Act
        const writes = await outcomes([store.saveLead(lead, 1), store.saveLead(lead, undefined)]);
        const ensured = await store.ensureLead(lead);

        // Assess
        expect(writes).toEqual(['ConflictError', 'ConflictError']);
        expect(ensured).toBe(false);
        expect(await store.getLead('lead_a')).toEqual({ leadId: 'lead_a', erasedAt: AT });
      });
    });
  });

  describe('activity', () => {
    it('reads a batch of jobs’ leads and the items asked for at once: undefined for what is not stored, a tombstone as one', async () => {
      // Prepare
      await aStoredLead('lead_a');
      await store.putSubmission(aSubmissionRecord({ leadId: 'lead_a', submissionId: 'sub-1' }));
      await store.putEvent(anEventRecord({ leadId: 'lead_a', eventId: 'evt-1' }));
      // A lead whose jobs carry their events: read, its event not.
      await aStoredLead('lead_b');
      await store.putEvent(anEventRecord({ leadId: 'lead_b', eventId: 'evt-2' }));
      await aStoredLead('lead_gone');
      await store.erase(['lead_gone'], AT);
      const jobs = [
        { kind: 'submission' as const, leadId: 'lead_a', id: 'sub-1' },
        { kind: 'event' as const, leadId: 'lead_a', id: 'evt-1' },
        { kind: 'event' as const, leadId: 'lead_gone', id: 'evt-9' },
        { kind: 'event' as const, leadId: 'lead_none', id: 'sub-1' },
      ];

      // Act
      const reads = await store.jobReads(['lead_a', 'lead_b', 'lead_gone', 'lead_none', 'lead_a'], jobs);

      // Assess
      expect(reads.leads).toEqual(
        new Map([['lead_a', await store.getLead('lead_a')], ['lead_b', await store.getLead('lead_b')], ['lead_gone', await store.getLead('lead_gone')], ['lead_none', undefined]]),
      );
      expect(reads.leads.get('lead_gone')).toMatchObject({ erasedAt: AT });
      expect([...reads.items.keys()]).toEqual(jobs.map(jobItemKey));
      expect([...reads.items.values()]).toEqual([await store.getSubmission('lead_a', 'sub-1'), await store.getEvent('lead_a', 'evt-1'), undefined, undefined]);
    });

    it('stores a submission once per lead, keeping the first body, and answers it', async () => {
      // Prepare
      const first = aSubmissionRecord();

      // Act
      const stored = [
        await store.putSubmission(first),
        await store.putSubmission(aSubmissionRecord({ answers: { email: 'grace@example.com' } })),
        await store.putSubmission(aSubmissionRecord({ leadId: 'lead_b' })),
      ];

      // Assess
      expect(stored).toEqual([true, false, true]);
      expect(await store.getSubmission('lead_a', 'sub-1')).toEqual(first);
      expect(await store.getSubmission('lead_a', 'sub-2')).toBeUndefined();
    });

    it('stores an event once per lead, keeping the first body, and answers it', async () => {
      // Prepare
      const first = anEventRecord({ properties: { plan: 'team' } });

      // Act
      const stored = [await store.putEvent(first), await store.putEvent(anEventRecord({ type: 'page_view' })), await store.putEvent(anEventRecord({ leadId: 'lead_b' }))];

      // Assess
      expect(stored).toEqual([true, false, true]);
      expect(await store.getEvent('lead_a', 'evt-1')).toEqual(first);
      expect(await store.getEvent('lead_a', 'evt-2')).toBeUndefined();
    });

    it('answers the activity of several leads, each list oldest first', async () => {
      // Prepare
      const steps = [
        aSubmissionRecord({ submissionId: 'sub-late', at: later(30) }),
        aSubmissionRecord({ submissionId: 'sub-first', leadId: 'lead_b', at: later(10) }),
        aSubmissionRecord({ submissionId: 'sub-middle', at: later(20) }),
      ];
      const events = [anEventRecord({ eventId: 'evt-late', leadId: 'lead_b', at: later(5) }), anEventRecord({ eventId: 'evt-early', at: later(1) })];
      for (const step of steps) await store.putSubmission(step);
      for (const event of events) await store.putEvent(event);
      await store.putEvent(anEventRecord({ leadId: 'lead_other' }));
      // What else a lead's partition holds, which is no activity: its profile and a notification's claim.
      await aStoredLead('lead_a');
      await store.claimNotification('lead_a', QUALIFIED, AT, 60);

      // Act
      const activity = await store.activity(['lead_a', 'lead_b']);

      // Assess
      expect(activity).toEqual({ submissions: [steps[1], steps[2], steps[0]], events: [events[1], events[0]] });
    });

    it('takes back a submission or event', async () => {
      // Prepare
      await store.putSubmission(aSubmissionRecord());
      await store.putEvent(anEventRecord());

      // Act
      await store.dropActivity('submission', 'lead_a', 'sub-1');
      await store.dropActivity('event', 'lead_a', 'evt-1');

      // Assess
      expect(await store.activity(['lead_a'])).toEqual({ submissions: [], events: [] });
      expect(await store.putEvent(anEventRecord())).toBe(true);
    });

    it('lists what its lead’s score does not count: captured after its watermark and not folded in, or on a lead never scored', async () => {
      // Prepare: lead_a scored through AT, evt-late folded in beyond it; lead_b never scored.
      await aStoredLead('lead_a');
      await aStoredLead('lead_b');
      await store.saveQualification('lead_a', { lifecycle: aLifecycle(), score: { ...aStoredScore(), through: AT, folded: ['e:lead_a/evt-late'] } }, undefined);
      await store.putSubmission(aSubmissionRecord({ at: AT }));
      await store.putSubmission(aSubmissionRecord({ submissionId: 'sub-2', at: later(1) }));
      await store.putEvent(anEventRecord({ eventId: 'evt-late', receivedAt: later(2) }));
      await store.putEvent(anEventRecord({ eventId: 'evt-2', receivedAt: later(3) }));
      await store.putEvent(anEventRecord({ leadId: 'lead_b' }));

      // Act
      const unscored = await collect(store.unscored());

      // Assess
      expect(unscored).toHaveLength(3);
      expect(unscored).toEqual(
        expect.arrayContaining([
          { kind: 'submission', id: 'sub-2', leadId: 'lead_a' },
          { kind: 'event', id: 'evt-2', leadId: 'lead_a' },
          { kind: 'event', id: 'evt-1', leadId: 'lead_b' },
        ]),
      );
    });

    it('judges an alias’s activity by its lead’s watermark, and a score from before watermarks by scoredAt', async () => {
      // Prepare: lead_b is an alias of lead_a (scored through AT); lead_c was scored before watermarks.
      await aStoredLead('lead_a', { mergedFrom: ['lead_b'] });
      await aStoredLead('lead_b', { mergedInto: 'lead_a' });
      await aStoredLead('lead_c');
      await store.saveQualification('lead_a', { lifecycle: aLifecycle(), score: { ...aStoredScore(), through: AT } }, undefined);
      await store.saveQualification('lead_c', { lifecycle: aLifecycle(), score: { ...aStoredScore(), folded: ['e:lead_c/evt-folded'] } }, undefined);
      await store.putEvent(anEventRecord({ leadId: 'lead_b', eventId: 'evt-old', receivedAt: AT }));
      await store.putEvent(anEventRecord({ leadId: 'lead_b', eventId: 'evt-new', receivedAt: later(1) }));
      await store.putEvent(anEventRecord({ leadId: 'lead_c', eventId: 'evt-marked', scoredAt: AT }));
      await store.putEvent(anEventRecord({ leadId: 'lead_c', eventId: 'evt-folded' }));
      await store.putEvent(anEventRecord({ leadId: 'lead_c', eventId: 'evt-open' }));

      // Act
      const unscored = await collect(store.unscored());

      // Assess
      expect(unscored).toHaveLength(2);
      expect(unscored).toEqual(
        expect.arrayContaining([
          { kind: 'event', id: 'evt-new', leadId: 'lead_b' },
          { kind: 'event', id: 'evt-open', leadId: 'lead_c' },
        ]),
      );
    });

    it('re-queues one job, its latest item, for a lead whose score counts everything but whose outbox still owes a notice', async () => {
      // Prepare: lead_a counts both items but died with its notice in flight; lead_b counts its item and owes nothing.
      await aStoredLead('lead_a');
      await aStoredLead('lead_b');
      const owing = { ...aLifecycle({ stage: 'MQL' }), outbox: [{ kind: 'notify' as const, cycle: 1, handRaiser: true }] };
      await store.saveQualification('lead_a', { lifecycle: owing, score: { ...aStoredScore(), through: later(5) } }, undefined);
      await store.saveQualification('lead_b', { lifecycle: aLifecycle({ stage: 'MQL' }), score: { ...aStoredScore(), through: later(5) } }, undefined);
      await store.putSubmission(aSubmissionRecord({ at: AT }));
      await store.putEvent(anEventRecord({ eventId: 'evt-last', receivedAt: later(2) }));
      await store.putEvent(anEventRecord({ leadId: 'lead_b', receivedAt: later(1) }));

      // Act
      const unscored = await collect(store.unscored());

      // Assess
      expect(unscored).toEqual([{ kind: 'event', id: 'evt-last', leadId: 'lead_a' }]);
    });

    it('has nothing to move when all activity lives in its lead’s partition, however often it runs', async () => {
      // Prepare
      await store.putSubmission(aSubmissionRecord());

      // Act
      const moved = [await store.moveLegacyActivity(), await store.moveLegacyActivity()];

      // Assess
      expect(moved).toEqual([0, 0]);
      expect(await store.getSubmission('lead_a', 'sub-1')).toEqual(aSubmissionRecord());
    });
  });

  describe('outcomes', () => {
    const anOutcome = (overrides: Partial<StoredOutcome> = {}): StoredOutcome => ({
      leadId: 'lead_a',
      cycle: 1,
      qualifiedAt: AT,
      handRaiser: false,
      playbookId: 'default',
      playbookVersion: 1,
      grade: 'A',
      band: 'hot',
      fitPoints: 12,
      interestScore: 40,
      answers: { company_size: '51-200', email: 'ada@example.com' },
      events: [{ type: 'page_view', at: AT }],
      outcome: 'open',
      revision: 1,
      ...overrides,
    });

    it('stores a cycle’s record and moves it only forward: an older or the same revision changes nothing', async () => {
      // Act
      const first = await store.saveOutcome(anOutcome());
      const newer = await store.saveOutcome(anOutcome({ outcome: 'accepted', decidedAt: later(60), revision: 2 }));
      const late = await store.saveOutcome(anOutcome({ outcome: 'open', revision: 1 }));
      const same = await store.saveOutcome(anOutcome({ outcome: 'returned', reason: 'no budget', revision: 2 }));

      // Assess
      expect([first, newer, late, same]).toEqual([true, true, false, false]);
      expect(await store.getOutcome('lead_a', 1)).toEqual(anOutcome({ outcome: 'accepted', decidedAt: later(60), revision: 2 }));
      expect(await store.getOutcome('lead_a', 2)).toBeUndefined();
    });

    it('lists the cycles qualified in a period, oldest first, both ends included, a page at a time', async () => {
      // Prepare
      await store.saveOutcome(anOutcome({ leadId: 'lead_b', qualifiedAt: later(20) }));
      await store.saveOutcome(anOutcome({ leadId: 'lead_a', qualifiedAt: later(10) }));
      await store.saveOutcome(anOutcome({ leadId: 'lead_a', cycle: 2, qualifiedAt: later(30) }));
      await store.saveOutcome(anOutcome({ leadId: 'lead_c', qualifiedAt: later(40) }));
      await store.saveOutcome(anOutcome({ leadId: 'lead_early', qualifiedAt: later(-10) }));

      // Act
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await store.outcomes({ from: later(10), to: later(40) }, 2, cursor);
        pages.push(page.outcomes.map(({ leadId, cycle }) => `${leadId}/${cycle}`));
        cursor = page.cursor;
      } while (cursor);

      // Assess
      expect(pages).toEqual([['lead_a/1', 'lead_b/1'], ['lead_a/2', 'lead_c/1']]);
    });

    it('answers a whole page however large its records (DynamoDB ends a Query page at 1 MB), with no cursor after the last', async () => {
      // Prepare: six records of about 250 KB, 1.5 MB in all.
      const events = Array.from({ length: 4000 }, (_, i) => ({ type: 'page_view_of_a_long_name', at: later(-i) }));
      for (let i = 0; i < 6; i += 1) await store.saveOutcome(anOutcome({ leadId: `lead_big_${i}`, qualifiedAt: later(i), events }));

      // Act
      const page = await store.outcomes({ from: AT, to: later(60) }, 10);

      // Assess
      expect(page.outcomes.map(({ leadId }) => leadId)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `lead_big_${i}`));
      expect(page.cursor).toBeUndefined();
    });

    it('refuses a cursor it did not hand out', async () => {
      await expect(store.outcomes({ from: AT, to: later(60) }, 2, 'bm90IGEgY3Vyc29y')).rejects.toThrow(InvalidCursorError);
    });

    it('is erased with its lead, and found among the lead’s items before', async () => {
      // Prepare
      await aStoredLead('lead_a');
      await store.saveOutcome(anOutcome());
      expect(await store.itemsOf(['lead_a'])).toEqual(expect.arrayContaining([expect.objectContaining({ leadId: 'lead_a', cycle: 1, outcome: 'open' })]));

      // Act
      await store.erase(['lead_a'], AT);

      // Assess
      expect(await store.getOutcome('lead_a', 1)).toBeUndefined();
      expect((await store.outcomes({ from: AT, to: later(60) }, 10)).outcomes).toEqual([]);
    });
  });

  describe('notifications', () => {
    it('claims a new notification, whether or not its lead is stored: sending, one attempt, logged', async () => {
      // Act
      const claim = await store.claimNotification('lead_a', QUALIFIED, AT, 60);

      // Assess
      const record = { ...QUALIFIED, status: 'sending', attempts: 1, claimedAt: AT, log: [{ at: AT, status: 'sending' }] };
      expect(claim).toEqual({ outcome: 'claimed', record });
      expect(await store.notifications('lead_a')).toEqual([record]);
    });

    it('answers busy for a claim younger than its lease', async () => {
      // Prepare
      const { record } = await store.claimNotification('lead_a', QUALIFIED, AT, 60);

      // Act
      const claim = await store.claimNotification('lead_a', QUALIFIED, later(59), 60);

      // Assess
      expect(claim).toEqual({ outcome: 'busy', record });
    });

    it('gives up a claim older than its lease as unknown, once, answering the record as read', async () => {
      // Prepare
      const { record } = await store.claimNotification('lead_a', QUALIFIED, AT, 60);

      // Act
      const stale = await store.claimNotification('lead_a', QUALIFIED, later(60), 60);
      const after = await store.claimNotification('lead_a', QUALIFIED, later(120), 60);

      // Assess
      expect(stale).toEqual({ outcome: 'stale', record: { ...record, status: 'unknown' } });
      const marked = {
        ...record,
        status: 'unknown',
        lastError: 'the sender stopped mid-send; not resent, to never send twice',
        log: [...record.log, { at: later(60), status: 'unknown', error: 'sender stopped mid-send' }],
      };
      expect(after).toEqual({ outcome: 'done', record: marked });
      expect(await store.notifications('lead_a')).toEqual([marked]);
    });

    it('records a channel with nothing to send it as skipped in one write, no attempt counted, after which it is done', async () => {
      // Act
      const skipped = await store.skipNotification('lead_a', QUALIFIED, { at: AT, error: 'no webhook' });
      const again = await store.skipNotification('lead_a', QUALIFIED, { at: later(1), error: 'no webhook' });
      const claim = await store.claimNotification('lead_a', QUALIFIED, later(2), 60);

      // Assess
      const record = { ...QUALIFIED, status: 'skipped', attempts: 0, lastError: 'no webhook', log: [{ at: AT, status: 'skipped', error: 'no webhook' }] };
      expect([skipped, again]).toEqual([true, false]);
      expect(claim).toEqual({ outcome: 'done', record });
      expect(await store.notifications('lead_a')).toEqual([record]);
    });

    it('skips over a failed attempt, keeping its count, but never over a claim being sent', async () => {
      // Prepare
      const { record } = await store.claimNotification('lead_a', QUALIFIED, AT, 60);
      await store.finishNotification('lead_a', QUALIFIED, { status: 'failed', at: later(1), error: 'timeout' });
      const sending = { ...QUALIFIED, channel: 'slack' as const };
      await store.claimNotification('lead_a', sending, AT, 60);

      // Act
      const overFailed = await store.skipNotification('lead_a', QUALIFIED, { at: later(2), error: 'no webhook' });
      const overSending = await store.skipNotification('lead_a', sending, { at: later(2), error: 'no webhook' });

      // Assess
      expect([overFailed, overSending]).toEqual([true, false]);
      const records = await store.notifications('lead_a');
      expect(records.find((r) => r.channel === 'email')).toEqual({
        ...record,
        status: 'skipped',
        attempts: 1,
        lastError: 'no webhook',
        log: [...record.log, { at: later(1), status: 'failed', error: 'timeout' }, { at: later(2), status: 'skipped', error: 'no webhook' }],
      });
      expect(records.find((r) => r.channel === 'slack')?.status).toBe('sending');
    });

    it('records a send’s outcome over its claim, after which the notification is done', async () => {
      // Prepare
      const { record } = await store.claimNotification('lead_a', QUALIFIED, AT, 60);

      // Act
      await store.finishNotification('lead_a', QUALIFIED, { status: 'sent', at: later(1), messageId: 'message-1', recipients: ['sales@example.com'] });
      const again = await store.claimNotification('lead_a', QUALIFIED, later(2), 60);

      // Assess
      const sent = { ...record, status: 'sent', sentAt: later(1), messageId: 'message-1', recipients: ['sales@example.com'], log: [...record.log, { at: later(1), status: 'sent' }] };
      expect(again).toEqual({ outcome: 'done', record: sent });
    });

    it('claims a failed notification again, counting the attempt and keeping its history', async () => {
      // Prepare
      await store.claimNotification('lead_a', QUALIFIED, AT, 60);
      await store.finishNotification('lead_a', QUALIFIED, { status: 'failed', at: later(1), error: 'SES throttled' });

      // Act
      const claim = await store.claimNotification('lead_a', QUALIFIED, later(2), 60);

      // Assess
      expect(claim).toEqual({
        outcome: 'claimed',
        record: {
          ...QUALIFIED,
          status: 'sending',
          attempts: 2,
          claimedAt: later(2),
          lastError: 'SES throttled',
          log: [
            { at: AT, status: 'sending' },
            { at: later(1), status: 'failed', error: 'SES throttled' },
            { at: later(2), status: 'sending' },
          ],
        },
      });
    });

    it('records no outcome where the claim is gone', async () => {
      // Prepare
      await store.claimNotification('lead_a', QUALIFIED, AT, 60);
      await store.dropNotification('lead_a', QUALIFIED);

      // Act
      await store.finishNotification('lead_a', QUALIFIED, { status: 'sent', at: later(1) });

      // Assess
      expect(await store.notifications('lead_a')).toEqual([]);
    });

    it('lists a lead’s notifications by kind, then cycle, then channel', async () => {
      // Prepare
      const keys: NotificationKey[] = [
        { kind: 'qualified', cycle: 2, channel: 'slack' },
        { kind: 'qualified', cycle: 10, channel: 'email' },
        { kind: 'escalation', cycle: 1, channel: 'email' },
        { kind: 'qualified', cycle: 2, channel: 'email' },
      ];
      for (const key of keys) await store.claimNotification('lead_a', key, AT, 60);
      await store.claimNotification('lead_other', QUALIFIED, AT, 60);

      // Act
      const listed = await store.notifications('lead_a');

      // Assess
      expect(listed.map(({ kind, cycle, channel }) => `${kind} ${cycle} ${channel}`)).toEqual(['escalation 1 email', 'qualified 2 email', 'qualified 2 slack', 'qualified 10 email']);
    });
  });
  describe('webhooks', () => {
    const aPage = async (list: (cursor?: string) => Promise<{ deliveries: { deliveryId: string }[]; cursor?: string }>): Promise<string[][]> => {
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await list(cursor);
        pages.push(page.deliveries.map(({ deliveryId }) => deliveryId));
        cursor = page.cursor;
      } while (cursor);
      return pages;
    };

    describe('endpoints', () => {
      it('answers no endpoint before one is saved, then what was saved at version 1, 2 …', async () => {
        // Act
        const before = await store.getWebhookEndpoint('hubspot');
        const first = await store.saveWebhookEndpoint(aWebhookEndpoint(), undefined);
        const second = await store.saveWebhookEndpoint(aWebhookEndpoint({ events: ['lead.converted'] }), first);

        // Assess
        expect(before).toBeUndefined();
        expect([first, second]).toEqual([1, 2]);
        expect(await store.getWebhookEndpoint('hubspot')).toEqual({ ...aWebhookEndpoint({ events: ['lead.converted'] }), version: 2 });
        expect(await store.getWebhookEndpoint('zapier')).toBeUndefined();
      });

      it('refuses a second first save and a save over a version that is not the one stored, keeping what was there', async () => {
        // Prepare
        await store.saveWebhookEndpoint(aWebhookEndpoint(), undefined);

        // Act
        const refused = await outcomes([
          store.saveWebhookEndpoint(aWebhookEndpoint({ url: 'https://elsewhere.example.com/' }), undefined),
          store.saveWebhookEndpoint(aWebhookEndpoint({ url: 'https://elsewhere.example.com/' }), 7),
        ]);

        // Assess
        expect(refused).toEqual(['ConflictError', 'ConflictError']);
        expect(await store.getWebhookEndpoint('hubspot')).toEqual({ ...aWebhookEndpoint(), version: 1 });
      });

      it('lets one of two writers over the same version win', async () => {
        // Prepare
        const version = await store.saveWebhookEndpoint(aWebhookEndpoint(), undefined);

        // Act
        const raced = await outcomes([
          store.saveWebhookEndpoint(aWebhookEndpoint({ enabled: false }), version),
          store.saveWebhookEndpoint(aWebhookEndpoint({ events: ['lead.erased'] }), version),
        ]);

        // Assess
        expect([...raced].sort()).toEqual(['ConflictError', 'done']);
        expect((await store.getWebhookEndpoint('hubspot'))?.version).toBe(2);
      });

      it('keeps nothing a later save leaves out: a description, a failing streak, when it was disabled', async () => {
        // Prepare
        const failing = aWebhookEndpoint({ description: 'HubSpot workflow', failingSince: later(-3600), disabledAt: AT, enabled: false });
        const version = await store.saveWebhookEndpoint(failing, undefined);

        // Act
        await store.saveWebhookEndpoint(aWebhookEndpoint(), version);

        // Assess
        expect(await store.getWebhookEndpoint('hubspot')).toEqual({ ...aWebhookEndpoint(), version: 2 });
      });

      it('lists every endpoint by id', async () => {
        // Prepare
        for (const id of ['zapier', 'hubspot', 'crm-2']) await store.saveWebhookEndpoint(aWebhookEndpoint({ id }), undefined);

        // Act
        const listed = await store.webhookEndpoints();

        // Assess
        expect(listed).toEqual(['crm-2', 'hubspot', 'zapier'].map((id) => ({ ...aWebhookEndpoint({ id }), version: 1 })));
      });

      it('deletes an endpoint with its deliveries, leaving other endpoints’ alone, and answers false when there was none', async () => {
        // Prepare
        await store.saveWebhookEndpoint(aWebhookEndpoint(), undefined);
        await store.saveWebhookEndpoint(aWebhookEndpoint({ id: 'zapier' }), undefined);
        await store.createWebhookDelivery(aWebhookDelivery({ deliveryId: 'msg_a' }));
        await store.createWebhookDelivery(aWebhookDelivery({ deliveryId: 'msg_b', status: 'delivered', attempts: 1, deliveredAt: AT }));
        await store.createWebhookDelivery(aWebhookDelivery({ deliveryId: 'msg_z', endpointId: 'zapier' }));

        // Act
        const deleted = await store.deleteWebhookEndpoint('hubspot');
        const again = await store.deleteWebhookEndpoint('hubspot');

        // Assess
        expect([deleted, again]).toEqual([true, false]);
        expect(await store.getWebhookEndpoint('hubspot')).toBeUndefined();
        expect((await store.webhookEndpoints()).map(({ id }) => id)).toEqual(['zapier']);
        expect(await store.getWebhookDelivery('hubspot', 'msg_a')).toBeUndefined();
        expect((await store.webhookDeliveries('hubspot', 10)).deliveries).toEqual([]);
        expect((await store.dueWebhookDeliveries(later(60), 10)).deliveries.map(({ deliveryId }) => deliveryId)).toEqual(['msg_z']);
      });
    });

    describe('deliveries', () => {
      it('creates a delivery once: the same webhook-id again changes nothing', async () => {
        // Act
        const first = await store.createWebhookDelivery(aWebhookDelivery());
        const second = await store.createWebhookDelivery(aWebhookDelivery({ body: '{"type":"lead.erased"}', type: 'lead.erased' }));

        // Assess
        expect([first, second]).toEqual([true, false]);
        expect(await store.getWebhookDelivery('hubspot', aWebhookDelivery().deliveryId)).toEqual(aWebhookDelivery());
        expect(await store.getWebhookDelivery('zapier', aWebhookDelivery().deliveryId)).toBeUndefined();
      });

      it('deletes one delivery, from its endpoint’s log and the due list, and nothing when there is none', async () => {
        // Prepare
        await store.createWebhookDelivery(aWebhookDelivery());
        await store.createWebhookDelivery(aWebhookDelivery({ deliveryId: 'msg_kept' }));

        // Act
        await store.deleteWebhookDelivery('hubspot', aWebhookDelivery().deliveryId);
        await store.deleteWebhookDelivery('hubspot', 'msg_never');

        // Assess
        expect(await store.getWebhookDelivery('hubspot', aWebhookDelivery().deliveryId)).toBeUndefined();
        expect((await store.webhookDeliveries('hubspot', 10)).deliveries.map(({ deliveryId }) => deliveryId)).toEqual(['msg_kept']);
        expect((await store.dueWebhookDeliveries(later(60), 10)).deliveries.map(({ deliveryId }) => deliveryId)).toEqual(['msg_kept']);
      });

      it('records an attempt only over the attempts it expects, clearing what the new standing leaves out', async () => {
        // Prepare
        const { deliveryId } = aWebhookDelivery();
        await store.createWebhookDelivery(aWebhookDelivery());

        // Act
        const answered500 = await store.saveWebhookDeliveryProgress('hubspot', deliveryId, { status: 'pending', attempts: 1, lastStatus: 500, lastError: 'answered 500', nextAttemptAt: later(5) }, 0);
        const stale = await store.saveWebhookDeliveryProgress('hubspot', deliveryId, { status: 'delivered', attempts: 1, lastStatus: 200, deliveredAt: AT }, 0);
        const timedOut = await store.saveWebhookDeliveryProgress('hubspot', deliveryId, { status: 'pending', attempts: 2, lastError: 'no answer within 10000 ms', nextAttemptAt: later(305) }, 1);
        const afterTimeout = await store.getWebhookDelivery('hubspot', deliveryId);
        const delivered = await store.saveWebhookDeliveryProgress('hubspot', deliveryId, { status: 'delivered', attempts: 3, lastStatus: 204, deliveredAt: later(305) }, 2);
        const unknown = await store.saveWebhookDeliveryProgress('hubspot', 'msg_unknown', { status: 'delivered', attempts: 1, deliveredAt: AT }, 0);

        // Assess
        expect([answered500, stale, timedOut, delivered, unknown]).toEqual([true, false, true, true, false]);
        const { nextAttemptAt: _first, ...created } = aWebhookDelivery();
        expect(afterTimeout).toEqual({ ...created, status: 'pending', attempts: 2, lastError: 'no answer within 10000 ms', nextAttemptAt: later(305) });
        expect(await store.getWebhookDelivery('hubspot', deliveryId)).toEqual({ ...created, status: 'delivered', attempts: 3, lastStatus: 204, deliveredAt: later(305) });
        expect(await store.getWebhookDelivery('hubspot', 'msg_unknown')).toBeUndefined();
      });

      it('lets one of two workers recording the same attempt win', async () => {
        // Prepare
        await store.createWebhookDelivery(aWebhookDelivery());

        // Act
        const raced = await Promise.all([
          store.saveWebhookDeliveryProgress('hubspot', aWebhookDelivery().deliveryId, { status: 'delivered', attempts: 1, lastStatus: 200, deliveredAt: AT }, 0),
          store.saveWebhookDeliveryProgress('hubspot', aWebhookDelivery().deliveryId, { status: 'pending', attempts: 1, lastStatus: 503, nextAttemptAt: later(5) }, 0),
        ]);

        // Assess
        expect([...raced].sort()).toEqual([false, true]);
        expect((await store.getWebhookDelivery('hubspot', aWebhookDelivery().deliveryId))?.attempts).toBe(1);
      });

      it('lists an endpoint’s deliveries newest first, a page at a time, and only its own', async () => {
        // Prepare
        for (const i of [2, 0, 4, 1, 3]) await store.createWebhookDelivery(aWebhookDelivery({ deliveryId: `msg_${i}`, createdAt: later(i) }));
        await store.createWebhookDelivery(aWebhookDelivery({ deliveryId: 'msg_other', endpointId: 'zapier', createdAt: later(2) }));

        // Act
        const pages = await aPage((cursor) => store.webhookDeliveries('hubspot', 2, cursor));

        // Assess
        expect(pages).toEqual([['msg_4', 'msg_3'], ['msg_2', 'msg_1'], ['msg_0']]);
        expect((await store.webhookDeliveries('hubspot', 5)).cursor).toBeUndefined();
        expect((await store.webhookDeliveries('zapier', 5)).deliveries).toEqual([aWebhookDelivery({ deliveryId: 'msg_other', endpointId: 'zapier', createdAt: later(2) })]);
      });

      it('refuses a cursor it did not hand out, and one handed out for another endpoint’s deliveries', async () => {
        // Prepare
        for (const i of [0, 1]) await store.createWebhookDelivery(aWebhookDelivery({ deliveryId: `msg_${i}`, createdAt: later(i) }));
        const { cursor } = await store.webhookDeliveries('hubspot', 1);

        // Act
        const made = store.webhookDeliveries('hubspot', 1, 'bm90IGEgY3Vyc29y');
        const borrowed = store.webhookDeliveries('zapier', 1, cursor);

        // Assess
        expect(cursor).toBeDefined();
        await expect(made).rejects.toThrow(InvalidCursorError);
        await expect(borrowed).rejects.toThrow(InvalidCursorError);
      });

      it('lists the pending deliveries of every endpoint due by a time, soonest first, until they are delivered or failed', async () => {
        // Prepare
        await store.createWebhookDelivery(aWebhookDelivery({ deliveryId: 'msg_a', nextAttemptAt: later(10) }));
        await store.createWebhookDelivery(aWebhookDelivery({ deliveryId: 'msg_b', endpointId: 'zapier', nextAttemptAt: later(5) }));
        await store.createWebhookDelivery(aWebhookDelivery({ deliveryId: 'msg_c', nextAttemptAt: later(20) }));
        await store.createWebhookDelivery(aWebhookDelivery({ deliveryId: 'msg_later', nextAttemptAt: later(30) }));
        const { nextAttemptAt: _none, ...done } = aWebhookDelivery({ deliveryId: 'msg_done', status: 'delivered', attempts: 1, deliveredAt: AT });
        await store.createWebhookDelivery(done);

        // Act
        const due = await aPage((cursor) => store.dueWebhookDeliveries(later(20), 2, cursor));
        await store.saveWebhookDeliveryProgress('hubspot', 'msg_a', { status: 'delivered', attempts: 1, lastStatus: 200, deliveredAt: later(10) }, 0);
        await store.saveWebhookDeliveryProgress('zapier', 'msg_b', { status: 'failed', attempts: 1, lastStatus: 410, lastError: 'answered 410' }, 0);
        await store.saveWebhookDeliveryProgress('hubspot', 'msg_c', { status: 'pending', attempts: 1, lastStatus: 500, nextAttemptAt: later(40) }, 0);
        const dueAfter = await store.dueWebhookDeliveries(later(20), 10);
        const dueLater = await store.dueWebhookDeliveries(later(40), 10);

        // Assess
        expect(due).toEqual([['msg_b', 'msg_a'], ['msg_c']]);
        expect(dueAfter).toEqual({ deliveries: [] });
        expect(dueLater.deliveries.map(({ deliveryId }) => deliveryId)).toEqual(['msg_later', 'msg_c']);
        expect(dueLater.deliveries[1]).toEqual({ ...aWebhookDelivery({ deliveryId: 'msg_c' }), attempts: 1, lastStatus: 500, nextAttemptAt: later(40) });
      });

      it('refuses a due-list cursor it did not hand out', async () => {
        await expect(store.dueWebhookDeliveries(AT, 2, 'bm90IGEgY3Vyc29y')).rejects.toThrow(InvalidCursorError);
      });

      it('redacts the deliveries of a lead merged from more ids than one DynamoDB IN takes, keeping its lead.erased and others’ deliveries', async () => {
        // Prepare: one email sent from 150 browsers makes one lead of 150 ids; DynamoDB's IN takes 100 operands.
        await store.saveWebhookEndpoint(aWebhookEndpoint(), undefined);
        const leadIds = Array.from({ length: 150 }, (_, i) => `lead_${String(i).padStart(3, '0')}`);
        await store.createWebhookDelivery(aWebhookDelivery({ deliveryId: 'msg_first', leadId: 'lead_000' }));
        await store.createWebhookDelivery(aWebhookDelivery({ deliveryId: 'msg_last', leadId: 'lead_149' }));
        await store.createWebhookDelivery(aWebhookDelivery({ deliveryId: 'msg_erased', leadId: 'lead_149', type: 'lead.erased' }));
        await store.createWebhookDelivery(aWebhookDelivery({ deliveryId: 'msg_other', leadId: 'lead_other' }));

        // Act
        const redacted = await store.redactWebhookDeliveries(leadIds, AT);

        // Assess
        expect(redacted).toBe(2);
        expect(await store.getWebhookDelivery('hubspot', 'msg_first')).toMatchObject({ body: '', redactedAt: AT });
        expect(await store.getWebhookDelivery('hubspot', 'msg_last')).toMatchObject({ body: '', redactedAt: AT });
        expect(await store.getWebhookDelivery('hubspot', 'msg_erased')).toEqual(aWebhookDelivery({ deliveryId: 'msg_erased', leadId: 'lead_149', type: 'lead.erased' }));
        expect(await store.getWebhookDelivery('hubspot', 'msg_other')).toEqual(aWebhookDelivery({ deliveryId: 'msg_other', leadId: 'lead_other' }));
      });
    });
  });

};
