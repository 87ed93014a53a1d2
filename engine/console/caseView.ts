import { eq, inArray } from 'drizzle-orm';
import { cases, noticeResends } from '../../db/schema.js';
import { audit, listAudit, maySee, type Principal, type Requester } from '../access/index.js';
import type { Deps } from '../deps.js';
import { caseDetail } from './queries.js';

export type CaseDetail = NonNullable<Awaited<ReturnType<typeof caseDetail>>>;

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
  return detail;
}

/** Resent notices of a case: new notice id → the one it repeats, who and why. */
export async function resendsOf(deps: Deps, noticeIds: string[]) {
  if (noticeIds.length === 0) return [];
  return deps.database.db.select().from(noticeResends).where(inArray(noticeResends.outboxId, noticeIds));
}

export function caseAudit(deps: Deps, caseId: string) {
  return listAudit(deps, { targets: [caseId], limit: 100 });
}
