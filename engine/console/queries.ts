import { and, asc, desc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import { caseEvents, cases, deliveryAttempts, faxReceipts, outbox, tasks } from '../../db/schema.js';
import { billingEvidence } from '../../machines/billing.js';
import { compareDischargeRecord } from '../../machines/dischargeRecord.js';
import type { Deps } from '../deps.js';
import { DEADLINE_LABELS } from '../notices/index.js';
import { casePatient } from '../patients/index.js';

export interface CaseFilter {
  state?: string | undefined;
  overdue?: boolean | undefined;
  hospitalId?: string | undefined;
  /** Open stays only (not closed). */
  active?: boolean | undefined;
  /** The hospital's own 入院番号, exactly. */
  hospitalizationId?: string | undefined;
  /** Stays with one of these care offices (found by name or phone). */
  careOfficeIds?: string[] | undefined;
  /** Stays of one patient: the keyed hashes of their name and birth date. */
  patientKeys?: string[] | undefined;
  limit?: number | undefined;
  /** Rows skipped before the first returned, newest admission first (a page of the console's list). */
  offset?: number | undefined;
}

export async function listCases(deps: Deps, filter: CaseFilter) {
  const { db } = deps.database;
  const where: SQL[] = [];
  if (filter.state) where.push(eq(cases.state, filter.state));
  if (filter.hospitalId) where.push(eq(cases.hospitalId, filter.hospitalId));
  if (filter.overdue === true) where.push(ne(cases.overdue, sql`'[]'`));
  if (filter.overdue === false) where.push(eq(cases.overdue, sql`'[]'`));
  if (filter.active) where.push(ne(cases.state, 'closed'));
  if (filter.hospitalizationId !== undefined) where.push(eq(cases.hospitalizationId, filter.hospitalizationId));
  if (filter.careOfficeIds) where.push(inArray(cases.careOfficeId, filter.careOfficeIds));
  if (filter.patientKeys) where.push(inArray(cases.patientKey, filter.patientKeys));
  const rows = await db
    .select({
      id: cases.id,
      hospitalId: cases.hospitalId,
      hospitalizationId: cases.hospitalizationId,
      state: cases.state,
      overdue: cases.overdue,
      careOfficeId: cases.careOfficeId,
      admittedAt: cases.admittedAt,
      updatedAt: cases.updatedAt,
      route: cases.route,
      leakReason: cases.leakReason,
    })
    .from(cases)
    .where(where.length ? and(...where) : undefined)
    // The id breaks ties, so a page boundary between two stays admitted at the same moment is stable.
    .orderBy(desc(cases.admittedAt), desc(cases.id))
    .limit(filter.limit ?? 500)
    .offset(filter.offset ?? 0);
  return rows.map((r) => ({
    caseId: r.id,
    hospitalId: r.hospitalId,
    hospitalizationId: r.hospitalizationId,
    state: r.state,
    overdue: r.overdue,
    careOfficeId: r.careOfficeId,
    admittedAt: new Date(r.admittedAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
    route: r.route,
    leak: r.leakReason,
  }));
}

/**
 * Who recorded a fact by hand, and why. Facts recorded from the case page keep the account and the reason
 * around the hospital's data (engine/cases/caseActions.ts); those a person delivered through the API token,
 * the registration form or a ledger import keep the hospital's data alone (its own `by`, such as who applied
 * for insurance, is not a person) and the audit log names the account.
 */
function manualNote(e: typeof caseEvents.$inferSelect): { by: string; byName: string; reason: string } | null {
  if (e.source !== 'admin' && e.source !== 'staff') return null;
  const data = e.data as { by?: unknown; byName?: unknown; reason?: unknown; data?: unknown };
  const recordedByHand = 'data' in data && typeof data.by === 'string';
  return {
    by: recordedByHand ? (data.by as string) : '',
    byName: recordedByHand && typeof data.byName === 'string' ? data.byName : '',
    reason: recordedByHand && typeof data.reason === 'string' ? data.reason : '',
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function caseDetail(deps: Deps, caseId: string) {
  const { db } = deps.database;
  const [rows, events, notices, taskRows, receipts] = await db.batch([
    db.select().from(cases).where(eq(cases.id, caseId)),
    db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.seq)),
    db.select().from(outbox).where(eq(outbox.caseId, caseId)).orderBy(asc(outbox.createdAt)),
    db.select().from(tasks).where(eq(tasks.caseId, caseId)).orderBy(asc(tasks.createdAt)),
    db.select().from(faxReceipts).where(eq(faxReceipts.caseId, caseId)).orderBy(asc(faxReceipts.sentAt)),
  ]);
  const row = rows[0];
  if (!row) return null;
  const attempts = notices.length
    ? await db
        .select()
        .from(deliveryAttempts)
        .where(
          inArray(
            deliveryAttempts.outboxId,
            notices.map((n) => n.id),
          ),
        )
        .orderBy(asc(deliveryAttempts.id))
    : [];
  const ctx = row.snapshot.context;
  const timeline = [
    ...events.map((e) => ({
      at: iso(e.receivedAt)!,
      kind: 'event' as const,
      seq: e.seq,
      type: e.type,
      source: e.source,
      occurredAt: e.occurredAt,
      outcome: e.outcome,
      stateAfter: e.stateAfter,
      detail: e.detail,
      manual: manualNote(e),
    })),
    ...notices.map((n) => ({
      at: iso(n.createdAt)!,
      kind: 'notice' as const,
      noticeId: n.id,
      notice: n.notice,
      /** A notice held for its office's daily digest: the digest that lists it. */
      digestId: n.digestId,
      channel: n.channel,
      route: n.route,
      recipient: `${n.recipientKind}:${n.recipientId}`,
      status: n.status,
      attempts: n.attempts,
      lastError: n.lastError,
    })),
    ...attempts.map((a) => ({
      at: iso(a.at)!,
      kind: 'delivery' as const,
      noticeId: a.outboxId,
      channel: a.channel,
      status: a.status,
      recipient: a.recipient,
      providerId: a.providerId,
      detail: a.detail,
      updatedAt: iso(a.updatedAt),
    })),
    ...receipts.map((r) => ({
      at: iso(r.sentAt)!,
      kind: 'receipt' as const,
      noticeId: r.outboxId,
      status: r.status,
      confirmedAt: iso(r.confirmedAt),
      confirmedBy: r.confirmedBy,
      remindedAt: iso(r.remindedAt),
      stuckAt: iso(r.stuckAt),
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return {
    caseId: row.id,
    hospitalId: row.hospitalId,
    hospitalizationId: row.hospitalizationId,
    regionId: row.regionId,
    state: row.state,
    route: ctx.route,
    careOfficeId: row.careOfficeId,
    version: row.version,
    overdue: row.overdue,
    admittedAt: ctx.admittedAt,
    patient: await casePatient(deps, row),
    ward: ctx.ward,
    previousStay: ctx.previousStay,
    /** Sanda §2(3): false when out of the rule's scope (kept, not chased). */
    inRuleScope: ctx.inRuleScope !== false,
    /** 「今回は提供不要（病院と合意）」: who at the hospital agreed, and who recorded it. */
    informationSheetNotNeeded: ctx.informationSheetNotNeeded ?? null,
    deadlines: ctx.deadlines.map((d) => ({ ...d, label: DEADLINE_LABELS[d.key] ?? d.key })),
    leak: ctx.leak,
    noExchangeBeforeDischarge: ctx.noExchangeBeforeDischarge,
    closedReason: ctx.closedReason,
    eligibility: ctx.eligibility,
    assignment: ctx.assignment,
    billing: billingEvidence(ctx),
    dischargeRecord: compareDischargeRecord(ctx),
    tasks: taskRows.map((t) => ({
      id: t.id,
      kind: t.kind,
      status: t.status,
      createdAt: iso(t.createdAt),
      doneAt: iso(t.doneAt),
      expiresAt: iso(t.expiresAt),
    })),
    timeline,
  };
}
