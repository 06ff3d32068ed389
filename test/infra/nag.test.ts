import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SYNTH_TIMEOUT_MS, synthWithNag } from './synth.js';

describe('cdk-nag acknowledgements (AWS Solutions pack)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ['default settings', {}],
    ['the edge rate limit on', { 'winnow:edgeRateLimit': '1000' }],
  ])(
    'acknowledges only findings the pack really reports, and every finding it reports, each with its reason (%s)',
    (_, context) => {
      // Prepare: record every acknowledgement instead of applying it, so the pack reports everything.
      const acknowledged: { id: string; reason: string; at: string }[] = [];
      vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(function (this: Validations, acknowledgment) {
        acknowledged.push({ ...acknowledgment, at: (this as unknown as { scope: IConstruct }).scope.node.path });
      });

      // Act
      const { passed, violations } = synthWithNag(context);

      // Assess
      expect(passed).toBe(false);
      expect(acknowledged.length).toBeGreaterThan(0);
      for (const { id, reason, at } of acknowledged) {
        const answered = violations.some((v) => v.ruleName === id && v.violatingConstructs.some((c) => c.constructPath.startsWith(`${at}/`)));
        expect(answered, `${id} acknowledged at ${at} answers no finding`).toBe(true);
        expect(reason.length, `${id} at ${at} needs a reason`).toBeGreaterThan(60);
      }
      for (const violation of violations) {
        for (const { constructPath } of violation.violatingConstructs) {
          expect(acknowledged.some(({ id, at }) => id === violation.ruleName && constructPath.startsWith(`${at}/`)), `${violation.ruleName} at ${constructPath}`).toBe(true);
        }
      }
    },
    SYNTH_TIMEOUT_MS,
  );
});
