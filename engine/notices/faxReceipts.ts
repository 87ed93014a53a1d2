import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, or } from 'drizzle-orm';
import type { Statement } from '../../db/database.js';
import { auditLog, cases, deliveryAttempts, faxReceipts, outbox } from '../../db/schema.js';
import { HOUR_MS } from '../../machines/time.js';
import { noticeTitle } from '../../notifiers/noticeNames.js';
import type { Requester } from '../cases/index.js';
import type { Deps } from '../deps.js';
import { queueNotice } from '../queueNotice.js';
import { FORWARD_FROM } from './deliveryStatus.js';
import { caseIdOf, loadRecipient, type OutboxRow } from './notices.js';
import type { ChannelRoute } from './routing.js';
import { findByShortCode } from './shortLinks.js';

// FAX受信確認: a FAX is not a handoff until its receiver confirms it received it. Every FAX opens a
// receipt here; the receiver confirms from the short link or QR code printed on the FAX (`/r/:code`);
// without it the sweep reminds the side that can act (`reminderTargets`), then lists the FAX as stuck.

const BATCH = 200;

export type ReceiptRow = typeof faxReceipts.$inferSelect;

export interface ReceiptView {
  title: string;
  to: string;
  sentAt: string;
  status: ReceiptRow['status'];
  confirmedAt: string | null;
  confirmedBy: string | null;
}

export type ReceiptLookup =
  | { kind: 'ok'; view: ReceiptView; row: OutboxRow; receipt: ReceiptRow }
  | { kind: 'invalid' }
  | { kind: 'expired' };

/** What the receiver of a FAX sees behind its QR code: what was sent to whom and when, nothing personal. */
export async function viewReceipt(deps: Deps, code: string): Promise<ReceiptLookup> {
  const found = await findByShortCode(deps, code);
  if (found.kind !== 'ok') return found;
  const [receipt] = await deps.database.db.select().from(faxReceipts).where(eq(faxReceipts.outboxId, found.row.id));
  if (!receipt) return { kind: 'invalid' };
  const recipient = await loadRecipient(deps, found.row);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    kind: 'ok',
    row: found.row,
    receipt,
    view: {
      title: noticeTitle(found.row.notice),
      to: recipient?.name ?? '',
      sentAt: new Date(receipt.sentAt).toISOString(),
      status: receipt.status,
      confirmedAt: iso(receipt.confirmedAt),
      confirmedBy: receipt.confirmedBy,
    },
  };
}

export type ReceiptConfirmation =
  | { kind: 'confirmed' | 'already_confirmed'; view: ReceiptView }
  | { kind: 'invalid' }
  | { kind: 'expired' };

/**
 * The receiver's explicit confirmation (the POST of the QR page). Once only: the receipt moves
 * open → confirmed, and the FAX attempt forward to `confirmed`, in one batch with the audit entry.
 */
export async function confirmReceipt(
  deps: Deps,
  code: string,
  confirmedBy: string | null,
  requester: Requester,
): Promise<ReceiptConfirmation> {
  const found = await viewReceipt(deps, code);
  if (found.kind !== 'ok') return found;
  const { db } = deps.database;
  const now = deps.now().getTime();
  if (found.receipt.status === 'confirmed') return { kind: 'already_confirmed', view: found.view };
  const [lastFax] = await db
    .select({ id: deliveryAttempts.id })
    .from(deliveryAttempts)
    .where(and(eq(deliveryAttempts.outboxId, found.row.id), eq(deliveryAttempts.channel, 'fax')))
    .orderBy(desc(deliveryAttempts.id))
    .limit(1);
  const statements: Statement[] = [
    db
      .update(faxReceipts)
      .set({ status: 'confirmed', confirmedAt: now, confirmedBy })
      .where(and(eq(faxReceipts.outboxId, found.row.id), eq(faxReceipts.status, 'open'))),
    db.insert(auditLog).values({
      at: now,
      actor: `fax_receiver:${found.row.recipientKind}:${found.row.recipientId}`,
      action: 'fax.receipt.confirmed',
      target: found.row.id,
      ip: requester.ip,
      userAgent: requester.userAgent?.slice(0, 500) ?? null,
      detail: { caseId: found.row.caseId },
    }),
  ];
  if (lastFax) {
    statements.push(
      db
        .update(deliveryAttempts)
        .set({ status: 'confirmed', updatedAt: now })
        .where(and(eq(deliveryAttempts.id, lastFax.id), inArray(deliveryAttempts.status, FORWARD_FROM.confirmed))),
    );
  }
  await deps.database.commit(statements);
  deps.log.info('fax receipt confirmed', { noticeId: found.row.id, caseId: found.row.caseId });
  const again = await viewReceipt(deps, code);
  if (again.kind !== 'ok') return again;
  // Two receivers pressing at once: the first one's name stands, the second sees it.
  return {
    kind:
      again.receipt.confirmedAt === now && again.receipt.confirmedBy === confirmedBy
        ? 'confirmed'
        : 'already_confirmed',
    view: again.view,
  };
}

type Target = Pick<typeof outbox.$inferInsert, 'recipientKind' | 'recipientId' | 'recipientPurpose'> & {
  route: ChannelRoute;
};

/**
 * Who is reminded of an unconfirmed FAX: the party that can act. The receiver is asked to confirm,
 * but never by another FAX to the number that did not answer: a care office by its email or SMS, a
 * hospital window only when it has an email address. The sender's side is told the receiver has not
 * confirmed, to phone it: the care office for its information sheet, the case's hospital (its
 * inpatient window, which takes FAX) for the copy it sent to the receiving hospital on a transfer.
 * The care office for its care plan's copy too.
 */
export async function reminderTargets(
  deps: Deps,
  row: OutboxRow,
  scope: { careOfficeId: string | null; hospitalId: string },
): Promise<Target[]> {
  if (row.recipientKind === 'care_office')
    return [{ recipientKind: 'care_office', recipientId: row.recipientId, recipientPurpose: null, route: 'reminder' }];
  const receiver = row.recipientKind.startsWith('hospital') ? await loadRecipient(deps, row) : null;
  const asked: Target[] = receiver?.email
    ? [{ recipientKind: receiver.kind, recipientId: receiver.id, recipientPurpose: null, route: 'reminder' }]
    : [];
  if ((row.notice === 'information_sheet' || row.notice === 'care_plan_copy') && scope.careOfficeId)
    return [
      ...asked,
      { recipientKind: 'care_office', recipientId: scope.careOfficeId, recipientPurpose: null, route: 'reminder' },
    ];
  if (row.notice === 'information_sheet_copy')
    return [
      ...asked,
      { recipientKind: 'hospital', recipientId: scope.hospitalId, recipientPurpose: 'inpatient', route: 'document' },
    ];
  return asked;
}

export interface ReceiptCounts {
  reminded: number;
  stuck: number;
}

/**
 * A FAX sent one way is not a handoff. After the region's `remindAfterHours` without confirmation the
 * side that can act is reminded (`reminderTargets`); after `stuckAfterHours` the FAX is listed as
 * stuck for the administrators.
 */
export async function checkFaxReceipts(deps: Deps, now: Date): Promise<ReceiptCounts> {
  const { db } = deps.database;
  const t = now.getTime();
  const counts: ReceiptCounts = { reminded: 0, stuck: 0 };
  const open = await db
    .select({
      receipt: faxReceipts,
      regionId: cases.regionId,
      careOfficeId: cases.careOfficeId,
      hospitalId: cases.hospitalId,
      row: outbox,
    })
    .from(faxReceipts)
    .innerJoin(cases, eq(cases.id, faxReceipts.caseId))
    .innerJoin(outbox, eq(outbox.id, faxReceipts.outboxId))
    .where(
      and(
        eq(faxReceipts.status, 'open'),
        lte(faxReceipts.sentAt, t),
        or(isNull(faxReceipts.remindedAt), isNull(faxReceipts.stuckAt)),
      ),
    )
    .orderBy(asc(faxReceipts.sentAt))
    .limit(BATCH);
  for (const { receipt, regionId, careOfficeId, hospitalId, row } of open) {
    const rule = deps.regions.get(regionId)?.rule.faxConfirmation;
    if (!rule) continue;
    const statements: Statement[] = [];
    if (receipt.remindedAt === null && t >= receipt.sentAt + rule.remindAfterHours * HOUR_MS) {
      statements.push(
        db
          .update(faxReceipts)
          .set({ remindedAt: t })
          .where(and(eq(faxReceipts.outboxId, receipt.outboxId), isNull(faxReceipts.remindedAt))),
      );
      for (const target of await reminderTargets(deps, row, { careOfficeId, hospitalId })) {
        statements.push(
          queueNotice(db, {
            caseId: receipt.caseId,
            notice: 'fax_receipt_reminder',
            ...target,
            aboutNoticeId: receipt.outboxId,
            idempotencyKey: `fax-reminder:${receipt.outboxId}:${target.recipientKind}:${target.recipientId}`,
            at: t,
          }).onConflictDoNothing(),
        );
      }
      counts.reminded++;
    }
    if (receipt.stuckAt === null && t >= receipt.sentAt + rule.stuckAfterHours * HOUR_MS) {
      statements.push(
        db
          .update(faxReceipts)
          .set({ stuckAt: t })
          .where(and(eq(faxReceipts.outboxId, receipt.outboxId), isNull(faxReceipts.stuckAt))),
      );
      counts.stuck++;
      deps.log.warn('fax unconfirmed, stuck', { noticeId: receipt.outboxId, caseId: receipt.caseId });
    }
    if (statements.length > 0) await deps.database.commit(statements);
  }
  return counts;
}

/**
 * What must be looked at: notices given up, and FAXes nobody confirmed in time. `hospitalId` limits
 * both to that hospital's cases (hospital staff see no other hospital's notices).
 */
export async function listStuckNotices(deps: Deps, scope: { hospitalId?: string | undefined } = {}) {
  const { db } = deps.database;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const ofHospital = (caseId: typeof outbox.caseId | typeof faxReceipts.caseId) =>
    scope.hospitalId === undefined
      ? []
      : [inArray(caseId, db.select({ id: cases.id }).from(cases).where(eq(cases.hospitalId, scope.hospitalId)))];
  const [dead, unconfirmed] = await db.batch([
    db
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, 'dead'), isNotNull(outbox.caseId), ...ofHospital(outbox.caseId)))
      .orderBy(desc(outbox.createdAt))
      .limit(500),
    db
      .select()
      .from(faxReceipts)
      .where(and(eq(faxReceipts.status, 'open'), isNotNull(faxReceipts.stuckAt), ...ofHospital(faxReceipts.caseId)))
      .orderBy(asc(faxReceipts.sentAt))
      .limit(500),
  ]);
  return {
    deadNotices: dead.map((n) => ({
      noticeId: n.id,
      caseId: caseIdOf(n),
      notice: n.notice,
      recipient: `${n.recipientKind}:${n.recipientId}`,
      attempts: n.attempts,
      lastError: n.lastError,
      createdAt: iso(n.createdAt),
    })),
    unconfirmedFaxes: unconfirmed.map((r) => ({
      noticeId: r.outboxId,
      caseId: r.caseId,
      sentAt: iso(r.sentAt),
      remindedAt: iso(r.remindedAt),
      stuckAt: iso(r.stuckAt),
    })),
  };
}
