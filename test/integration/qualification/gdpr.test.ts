import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, objectOf } from '../../helpers/http.js';
import { startQualificationStack, type QualificationStack } from '../../helpers/qualification-stack.js';
import { aVisitor } from '../../helpers/local-stack.js';

describe('GDPR: a lead’s data can be exported and erased (local stack)', () => {
  let stack: QualificationStack;

  beforeAll(async () => {
    stack = await startQualificationStack();
  });

  afterAll(async () => {
    await stack.close();
  });

  /** A lead with everything a lead can have: two identities merged, answers, events, a notification. */
  const aFullLead = async () => {
    const email = stack.ids.email('gdpr');
    const older = await stack.aGradeALead(email);
    const newer = await aVisitor(stack.http, 'ebook-download');
    await stack.http.post('/v1/events', { leadId: newer, eventId: stack.ids.id('evt'), type: 'pricing_view' });
    const merged = await stack.http.post('/v1/forms/ebook-download/submissions', { leadId: newer, submissionId: stack.ids.id('sub'), answers: { email } });
    // The device keeps its own id (an alias now): typing an email proves nothing.
    expect(objectOf(merged).leadId).toBe(newer);
    await stack.scoreQueued();
    return { email, leadIds: [older, newer] };
  };

  const mentions = (item: unknown, needles: readonly string[]): boolean => needles.some((needle) => JSON.stringify(item).toLowerCase().includes(needle.toLowerCase()));

  it('exports everything stored about the lead, under both of its ids', async () => {
    // Prepare
    const { email, leadIds } = await aFullLead();

    // Act
    const exported = objectOf(await stack.http.admin.get(`/v1/admin/leads/${leadIds[1]}/export`));

    // Assess
    const stored = (await stack.dumpTable()).filter((item) => mentions(item, [...leadIds, email]));
    expect(exported.leadIds).toEqual(leadIds);
    const keysOf = (items: unknown[]) => new Set(items.map((i) => `${String((i as { PK: string }).PK)} ${String((i as { SK: string }).SK)}`));
    expect(keysOf(exported.items as unknown[])).toEqual(keysOf(stored));
    const kinds = new Set((exported.items as { SK: string }[]).map((i) => i.SK.split('#')[0]));
    expect(kinds).toEqual(new Set(['PROFILE', 'SUBMISSION', 'EVENT', 'NOTIFY', 'OUTCOME']));
  });

  it('erases every item keyed to the lead, its email index and notifications included, and nothing else', async () => {
    // Prepare
    const { email, leadIds } = await aFullLead();
    const bystander = await stack.aGradeALead();
    await stack.scoreQueued();
    const before = await stack.dumpTable();

    // Act
    const erased = await stack.http.send('DELETE', `/v1/admin/leads/${leadIds[0]}`, { headers: adminHeaders() });

    // Assess
    expect(erased.status).toBe(204);
    const after = await stack.dumpTable();
    expect(before.filter((item) => mentions(item, [...leadIds, email])).length).toBeGreaterThan(5);
    // What is left of each id is a tombstone, so no later request brings it back to life: no email, no answer.
    const tombstones = leadIds.map((leadId, i) => ({
      PK: `LEAD#${leadId}`,
      SK: 'PROFILE',
      leadId,
      erasedAt: stack.clock.now().toISOString(),
      // The lead's own tombstone names its aliases' ids, so an erase that stopped half-way can be finished.
      ...(i === 0 ? { aliases: leadIds.slice(1) } : {}),
    }));
    expect(after.filter((item) => mentions(item, [...leadIds, email]))).toEqual(expect.arrayContaining(tombstones));
    expect(after.filter((item) => mentions(item, [...leadIds, email]))).toHaveLength(tombstones.length);
    expect(after.filter((item) => !('erasedAt' in item))).toEqual(before.filter((item) => !mentions(item, [...leadIds, email])));
    expect(after.some((item) => mentions(item, [bystander]))).toBe(true);
    expect((await stack.http.admin.get(`/v1/admin/leads/${leadIds[0]}`)).status).toBe(404);
    expect((await stack.http.admin.get(`/v1/admin/leads/${leadIds[1]}`)).status).toBe(404);
  });
});
