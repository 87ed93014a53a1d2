import type { HospitalizationState } from '../../machines/hospitalization.js';
import type { ClosedReason, LeakReason } from '../../machines/types.js';
import type { RuleStep } from '../../regions/schema.js';

// Japanese names of the machine's vocabulary, for the people who read the console and the
// administration API's labels. No step numbers here: a step's number and name belong to its region's pack. A page that shows
// one case cites the step in its region's own words (STATE_STEPS and regions/document.ts).

export { EVENT_LABELS } from '../../notifiers/eventNames.js';
export { noticeLabel } from '../../notifiers/noticeNames.js';
export { DEADLINE_LABELS } from '../notices/index.js';

export const STATE_LABELS: Record<HospitalizationState | 'stay' | 'admission', string> = {
  planned: '入院予定',
  stay: '入院中',
  admission: '入院',
  admissionNotice: '入院時の連絡',
  informationProvision: '情報提供',
  eligibilityScreening: '介護保険申請の目安の確認',
  insuranceApplication: '介護保険申請の支援',
  careManagerAssignment: 'ケアマネジャーの担当依頼',
  careManagerContact: 'ケアマネジャーから病院への連絡',
  inpatientCoordination: '入院中の連携',
  dischargeStart: '退院調整開始',
  preDischargeConference: '退院前調整',
  discharged: '退院',
  carePlanCopy: 'ケアプランの写し待ち',
  closed: '終了',
};

/** The rule's step each state belongs to, for a page that knows the case's region. */
export const STATE_STEPS: Partial<Record<HospitalizationState, RuleStep>> = {
  planned: 'admission',
  admissionNotice: 'admission',
  informationProvision: 'admission',
  eligibilityScreening: 'insuranceApplication',
  insuranceApplication: 'insuranceApplication',
  careManagerAssignment: 'careManagerAssignment',
  careManagerContact: 'careManagerAssignment',
  inpatientCoordination: 'inpatient',
  dischargeStart: 'dischargeStart',
  preDischargeConference: 'preDischarge',
  discharged: 'afterDischarge',
  carePlanCopy: 'afterDischarge',
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
  admission_plan_cancelled: '入院予定の取消',
  admission_not_found: '該当する入院なし (病院の回答)',
  not_eligible: '対象外',
};

export const OWNER_LABELS = {
  hospital: '病院',
  care_office: 'ケアマネジャー (事業所)',
  region_administrator: '地域の支援センター',
} as const;

/**
 * What a page calls someone the directory no longer lists (the stuck list's contacts, the audit log's
 * actors): people read names, never ids; the API keeps the id beside the name.
 */
export const UNLISTED_NAMES = {
  hospital: '名簿にない病院',
  care_office: '未登録の事業所',
  region_administrator: '読み込まれていない地域の管理者',
  account: '名簿にないアカウント',
} as const;
