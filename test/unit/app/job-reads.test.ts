import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { withJobReads } from '../../../functions/app/job-reads.js';
import { aLeadRecord, anEventRecord } from '../../helpers/factories.js';

describe('a store answering a batch’s first reads from one read (withJobReads)', () => {
  it('answers each lead and item from the batch read once, then from the store as it is now', async () => {
    // Prepare
    const store = createMemoryStore();
    await store.saveLead(aLeadRecord({ leadId: 'lead_a' }), undefined);
    await store.putEvent(anEventRecord({ leadId: 'lead_a', eventId: 'evt-1' }));
    const reads = await store.jobReads(['lead_a'], [{ kind: 'event', leadId: 'lead_a', id: 'evt-1' }]);
    const batched = withJobReads(store, reads);
    await store.saveLead(aLeadRecord({ leadId: 'lead_a', lastFormId: 'changed' }), 1);
    await store.dropActivity('event', 'lead_a', 'evt-1');

    // Act
    const [firstLead, secondLead] = [await batched.getLead('lead_a'), await batched.getLead('lead_a')];
    const [firstEvent, secondEvent] = [await batched.getEvent('lead_a', 'evt-1'), await batched.getEvent('lead_a', 'evt-1')];
    const other = await batched.getEvent('lead_a', 'evt-2');

    // Assess
    expect([firstLead && 'version' in firstLead ? firstLead.version : undefined, secondLead && 'version' in secondLead ? secondLead.version : undefined]).toEqual([1, 2]);
    expect([firstEvent?.eventId, secondEvent]).toEqual(['evt-1', undefined]);
    expect(other).toBeUndefined();
  });
});
