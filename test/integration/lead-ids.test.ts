import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../functions/app/ports/store.js';
import { aLeadIdSource, adminHeaders, apiClient, errorOf, issuePaths, objectOf, uniqueIds } from '../helpers/http.js';
import { aVisitor, itemsOf, leadItem, publishDefaults, startLocalStack, type LocalStack } from '../helpers/local-stack.js';

/** Lead ids are the server's to issue; an erased one never comes back to life (SPEC: public routes). */
describe('lead ids (local stack)', () => {
  let stack: LocalStack;
  const ids = uniqueIds();

  beforeAll(async () => {
    stack = await startLocalStack();
    await publishDefaults(stack);
  });

  beforeEach(async () => {
    await stack.drainQueue();
  });

  afterAll(async () => {
    await stack.close();
  });

  /** Ids shaped as the server's, never issued by it: a made-up one, an issued one altered, one signed with another key. */
  const neverIssued = () => {
    const issued = aLeadIdSource().issue();
    const altered = `${issued.slice(0, 5)}${issued[5] === 'A' ? 'B' : 'A'}${issued.slice(6)}`;
    return [
      ['made up', 'mallory_chose_this_lead_id_01'],
      ['altered', altered],
      ['signed with another key', aLeadIdSource('another-deployment-key-0123456789abcdef').issue()],
    ] as const;
  };

  it.each(neverIssued())('refuses a submission naming a leadId the server never issued (%s) with 400, storing nothing', async (_, leadId) => {
    // Prepare
    const before = await stack.dumpTable();

    // Act
    const response = await stack.http.post('/v1/forms/demo-request/submissions', { leadId, submissionId: ids.id('sub'), answers: { email: ids.email() } });

    // Assess
    expect(response.status).toBe(400);
    expect(issuePaths(response)).toEqual(['leadId']);
    expect(await stack.dumpTable()).toEqual(before);
    expect(await stack.drainQueue()).toEqual([]);
  });

  it.each(neverIssued())('refuses an event naming a leadId the server never issued (%s) with 400, storing nothing', async (_, leadId) => {
    // Prepare
    const before = await stack.dumpTable();

    // Act
    const response = await stack.http.post('/v1/events', { leadId, eventId: ids.id('evt'), type: 'page_view' });

    // Assess
    expect(response.status).toBe(400);
    expect(issuePaths(response)).toEqual(['leadId']);
    expect(await stack.dumpTable()).toEqual(before);
  });

  it.each(neverIssued())('answers GET next for a leadId the server never issued (%s) with a new one', async (_, leadId) => {
    // Act
    const next = objectOf(await stack.http.get(`/v1/forms/demo-request/next?leadId=${leadId}`));

    // Assess
    expect(next.leadId).not.toBe(leadId);
    expect(typeof next.leadId).toBe('string');
  });

  it('keeps the leadId it issued, stored or not yet, so the forms of one page share it', async () => {
    // Prepare
    const issued = await aVisitor(stack.http);

    // Act
    const again = objectOf(await stack.http.get(`/v1/forms/ebook-download/next?leadId=${issued}`));

    // Assess
    expect(again.leadId).toBe(issued);
  });

  describe('once a lead is erased', () => {
    const anErasedLead = async () => {
      const leadId = await aVisitor(stack.http);
      await stack.http.post('/v1/forms/demo-request/submissions', { leadId, submissionId: ids.id('sub'), answers: { email: ids.email('erased'), company_size: '201+' } });
      const erased = await stack.http.send('DELETE', `/v1/admin/leads/${leadId}`, { headers: adminHeaders() });
      expect(erased.status).toBe(204);
      await stack.drainQueue();
      return leadId;
    };

    it('starts a new lead under a new leadId for a submission carrying the erased id, and keeps nothing of the old one', async () => {
      // Prepare
      const erasedId = await anErasedLead();
      const email = ids.email('back');

      // Act
      const response = await stack.http.post('/v1/forms/demo-request/submissions', { leadId: erasedId, submissionId: ids.id('sub'), answers: { email } });

      // Assess
      expect(response.status).toBe(202);
      const leadId = String(objectOf(response).leadId);
      expect(leadId).not.toBe(erasedId);
      const items = await stack.dumpTable();
      expect(itemsOf(items, `LEAD#${erasedId}`)).toEqual([{ PK: `LEAD#${erasedId}`, SK: 'PROFILE', leadId: erasedId, erasedAt: expect.any(String) }]);
      expect(leadItem(items, leadId)).toMatchObject({ answers: { email } });
      expect((await stack.http.admin.get(`/v1/admin/leads/${leadId}`)).status).toBe(200);
      expect((await stack.http.admin.get(`/v1/admin/leads/${erasedId}`)).status).toBe(404);
    });

    it('stores an event carrying the erased id for a new lead, never under the erased one', async () => {
      // Prepare
      const erasedId = await anErasedLead();
      const eventId = ids.id('evt');

      // Act
      const response = await stack.http.post('/v1/events', { leadId: erasedId, eventId, type: 'page_view' });

      // Assess
      expect(response.status).toBe(202);
      const events = itemsOf(await stack.dumpTable(), `EVENT#${eventId}`);
      expect(events).toHaveLength(1);
      expect(events[0]?.PK).not.toBe(`LEAD#${erasedId}`);
    });

    it('answers GET next with a new leadId', async () => {
      // Prepare
      const erasedId = await anErasedLead();

      // Act
      const next = objectOf(await stack.http.get(`/v1/forms/demo-request/next?leadId=${erasedId}`));

      // Assess
      expect(next.leadId).not.toBe(erasedId);
      expect((next.questions as { id: string }[])[0]?.id).toBe('email');
    });

    it('answers a second DELETE, and a DELETE of a lead never stored, with 404', async () => {
      // Prepare
      const erasedId = await anErasedLead();
      const never = aLeadIdSource('some-other-key-0123456789abcdefghij').issue();

      // Act
      const again = await stack.http.send('DELETE', `/v1/admin/leads/${erasedId}`, { headers: adminHeaders() });
      const unknown = await stack.http.send('DELETE', `/v1/admin/leads/${never}`, { headers: adminHeaders() });

      // Assess
      expect([again.status, unknown.status]).toEqual([404, 404]);
      expect(errorOf(unknown).code).toBe('not_found');
    });
  });
  it('answers a lead erased again and again while a request is stored with 503 and Retry-After, never 500, and GET next with a new id', async () => {
    // Prepare: a store where every id, successors included, turns out erased.
    const leadId = await aVisitor(stack.http);
    const erasedEverywhere: Store = Object.create(stack.deps.store) as Store;
    erasedEverywhere.getLead = async (id) => ({ leadId: id, erasedAt: stack.clock.now().toISOString() });
    const racing = apiClient(stack.apiWith({ store: erasedEverywhere }));
    const before = await stack.dumpTable();

    // Act
    const step = await racing.post('/v1/forms/demo-request/submissions', { leadId, submissionId: ids.id('sub'), answers: { email: ids.email() } });
    const event = await racing.post('/v1/events', { leadId, eventId: ids.id('evt'), type: 'page_view' });
    const next = await racing.get(`/v1/forms/demo-request/next?leadId=${leadId}`);

    // Assess
    for (const response of [step, event]) {
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('1');
      expect(errorOf(response).code).toBe('busy');
    }
    expect(next.status).toBe(200);
    expect(objectOf(next).leadId).not.toBe(leadId);
    expect(await stack.dumpTable()).toEqual(before);
  });
});
