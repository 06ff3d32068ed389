import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../../../functions/http/framework/errors.js';
import { rateLimit, type RateLimitOptions } from '../../../../functions/http/framework/middleware/rate-limit.js';
import { anEvent, chainOf, outcomeOf } from './chain.js';

const VISITOR = '198.51.100.7';
const NEIGHBOUR = '198.51.100.8';

/** A limiter on a clock the test moves by hand. */
const limited = (options: Omit<RateLimitOptions, 'now'>) => {
  let now = 1_000_000;
  const chain = chainOf([rateLimit({ ...options, now: () => now })]);
  const from = (sourceIp: string) => outcomeOf(chain.invoke(anEvent('GET', '/v1/forms/demo-request/next', { sourceIp })));
  return { from, advance: (ms: number) => (now += ms), reached: chain.reached };
};
/** `count` requests one after another, each outcome's status: 200 let through, else the refusal's. */
const statuses = async (send: () => ReturnType<ReturnType<typeof limited>['from']>, count: number) => {
  const seen: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const outcome = await send();
    seen.push(outcome.refused?.status ?? 200);
  }
  return seen;
};

describe('rateLimit', () => {
  it('lets a client make its minute’s requests at once, and refuses the next 429 before the handler', async () => {
    // Prepare
    const limiter = limited({ perMinute: 3 });

    // Act
    const seen = await statuses(() => limiter.from(VISITOR), 4);

    // Assess
    expect(seen).toEqual([200, 200, 200, 429]);
    expect(limiter.reached).toHaveLength(3);
  });

  it('says in Retry-After when one more request will be let through', async () => {
    // Prepare
    const limiter = limited({ perMinute: 2 });
    await statuses(() => limiter.from(VISITOR), 2);

    // Act
    const { refused } = await limiter.from(VISITOR);

    // Assess
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(refused).toMatchObject({ status: 429, code: 'rate_limited', message: 'too many requests: retry in 30 s', headers: { 'retry-after': '30' } });
  });

  it('lets the client through again once Retry-After has passed, and not a moment before', async () => {
    // Prepare
    const limiter = limited({ perMinute: 2 });
    await statuses(() => limiter.from(VISITOR), 2);

    // Act
    limiter.advance(29_999);
    const early = await limiter.from(VISITOR);
    limiter.advance(1);
    const onTime = await limiter.from(VISITOR);

    // Assess
    expect(early.refused?.headers['retry-after']).toBe('1');
    expect(onTime.passed).toBeDefined();
  });

  it('counts each client address apart', async () => {
    // Prepare
    const limiter = limited({ perMinute: 1 });
    await limiter.from(VISITOR);

    // Act
    const visitor = await limiter.from(VISITOR);
    const neighbour = await limiter.from(NEIGHBOUR);

    // Assess
    expect(visitor.refused?.status).toBe(429);
    expect(neighbour.passed).toBeDefined();
  });

  it('refills at the minute’s rate, never above the minute’s allowance', async () => {
    // Prepare
    const limiter = limited({ perMinute: 60 });
    await statuses(() => limiter.from(VISITOR), 60);

    // Act
    limiter.advance(10 * 60_000);
    const seen = await statuses(() => limiter.from(VISITOR), 61);

    // Assess
    expect(seen.filter((status) => status === 200)).toHaveLength(60);
    expect(seen.at(-1)).toBe(429);
  });

  it('forgets the least recently seen client first when it holds its most', async () => {
    // Prepare
    const limiter = limited({ perMinute: 1, maxClients: 2 });
    await limiter.from(VISITOR);
    await limiter.from(NEIGHBOUR);
    await limiter.from(VISITOR);

    // Act
    await limiter.from('198.51.100.9');
    const remembered = await limiter.from(VISITOR);
    const forgotten = await limiter.from(NEIGHBOUR);

    // Assess
    expect(forgotten.passed).toBeDefined();
    expect(remembered.refused?.status).toBe(429);
  });
});
