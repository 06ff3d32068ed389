import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSlaTimer } from '../../../infra/local/sla-timer.js';

type Totals = { escalated: number; failed: number };

/** A check that stays in flight until the test settles it. */
const pendingCheck = () => {
  const settles: ((totals: Totals) => void)[] = [];
  const run = vi.fn(() => new Promise<Totals>((resolve) => settles.push(resolve)));
  return { run, settle: (totals: Totals) => settles.shift()?.(totals) };
};

describe('the SLA timer of npm start', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('checks at once, then every period', async () => {
    // Prepare
    const run = vi.fn(async () => ({ escalated: 0, failed: 0 }));

    // Act
    const timer = startSlaTimer(60, () => undefined, run);
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    await timer.stop();

    // Assess
    expect(run).toHaveBeenCalledTimes(4);
  });

  it('never starts a check while the one before is still running', async () => {
    // Prepare
    const check = pendingCheck();
    const timer = startSlaTimer(60, () => undefined, check.run);

    // Act
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    const whileRunning = check.run.mock.calls.length;
    check.settle({ escalated: 0, failed: 0 });
    await vi.advanceTimersByTimeAsync(60_000);

    // Assess
    expect(whileRunning).toBe(1);
    expect(check.run).toHaveBeenCalledTimes(2);
    check.settle({ escalated: 0, failed: 0 });
    await timer.stop();
  });

  it('says what it escalated and what failed, and keeps going after a check throws', async () => {
    // Prepare
    const lines: string[] = [];
    const run = vi
      .fn<() => Promise<Totals>>()
      .mockResolvedValueOnce({ escalated: 2, failed: 1 })
      .mockRejectedValueOnce(new Error('table unreachable'))
      .mockResolvedValue({ escalated: 1, failed: 0 });

    // Act
    const timer = startSlaTimer(60, (line) => lines.push(line), run);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    await timer.stop();

    // Assess
    expect(lines).toEqual([
      'SLA: escalated 2 leads that sales has not answered',
      'SLA: 1 escalation failed; the next check retries',
      'SLA check failed: table unreachable',
      'SLA: escalated 1 lead that sales has not answered',
    ]);
  });

  it('stops after the check in flight ends, and starts no other', async () => {
    // Prepare
    const check = pendingCheck();
    const timer = startSlaTimer(60, () => undefined, check.run);
    let stopped = false;

    // Act
    const stopping = timer.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    const beforeTheCheckEnds = stopped;
    check.settle({ escalated: 0, failed: 0 });
    await stopping;
    await vi.advanceTimersByTimeAsync(10 * 60_000);

    // Assess
    expect(beforeTheCheckEnds).toBe(false);
    expect(stopped).toBe(true);
    expect(check.run).toHaveBeenCalledTimes(1);
  });
});
