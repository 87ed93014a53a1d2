import type { HospitalizationState } from '../../machines/hospitalization.js';
import type { ClosedReason, EventType, LeakReason } from '../../machines/types.js';

// Japanese names of the machine's vocabulary, for the people who read the console and the
// administration API's labels. The rule line is kept in brackets where the rule numbers it.

export { noticeLabel } from '../../notifiers/noticeNames.js';
export { DEADLINE_LABELS } from '../notices/index.js';

export const STATE_LABELS: Record<HospitalizationState | 'stay' | 'admission', string> = {
  stay: '入院中',
  admission: '入院',
  admissionNotice: '入院時の連絡 (A①)',
  informationProvision: '情報提供 (A①)',
  eligibilityScreening: '介護保険申請の目安の確認 (B①)',
  insuranceApplication: '介護保険申請の支援 (B①)',
  careManagerAssignment: 'ケアマネジャーの担当依頼 (B②)',
  careManagerContact: 'ケアマネジャーから病院への連絡 (B②)',
  inpatientCoordination: '入院中の連携 (A②)',
  dischargeStart: '退院調整開始 (A③)',
  preDischargeConference: '退院前調整 (A④)',
  discharged: '退院 (A⑤)',
  carePlanCopy: 'ケアプランの写し待ち (A⑤)',
  closed: '終了',
};

export const EVENT_LABELS: Record<EventType | 'admitted' | 'event_retracted', string> = {
  admitted: '入院',
  care_office_identified: '担当ケアマネジャーの確認',
  admission_reported_by_care_manager: 'ケアマネジャーから入院の連絡',
  admission_acknowledged: '入院連絡の確認 (ケアマネジャー)',
  information_sheet_provided: '入院時情報提供シートの提供',
  eligibility_screened: '介護保険申請の目安の確認',
  insurance_application_supported: '介護保険申請の支援',
  care_manager_assigned: 'ケアマネジャーの担当決定',
  care_manager_contacted_hospital: 'ケアマネジャーから病院への連絡',
  care_level_change_needed: '区分変更申請の相談',
  treatment_plan_shared: '治療方針・入院期間の見込みの共有',
  discharge_difficulty_screened: '退院困難な患者の抽出',
  patient_family_interviewed: '患者・家族との面接',
  discharge_planning_started: '退院調整開始',
  discharge_information_shared: '退院に向けた情報共有',
  conference_scheduled: 'カンファレンスの予定',
  conference_held: 'カンファレンスの実施',
  discharged: '退院',
  transferred: '転院',
  died: '死亡退院',
  admission_cancelled: '入院の取消',
  nursing_summary_sent: '看護サマリーの提供',
  care_plan_copy_sent: 'ケアプランの写しの提供',
  notice_delivered: '通知の配達',
  deadline_approached: '期限の事前通知',
  deadline_passed: '期限超過',
  deadline_escalated: '期限超過の報告',
  event_retracted: '訂正 (取り消し)',
};

export const LEAK_LABELS: Record<LeakReason, string> = {
  no_care_manager: 'ケアマネジャー不在のまま退院',
  no_discharge_start_notice: '退院調整開始の連絡なし (急な退院)',
  discharge_start_notice_undelivered: '退院調整開始の連絡が不達',
  discharge_start_notice_late: '退院調整開始の連絡が遅い',
};

export const CLOSED_LABELS: Record<ClosedReason, string> = {
  completed: '完了',
  discharged_to_facility: '施設へ退院',
  transferred: '転院',
  died: '死亡',
  admission_cancelled: '入院取消',
  not_eligible: '対象外',
};

export const OWNER_LABELS = {
  hospital: '病院',
  care_office: 'ケアマネジャー (事業所)',
  region_administrator: '地域の支援センター',
} as const;
