import { describe, expect, it } from 'vitest';
import { once } from '../../../functions/core/once.js';

describe('once', () => {
  it('builds nothing until its first call', () => {
    // Prepare
    let builds = 0;

    // Act
    once(() => (builds += 1));

    // Assess
    expect(builds).toBe(0);
  });

  it('builds on the first call and answers every call with that same value', () => {
    // Prepare
    let builds = 0;
    const schema = once(() => ({ built: (builds += 1) }));

    // Act
    const first = schema();
    const second = schema();

    // Assess
    expect(builds).toBe(1);
    expect(second).toBe(first);
  });
});
