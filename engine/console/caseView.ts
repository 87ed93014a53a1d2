import { eq, inArray } from 'drizzle-orm';
import { cases, noticeResends } from '../../db/schema.js';
import { audit, listAudit, maySee, type Principal, type Requester } from '../access/index.js';
import type { Deps } from '../deps.js';
import { caseDetail } from './queries.js';

type StoredDetail = NonNullable<Awaited<ReturnType<typeof caseDetail>>>;

/**
 * The stay this one continues (a transfer in, a readmission within 30 days). Someone who may not see
 * the earlier stay's hospital learns that there was one elsewhere, never its case id.
 */
export interface PreviousStayView {
  reason: 'transfer' | 'readmission';
  /** Null when the earlier stay is at a hospital the reader may not see. */
  caseId: string | null;
  atAnotherHospital: boolean;
}

export type CaseDetail = Omit<StoredDetail, 'previousStay'> & { previousStay: PreviousStayView | null };

async function previousStayFor(
  deps: Deps,
  principal: Principal,
  detail: StoredDetail,
): Promise<PreviousStayView | null> {
  const previous = detail.previousStay;
  if (!previous) return null;
  const [row] = await deps.database.db
    .select({ hospitalId: cases.hospitalId })
    .from(cases)
    .where(eq(cases.id, previous.caseId));
  const hospitalId = row?.hospitalId ?? null;
  return {
    reason: previous.reason,
    caseId: hospitalId !== null && maySee(principal, hospitalId) ? previous.caseId : null,
    atAnotherHospital: hospitalId !== detail.hospitalId,
  };
}

/**
 * One case as a person sees it, audited. Another hospital's case is answered exactly like a case
 * that does not exist (and the attempt is audited), so staff learn nothing about it.
 */
export async function viewCase(
  deps: Deps,
  principal: Principal,
  caseId: string,
  requester: Requester,
): Promise<CaseDetail | null> {
  const [row] = await deps.database.db.select({ hospitalId: cases.hospitalId }).from(cases).where(eq(cases.id, caseId));
  if (!row || !maySee(principal, row.hospitalId)) {
    if (row) await audit(deps, { actor: principal.actor, action: 'case.view.denied', target: caseId }, requester);
    return null;
  }
  const detail = await caseDetail(deps, caseId);
  if (!detail) return null;
  await audit(deps, { actor: principal.actor, action: 'case.viewed', target: caseId }, requester);
  return { ...detail, previousStay: await previousStayFor(deps, principal, detail) };
}

/** Resent notices of a case: new notice id → the one it repeats, who and why. */
export async function resendsOf(deps: Deps, noticeIds: string[]) {
  if (noticeIds.length === 0) return [];
  return deps.database.db.select().from(noticeResends).where(inArray(noticeResends.outboxId, noticeIds));
}

export function caseAudit(deps: Deps, caseId: string) {
  return listAudit(deps, { targets: [caseId], limit: 100 });
}
