import { eq } from 'drizzle-orm';
import { cases } from '../../db/schema.js';
import { daysBetween, jstDate } from '../../machines/calendar.js';
import type { Deps } from '../deps.js';
import type { PreviousStayRow } from '../patients/index.js';

/** The admission number a stay reported by a care manager carries until the hospital's own record joins it. */
export const REPORTED_PREFIX = 'ケアマネ連絡-';

/**
 * The reported stay a hospital's admission joins: same hospital, same patient (the stays read by the
 * keyed hash, in the webhook's read batch), not yet joined or closed, reported within the region's
 * `careManagerReportJoinDays` of the admission's date.
 */
export function reportedStayFor(
  deps: Deps,
  stays: PreviousStayRow[],
  hospitalId: string,
  regionId: string,
  occurredAt: string,
): { id: string; hospitalizationId: string } | null {
  const days = deps.regions.get(regionId)?.rule.careManagerReportJoinDays ?? 7;
  const on = jstDate(occurredAt);
  return (
    stays.find(
      (r) =>
        r.hospitalId === hospitalId &&
        r.hospitalizationId.startsWith(REPORTED_PREFIX) &&
        r.state !== 'closed' &&
        Math.abs(daysBetween(jstDate(new Date(r.admittedAt)), on)) <= days,
    ) ?? null
  );
}

/** Joining: the reported stay takes the hospital's own admission number (in the batch of the join's event). */
export function takeHospitalNumber(deps: Deps, caseId: string, hospitalizationId: string) {
  return deps.database.db.update(cases).set({ hospitalizationId }).where(eq(cases.id, caseId));
}
