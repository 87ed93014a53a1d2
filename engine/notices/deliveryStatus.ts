import { and, desc, eq, inArray } from 'drizzle-orm';

import { deliveryAttempts, outbox } from '../../db/schema.js';
import type { AttemptOutcome } from '../../notifiers/sms.js';
import type { Deps } from '../deps.js';
import { markDead } from './deadLetter.js';
import { planFor } from './outbox.js';

type AttemptStatus = (typeof deliveryAttempts.$inferSelect)['status'];

/**
 * The statuses an attempt may come from to reach each status. Providers report late, twice and out
 * of order; an update that is not in this table (delivered → sent, failed → delivered) is dropped,
 * so a status only ever moves forward.
 */
export const FORWARD_FROM: Record<AttemptOutcome | 'confirmed', AttemptStatus[]> = {
  queued: [],
  sent: ['queued'],
  delivered: ['queued', 'sent'],
  failed: ['queued', 'sent'],
  confirmed: ['queued', 'sent', 'delivered'],
};

export type StatusUpdate = 'applied' | 'stale' | 'unknown';

/** Applies a provider's report on one attempt (found by the provider's id) as a forward-only update. */
export async function applyProviderStatus(
  deps: Deps,
  providerId: string,
  outcome: AttemptOutcome,
  detail: string | null,
): Promise<StatusUpdate> {
  const { db } = deps.database;
  const at = deps.now().getTime();
  const updated = await db
    .update(deliveryAttempts)
    .set({ status: outcome, updatedAt: at, ...(detail ? { detail } : {}) })
    .where(and(eq(deliveryAttempts.providerId, providerId), inArray(deliveryAttempts.status, FORWARD_FROM[outcome])))
    .returning();
  const attempt = updated[0];
  if (!attempt) {
    const known = await db
      .select({ id: deliveryAttempts.id })
      .from(deliveryAttempts)
      .where(eq(deliveryAttempts.providerId, providerId))
      .limit(1);
    return known.length > 0 ? 'stale' : 'unknown';
  }
  deps.log.info('delivery status', { noticeId: attempt.outboxId, status: outcome, channel: attempt.channel });
  if (outcome === 'failed') await fallBackAfterLateFailure(deps, attempt);
  return 'applied';
}

/**
 * A message the provider took and then could not deliver (an SMS to a switched-off phone) is a
 * failed channel after all: the notice goes on to its next channel, or is dead-lettered.
 */
async function fallBackAfterLateFailure(deps: Deps, attempt: typeof deliveryAttempts.$inferSelect): Promise<void> {
  const { db } = deps.database;
  const [row] = await db.select().from(outbox).where(eq(outbox.id, attempt.outboxId));
  const [latest] = await db
    .select({ id: deliveryAttempts.id })
    .from(deliveryAttempts)
    .where(eq(deliveryAttempts.outboxId, attempt.outboxId))
    .orderBy(desc(deliveryAttempts.id))
    .limit(1);
  // Only the attempt the notice currently rests on can send it elsewhere.
  if (row?.status !== 'sent' || latest?.id !== attempt.id) return;
  const { plan } = await planFor(deps, row);
  const next = plan[row.channelIndex + 1];
  const reason = `${attempt.channel ?? 'channel'} not delivered${attempt.detail ? `: ${attempt.detail}` : ''}`;
  if (!next) {
    await markDead(deps, row, `${reason}; no other channel`, null, row.attempts);
    return;
  }
  const now = deps.now().getTime();
  await deps.database.commit([
    db
      .update(outbox)
      .set({
        status: 'pending',
        channelIndex: row.channelIndex + 1,
        channelAttempts: 0,
        nextAttemptAt: now,
        lastError: reason,
      })
      .where(and(eq(outbox.id, row.id), eq(outbox.status, 'sent'), eq(outbox.channelIndex, row.channelIndex))),
  ]);
  deps.log.warn('notice not delivered, falling back', { noticeId: row.id, caseId: row.caseId, next: next.channel });
  deps.afterCommit?.();
}
