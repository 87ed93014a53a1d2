import { count, eq } from 'drizzle-orm';
import { cases, nursingSummaries } from '../../db/schema.js';
import { audit, maySee, type Principal, type Requester } from '../access/index.js';
import type { Deps } from '../deps.js';

// 看護サマリー in the console: the coordination center sees every stay's, a hospital's staff only
// their own hospital's (another's is answered like a missing stay, and the attempt audited).

type CaseRow = typeof cases.$inferSelect;

/** The stay whose summary the principal may open (the opening audited), or null. */
export async function summaryStay(
  deps: Deps,
  principal: Principal,
  caseId: string,
  requester: Requester,
): Promise<CaseRow | null> {
  const [row] = await deps.database.db.select().from(cases).where(eq(cases.id, caseId));
  if (!row || !maySee(principal, row.hospitalId)) {
    if (row) await audit(deps, { actor: principal.actor, action: 'case.view.denied', target: caseId }, requester);
    return null;
  }
  await audit(deps, { actor: principal.actor, action: 'case.nursing_summary_viewed', target: caseId }, requester);
  return row;
}

/** Whether a stay's summary was recorded sent, and how many came as data (their content stays sealed here). */
export async function summaryState(deps: Deps, caseId: string): Promise<{ sentAt: string | null; versions: number }> {
  const { db } = deps.database;
  const [[row], [n]] = await db.batch([
    db.select({ snapshot: cases.snapshot }).from(cases).where(eq(cases.id, caseId)),
    db.select({ n: count() }).from(nursingSummaries).where(eq(nursingSummaries.caseId, caseId)),
  ]);
  return { sentAt: row?.snapshot.context.discharge?.nursingSummarySentAt ?? null, versions: n?.n ?? 0 };
}
