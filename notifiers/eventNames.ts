import type { EventType } from '../machines/types.js';

/**
 * Japanese names of the facts a stay records, for the people who read the console and the notices
 * that mention a fact (a correction names what it took back). No step numbers: those are a region's.
 */
export const EVENT_LABELS: Record<
  EventType | 'admitted' | 'admission_planned' | 'event_retracted' | 'patient_corrected',
  string
> = {
  admission_planned: '入院予定',
  admitted: '入院',
  admission_plan_cancelled: '入院予定の取消',
  admission_plan_changed: '入院予定の変更',
  care_office_identified: '担当ケアマネジャーの確認',
  admission_reported_by_care_manager: 'ケアマネジャーから入院の連絡',
  hospital_admission_joined: '病院の入院記録と結合 (ケアマネジャーが先に連絡)',
  admission_confirmed_by_hospital: '病院による入院の確認 (ケアマネジャーが先に連絡)',
  admission_denied_by_hospital: '病院の回答「該当する入院はありません」(ケアマネジャーが先に連絡)',
  admission_acknowledged: '入院連絡の確認 (ケアマネジャー)',
  information_sheet_provided: '入院時情報提供シートの提供',
  information_sheet_not_needed_agreed: '入院時情報提供シート: 今回は提供不要 (病院と合意)',
  brought_into_rule_scope: '入退院支援ルールの対象に変更',
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
  ward_changed: '転棟',
  care_plan_copy_sent: 'ケアプランの写しの提供',
  discharge_record_filed: '退院・退所情報記録書の記録',
  notice_delivered: '通知の配達',
  deadline_approached: '期限の事前通知',
  deadline_passed: '期限超過',
  deadline_escalated: '期限超過の報告',
  event_retracted: '訂正 (取り消し)',
  patient_corrected: '氏名・生年月日の訂正',
};

/** A fact's name, or a neutral word for a type this version does not know (never the raw type). */
export function eventLabel(type: string): string {
  return EVENT_LABELS[type as keyof typeof EVENT_LABELS] ?? '病院からの連絡';
}
