import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { progressText, visitSteps } from '../../../widget/src/progress.js';

describe('the progress the widget shows through a visit', () => {
  it.each([
    { remaining: 0, perStep: 2, cap: Infinity, steps: 1 },
    { remaining: 1, perStep: 2, cap: Infinity, steps: 2 },
    { remaining: 2, perStep: 2, cap: Infinity, steps: 2 },
    { remaining: 5, perStep: 2, cap: Infinity, steps: 4 },
    { remaining: 5, perStep: 2, cap: 2, steps: 2 },
    { remaining: 4, perStep: 3, cap: Infinity, steps: 3 },
  ])('counts $steps steps when $remaining questions remain beyond a first step of $perStep, at most $cap a visit', ({ remaining, perStep, cap, steps }) => {
    // Act
    const counted = visitSteps(remaining, perStep, cap);

    // Assess
    expect(counted).toBe(steps);
  });

  it('counts at least the step on screen and never more than the visit allows, whatever the answer says', () => {
    fc.assert(
      fc.property(fc.nat(100), fc.nat(20), fc.integer({ min: 1, max: 10 }), (remaining, perStep, cap) => {
        // Act
        const counted = visitSteps(remaining, perStep, cap);

        // Assess
        expect(counted).toBeGreaterThanOrEqual(1);
        expect(counted).toBeLessThanOrEqual(cap);
        expect(Number.isInteger(counted)).toBe(true);
      }),
    );
  });

  it('reads "Step 2 of 3", and says nothing of a visit of one step', () => {
    // Act
    const texts = [progressText(2, 3), progressText(1, 1)];

    // Assess
    expect(texts).toEqual(['Step 2 of 3', '']);
  });
});
