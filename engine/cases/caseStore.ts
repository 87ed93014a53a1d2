import { and, asc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { caseEvents, caseProviders, cases, tasks } from '../../db/schema.js';
import { mayCopyToProviders } from '../../machines/otherProviders.js';
import type { StoredSnapshot } from '../../machines/run.js';
import type { DeadlineKey } from '../../machines/types.js';
import type { Deps } from '../deps.js';

export type CaseRow = typeof cases.$inferSelect;

export interface LoadedCase {
  row: CaseRow;
  snapshot: StoredSnapshot;
  openTasks: Map<string, string>;
  /**
   * The stay's current other providers (他の事業所への写し), read with the case so copies cost no extra
   * round trip; absent when the fact read for cannot queue a copy (engine/cases/effects.ts reads them then).
   */
  providers?: (typeof caseProviders.$inferSelect)[];
}

export type CaseLocator = { caseId: string } | { hospitalId: string; hospitalizationId: string };

export type PriorEvent = Pick<typeof caseEvents.$inferSelect, 'caseId' | 'outcome' | 'stateAfter' | 'detail' | 'seq'>;

/** What an event needs to know before its transition: an earlier delivery with its key, and the case. */
export interface EventReads {
  prior: PriorEvent | null;
  loaded: LoadedCase | null;
}

function caseWhere(locator: CaseLocator): SQL | undefined {
  return 'caseId' in locator
    ? eq(cases.id, locator.caseId)
    : and(eq(cases.hospitalId, locator.hospitalId), eq(cases.hospitalizationId, locator.hospitalizationId));
}

/**
 * The queries behind EventReads, for a caller to put into its own read batch: the earlier delivery, the
 * case, its open tasks and, only for a fact that may queue a copy to them (machines/otherProviders.ts
 * mayCopyToProviders), the stay's current other providers. `eventType` null: none is needed.
 */
export function eventQueries(db: Db, locator: CaseLocator, dedupeKey: string | null, eventType: string | null) {
  const where = caseWhere(locator);
  const caseIds = () => db.select({ id: cases.id }).from(cases).where(where);
  const base = [
    // No key means no earlier delivery; '' is never a key, so the batch keeps one shape.
    db
      .select({
        caseId: caseEvents.caseId,
        outcome: caseEvents.outcome,
        stateAfter: caseEvents.stateAfter,
        detail: caseEvents.detail,
        seq: caseEvents.seq,
      })
      .from(caseEvents)
      .where(eq(caseEvents.dedupeKey, dedupeKey ?? '')),
    db.select().from(cases).where(where),
    db
      .select({ id: tasks.id, kind: tasks.kind })
      .from(tasks)
      .where(and(eq(tasks.status, 'open'), inArray(tasks.caseId, caseIds()))),
  ] as const;
  if (!mayCopyToProviders(eventType)) return base;
  return [
    ...base,
    db
      .select()
      .from(caseProviders)
      .where(and(isNull(caseProviders.removedAt), inArray(caseProviders.caseId, caseIds())))
      .orderBy(asc(caseProviders.addedAt), asc(caseProviders.id)),
  ] as const;
}

/** The results of eventQueries, in its order (the providers' only when they were asked for). */
type EventQueryResults =
  | readonly [PriorEvent[], CaseRow[], { id: string; kind: string }[]]
  | readonly [PriorEvent[], CaseRow[], { id: string; kind: string }[], (typeof caseProviders.$inferSelect)[]];

export function eventReads([priorRows, rows, open, providers]: EventQueryResults): EventReads {
  const row = rows[0];
  return {
    prior: priorRows[0] ?? null,
    loaded: row
      ? {
          row,
          snapshot: row.snapshot,
          openTasks: new Map(open.map((t) => [t.kind, t.id])),
          ...(providers ? { providers } : {}),
        }
      : null,
  };
}

/**
 * The earlier delivery (if any) and the case with its open tasks, in one round trip; with the stay's
 * other providers when `eventType` may queue a copy to them.
 */
export async function readForEvent(
  deps: Deps,
  locator: CaseLocator,
  dedupeKey: string | null,
  eventType: string | null,
): Promise<EventReads> {
  const { db } = deps.database;
  return eventReads((await db.batch(eventQueries(db, locator, dedupeKey, eventType))) as EventQueryResults);
}

/** Overdue deadline keys, derived from the snapshot and stored for cheap listing. */
export function overdueKeys(snapshot: StoredSnapshot): DeadlineKey[] {
  return snapshot.context.deadlines.filter((d) => d.status === 'overdue').map((d) => d.key);
}
