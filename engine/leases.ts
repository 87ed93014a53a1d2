import { gt, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Deps } from './deps.js';

/**
 * A sweep claims a row until `claimedUntil` (now + leaseMs). The claim is free again when it has
 * lapsed, or when it ends further ahead than any lease granted now could: the clock that wrote
 * it has since been set back (NTP step, a restored VM), and waiting for it would hold the row
 * for as long as the clock jumped. Twice the lease leaves room for clocks of several instances
 * that differ by less than a lease, so a live claim of another instance is never taken.
 */
export function leaseLapsed(deps: Pick<Deps, 'config'>, claimedUntil: SQLiteColumn, now: number, leaseMs: number): SQL {
  if (!clockMayHaveGoneBack(deps)) return or(isNull(claimedUntil), lt(claimedUntil, now))!;
  return or(isNull(claimedUntil), lt(claimedUntil, now), gt(claimedUntil, now + 2 * leaseMs))!;
}

/**
 * With RENKEI_TEST_CLOCK=1 a drill's `POST /v1/scheduled {now}` runs ahead of the service's clock
 * on purpose, and what it writes ahead is not the trace of a clock set back.
 */
export function clockMayHaveGoneBack(deps: Pick<Deps, 'config'>): boolean {
  return !deps.config.testClock;
}
