import { eq } from 'drizzle-orm';
import { deliveryAttempts, outbox } from '../../db/schema.js';
import type { Channel } from '../../notifiers/delivery.js';
import type { Deps } from '../deps.js';
import { queueNotice } from '../queueNotice.js';
import { caseScope, noticeAlert } from './adminAlerts.js';
import { caseIdOf, type OutboxRow } from './notices.js';
import { DIGEST_NOTICE, releaseDigest } from './officeDigestMail.js';

// A dead letter: the dispatch (outbox.ts) and a provider's late failure report (deliveryStatus.ts) give
// a notice up here, and who must then act another way is told in the same batch.

/**
 * Gives a notice up, and tells the administrators in scope in the same batch (an alert notice
 * that dies raises nothing further). A sheet the care manager sent through renkei that could not
 * reach the hospital is not left to the administrators alone: the care office is told in the same
 * batch too, so it provides the sheet another way (A①).
 */
export async function markDead(
  deps: Deps,
  row: OutboxRow,
  reason: string,
  t: { channel: Channel; address: string } | null = null,
  attempts = row.attempts + 1,
  also: 'fax_refused' | null = null,
): Promise<'dead'> {
  const { db } = deps.database;
  const at = deps.now().getTime();
  // A notice about no case (the morning summary) raises no alert: there is no case to show it on.
  const scope = row.caseId ? await caseScope(deps, row.caseId) : null;
  const officeId = row.notice === 'information_sheet' ? (scope?.careOfficeId ?? null) : null;
  const alerts = scope
    ? [
        ...(also ? await noticeAlert(deps, also, row, scope, reason, at) : []),
        ...(await noticeAlert(deps, 'notice_dead', row, scope, reason, at)),
      ]
    : [];
  await deps.database.commit([
    ...(officeId
      ? [
          queueNotice(db, {
            caseId: caseIdOf(row),
            notice: 'information_sheet_undelivered',
            route: 'reminder',
            recipientKind: 'care_office',
            recipientId: officeId,
            taskId: row.taskId,
            aboutNoticeId: row.id,
            idempotencyKey: `sheet-undelivered:${row.id}`,
            at,
          }).onConflictDoNothing(),
        ]
      : []),
    ...alerts,
    ...(row.notice === DIGEST_NOTICE ? [releaseDigest(deps, row.id, at)] : []),
    db
      .update(outbox)
      .set({ status: 'dead', attempts, claimedUntil: null, lastError: reason, ...(t ? { channel: t.channel } : {}) })
      .where(eq(outbox.id, row.id)),
    db.insert(deliveryAttempts).values({
      outboxId: row.id,
      at,
      updatedAt: at,
      channel: t?.channel ?? null,
      status: 'dead',
      recipient: t?.address ?? null,
      detail: reason,
    }),
  ]);
  deps.log.error('notice dead-lettered', { noticeId: row.id, caseId: row.caseId, notice: row.notice });
  if (officeId || alerts.length > 0) deps.afterCommit?.();
  return 'dead';
}
