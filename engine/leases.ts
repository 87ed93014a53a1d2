import { gt, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * A sweep claims a row until `claimedUntil` (now + leaseMs). The claim is free again when it has
 * lapsed, or when it ends further ahead than any lease granted now could: the clock that wrote
 * it has since been set back (NTP step, a restored VM), and waiting for it would hold the row
 * for as long as the clock jumped. Twice the lease leaves room for clocks of several instances
 * that differ by less than a lease, so a live claim of another instance is never taken.
 */
export function leaseLapsed(claimedUntil: SQLiteColumn, now: number, leaseMs: number): SQL {
  return or(isNull(claimedUntil), lt(claimedUntil, now), gt(claimedUntil, now + 2 * leaseMs))!;
}
