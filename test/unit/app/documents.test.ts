import { describe, expect, it } from 'vitest';
import { withCachedDocuments } from '../../../functions/adapters/cached-documents.js';
import { createMemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { findDocument, loadDocument, publishedForms } from '../../../functions/app/documents.js';
import { NotFoundError } from '../../../functions/app/errors.js';
import { aFormInput, aPlaybookInput } from '../../helpers/factories.js';
import { publishIn } from '../../helpers/http.js';

describe('findDocument', () => {
  it('parses a document the container keeps once, however often it is read', async () => {
    // Prepare
    const store = createMemoryStore();
    await publishIn(store, 'playbook', aPlaybookInput());
    const cached = withCachedDocuments(store, { latestTtlMs: 5_000 });

    // Act
    const first = await findDocument(cached, 'playbook', 'default');
    const again = await findDocument(cached, 'playbook', 'default');

    // Assess
    expect(first?.document.id).toBe('default');
    expect(again?.document).toBe(first?.document);
  });

  it('answers NotFoundError through loadDocument for a version never published', async () => {
    await expect(loadDocument(createMemoryStore(), 'form', 'demo-request', 3)).rejects.toThrow(new NotFoundError('no form "demo-request" version 3 is published'));
  });
});

describe('publishedForms', () => {
  it('parses each form the container keeps once, and leaves out one that no longer parses', async () => {
    // Prepare: a good form, and one stored by hand that the schema refuses.
    const store = createMemoryStore();
    await publishIn(store, 'form', aFormInput({ id: 'demo-request' }));
    await publishIn(store, 'form', { id: 'broken', questions: 'not a list' } as { id: string });
    const cached = withCachedDocuments(store, { latestTtlMs: 5_000 });

    // Act
    const first = await publishedForms(cached);
    const again = await publishedForms(cached);

    // Assess
    expect(first.map((form) => form.id)).toEqual(['demo-request']);
    expect(again[0]).toBe(first[0]);
  });
});
