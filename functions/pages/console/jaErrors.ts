// Zod issues as Japanese sentences for the console's forms. The API keeps its English messages;
// the console names the field in Japanese and says what to fix.

import { LINE_CHARS } from '../../../notifiers/informationSheetItems.js';
import { linesMessage, SUMMARY_ADL_LINES, SUMMARY_TEXT_LINES } from '../../../notifiers/nursingSummaryItems.js';
import {
  DIGEST_NEEDS_EMAIL,
  FAX_NUMBER_FORMAT,
  HIDDEN_CHARACTER,
  KANA_ONLY,
  PREFERRED_EMAIL_NEEDS_EMAIL,
  PREFERRED_FAX_NEEDS_FAX,
  PREFERRED_SMS_NEEDS_PHONE,
  RECEIVING_HOSPITAL_ONLY_ELSEWHERE,
  TOO_EARLY_BIRTH_DATE,
  TOO_EARLY_OCCURRED_AT,
} from '../../schemas.js';
import { SUMMARY_FIELD_LABELS } from './summaryFields.js';

export interface Issue {
  path: PropertyKey[];
  code: string;
  message: string;
  minimum?: unknown;
  maximum?: unknown;
}

export const FIELD_LABELS: Record<string, string> = {
  'data.agreedWith.name': '合意した病院の担当者の氏名',
  'data.agreedWith.role': '合意した病院の担当者の職種・役割',
  name: '名称',
  email: 'メールアドレス',
  fax: 'FAX番号',
  phone: '電話番号',
  region: '地域',
  kind: '種別',
  address: '所在地',
  'businessHours.open': '営業開始時刻',
  'businessHours.close': '営業終了時刻',
  'businessHours.closedDays': '休業日',
  windows: '窓口',
  postalAddress: '郵送先',
  purposes: '用途',
  note: '備考',
  id: 'ID',
  reason: '理由',
  occurredAt: '日時',
  type: '出来事の種類',
  careOfficeId: 'ケアマネ事業所',
  'data.means': '提供方法',
  'data.method': '情報共有の方法',
  'data.destination': '退院先',
  'data.expectedDischargeDate': '退院予定日',
  'data.difficult': '退院困難の判定',
  'data.toHospitalName': '転院先の病院名',
  'data.nursingSummarySent': '看護サマリー',
  'data.careOfficeId': 'ケアマネ事業所',
  'data.age': '年齢',
  'data.criteria': '申請の目安',
  'data.specifiedDisease': '特定疾病',
  'data.wantsServices': 'サービス利用の希望',
  'data.by': '申請の相談をした人',
  'data.supportCenterId': '地域包括支援センター',
  'data.expectedCareLevel': '見込まれる介護度',
  'data.expectedLengthOfStayDays': '入院期間の見込み',
  'data.at': '開催日時',
  'data.place': '場所',
  'data.online': 'オンライン',
  'data.kind': '種類',
  'data.participants': '参加者',
  'data.toHospitalId': '転院先',
  'data.toHospitalFax': '転院先のFAX番号',
  hospitalizationId: '入院番号',
  'data.patient.name': '氏名',
  'data.patient.nameKana': 'ふりがな',
  'data.patient.birthDate': '生年月日',
  'data.ward': '病棟',
  'data.firstInformedBy': '最初に知った人',
  admittedAt: '入院日時',
  notificationMode: '通知の受け取り方',
  digestHour: 'まとめて送る時刻',
  ...SUMMARY_FIELD_LABELS,
  preferredChannel: '通知の主な送り方',
  smsPhone: 'SMSを受け取る携帯電話番号',
};

/** The schemas' own refinements, in Japanese. */
const CUSTOM_MESSAGES: Record<string, (field: string) => string> = {
  'open must be before close': () => '営業開始時刻は営業終了時刻より前にしてください。',
  [TOO_EARLY_OCCURRED_AT]: (field) => `${field}は2000年1月1日以降にしてください。`,
  [TOO_EARLY_BIRTH_DATE]: (field) => `${field}は1900年1月1日以降にしてください。`,
  [HIDDEN_CHARACTER]: (field) => `${field}に制御文字・改行・書字方向を変える文字は使えません。`,
  'must not be blank': (field) => `${field}を入力してください。`,
  [KANA_ONLY]: (field) => `${field}はひらがなかカタカナで入力してください。`,
  [DIGEST_NEEDS_EMAIL]: () =>
    '1日1回のまとめはメールで送ります。まとめて受け取るにはメールアドレスを登録してください。',
  [PREFERRED_EMAIL_NEEDS_EMAIL]: () => 'メールで受け取るにはメールアドレスを登録してください。',
  [PREFERRED_FAX_NEEDS_FAX]: () => 'FAXで受け取るにはFAX番号を登録してください。',
  [PREFERRED_SMS_NEEDS_PHONE]: () => 'SMSで受け取るにはSMSを受け取る携帯電話番号を登録してください。',
  [FAX_NUMBER_FORMAT]: (field) => `${field}は0から始まる10桁の番号で入力してください (例: 079-563-1222)。`,
  [RECEIVING_HOSPITAL_ONLY_ELSEWHERE]: () => '転院先は、退院先が「他の病院」の場合にだけ入力してください。',
  // 看護サマリー's free texts: each bounded in printed lines (notifiers/nursingSummaryItems.ts).
  ...Object.fromEntries(
    [...new Set([...Object.values(SUMMARY_TEXT_LINES), SUMMARY_ADL_LINES])].map((max) => [
      linesMessage(max),
      (field: string) => `${field}は${max}行までにしてください (1行は${LINE_CHARS}字までで数えます)。`,
    ]),
  ),
};

function fieldLabel(path: PropertyKey[]): string {
  const dotted = path.map(String).join('.');
  const generic = path
    .filter((p) => typeof p !== 'number')
    .map(String)
    .join('.');
  const last = String(path.filter((p) => typeof p !== 'number').at(-1) ?? '');
  const index = path.find((p) => typeof p === 'number');
  const name = FIELD_LABELS[dotted] ?? FIELD_LABELS[generic] ?? FIELD_LABELS[last] ?? dotted;
  return typeof index === 'number' && path[0] === 'windows' ? `窓口${index + 1}の${FIELD_LABELS[last] ?? last}` : name;
}

export function jaMessage(issue: Issue): string {
  const field = fieldLabel(issue.path);
  switch (issue.code) {
    case 'too_small':
      return issue.minimum === 1 || issue.minimum === 1n
        ? `${field}を入力してください。`
        : `${field}は${String(issue.minimum)}文字以上で入力してください。`;
    case 'too_big':
      return `${field}は${String(issue.maximum)}文字以内で入力してください。`;
    case 'invalid_format':
      return `${field}の形式が正しくありません。`;
    case 'invalid_type':
      return `${field}を入力してください。`;
    case 'invalid_value':
    case 'invalid_union':
      return `${field}の値が正しくありません。`;
    case 'custom':
      return CUSTOM_MESSAGES[issue.message]?.(field) ?? `${field}: ${issue.message}`;
    default:
      return `${field}の入力内容を確認してください。`;
  }
}

export function jaMessages(issues: readonly Issue[]): string[] {
  return [...new Set(issues.map(jaMessage))];
}

/** The same messages keyed by the field they belong to (`data.age`), for a form that shows each next to its field. */
export function jaFieldErrors(issues: readonly Issue[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path
      .filter((p) => typeof p !== 'number')
      .map(String)
      .join('.');
    const list = out[key] ?? [];
    const message = jaMessage(issue);
    if (!list.includes(message)) out[key] = [...list, message];
  }
  return out;
}
