import { and, eq, inArray } from 'drizzle-orm';
import { caseEvents, cases, tasks } from '../db/schema.js';
import type { StoredSnapshot } from '../machines/run.js';
import type { Deps } from './deps.js';

export type CaseRow = typeof cases.$inferSelect;

export interface LoadedCase {
  row: CaseRow;
  snapshot: StoredSnapshot;
  openTasks: Map<string, string>;
}

export type CaseLocator = { caseId: string } | { hospitalId: string; hospitalizationId: string };

/** Loads a case and its open tasks in one round trip. */
export async function loadCase(deps: Deps, locator: CaseLocator): Promise<LoadedCase | null> {
  const { db } = deps.database;
  const where = 'caseId' in locator
    ? eq(cases.id, locator.caseId)
    : and(eq(cases.hospitalId, locator.hospitalId), eq(cases.hospitalizationId, locator.hospitalizationId));
  const [rows, open] = await db.batch([
    db.select().from(cases).where(where),
    db.select({ id: tasks.id, kind: tasks.kind }).from(tasks)
      .where(and(eq(tasks.status, 'open'), inArray(tasks.caseId, db.select({ id: cases.id }).from(cases).where(where)))),
  ]);
  const row = rows[0];
  if (!row) return null;
  return {
    row,
    snapshot: row.snapshot as StoredSnapshot,
    openTasks: new Map(open.map((t) => [t.kind, t.id])),
  };
}

export type PriorEvent = Pick<typeof caseEvents.$inferSelect, 'caseId' | 'outcome' | 'stateAfter' | 'detail' | 'seq'>;

export async function findByDedupeKey(deps: Deps, dedupeKey: string): Promise<PriorEvent | null> {
  const { db } = deps.database;
  const rows = await db.select({
    caseId: caseEvents.caseId, outcome: caseEvents.outcome, stateAfter: caseEvents.stateAfter,
    detail: caseEvents.detail, seq: caseEvents.seq,
  }).from(caseEvents).where(eq(caseEvents.dedupeKey, dedupeKey));
  return rows[0] ?? null;
}

/** Overdue deadline keys, derived from the snapshot and stored for cheap listing. */
export function overdueKeys(snapshot: StoredSnapshot): string[] {
  return snapshot.context.deadlines.filter((d) => d.status === 'overdue').map((d) => d.key);
}
