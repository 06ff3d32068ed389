import { describe, expect, it } from 'vitest';
import { countedBy, foldedEntry, foldedKey } from '../../../functions/app/tally-keys.js';

const item = (id: string) => ({ key: foldedKey('event', 'lead_a', id), capturedAt: '2025-03-01T12:00:00.000Z' });

describe('what a score lists of the items it folded in', () => {
  it('lists each item in 16 characters, whatever the length of its lead’s and its own id', () => {
    // Act
    const entries = ['e', 'x'.repeat(200)].map((id) => foldedEntry(item(id).key));

    // Assess
    expect(entries.map((entry) => entry.length)).toEqual([16, 16]);
    expect(entries[0]).not.toBe(entries[1]);
    expect(foldedEntry(foldedKey('submission', 'lead_a', 'e'))).not.toBe(entries[0]);
  });

  it('counts an item listed by its entry, or by its key in a list written before entries, and no other', () => {
    // Prepare
    const listed = { through: '2025-01-01T00:00:00.000Z', folded: [foldedEntry(item('evt-1').key)] };
    const legacy = { through: '2025-01-01T00:00:00.000Z', folded: [item('evt-2').key] };

    // Act + Assess
    expect([countedBy(listed, item('evt-1')), countedBy(listed, item('evt-2'))]).toEqual([true, false]);
    expect([countedBy(legacy, item('evt-2')), countedBy(legacy, item('evt-1'))]).toEqual([true, false]);
  });
});
