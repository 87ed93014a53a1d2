import { and, eq } from 'drizzle-orm';
import type { Statement } from '../../db/database.js';
import { dailyRuns } from '../../db/schema.js';
import type { Deps } from '../deps.js';

// Once a Japan-time day per job: the day's `daily_runs` row is inserted in the same batch as what
// the job queues, without "on conflict do nothing": a second process running the job at the same
// moment fails that insert, its whole batch is rolled back, and it queues nothing. Outbox
// idempotency keys would refuse a second copy too; the claim spares the work of writing it.

export async function dayClaimed(deps: Deps, job: string, day: string): Promise<boolean> {
  const rows = await deps.database.db
    .select({ at: dailyRuns.at })
    .from(dailyRuns)
    .where(and(eq(dailyRuns.job, job), eq(dailyRuns.day, day)));
  return rows.length > 0;
}

/**
 * Commits `statements` with the day's claim of `job`. False when another process claimed the day
 * between our check and our batch (it does the job); any other failure is thrown.
 */
export async function commitWithDayClaim(
  deps: Deps,
  job: string,
  day: string,
  at: number,
  statements: Statement[],
): Promise<boolean> {
  try {
    await deps.database.commit([deps.database.db.insert(dailyRuns).values({ job, day, at }), ...statements]);
    return true;
  } catch (e) {
    if (await dayClaimed(deps, job, day)) return false;
    throw e;
  }
}
