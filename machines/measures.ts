import { type AddOn, billingEvidence } from './billing.js';
import type { Deadline, HospitalizationContext } from './types.js';

/**
 * What the monthly measures need from one stay, derived from its snapshot at every commit and
 * kept in columns that the measures' indexes hold: the metrics page then reads index entries
 * instead of whole snapshots, and stays fast over a region's year of discharges.
 */
export interface CaseMeasures {
  /** The status of the information-sheet deadline, if the stay has one. */
  informationSheetStatus: string | null;
  dischargePlanningStartedAt: number | null;
  addOns: Pick<AddOn, 'code' | 'name' | 'supported'>[];
}

export type OverdueDeadline = Pick<Deadline, 'key' | 'owner' | 'dueAt' | 'reason'>;

export function caseMeasures(
  ctx: HospitalizationContext,
): CaseMeasures & { overdueDeadlines: OverdueDeadline[] | null } {
  const overdue = ctx.deadlines.filter((d) => d.status === 'overdue');
  return {
    overdueDeadlines: overdue.length
      ? overdue.map(({ key, owner, dueAt, reason }) => ({ key, owner, dueAt, reason }))
      : null,
    informationSheetStatus: ctx.deadlines.find((d) => d.key === 'informationSheet')?.status ?? null,
    dischargePlanningStartedAt: ctx.dischargePlanning ? Date.parse(ctx.dischargePlanning.startedAt) : null,
    addOns: billingEvidence(ctx).map((a) => ({ code: a.code, name: a.name, supported: a.supported })),
  };
}
