import * as crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLeadIds } from '../../../functions/adapters/lead-ids.js';
import { TEST_LINK_SECRET } from '../../helpers/http.js';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof crypto>();
  return { ...actual, createHmac: vi.fn(actual.createHmac) };
});

const UNSET = 'WINNOW_LINK_SECRET is not set: lead ids and feedback links are signed with it';

describe('createLeadIds', () => {
  afterEach(() => {
    vi.mocked(crypto.createHmac).mockClear();
  });

  it('recognises the ids it issues, and no id another secret issued', () => {
    // Prepare
    const ids = createLeadIds(TEST_LINK_SECRET);
    const others = createLeadIds(`${TEST_LINK_SECRET}-other`);

    // Act
    const issued = ids.issue();

    // Assess
    expect(issued).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(ids.isIssued(issued)).toBe(true);
    expect(others.isIssued(issued)).toBe(false);
  });

  it('recognises no id with a byte changed', () => {
    // Prepare
    const ids = createLeadIds(TEST_LINK_SECRET);
    const issued = ids.issue();

    // Act
    const tampered = `${issued.startsWith('A') ? 'B' : 'A'}${issued.slice(1)}`;

    // Assess
    expect(ids.isIssued(tampered)).toBe(false);
  });

  it('derives the same id from the same seed, and another from another seed, each one it recognises', () => {
    // Prepare
    const ids = createLeadIds(TEST_LINK_SECRET);

    // Act
    const [first, again, other] = [ids.derive('submission\nsub-1'), ids.derive('submission\nsub-1'), ids.derive('submission\nsub-2')];

    // Assess
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect([first, other].map((id) => ids.isIssued(id))).toEqual([true, true]);
    expect(createLeadIds(TEST_LINK_SECRET).derive('submission\nsub-1')).toBe(first);
  });

  it('derives its signing key from the secret once, however many ids it signs and checks', () => {
    // Prepare
    const ids = createLeadIds(TEST_LINK_SECRET);
    const fromTheSecret = () => vi.mocked(crypto.createHmac).mock.calls.filter(([, key]) => key === TEST_LINK_SECRET).length;

    // Act
    for (let i = 0; i < 5; i += 1) ids.isIssued(ids.derive(`seed-${i}`));
    ids.isIssued(ids.issue());

    // Assess
    expect(fromTheSecret()).toBe(1);
  });

  it('is built without the secret, and says so clearly each time it is asked for an id', () => {
    // Prepare
    const ids = createLeadIds(undefined);

    // Act
    const asks = [() => ids.issue(), () => ids.derive('seed'), () => ids.isIssued('A'.repeat(32)), () => ids.issue()];

    // Assess
    for (const ask of asks) expect(ask).toThrow(UNSET);
  });
});
