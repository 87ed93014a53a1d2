import { eq, isNull } from 'drizzle-orm';
import { cases } from '../db/schema.js';
import { billingEvidence } from '../machines/billing.js';
import type { StoredSnapshot } from '../machines/run.js';
import type { Deadline, HospitalizationContext } from '../machines/types.js';
import type { Deps } from './deps.js';

/**
 * What the monthly measures need from one stay, derived from its snapshot at every commit and
 * kept in columns that the measures' indexes hold: the metrics page then reads index entries
 * instead of whole snapshots, and stays fast over a region's year of discharges.
 */
export interface CaseMeasures {
  /** The status of the information-sheet deadline, if the stay has one. */
  informationSheetStatus: string | null;
  dischargePlanningStartedAt: number | null;
  addOns: { code: string; name: string; supported: boolean }[];
}

export type OverdueDeadline = Pick<Deadline, 'key' | 'owner' | 'dueAt' | 'reason'>;

export function caseMeasures(ctx: HospitalizationContext): CaseMeasures & { overdueDeadlines: OverdueDeadline[] | null } {
  const overdue = ctx.deadlines.filter((d) => d.status === 'overdue');
  return {
    overdueDeadlines: overdue.length ? overdue.map(({ key, owner, dueAt, reason }) => ({ key, owner, dueAt, reason })) : null,
    informationSheetStatus: ctx.deadlines.find((d) => d.key === 'informationSheet')?.status ?? null,
    dischargePlanningStartedAt: ctx.dischargePlanning ? Date.parse(ctx.dischargePlanning.startedAt) : null,
    addOns: billingEvidence(ctx).map((a) => ({ code: a.code, name: a.name, supported: a.supported })),
  };
}

const BATCH = 200;

/**
 * Derives the measures of stays recorded before they were kept (a database migrated from an
 * earlier version). Cheap when there are none: a probe of a partial index. `maxBatches` bounds
 * one call, so a Worker's start never runs long; what is left is done at the next start.
 */
export async function deriveMissingMeasures(deps: Deps, maxBatches = Infinity): Promise<number> {
  const { db } = deps.database;
  let done = 0;
  for (let b = 0; b < maxBatches; b++) {
    const rows = await db.select({ id: cases.id, snapshot: cases.snapshot }).from(cases).where(isNull(cases.addOns)).limit(BATCH);
    if (rows.length === 0) break;
    await deps.database.commit(rows.map((r) =>
      db.update(cases).set(caseMeasures((r.snapshot as StoredSnapshot).context)).where(eq(cases.id, r.id))));
    done += rows.length;
    if (rows.length < BATCH) break;
  }
  return done;
}
