import type { NoticeKind } from '../machines/types.js';

/**
 * Every Japanese notice text, one function per notice kind. The least personal information that
 * does the job: the family name only, never a diagnosis; the full record is behind the task link.
 */
export interface NoticeFacts {
  officeName: string;
  hospitalName: string;
  window: { name: string; phone?: string | undefined; fax?: string | undefined } | null;
  patientFamilyName: string | null;
  ward: string;
  admittedOn: string;
  informationSheetDueOn: string | null;
  expectedDischargeDate: string | null;
  conference: { at: string | null; place: string | null; online: boolean } | null;
  discharge: { on: string; destination: 'home' | 'facility' | 'other_hospital' } | null;
  link: { url: string; expiresOn: string } | null;
  region: { name: string; administratorName: string; administratorPhone: string };
}

export interface NoticeText { subject: string; text: string }

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];

export function jaDate(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return `${y}年${m}月${d}日(${weekday})`;
}

export function jaDateTime(iso: string): string {
  const jst = new Date(Date.parse(iso) + 9 * 3600_000).toISOString();
  return `${jaDate(jst.slice(0, 10))} ${jst.slice(11, 16)}`;
}

/** "山田 花子" → "山田". Without a separator we cannot tell the family name, so we name nobody. */
export function familyName(displayName: string): string | null {
  const parts = displayName.trim().split(/[\s\u3000]+/);
  return parts.length >= 2 && parts[0] ? parts[0] : null;
}

function patient(f: NoticeFacts): string {
  return f.patientFamilyName ? `ご担当の利用者 ${f.patientFamilyName} 様` : 'ご担当の利用者様';
}

function contact(f: NoticeFacts): string {
  if (!f.window) return `【連絡先】${f.hospitalName}`;
  const lines = [`【連絡先】${f.hospitalName} ${f.window.name}`];
  if (f.window.phone) lines.push(`  電話 ${f.window.phone}`);
  if (f.window.fax) lines.push(`  FAX ${f.window.fax}`);
  return lines.join('\n');
}

function link(f: NoticeFacts, action: string): string[] {
  if (!f.link) return [];
  return [
    `▼ ${action}`,
    f.link.url,
    `(リンクを開いただけでは記録されません。ページのボタンを押すと記録されます。有効期限: ${jaDate(f.link.expiresOn)})`,
    '',
  ];
}

function footer(f: NoticeFacts): string[] {
  return [
    contact(f),
    '',
    '──',
    `このメールは${f.region.name}入退院支援ルールに基づき renkei から自動送信しています。`,
    `ルールに関するお問い合わせ: ${f.region.administratorName} (${f.region.administratorPhone})`,
  ];
}

function body(f: NoticeFacts, lines: string[]): string {
  return [`${f.officeName} ご担当ケアマネジャー様`, '', ...lines, ...footer(f)].join('\n');
}

const DESTINATION: Record<'home' | 'facility' | 'other_hospital', string> = {
  home: '自宅等', facility: '介護施設等', other_hospital: '他の医療機関(転院)',
};

export const noticeTexts: Record<NoticeKind, (f: NoticeFacts) => NoticeText> = {
  admission_notice: (f) => ({
    subject: `【入院のお知らせ】${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より、${patient(f)}の入院をお知らせします。`,
      '',
      `入院日: ${jaDate(f.admittedOn)}`,
      `病棟: ${f.ward}`,
      ...(f.informationSheetDueOn ? [`入院時情報提供シートの提供期限: ${jaDate(f.informationSheetDueOn)}中 (入院日を含め3日以内)`] : []),
      '',
      ...link(f, '入院の連絡を受けたことを確認してください'),
    ]),
  }),
  information_sheet_reminder: (f) => ({
    subject: `【提出期限のお知らせ】入院時情報提供シート (${f.informationSheetDueOn ? jaDate(f.informationSheetDueOn) : ''}まで)`,
    text: body(f, [
      `${f.hospitalName}に入院中の${patient(f)}について、入院時情報提供シートの提供期限が近づいています。`,
      '',
      `入院日: ${jaDate(f.admittedOn)}`,
      ...(f.informationSheetDueOn ? [`提供期限: ${jaDate(f.informationSheetDueOn)}中`] : []),
      '面談での提供が難しい場合は、FAX及び郵送で提供してください。',
      '',
      ...link(f, '提供したら、日時と方法を記録してください'),
    ]),
  }),
  discharge_start_notice: (f) => ({
    subject: `【退院調整開始のお知らせ】${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より、${patient(f)}の退院調整を開始したことをお知らせします。`,
      '',
      ...(f.expectedDischargeDate ? [`退院予定日: ${jaDate(f.expectedDischargeDate)}`] : []),
      'ケアプランの作成・サービス事業所との調整をお願いします。',
      '',
    ]),
  }),
  conference_notice: (f) => ({
    subject: `【退院前カンファレンスのお知らせ】${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より、${patient(f)}の退院前カンファレンスをお知らせします。`,
      '',
      ...(f.conference?.at ? [`日時: ${jaDateTime(f.conference.at)}`] : []),
      `場所: ${f.conference?.online ? 'オンライン' : f.conference?.place ?? '(病院よりご連絡します)'}`,
      '',
    ]),
  }),
  discharge_notice: (f) => ({
    subject: `【退院のお知らせ】${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より、${patient(f)}が退院されたことをお知らせします。`,
      '',
      ...(f.discharge ? [`退院日: ${jaDate(f.discharge.on)}`, `退院先: ${DESTINATION[f.discharge.destination]}`] : []),
      '退院後、ケアプランの写しを病院へ提供してください (ルール A⑤)。',
      '',
      ...link(f, 'ケアプランの写しを送付したら記録してください'),
    ]),
  }),
  stay_ended_notice: (f) => ({
    subject: `【退院のお知らせ】${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より、${patient(f)}が退院されたことをお知らせします。`,
      '',
      ...(f.discharge ? [`退院日: ${jaDate(f.discharge.on)}`, `退院先: ${DESTINATION[f.discharge.destination]}`] : []),
      '',
    ]),
  }),
};
