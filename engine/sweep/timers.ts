import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import { timers } from '../../db/schema.js';
import type { DeadlineKey } from '../../machines/types.js';
import { recordEvent } from '../cases/index.js';
import type { Deps } from '../deps.js';
import { leaseLapsed } from '../leases.js';

const CLAIM_MS = 60_000;

const TIMER_EVENTS = { remind: 'deadline_approached', due: 'deadline_passed', escalate: 'deadline_escalated' } as const;
const BATCH = 200;
const CLAIM_CHUNK = 20;

export interface TimerCounts {
  fired: number;
  skipped: number;
}

/**
 * Fires due timers as events on their cases. The index on due time keeps the cost proportional
 * to due work, not to the number of active cases. A claim (lease) keeps two sweeps apart, and
 * the event's dedupe key `timer:{id}` makes a second firing change nothing even if a lease expires.
 */
export async function fireDueTimers(deps: Deps, now: Date, limit = BATCH): Promise<TimerCounts> {
  const t = now.getTime();
  const counts: TimerCounts = { fired: 0, skipped: 0 };
  let taken = 0;
  while (taken < limit) {
    const claimed = await claimDue(deps, t, Math.min(CLAIM_CHUNK, limit - taken));
    if (claimed.length === 0) break;
    taken += claimed.length;
    await fireByCase(deps, claimed, now, counts);
  }
  return counts;
}

/** How many cases' timers fire side by side. */
const CASES_AT_ONCE = 8;

/**
 * Fires claimed timers: a case's one after another in due order (each sees what the one before did),
 * different cases' side by side, so that their commits share a sync (group commit) and one case's
 * reads and write are under way while another's are. All end before this does; the first failure is
 * then thrown, as a one-by-one loop would have (the rest stay claimed until their lease lapses).
 */
async function fireByCase(deps: Deps, claimed: TimerRow[], now: Date, counts: TimerCounts): Promise<void> {
  const byCase = new Map<string, TimerRow[]>();
  for (const timer of claimed) {
    const queue = byCase.get(timer.caseId);
    if (queue) queue.push(timer);
    else byCase.set(timer.caseId, [timer]);
  }
  const queues = [...byCase.values()];
  let failed: { reason: unknown } | null = null;
  const worker = async () => {
    for (let queue = queues.shift(); queue && !failed; queue = queues.shift()) {
      for (const timer of queue) {
        try {
          counts[await fire(deps, timer, now)]++;
        } catch (reason) {
          failed ??= { reason };
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CASES_AT_ONCE, queues.length) }, worker));
  if (failed) throw (failed as { reason: unknown }).reason;
}

type TimerRow = typeof timers.$inferSelect;

/** Selects and claims due timers in one statement (one round trip, and no gap between the two). */
async function claimDue(deps: Deps, t: number, n: number): Promise<TimerRow[]> {
  const { db } = deps.database;
  const due = and(
    eq(timers.status, 'pending'),
    lte(timers.dueAt, t),
    leaseLapsed(deps, timers.claimedUntil, t, CLAIM_MS),
  );
  const rows = await db
    .update(timers)
    .set({ claimedUntil: t + CLAIM_MS })
    .where(
      and(
        due,
        inArray(timers.id, db.select({ id: timers.id }).from(timers).where(due).orderBy(asc(timers.dueAt)).limit(n)),
      ),
    )
    .returning();
  return rows.sort((a, b) => a.dueAt - b.dueAt);
}

async function fire(deps: Deps, timer: TimerRow, now: Date): Promise<keyof TimerCounts> {
  const { db } = deps.database;
  const t = now.getTime();
  const key = timer.deadlineKey as DeadlineKey;
  const occurredAt = new Date(timer.dueAt).toISOString();
  const firedAt = now.toISOString();
  const result = await recordEvent(
    deps,
    { caseId: timer.caseId },
    {
      source: 'timer',
      dedupeKey: `timer:${timer.id}`,
      event: { type: TIMER_EVENTS[timer.kind], key, occurredAt, firedAt },
      data: { timerId: timer.id, key, kind: timer.kind },
      ifRefused: 'skip',
      extra: () => [db.update(timers).set({ status: 'fired', firedAt: t }).where(eq(timers.id, timer.id))],
    },
  );
  if (result.kind === 'accepted') return 'fired';
  await db
    .update(timers)
    .set({ status: 'skipped', firedAt: t })
    .where(and(eq(timers.id, timer.id), eq(timers.status, 'pending')));
  return 'skipped';
}
