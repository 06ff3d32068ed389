import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../functions/adapters/memory/memory-store.js';
import { recordOutcome } from '../../../functions/app/outcomes.js';
import { advance, newLifecycle, storedStep } from '../../../functions/core/index.js';
import { NOW, aLeadRecord, aPlaybook, aSalesScoring, aStoredScore, anEventRecord, gradeAAnswers } from '../../helpers/factories.js';
import { recordingStore, storeLead } from '../../helpers/http.js';

const MINUTE_MS = 60_000;
const at = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE_MS).toISOString();

/** A lead qualified at NOW whose score counts what was captured up to a minute before: two events, and a third after. */
const aQualifiedLead = async () => {
  const store = createMemoryStore();
  const lead = aLeadRecord({ leadId: 'lead_a', answers: gradeAAnswers() });
  await storeLead(store, lead);
  for (const [i, minutes] of [-30, -5, 0].entries()) await store.putEvent(anEventRecord({ eventId: `evt-${i}`, at: at(minutes), receivedAt: at(minutes) }));
  const step = advance(newLifecycle(), aSalesScoring(), aPlaybook());
  if (!step.ok) throw new Error(step.message);
  const lifecycle = storedStep(newLifecycle(), step);
  const score = { ...aStoredScore({ interest: 90, fit: 90 }), through: at(-1), folded: [] };
  return { store, source: { lead, lifecycle, score } };
};

describe('a cycle’s outcome record', () => {
  it('snapshots the history its scoring read with no read of its own, as a read of the store would', async () => {
    // Prepare
    const read = await aQualifiedLead();
    const given = await aQualifiedLead();
    const activity = await given.store.activity(['lead_a']);
    const { store: recording, calls } = recordingStore(given.store);

    // Act
    await recordOutcome(read.store, read.source, 1);
    await recordOutcome(recording, { ...given.source, activity }, 1);

    // Assess
    expect(calls.map((call) => call.method)).toEqual(['saveOutcome']);
    const record = await given.store.getOutcome('lead_a', 1);
    expect(record?.events.map((event) => event.at)).toEqual([at(-30), at(-5)]);
    expect(record).toEqual(await read.store.getOutcome('lead_a', 1));
  });
});
