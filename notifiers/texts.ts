import type { NoticeKind } from '../machines/types.js';

/**
 * Every Japanese notice text, one function per notice kind. The least personal information that
 * does the job: the family name only, never a diagnosis; the full record is behind the task link.
 */
export interface NoticeFacts {
  /** Who reads it: a care office, a community support center, a hospital window or the region's administrator. */
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
  deadline: { label: string; dueOn: string; reason: string; owner: string } | null;
  closedReason: string | null;
  transferTo: string | null;
  expectedLengthOfStayDays: number | null;
  caseRef: string;
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

function body(f: NoticeFacts, lines: string[], greeting = `${f.officeName} ご担当ケアマネジャー様`): string {
  return [greeting, '', ...lines, ...footer(f)].join('\n');
}

const ENDED: Record<string, string> = {
  discharged_to_facility: '介護施設等へ退院されました',
  transferred: '他の医療機関へ転院されました',
  died: 'お亡くなりになりました',
  admission_cancelled: '入院が取り消されました',
};

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
  care_plan_copy_reminder: (f) => ({
    subject: `【提出期限のお知らせ】ケアプランの写し (${f.deadline ? jaDate(f.deadline.dueOn) : ''}まで)`,
    text: body(f, [
      `${f.hospitalName}を退院された${patient(f)}について、ケアプランの写しの提供期限が近づいています (ルール A⑤)。`,
      '',
      ...(f.deadline ? [`提供期限: ${jaDate(f.deadline.dueOn)}中`] : []),
      '',
      ...link(f, '送付したら記録してください'),
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
    subject: f.closedReason === 'transferred' ? `【転院のお知らせ】${f.hospitalName}` : `【入院終了のお知らせ】${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より、${patient(f)}が${ENDED[f.closedReason ?? ''] ?? '退院されました'}。`,
      '',
      ...(f.transferTo ? [`転院先: ${f.transferTo}`, '転院先の病院へは入院時情報提供シートの写しが提供されます (転院時の連絡)。'] : []),
      ...(f.discharge ? [`退院日: ${jaDate(f.discharge.on)}`, `退院先: ${DESTINATION[f.discharge.destination]}`] : []),
      '',
    ]),
  }),
  sudden_discharge_notice: (f) => ({
    subject: `【至急・退院のお知らせ】${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より至急のご連絡です。${patient(f)}の退院が急きょ決まりました (退院調整開始の連絡なし)。`,
      '',
      ...(f.discharge ? [`退院日: ${jaDate(f.discharge.on)}`] : []),
      '退院後のサービス調整のため、病院の窓口へすぐにご連絡ください。',
      '退院後、ケアプランの写しを病院へ提供してください (ルール A⑤)。',
      '',
      ...link(f, 'ケアプランの写しを送付したら記録してください'),
    ]),
  }),
  care_level_change_notice: (f) => ({
    subject: `【区分変更申請のご相談】${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より、入院中の${patient(f)}について要介護認定の区分変更申請の要否をご相談したく、ご連絡します (ルール A②)。`,
      '病院の窓口へご連絡ください。',
      '',
    ]),
  }),
  treatment_plan_notice: (f) => ({
    subject: `【入院中の経過のお知らせ】${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より、入院中の${patient(f)}の治療の方向性・入院期間の見込みをお知らせします (ルール A②)。`,
      '',
      ...(f.expectedLengthOfStayDays !== null ? [`入院期間の見込み: 約${f.expectedLengthOfStayDays}日`] : []),
      '詳しい内容は病院の窓口へお問い合わせください。',
      '',
    ]),
  }),
  assignment_request: (f) => ({
    subject: `【担当のお知らせ】${f.hospitalName} 入院中の方`,
    text: body(f, [
      `${f.hospitalName}に入院中の方 (${patient(f).replace('ご担当の利用者', '')}) の担当ケアマネジャーになられたと伺いました。`,
      '入院期間の見込みや状態を共有するため、早期に病院の担当者へご連絡ください (ルール B②)。',
      '',
      ...link(f, '病院へ連絡したら記録してください'),
    ]),
  }),
  support_center_request: (f) => ({
    subject: `【介護保険申請の支援依頼】${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より、入院中の方の介護保険サービス利用について支援をお願いします (ルール B①: 家族等での対応が困難)。`,
      '病院の窓口へご連絡のうえ、状況をご確認ください。',
      '',
    ], `${f.officeName} ご担当者様`),
  }),
  information_sheet_copy: (f) => ({
    subject: `【転院患者の情報提供】${f.hospitalName}より`,
    text: body(f, [
      `${f.hospitalName}から転院される方について、入院時情報提供シートの写しを提供します (三田市ルール ※転院時の連絡)。`,
      `受付番号: ${f.caseRef}`,
      '',
    ], `${f.officeName} ご担当者様`),
  }),
  deadline_overdue_notice: (f) => ({
    subject: `【期限超過】${f.deadline?.label ?? ''}`,
    text: body(f, [
      `${f.hospitalName}に入院中の${patient(f)}について、次の期限を過ぎています。`,
      '',
      ...(f.deadline ? [`${f.deadline.label}: ${jaDate(f.deadline.dueOn)}中`, `(${f.deadline.reason})`] : []),
      '',
      ...link(f, '完了したら記録してください'),
    ]),
  }),
  escalation_notice: (f) => ({
    subject: `【要確認】期限超過の引き継ぎ: ${f.hospitalName} (${f.caseRef})`,
    text: body(f, [
      `次の引き継ぎが期限を過ぎたまま止まっています。担当者への確認をお願いします。`,
      '',
      `受付番号: ${f.caseRef}`,
      `病院: ${f.hospitalName}`,
      ...(f.deadline ? [`手順: ${f.deadline.label}`, `担当: ${f.deadline.owner}`, `期限: ${jaDate(f.deadline.dueOn)}中`, `(${f.deadline.reason})`] : []),
      '',
    ], `${f.region.administratorName} ご担当者様`),
  }),
  correction_notice: (f) => ({
    subject: `【訂正】${f.hospitalName}からのお知らせ`,
    text: body(f, [
      `${f.hospitalName}からの先のお知らせに誤りがあり、訂正されました。`,
      '最新の状況は病院の窓口へお問い合わせください。',
      '',
    ]),
  }),
};
