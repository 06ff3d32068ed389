import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiClient, objectOf, uniqueIds } from '../helpers/http.js';
import { aVisitor, itemsOf, jobsIn, publishDefaults, startLocalStack, type LocalStack, type TableItem } from '../helpers/local-stack.js';

const leadsWithEmail = (items: readonly TableItem[], email: string): TableItem[] =>
  itemsOf(items, 'LEAD#').filter((item) => item.SK === 'PROFILE' && String((item.answers as Record<string, unknown>).email).toLowerCase() === email.toLowerCase());

describe('admin events from email, webinar and event tools (local stack)', () => {
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

  const aKnownLead = async (email: string): Promise<string> => {
    const leadId = await aVisitor(stack.http);
    await stack.http.post('/v1/forms/demo-request/submissions', { leadId, submissionId: ids.id('sub'), answers: { email } });
    await stack.drainQueue();
    return leadId;
  };

  it('creates a lead carrying the email when an event names an email never seen, and queues its scoring', async () => {
    // Prepare
    const email = ids.email('attendee');
    const eventId = ids.id('webinar');

    // Act
    const response = await stack.http.admin.post('/v1/admin/events', { events: [{ email, eventId, type: 'webinar_attended' }] });

    // Assess
    expect(response).toMatchObject({ status: 202, body: { accepted: 1 } });
    const items = await stack.dumpTable();
    const [lead, ...others] = leadsWithEmail(items, email);
    expect(others).toEqual([]);
    expect(lead).toMatchObject({ answers: { email }, GSI2PK: `EMAIL#${email}` });
    const [stored] = itemsOf(items, `EVENT#${eventId}`);
    expect(itemsOf(items, `EVENT#${eventId}`)).toEqual([expect.objectContaining({ leadId: lead?.leadId, type: 'webinar_attended', source: 'admin' })]);
    expect(jobsIn(await stack.drainQueue())).toEqual([{ kind: 'event', id: eventId, leadId: lead?.leadId, event: { type: 'webinar_attended', at: stored?.at, receivedAt: stored?.receivedAt } }]);
    const read = await stack.http.admin.get(`/v1/admin/leads/${String(lead?.leadId)}`);
    expect(objectOf(read)).toMatchObject({ email, answers: { email } });
  });

  it('creates one lead for several events naming the same new email in one request', async () => {
    // Prepare
    const email = ids.email('visitor');

    // Act
    const response = await stack.http.admin.post('/v1/admin/events', {
      events: [
        { email, eventId: ids.id('open'), type: 'email_open' },
        { email, eventId: ids.id('click'), type: 'email_click' },
      ],
    });

    // Assess
    expect(response).toMatchObject({ status: 202, body: { accepted: 2 } });
    expect(leadsWithEmail(await stack.dumpTable(), email)).toHaveLength(1);
  });

  it('gives an event naming a known email to the lead that gave it', async () => {
    // Prepare
    const email = ids.email('known');
    const leadId = await aKnownLead(email);
    const eventId = ids.id('click');

    // Act
    await stack.http.admin.post('/v1/admin/events', { events: [{ email, eventId, type: 'email_click' }] });

    // Assess
    const items = await stack.dumpTable();
    expect(leadsWithEmail(items, email)).toHaveLength(1);
    expect(itemsOf(items, `EVENT#${eventId}`)).toEqual([expect.objectContaining({ leadId })]);
  });

  it('matches a known email whatever its case, as a submission does', async () => {
    // Prepare
    const email = ids.email('cased');
    const leadId = await aKnownLead(email);
    const eventId = ids.id('click');

    // Act
    await stack.http.admin.post('/v1/admin/events', { events: [{ email: email.toUpperCase(), eventId, type: 'email_click' }] });

    // Assess
    const items = await stack.dumpTable();
    expect(leadsWithEmail(items, email)).toHaveLength(1);
    expect(itemsOf(items, `EVENT#${eventId}`)).toEqual([expect.objectContaining({ leadId })]);
  });

  it('stores an admin event by leadId once however often it is sent', async () => {
    // Prepare
    const leadId = await aKnownLead(ids.email());
    const batch = { events: [{ leadId, eventId: ids.id('attended'), type: 'event_attended', at: '2025-02-20T09:00:00Z' }] };
    await stack.http.admin.post('/v1/admin/events', batch);
    const before = await stack.dumpTable();

    // Act
    const again = await stack.http.admin.post('/v1/admin/events', batch);

    // Assess
    expect(again).toMatchObject({ status: 202, body: { accepted: 1 } });
    expect(await stack.dumpTable()).toEqual(before);
  });

  it('queues an event sent again as first stored: its first capture instant, not the replay’s', async () => {
    // Prepare: no `at`, so each try's own clock would give it another; the replay an hour on.
    const leadId = await aKnownLead(ids.email());
    const batch = { events: [{ leadId, eventId: ids.id('attended'), type: 'event_attended' }] };
    await stack.http.admin.post('/v1/admin/events', batch);
    const [stored] = itemsOf(await stack.dumpTable(), `EVENT#${batch.events[0]?.eventId}`);
    await stack.drainQueue();
    const later = apiClient(stack.apiWith({ now: () => new Date(Date.now() + 3_600_000) }));

    // Act
    const again = await later.admin.post('/v1/admin/events', batch);

    // Assess
    expect(again).toMatchObject({ status: 202, body: { accepted: 1 } });
    expect(jobsIn(await stack.drainQueue())).toEqual([{ kind: 'event', id: batch.events[0]?.eventId, leadId, event: { type: 'event_attended', at: stored?.at, receivedAt: stored?.receivedAt } }]);
  });

  it('refuses a whole batch when one event is bad, storing none of it', async () => {
    // Prepare
    const email = ids.email('batch');
    const before = await stack.dumpTable();

    // Act
    const response = await stack.http.admin.post('/v1/admin/events', {
      events: [
        { email, eventId: ids.id('ok'), type: 'email_open' },
        { email, eventId: ids.id('bad'), type: 'not_a_weighted_type' },
      ],
    });

    // Assess
    expect(response.status).toBe(400);
    expect(await stack.dumpTable()).toEqual(before);
    expect(await stack.drainQueue()).toEqual([]);
  });
});
