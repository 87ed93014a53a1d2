import { billingEvidence } from '../machines/billing.js';
import type { HospitalizationContext } from '../machines/types.js';

/**
 * What the monthly measures need from one stay, derived from its snapshot at every commit and
 * kept beside it: the metrics page then reads a few hundred bytes per stay instead of the whole
 * snapshot, and stays fast over a region's year of discharges.
 */
export interface CaseMeasures {
  dischargePlanningStartedAt: string | null;
  /** The status of the information-sheet deadline, if the stay has one. */
  informationSheet: string | null;
  addOns: { code: string; name: string; supported: boolean }[];
}

export function caseMeasures(ctx: HospitalizationContext): CaseMeasures {
  return {
    dischargePlanningStartedAt: ctx.dischargePlanning?.startedAt ?? null,
    informationSheet: ctx.deadlines.find((d) => d.key === 'informationSheet')?.status ?? null,
    addOns: billingEvidence(ctx).map((a) => ({ code: a.code, name: a.name, supported: a.supported })),
  };
}
