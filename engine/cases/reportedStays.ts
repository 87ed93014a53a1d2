import { and, desc, eq, inArray, like, ne } from 'drizzle-orm';
import { cases } from '../../db/schema.js';
import { daysBetween, jstDate } from '../../machines/calendar.js';
import type { Deps } from '../deps.js';

/** The admission number a stay reported by a care manager carries until the hospital's own record joins it. */
export const REPORTED_PREFIX = 'ケアマネ連絡-';

/**
 * The reported stay a hospital's admission joins: same hospital, same patient (keyed hash), not yet
 * joined or closed, reported within the region's `careManagerReportJoinDays` of the admission.
 */
export async function reportedStayFor(
  deps: Deps,
  hospitalId: string,
  regionId: string,
  keys: string[],
  occurredAt: string,
): Promise<{ id: string; hospitalizationId: string } | null> {
  const days = deps.regions.get(regionId)?.rule.careManagerReportJoinDays ?? 7;
  const rows = await deps.database.db
    .select({ id: cases.id, hospitalizationId: cases.hospitalizationId, admittedAt: cases.admittedAt })
    .from(cases)
    .where(
      and(
        eq(cases.hospitalId, hospitalId),
        inArray(cases.patientKey, keys),
        like(cases.hospitalizationId, `${REPORTED_PREFIX}%`),
        ne(cases.state, 'closed'),
      ),
    )
    .orderBy(desc(cases.admittedAt));
  const on = jstDate(occurredAt);
  return rows.find((r) => Math.abs(daysBetween(jstDate(new Date(r.admittedAt)), on)) <= days) ?? null;
}

/** Joining: the reported stay takes the hospital's own admission number (in the batch of the join's event). */
export function takeHospitalNumber(deps: Deps, caseId: string, hospitalizationId: string) {
  return deps.database.db.update(cases).set({ hospitalizationId }).where(eq(cases.id, caseId));
}
