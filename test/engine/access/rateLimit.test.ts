import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../engine/access/index.js';

// The token bucket behind the webhook limit and the link-guessing limit (functions/linkGuard.tsx).

describe('RateLimiter', () => {
  it('wait() only looks: a full bucket of 10 gives 10 tokens, then asks for 6 s (one token at 10 a minute)', () => {
    const limiter = new RateLimiter(10);
    for (let i = 0; i < 20; i++) expect(limiter.wait('a', 0)).toBe(0);
    for (let i = 0; i < 10; i++) expect(limiter.take('a', 0)).toBe(0);
    expect(limiter.wait('a', 0)).toBe(6);
    expect(limiter.take('a', 0)).toBe(6);
    expect(limiter.wait('a', 5_999)).toBe(1);
    expect(limiter.wait('a', 6_000)).toBe(0);
    expect(limiter.wait('b', 0)).toBe(0);
  });

  it('past 10 000 keys, buckets that filled up again are dropped; ones still spent are kept', () => {
    const limiter = new RateLimiter(1);
    const buckets = (limiter as unknown as { buckets: Map<string, unknown> }).buckets;
    for (let i = 0; i < 10_005; i++) limiter.take(`k${i}`, 0);
    // All spent at the same instant: nothing to drop, and each still has to wait.
    expect(buckets.size).toBe(10_005);
    expect(limiter.wait('k0', 0)).toBe(60);
    // A minute later they are full again, the same as a fresh bucket: the next take drops them.
    limiter.take('late', 60_000);
    expect(buckets.size).toBe(1);
    expect(limiter.wait('late', 60_000)).toBe(60);
  });

  it('0 disables it', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 100; i++) expect(limiter.take('a', 0)).toBe(0);
    expect(limiter.wait('a', 0)).toBe(0);
  });
});
