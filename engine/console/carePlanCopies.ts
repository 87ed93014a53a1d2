import { eq } from 'drizzle-orm';
import { cases } from '../../db/schema.js';
import { audit, maySee, type Principal, type Requester } from '../access/index.js';
import type { Deps } from '../deps.js';
import { type CarePlanCopyView, carePlanCopiesOf, readCarePlanCopy } from '../notices/index.js';

// ケアプランの写し in the console: the center sees every stay's, a hospital's staff their hospital's
// only. Opening the PDF is personal data read: audited, and so is a refusal.

async function mayRead(deps: Deps, principal: Principal, caseId: string, requester: Requester, target: string) {
  const [row] = await deps.database.db.select({ hospitalId: cases.hospitalId }).from(cases).where(eq(cases.id, caseId));
  if (row && maySee(principal, row.hospitalId)) return true;
  if (row) await audit(deps, { actor: principal.actor, action: 'care_plan_copy.denied', target }, requester);
  return false;
}

/** A stay's copies for its case page (the page's own read is scoped and audited by viewCase). */
export async function caseCarePlanCopies(
  deps: Deps,
  principal: Principal,
  caseId: string,
): Promise<CarePlanCopyView[]> {
  const [row] = await deps.database.db.select({ hospitalId: cases.hospitalId }).from(cases).where(eq(cases.id, caseId));
  return row && maySee(principal, row.hospitalId) ? carePlanCopiesOf(deps, caseId) : [];
}

/** One copy's PDF for a person of the console allowed to see its stay; null otherwise (not found or not theirs). */
export async function openCarePlanCopy(
  deps: Deps,
  principal: Principal,
  requester: Requester,
  caseId: string,
  copyId: string,
): Promise<{ pdf: Uint8Array; uploadedAt: string } | null> {
  if (!(await mayRead(deps, principal, caseId, requester, copyId))) return null;
  const copy = await readCarePlanCopy(deps, caseId, copyId);
  if (!copy) return null;
  await audit(deps, { actor: principal.actor, action: 'care_plan_copy.opened', target: copyId }, requester);
  return copy;
}
