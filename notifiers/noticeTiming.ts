import type { OutboxNoticeKind } from './noticeNames.js';

/**
 * Whether a notice may wait for a care office's daily digest (`routine`) or always goes at once
 * (`at_once`), keyed by every kind so a new kind must be decided here. Only notices to a care office
 * in digest mode are ever held; an outbox row marked urgent (a discharge-start notice with less lead
 * than the region's days) goes at once whatever its kind says.
 *
 * Why each side:
 * - routine: what the care manager acts on within days, where a few hours do not change what they can
 *   do — an admission (the information sheet is due days later), a planned admission, a discharge
 *   start with ample lead, a reminder before its deadline, news of the stay (treatment plan, stay
 *   ended, a discharge that was planned with them), requests that open a task with days to answer.
 * - at_once: what is late or sudden, or changes what the office already read — a sudden discharge,
 *   an overdue notice and its escalation, a correction (a digest must not leave a wrong fact standing
 *   until evening), a conference (it has a date the office may need to reach today), a FAX the
 *   receiver has not confirmed, a sheet that could not be delivered. Notices to hospitals and to the
 *   console's people never wait.
 */
export const NOTICE_TIMING: Record<OutboxNoticeKind, 'routine' | 'at_once'> = {
  admission_notice: 'routine',
  planned_admission_notice: 'routine',
  information_sheet_reminder: 'routine',
  care_plan_copy_reminder: 'routine',
  assignment_reminder: 'routine',
  hospital_contact_reminder: 'routine',
  discharge_start_notice: 'routine',
  discharge_start_reminder: 'routine',
  conference_notice: 'at_once',
  discharge_notice: 'routine',
  sudden_discharge_notice: 'at_once',
  stay_ended_notice: 'routine',
  care_level_change_notice: 'routine',
  treatment_plan_notice: 'routine',
  assignment_request: 'routine',
  support_center_request: 'routine',
  // The hospital's deadline to find the care manager runs in business days: the center is asked today.
  care_manager_search_request: 'at_once',
  information_sheet_copy: 'at_once',
  deadline_overdue_notice: 'at_once',
  escalation_notice: 'at_once',
  correction_notice: 'at_once',
  fax_receipt_reminder: 'at_once',
  admission_reported_notice: 'at_once',
  information_sheet_undelivered: 'at_once',
  // News of a stay already ended: the care manager reads it before the first visit, a few hours do not change that.
  nursing_summary_notice: 'routine',
  information_sheet: 'at_once',
  care_plan_copy: 'at_once',
  admin_alert: 'at_once',
  morning_summary: 'at_once',
  office_digest: 'at_once',
  // A copy to another provider: it has no digest of its own, and it is news they prepare for.
  discharge_start_copy: 'at_once',
  discharge_copy: 'at_once',
};

/** Whether this outbox row may be held for its care office's digest (the office must also be in digest mode). */
export function mayWaitForDigest(row: { notice: string; urgent: boolean; recipientKind: string; route: string }) {
  return (
    row.recipientKind === 'care_office' &&
    !row.urgent &&
    // The SMS row of an urgent pair, and reminders about a FAX, have their own routes: never held.
    row.route === 'preferred' &&
    NOTICE_TIMING[row.notice as OutboxNoticeKind] === 'routine'
  );
}
