import { describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { applySubmission } from '../../../functions/app/apply-submission.js';
import { isErased, type Store } from '../../../functions/app/ports/store.js';
import { aLeadRecord, aSpecForm, aSubmissionRecord } from '../../helpers/factories.js';
import { recordingStore, storeLead } from '../../helpers/http.js';

const EMAIL = 'ada@example.com';
const form = aSpecForm();

/** The lead that had the email first, and a store recording every call made to it. */
const aStoreWithTwin = async (): Promise<{ memory: MemoryStore; store: Store; calls: { method: string; args: unknown[] }[] }> => {
  const memory = createMemoryStore();
  await storeLead(memory, aLeadRecord({ leadId: 'lead_twin', answers: { email: EMAIL, company_size: '51-200' } }));
  const { store, calls } = recordingStore<Store>(memory);
  return { memory, store, calls };
};

const profileOf = async (store: Store, leadId: string) => {
  const found = await store.getLead(leadId);
  return found && !isErased(found) ? found : undefined;
};

const lookups = (calls: { method: string }[]) => calls.filter((call) => call.method === 'leadsByEmail').length;

describe('applying a stored step (applySubmission)', () => {
  it('merges the device into the lead the caller found with its email, looking the email up no second time', async () => {
    // Prepare
    const { store, calls } = await aStoreWithTwin();
    const record = aSubmissionRecord({ leadId: 'lead_device', answers: { email: EMAIL } });

    // Act
    await applySubmission(store, record, form, { profile: { found: undefined }, withEmail: { email: EMAIL, leadIds: ['lead_twin'] } });

    // Assess
    expect(lookups(calls)).toBe(0);
    expect((await profileOf(store, 'lead_device'))?.lead).toMatchObject({ mergedInto: 'lead_twin', submissionIds: ['sub-1'] });
    expect((await profileOf(store, 'lead_twin'))?.lead.mergedFrom).toEqual(['lead_device']);
  });

  it('looks the email up itself when applied after its request crashed (the scorer’s re-apply), and merges as the request would have', async () => {
    // Prepare
    const { store, calls } = await aStoreWithTwin();
    const record = aSubmissionRecord({ leadId: 'lead_device', answers: { email: EMAIL } });

    // Act
    await applySubmission(store, record, form);

    // Assess
    expect(calls.filter((call) => call.method === 'leadsByEmail').map((call) => call.args)).toEqual([[EMAIL]]);
    expect((await profileOf(store, 'lead_device'))?.lead.mergedInto).toBe('lead_twin');
    expect((await profileOf(store, 'lead_twin'))?.lead.mergedFrom).toEqual(['lead_device']);
  });

  it('trusts no lookup of another email: the step’s own email is looked up', async () => {
    // Prepare
    const { store, calls } = await aStoreWithTwin();
    const record = aSubmissionRecord({ leadId: 'lead_device', answers: { email: EMAIL } });

    // Act
    await applySubmission(store, record, form, { withEmail: { email: 'grace@example.com', leadIds: [] } });

    // Assess
    expect(lookups(calls)).toBe(1);
    expect((await profileOf(store, 'lead_device'))?.lead.mergedInto).toBe('lead_twin');
  });

  it('merges a step stored by an earlier version into the lead its record names (mergeWith), without a lookup', async () => {
    // Prepare
    const { store, calls } = await aStoreWithTwin();
    const record = aSubmissionRecord({ leadId: 'lead_device', answers: { email: EMAIL }, mergeWith: 'lead_twin' });

    // Act
    await applySubmission(store, record, form);

    // Assess
    expect(lookups(calls)).toBe(0);
    expect((await profileOf(store, 'lead_device'))?.lead.mergedInto).toBe('lead_twin');
    expect((await profileOf(store, 'lead_twin'))?.lead.mergedFrom).toEqual(['lead_device']);
  });

  it('looks up nothing and writes nothing for a step the lead has taken already (a replay)', async () => {
    // Prepare
    const { memory, store, calls } = await aStoreWithTwin();
    await storeLead(memory, aLeadRecord({ leadId: 'lead_device', answers: { email: EMAIL }, submissionIds: ['sub-1'] }));
    const before = memory.snapshot();

    // Act
    await applySubmission(store, aSubmissionRecord({ leadId: 'lead_device', answers: { email: EMAIL } }), form);

    // Assess
    expect(calls.map((call) => call.method)).toEqual(['getLead']);
    expect(memory.snapshot()).toEqual(before);
  });

  it('keeps the device its own lead when no other lead has the email, and it keeps the email', async () => {
    // Prepare
    const memory = createMemoryStore();
    const record = aSubmissionRecord({ leadId: 'lead_device', answers: { email: EMAIL } });

    // Act
    await applySubmission(memory, record, form, { profile: { found: undefined }, withEmail: { email: EMAIL, leadIds: [] } });

    // Assess
    expect((await profileOf(memory, 'lead_device'))?.lead).not.toHaveProperty('mergedInto');
    expect(await memory.leadsByEmail(EMAIL)).toEqual(['lead_device']);
  });

  it('makes the typing device the alias even when it is the older lead: the lead that had the email keeps it', async () => {
    // Prepare: the device's own profile is months older than the lead that gave the email.
    const { memory, store } = await aStoreWithTwin();
    await storeLead(memory, aLeadRecord({ leadId: 'lead_device', createdAt: '2024-01-01T00:00:00.000Z', answers: { company_size: '1-10' } }));

    // Act
    await applySubmission(store, aSubmissionRecord({ leadId: 'lead_device', answers: { email: EMAIL } }), form);

    // Assess
    expect((await profileOf(store, 'lead_device'))?.lead.mergedInto).toBe('lead_twin');
    expect((await profileOf(store, 'lead_twin'))?.lead).toMatchObject({ answers: { email: EMAIL, company_size: '51-200' }, mergedFrom: ['lead_device'] });
    expect(await store.leadsByEmail(EMAIL)).toEqual(['lead_twin']);
  });

  it('reads the lead it merges into again when that lead changed after it was found, keeping both writes', async () => {
    // Prepare: another step lands on the twin right after the device's own profile is saved.
    const { memory, store } = await aStoreWithTwin();
    const racing = Object.create(store) as Store;
    let raced = false;
    racing.saveLead = async (lead, version) => {
      const saved = await store.saveLead(lead, version);
      if (lead.leadId === 'lead_device' && !raced) {
        raced = true;
        const twin = await profileOf(memory, 'lead_twin');
        if (twin) await memory.saveLead({ ...twin.lead, answers: { ...twin.lead.answers, role: 'decision_maker' } }, twin.version);
      }
      return saved;
    };

    // Act
    await applySubmission(racing, aSubmissionRecord({ leadId: 'lead_device', answers: { email: EMAIL } }), form);

    // Assess
    expect(raced).toBe(true);
    expect((await profileOf(memory, 'lead_twin'))?.lead).toMatchObject({ answers: { email: EMAIL, role: 'decision_maker' }, mergedFrom: ['lead_device'] });
  });
});
