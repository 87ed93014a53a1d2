import { and, asc, eq, isNull, lt, lte, or } from 'drizzle-orm';
import { timers } from '../db/schema.js';
import type { DeadlineKey } from '../machines/types.js';
import type { Deps } from './deps.js';
import { recordEvent } from './record.js';

const CLAIM_MS = 60_000;

const TIMER_EVENTS = { remind: 'deadline_approached', due: 'deadline_passed', escalate: 'deadline_escalated' } as const;
const BATCH = 200;

export interface TimerCounts { fired: number; skipped: number }

/**
 * Fires due timers as events on their cases. The index on due time keeps the cost proportional
 * to due work, not to the number of active cases. A claim (lease) keeps two sweeps apart, and
 * the event's dedupe key `timer:{id}` makes a second firing change nothing even if a lease expires.
 */
export async function fireDueTimers(deps: Deps, now: Date): Promise<TimerCounts> {
  const { db } = deps.database;
  const t = now.getTime();
  const counts: TimerCounts = { fired: 0, skipped: 0 };
  const due = await db.select().from(timers)
    .where(and(eq(timers.status, 'pending'), lte(timers.dueAt, t), or(isNull(timers.claimedUntil), lt(timers.claimedUntil, t))))
    .orderBy(asc(timers.dueAt)).limit(BATCH);
  for (const timer of due) {
    const claimed = await db.update(timers).set({ claimedUntil: t + CLAIM_MS })
      .where(and(eq(timers.id, timer.id), eq(timers.status, 'pending'), or(isNull(timers.claimedUntil), lt(timers.claimedUntil, t))))
      .returning({ id: timers.id });
    if (claimed.length === 0) continue;
    const key = timer.deadlineKey as DeadlineKey;
    const occurredAt = new Date(timer.dueAt).toISOString();
    const firedAt = now.toISOString();
    const result = await recordEvent(deps, { caseId: timer.caseId }, {
      source: 'timer',
      dedupeKey: `timer:${timer.id}`,
      event: { type: TIMER_EVENTS[timer.kind], key, occurredAt, firedAt },
      data: { timerId: timer.id, key, kind: timer.kind },
      ifRefused: 'skip',
      extra: () => [db.update(timers).set({ status: 'fired', firedAt: t }).where(eq(timers.id, timer.id))],
    });
    if (result.outcome === 'accepted') {
      counts.fired++;
    } else {
      await db.update(timers).set({ status: 'skipped', firedAt: t }).where(and(eq(timers.id, timer.id), eq(timers.status, 'pending')));
      counts.skipped++;
    }
  }
  return counts;
}
