import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import { fitSchema, interestSchema, leadRecordSchema, lifecycleSchema } from '../../../functions/app/ports/leads.js';
import type { Fit, Interest, LeadRecord, Lifecycle, OutcomeRecord } from '../../../functions/core/index.js';
import type { StoredOutcome } from '../../../functions/app/ports/outcomes.js';
import { aLeadRecord, aLifecycle, aQualifiedNotificationInput } from '../../helpers/factories.js';

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

  it('reads a lifecycle with its history, and a score’s fit and interest with their breakdowns', () => {
    // Prepare
    const lifecycle: Lifecycle = aLifecycle({
      stage: 'nurture',
      escalatedCycle: 1,
      notifiedCycle: 1,
      outbox: [{ kind: 'notify', cycle: 1, handRaiser: false }, { kind: 'escalate', cycle: 1 }],
      history: [{ from: 'SAL', to: 'nurture', why: 'sales returned it', at: '2025-03-01T12:00:00.000Z', cycle: 1, reason: 'no budget' }],
    });
    const { fit, interest } = aQualifiedNotificationInput();

    // Act
    const read = [lifecycleSchema().parse(lifecycle), fitSchema().parse(fit), interestSchema().parse(interest)];

    // Assess
    expect(read).toEqual([lifecycle, fit, interest]);
    expectTypeOf<z.output<ReturnType<typeof lifecycleSchema>>>().toEqualTypeOf<Lifecycle>();
    expectTypeOf<z.output<ReturnType<typeof fitSchema>>>().toEqualTypeOf<Fit>();
    expectTypeOf<z.output<ReturnType<typeof interestSchema>>>().toEqualTypeOf<Interest>();
  });
});

describe('an outcome record as a store parses it', () => {
  it('is the core’s OutcomeRecord, field for field, with the revision that wrote it', () => {
    expectTypeOf<Omit<StoredOutcome, 'revision'>>().toEqualTypeOf<OutcomeRecord>();
  });
});
