import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectOf, uniqueIds } from '../helpers/http.js';
import { aVisitor, itemsOf, publishDefaults, startLocalStack, type LocalStack } from '../helpers/local-stack.js';

/** Data an earlier version stored keeps counting after the upgrade (docs/data-model.md). */
describe('submissions and events stored by an earlier version (local stack)', () => {
  let stack: LocalStack;
  let documents: DynamoDBDocumentClient;
  const ids = uniqueIds();

  beforeAll(async () => {
    stack = await startLocalStack();
    await publishDefaults(stack);
    documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ region: 'us-east-1', endpoint: stack.config.WINNOW_DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    );
  });

  afterAll(async () => {
    documents.destroy();
    await stack.close();
  });

  it('moves them into their lead’s partition, once, where scoring, export and erasure find them', async () => {
    // Prepare: a lead, and an event and a step stored under the keys of the earlier version.
    const leadId = await aVisitor(stack.http);
    await stack.http.post('/v1/forms/demo-request/submissions', { leadId, submissionId: ids.id('sub'), answers: { email: ids.email('legacy') } });
    const at = stack.clock.now().toISOString();
    const legacy = [
      { PK: 'EVENT#old-evt', SK: 'EVENT', GSI1PK: `LEAD#${leadId}`, GSI1SK: `${at}#event#old-evt`, eventId: 'old-evt', leadId, type: 'pricing_view', at, receivedAt: at, source: 'public', scoredAt: at },
      { PK: 'SUBMISSION#old-sub', SK: 'SUBMISSION', GSI1PK: `LEAD#${leadId}`, GSI1SK: `${at}#submission#old-sub`, submissionId: 'old-sub', leadId, formId: 'demo-request', formVersion: 1, answers: {}, skipped: [], at, response: {}, scoredAt: at },
    ];
    for (const Item of legacy) await documents.send(new PutCommand({ TableName: stack.config.WINNOW_TABLE, Item }));

    // Act
    const moved = await stack.deps.store.moveLegacyActivity();
    const again = await stack.deps.store.moveLegacyActivity();

    // Assess
    expect([moved, again]).toEqual([2, 0]);
    const partition = itemsOf(await stack.dumpTable(), `LEAD#${leadId}`).map((item) => item.SK);
    expect(partition).toEqual(expect.arrayContaining(['EVENT#old-evt', 'SUBMISSION#old-sub']));
    expect(itemsOf(await stack.dumpTable(), 'EVENT#old-evt').map((item) => item.PK)).toEqual([`LEAD#${leadId}`]);
    const lead = objectOf(await stack.http.admin.get(`/v1/admin/leads/${leadId}`));
    expect(lead.interest).toMatchObject({ breakdown: expect.arrayContaining([expect.objectContaining({ type: 'pricing_view', count: 1 })]) });
    // A replay of the old event, whatever its body, is the same event: it was stored before digests.
    expect((await stack.http.post('/v1/events', { leadId, eventId: 'old-evt', type: 'page_view' })).status).toBe(202);
  });
});
