import type { ProviderCopyKind } from '../machines/otherProviders.js';
import type { NoticeKind } from '../machines/types.js';

/**
 * Notices the engine sends on its own, besides those the machine asks for; among them the copies of
 * the care manager's discharge notices to the stay's other providers (machines/otherProviders.ts).
 */
export type EngineNoticeKind = 'fax_receipt_reminder' | 'information_sheet_undelivered' | ProviderCopyKind;

/**
 * Every kind of notice an outbox row carries: the machine's, the engine's own, the information
 * sheet a care manager sends to a hospital window, an alert to administrators, and the morning summary
 * to the coordination center and hospital staff (about no one case).
 */
export type OutboxNoticeKind =
  | NoticeKind
  | EngineNoticeKind
  | 'information_sheet'
  /** ケアプランの写し: the PDF a care manager uploaded, to the hospital's window. */
  | 'care_plan_copy'
  | 'admin_alert'
  | 'morning_summary'
  | 'office_digest';

interface NoticeName {
  /** For the people who read the console, the stuck list and alerts: short. */
  label: string;
  /** On the FAX itself, its receipt page and reminders, when it differs from the label: the formal name. */
  title?: string;
}

// One map of the Japanese names of the notices, keyed by every kind, so a new kind cannot go
// unnamed. Where the console and the FAX have long used different wordings, both are kept.
export const NOTICE_NAMES: Record<OutboxNoticeKind, NoticeName> = {
  admission_notice: { label: '入院のお知らせ' },
  planned_admission_notice: { label: '入院予定のお知らせ' },
  information_sheet_reminder: { label: '情報提供シートの提出期限', title: '入院時情報提供シートの提出期限のお知らせ' },
  care_plan_copy_reminder: { label: 'ケアプランの写しの提出期限', title: 'ケアプランの写しの提出期限のお知らせ' },
  assignment_reminder: { label: '担当ケアマネジャー決定のお願い' },
  hospital_contact_reminder: { label: '病院への連絡期限', title: '病院への連絡期限のお知らせ' },
  discharge_start_notice: { label: '退院調整開始のお知らせ' },
  discharge_start_reminder: { label: '退院調整開始の連絡期限', title: '退院調整開始の連絡期限のお知らせ' },
  conference_notice: { label: '退院前カンファレンスのお知らせ' },
  discharge_notice: { label: '退院のお知らせ' },
  sudden_discharge_notice: { label: '至急・退院のお知らせ' },
  stay_ended_notice: { label: '入院終了のお知らせ', title: '退院のお知らせ' },
  care_level_change_notice: { label: '区分変更申請のご相談' },
  treatment_plan_notice: { label: '入院中の経過のお知らせ' },
  assignment_request: { label: '担当のお知らせ' },
  support_center_request: { label: '介護保険申請の支援依頼' },
  care_manager_search_request: { label: '担当ケアマネジャーの確認依頼', title: '担当ケアマネジャーの確認のお願い' },
  information_sheet_copy: { label: '転院先への情報提供シートの写し', title: '転院患者の入院時情報提供シート' },
  deadline_overdue_notice: { label: '期限超過のお知らせ' },
  escalation_notice: { label: '期限超過の報告', title: '期限超過の引き継ぎ (要確認)' },
  correction_notice: { label: '訂正のお知らせ' },
  fax_receipt_reminder: { label: 'FAX受信確認のお願い' },
  admission_reported_notice: { label: 'ケアマネジャーからの入院連絡', title: '入院のご連絡・確認のお願い' },
  information_sheet_undelivered: { label: '入院時情報提供シートを送信できませんでした' },
  nursing_summary_notice: { label: '看護サマリーのお知らせ' },
  information_sheet: { label: '入院時情報提供シート' },
  care_plan_copy: { label: 'ケアプランの写し' },
  admin_alert: { label: '管理者への警告' },
  morning_summary: { label: '朝のまとめ', title: '滞留している引き継ぎの朝のまとめ' },
  office_digest: { label: '本日のお知らせのまとめ' },
  discharge_start_copy: { label: '退院調整開始のお知らせ (写し)' },
  discharge_copy: { label: '退院のお知らせ (写し)' },
};

// An outbox row's kind is text in the database: a kind this code does not know is shown as it is.
const nameOf = (kind: string): NoticeName | undefined => NOTICE_NAMES[kind as OutboxNoticeKind];

/** The console's name of a notice kind. */
export const noticeLabel = (kind: string): string => nameOf(kind)?.label ?? kind;

/** The formal name of a notice kind, as a FAX and its receipt page carry it. */
export const noticeTitle = (kind: string): string => {
  const n = nameOf(kind);
  return n?.title ?? n?.label ?? kind;
};
