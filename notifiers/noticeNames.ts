import type { NoticeKind } from '../machines/types.js';

// Japanese names of the notices, for the people who read the console, the stuck list and alerts.
export const NOTICE_LABELS: Record<NoticeKind, string> = {
  admission_notice: '入院のお知らせ',
  information_sheet_reminder: '情報提供シートの提出期限',
  care_plan_copy_reminder: 'ケアプランの写しの提出期限',
  discharge_start_notice: '退院調整開始のお知らせ',
  conference_notice: '退院前カンファレンスのお知らせ',
  discharge_notice: '退院のお知らせ',
  sudden_discharge_notice: '至急・退院のお知らせ',
  stay_ended_notice: '入院終了のお知らせ',
  care_level_change_notice: '区分変更申請のご相談',
  treatment_plan_notice: '入院中の経過のお知らせ',
  assignment_request: '担当のお知らせ',
  support_center_request: '介護保険申請の支援依頼',
  information_sheet_copy: '転院先への情報提供シートの写し',
  deadline_overdue_notice: '期限超過のお知らせ',
  escalation_notice: '期限超過の報告',
  correction_notice: '訂正のお知らせ',
};
