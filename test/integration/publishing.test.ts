import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPlaybookInput, aQuestionInput } from '../helpers/factories.js';
import { errorOf, issuePaths, objectOf } from '../helpers/http.js';
import { aDemoFormInput, startLocalStack, type LocalStack } from '../helpers/local-stack.js';

describe('publishing forms and playbooks (local stack)', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack();
  });

  afterAll(async () => {
    await stack.close();
  });

  it('refuses a form whose playbook is not published yet, naming playbook, and stores nothing', async () => {
    // Prepare
    const before = await stack.dumpTable();

    // Act
    const response = await stack.http.admin.put('/v1/admin/forms/orphan', aDemoFormInput({ id: 'orphan', playbook: 'not-published' }));

    // Assess
    expect(response.status).toBe(400);
    expect(issuePaths(response)).toEqual(['playbook']);
    expect(await stack.dumpTable()).toEqual(before);
  });

  it('refuses a playbook leaving a public event type uncapped, naming the type, and stores nothing', async () => {
    // Prepare: SPEC "Playbook": a visitor cannot qualify itself from the browser alone.
    const before = await stack.dumpTable();
    const uncapped = aPlaybookInput({ id: 'uncapped', interest: { publicEvents: ['page_view', 'pricing_view'], caps: { page_view: 10 } } });

    // Act
    const response = await stack.http.admin.put('/v1/admin/playbooks/uncapped', uncapped);

    // Assess
    expect(response.status).toBe(400);
    expect(errorOf(response).issues).toEqual([{ path: 'interest.caps.pricing_view', message: 'public event "pricing_view" needs a cap: a browser may report it as often as it likes' }]);
    expect(await stack.dumpTable()).toEqual(before);
  });

  it('gives each publish of a playbook the next version number', async () => {
    // Act
    const first = await stack.http.admin.put('/v1/admin/playbooks/versioned', aPlaybookInput({ id: 'versioned' }));
    const second = await stack.http.admin.put('/v1/admin/playbooks/versioned', aPlaybookInput({ id: 'versioned', recycle: { afterDays: 60 } }));
    const third = await stack.http.admin.put('/v1/admin/playbooks/versioned', aPlaybookInput({ id: 'versioned', recycle: { afterDays: 90 } }));

    // Assess
    expect([first, second, third].map((r) => [r.status, r.body])).toEqual([
      [200, { id: 'versioned', version: 1 }],
      [200, { id: 'versioned', version: 2 }],
      [200, { id: 'versioned', version: 3 }],
    ]);
  });

  it('answers the latest version by default and an older one with ?version=N', async () => {
    // Prepare
    await stack.publishPlaybook(aPlaybookInput());
    await stack.publishForm(aDemoFormInput({ id: 'evolving', title: 'First title' }));
    await stack.publishForm(aDemoFormInput({ id: 'evolving', title: 'Second title' }));

    // Act
    const latest = await stack.http.admin.get('/v1/admin/forms/evolving');
    const first = await stack.http.admin.get('/v1/admin/forms/evolving?version=1');

    // Assess
    expect(latest.status).toBe(200);
    expect(objectOf(latest)).toMatchObject({ id: 'evolving', title: 'Second title', version: 2 });
    expect(first.status).toBe(200);
    expect(objectOf(first)).toMatchObject({ id: 'evolving', title: 'First title', version: 1 });
  });

  it('serves the new version of a form to the widget as soon as it is published', async () => {
    // Prepare
    await stack.publishPlaybook(aPlaybookInput());
    await stack.publishForm(aDemoFormInput({ id: 'live' }));
    await stack.publishForm(aDemoFormInput({ id: 'live', questions: [aQuestionInput('email', { required: true, label: 'Your email, please' })] }));

    // Act
    const next = await stack.http.get('/v1/forms/live/next');

    // Assess
    expect(objectOf(next)).toMatchObject({ formVersion: 2, questions: [{ id: 'email', label: 'Your email, please' }] });
  });

  it('publishes again exactly what a GET answered, as the next version', async () => {
    // Prepare
    await stack.publishPlaybook(aPlaybookInput());
    await stack.publishForm(aDemoFormInput({ id: 'round-trip' }));
    const read = await stack.http.admin.get('/v1/admin/forms/round-trip');

    // Act
    const republished = await stack.http.admin.put('/v1/admin/forms/round-trip', read.body);

    // Assess
    expect(republished).toMatchObject({ status: 200, body: { id: 'round-trip', version: 2 } });
    const { version: _v1, publishedAt: _p1, ...firstDocument } = objectOf(read);
    const { version: _v2, publishedAt: _p2, ...secondDocument } = objectOf(await stack.http.admin.get('/v1/admin/forms/round-trip?version=2'));
    expect(secondDocument).toEqual(firstDocument);
  });

  it('refuses a document whose id differs from its path, naming id', async () => {
    // Act
    const response = await stack.http.admin.put('/v1/admin/playbooks/one', aPlaybookInput({ id: 'another' }));

    // Assess
    expect(response.status).toBe(400);
    expect(issuePaths(response)).toEqual(['id']);
  });

  it('refuses a form that breaks its own schema, naming the question at fault', async () => {
    // Prepare
    await stack.publishPlaybook(aPlaybookInput());
    const before = await stack.dumpTable();

    // Act
    const response = await stack.http.admin.put(
      '/v1/admin/forms/broken',
      aDemoFormInput({ id: 'broken', questions: [aQuestionInput('select', { askIf: { field: 'later', equals: 'x' } }), aQuestionInput('text', { id: 'later' })] }),
    );

    // Assess
    expect(response.status).toBe(400);
    expect(issuePaths(response)).toContain('questions.0.askIf.field');
    expect(await stack.dumpTable()).toEqual(before);
  });

  it('answers 404 for a version that was never published', async () => {
    // Prepare
    await stack.publishPlaybook(aPlaybookInput({ id: 'once' }));

    // Act
    const response = await stack.http.admin.get('/v1/admin/playbooks/once?version=7');

    // Assess
    expect(response.status).toBe(404);
    expect(errorOf(response).code).toBe('not_found');
  });
});
