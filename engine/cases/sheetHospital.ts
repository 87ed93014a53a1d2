import type { cases } from '../../db/schema.js';

/**
 * The hospital a task's sheet goes to: after a transfer with no sheet on record, the receiving
 * hospital (its window for planned admissions, like the copy of a sheet); else the stay's own.
 */
export function sheetHospital(
  kind: string,
  caseRow: Pick<typeof cases.$inferSelect, 'hospitalId' | 'snapshot'>,
): { hospitalId: string; receiving: boolean } {
  const to = caseRow.snapshot.context.transfer?.toHospitalId;
  return kind === 'send_sheet_to_receiving_hospital' && to
    ? { hospitalId: to, receiving: true }
    : { hospitalId: caseRow.hospitalId, receiving: false };
}

/** 転院先: the window a receiving hospital is reached at, for the sheet and its copy. */
export const RECEIVING_WINDOW_PURPOSE = 'planned_admission' as const;
