import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { deliveryAttempts, outbox } from '../db/schema.js';
import type { Deps } from './deps.js';
import { composeNotice, type OutboxRow } from './notices.js';

export const MAX_DELIVERY_ATTEMPTS = 6;
const CLAIM_MS = 5 * 60_000;
const BATCH = 100;
const CLAIM_CHUNK = 10;

/** Exponential backoff with full jitter: 30 s, 1 min, 2 min, ... capped at one hour. */
export function retryDelayMs(attempts: number, random = Math.random()): number {
  const ceiling = Math.min(3600_000, 30_000 * 2 ** (attempts - 1));
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

export interface DispatchCounts { sent: number; failed: number; dead: number }

/**
 * Sends due notices at least once. A notice is claimed with a lease before sending, so two
 * sweeps do not both send it; sending happens outside any database transaction, and the result
 * is recorded afterwards. A crash between send and record means a resend with the same
 * Message-ID (our idempotency key), never a lost notice.
 */
export async function dispatchOutbox(deps: Deps, now: Date, limit = BATCH): Promise<DispatchCounts> {
  const t = now.getTime();
  const counts: DispatchCounts = { sent: 0, failed: 0, dead: 0 };
  let taken = 0;
  while (taken < limit) {
    const claimed = await claimDue(deps, t, Math.min(CLAIM_CHUNK, limit - taken));
    if (claimed.length === 0) break;
    taken += claimed.length;
    for (const row of claimed) counts[await deliver(deps, row)]++;
  }
  return counts;
}

/**
 * Selects and claims due notices in one statement, so two sweeps never both claim one, and a
 * notice whose retry another sweep has just put off is no longer due here. A small chunk keeps
 * the lease covering the sends it was taken for, and spreads the work over the instances.
 */
async function claimDue(deps: Deps, t: number, n: number): Promise<OutboxRow[]> {
  const { db } = deps.database;
  const due = and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, t), or(isNull(outbox.claimedUntil), lt(outbox.claimedUntil, t)));
  const rows = await db.update(outbox).set({ claimedUntil: t + CLAIM_MS })
    .where(and(due, inArray(outbox.id, db.select({ id: outbox.id }).from(outbox).where(due).orderBy(asc(outbox.nextAttemptAt)).limit(n))))
    .returning();
  return rows.sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
}

async function deliver(deps: Deps, row: OutboxRow): Promise<keyof DispatchCounts> {
  const { db } = deps.database;
  let recipient: string | null = null;
  try {
    const composed = await composeNotice(deps, row);
    recipient = composed.to;
    if (!recipient) return await markDead(deps, row, 'care office has no email address in the directory');
    const { providerId } = await deps.email.send({ noticeId: row.id, to: recipient, ...composed.message });
    const at = deps.now().getTime();
    await deps.database.commit([
      db.update(outbox).set({ status: 'sent', sentAt: at, attempts: sql`${outbox.attempts} + 1`, claimedUntil: null, lastError: null })
        .where(eq(outbox.id, row.id)),
      db.insert(deliveryAttempts).values({ outboxId: row.id, at, status: 'sent', recipient, detail: `${deps.email.kind} ${providerId}` }),
    ]);
    deps.log.info('notice sent', { noticeId: row.id, caseId: row.caseId, notice: row.notice });
    return 'sent';
  } catch (e) {
    const attempts = row.attempts + 1;
    const error = (e as Error).message.slice(0, 500);
    if (attempts >= MAX_DELIVERY_ATTEMPTS) return markDead(deps, row, error, recipient);
    const at = deps.now().getTime();
    await deps.database.commit([
      db.update(outbox).set({ attempts, nextAttemptAt: at + retryDelayMs(attempts), claimedUntil: null, lastError: error })
        .where(eq(outbox.id, row.id)),
      db.insert(deliveryAttempts).values({ outboxId: row.id, at, status: 'failed', recipient, detail: error }),
    ]);
    deps.log.warn('notice failed, will retry', { noticeId: row.id, caseId: row.caseId, attempts });
    return 'failed';
  }
}

async function markDead(deps: Deps, row: OutboxRow, reason: string, recipient: string | null = null): Promise<'dead'> {
  const { db } = deps.database;
  const at = deps.now().getTime();
  await deps.database.commit([
    db.update(outbox).set({ status: 'dead', attempts: row.attempts + 1, claimedUntil: null, lastError: reason })
      .where(eq(outbox.id, row.id)),
    db.insert(deliveryAttempts).values({ outboxId: row.id, at, status: 'dead', recipient, detail: reason }),
  ]);
  deps.log.error('notice dead-lettered', { noticeId: row.id, caseId: row.caseId, notice: row.notice });
  return 'dead';
}
