/** Past this many keys, buckets that have filled up again are dropped (they equal a fresh bucket). */
const PRUNE_AT = 10_000;

/**
 * A token bucket per key (a hospital, a client address): `perMinute` tokens a minute on average,
 * bursts up to the same number. In memory, so per process or per Worker isolate: a guard against a
 * runaway sender or a guesser, not an accounting system.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly perMinute: number) {}

  private refill(key: string, nowMs: number) {
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: nowMs };
    b.tokens = Math.min(this.perMinute, b.tokens + (nowMs - b.at) * (this.perMinute / 60_000));
    b.at = nowMs;
    return b;
  }

  /** The seconds until the key has a whole token again; 0 when it has one now. Takes nothing. */
  wait(key: string, nowMs: number): number {
    if (this.perMinute <= 0) return 0;
    const b = this.refill(key, nowMs);
    return b.tokens >= 1 ? 0 : Math.ceil((1 - b.tokens) / (this.perMinute / 60_000) / 1000);
  }

  /** Takes one token; returns 0 when allowed, else the seconds to wait. */
  take(key: string, nowMs: number): number {
    if (this.perMinute <= 0) return 0;
    const wait = this.wait(key, nowMs);
    const b = this.refill(key, nowMs);
    if (this.buckets.size >= PRUNE_AT) this.prune(nowMs);
    this.buckets.set(key, b);
    if (wait === 0) b.tokens -= 1;
    return wait;
  }

  private prune(nowMs: number) {
    for (const key of [...this.buckets.keys()]) {
      if (this.refill(key, nowMs).tokens >= this.perMinute) this.buckets.delete(key);
    }
  }
}
