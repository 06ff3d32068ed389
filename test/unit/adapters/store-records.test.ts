import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import { leadRecordSchema, lifecycleSchema, storedScore } from '../../../functions/app/ports/leads.js';
import type { LeadRecord, Lifecycle, OutcomeRecord } from '../../../functions/core/index.js';
import type { StoredOutcome } from '../../../functions/app/ports/outcomes.js';
import { aLeadRecord, aLifecycle, aQualifiedNotificationInput, aStoredScore } from '../../helpers/factories.js';

/**
 * The core's lead types are interfaces; a store parses what it reads against schemas of them
 * (functions/app/ports/leads.ts). A field the core gains and the schema lacks would be dropped
 * by every read: tsc fails the type checks below, and the parses show nothing is lost.
 */
describe('what a store parses is the core’s own types, field for field', () => {
  it('reads a lead record with every field the core gives it', () => {
    // Prepare
    const lead: LeadRecord = aLeadRecord({
      answers: { email: 'ada@example.com', company_size: '201+', budget: 60000, consent: true, topics: ['sla'] },
      answeredAt: { email: '2025-03-01T12:00:00.000Z' },
      skipped: { 'demo-request': ['role'] },
      submissionIds: ['sub-1'],
      mergedFrom: ['lead_b'],
      mergedInto: 'lead_c',
      aliasAnswers: { role: { value: 'user', at: '2025-03-01T12:00:00.000Z', leadId: 'lead_b' } },
      claims: [{ field: 'email', value: 'grace@example.com', at: '2025-03-01T12:00:00.000Z', leadId: 'lead_b' }],
      lastFormId: 'demo-request',
      playbookId: 'default',
      source: { formId: 'demo-request', utmSource: 'newsletter' },
    });

    // Act
    const read = leadRecordSchema().parse(lead);

    // Assess
    expect(read).toEqual(lead);
    expectTypeOf<z.output<ReturnType<typeof leadRecordSchema>>>().toEqualTypeOf<LeadRecord>();
  });

  it('reads a lifecycle with its history, and a score’s figures without the reasons an item written before kept', () => {
    // Prepare
    const lifecycle: Lifecycle = aLifecycle({
      stage: 'nurture',
      escalatedCycle: 1,
      notifiedCycle: 1,
      outbox: [{ kind: 'notify', cycle: 1, handRaiser: false }, { kind: 'escalate', cycle: 1 }],
      history: [{ from: 'SAL', to: 'nurture', why: 'sales returned it', at: '2025-03-01T12:00:00.000Z', cycle: 1, reason: 'no budget' }],
    });
    const { fit, interest } = aQualifiedNotificationInput();
    const score = aStoredScore({ fit: fit.points, interest: interest.score });
    const written = { ...score, fit: { ...score.fit, breakdown: fit.breakdown }, interest: { ...score.interest, breakdown: interest.breakdown } };

    // Act
    const read = [lifecycleSchema().parse(lifecycle), storedScore().parse(written)];

    // Assess
    expect(read).toEqual([lifecycle, score]);
    expectTypeOf<z.output<ReturnType<typeof lifecycleSchema>>>().toEqualTypeOf<Lifecycle>();
  });
});

describe('an outcome record as a store parses it', () => {
  it('is the core’s OutcomeRecord, field for field, with the revision that wrote it', () => {
    expectTypeOf<Omit<StoredOutcome, 'revision'>>().toEqualTypeOf<OutcomeRecord>();
  });
});
