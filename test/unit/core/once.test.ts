import { describe, expect, it } from 'vitest';
import { once, sharedRead } from '../../../functions/core/once.js';

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

describe('sharedRead', () => {
  /** A read that counts its calls and answers its count. */
  const counting = () => {
    const calls: number[] = [];
    return { calls, read: async () => (calls.push(calls.length + 1), calls.length) };
  };
  const settledSoon = async <T>(promise: Promise<T>): Promise<T | 'waiting'> => Promise.race([promise, new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), 20))]);

  it('reads once, only after every party has asked or left, and answers every asker', async () => {
    // Prepare
    const { calls, read } = counting();
    const [first, second, third] = sharedRead(3, read);

    // Act
    const asked = first?.ask();
    const early = await settledSoon(asked ?? Promise.resolve(0));
    third?.leave();
    const stillEarly = await settledSoon(asked ?? Promise.resolve(0));
    const alsoAsked = second?.ask();
    second?.leave();

    // Assess
    expect([early, stillEarly]).toEqual(['waiting', 'waiting']);
    expect(await Promise.all([asked, alsoAsked])).toEqual([1, 1]);
    expect(calls).toEqual([1]);
  });

  it('never reads when every party leaves without asking', async () => {
    // Prepare
    const { calls, read } = counting();
    const seats = sharedRead(2, read);

    // Act
    for (const seat of seats) seat.leave();
    await new Promise((resolve) => setTimeout(resolve, 5));

    // Assess
    expect(calls).toEqual([]);
  });

  it('reads afresh for a seat that asks a second time: that answer must come after its own later point', async () => {
    // Prepare
    const { calls, read } = counting();
    const [only] = sharedRead(1, read);

    // Act
    const first = await only?.ask();
    const second = await only?.ask();

    // Assess
    expect([first, second]).toEqual([1, 2]);
    expect(calls).toHaveLength(2);
  });

  it('hands every asker the read’s failure', async () => {
    // Prepare
    const [first, second] = sharedRead(2, () => Promise.reject(new Error('store down')));

    // Act
    const results = await Promise.allSettled([first?.ask(), second?.ask()]);

    // Assess
    expect(results.map((result) => (result.status === 'rejected' ? (result.reason as Error).message : 'answered'))).toEqual(['store down', 'store down']);
  });

  it('lets an asker kept waiting longer than maxWaitMs read for itself, while a party is stuck', async () => {
    // Prepare
    const { calls, read } = counting();
    const [waiting, stuck] = sharedRead(2, read, { maxWaitMs: 10 });

    // Act
    const alone = await settledSoon(waiting?.ask() ?? Promise.resolve(0));
    const late = stuck?.ask();

    // Assess: the stuck party, arriving at last, gets the shared read.
    expect(alone).toBe(1);
    expect(await late).toBe(2);
    expect(calls).toEqual([1, 2]);
  });

  it('answers within maxWaitMs with the shared read, and reads no more', async () => {
    // Prepare
    const { calls, read } = counting();
    const [first, second] = sharedRead(2, read, { maxWaitMs: 10_000 });

    // Act
    const answers = await Promise.all([first?.ask(), second?.ask()]);
    await new Promise((resolve) => setTimeout(resolve, 20));

    // Assess
    expect(answers).toEqual([1, 1]);
    expect(calls).toEqual([1]);
  });
});
