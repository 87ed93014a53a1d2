import type { NoticeKind } from '../machines/types.js';

/** Notices the engine sends on its own, besides those the machine asks for. */
export type EngineNoticeKind = 'fax_receipt_reminder' | 'information_sheet_undelivered';
export type OutboxNoticeKind = NoticeKind | EngineNoticeKind | 'information_sheet';
export type CareOfficeNoticeKind = NoticeKind | EngineNoticeKind;

/** What each notice is, in a few words: FAX titles, receipt pages, reminders. */
export const NOTICE_TITLES: Record<OutboxNoticeKind, string> = {
  admission_notice: '入院のお知らせ',
  information_sheet_reminder: '入院時情報提供シートの提出期限のお知らせ',
  discharge_start_notice: '退院調整開始のお知らせ',
  conference_notice: '退院前カンファレンスのお知らせ',
  discharge_notice: '退院のお知らせ',
  stay_ended_notice: '退院のお知らせ',
  fax_receipt_reminder: 'FAX受信確認のお願い',
  information_sheet_undelivered: '入院時情報提供シートを送信できませんでした',
  information_sheet: '入院時情報提供シート',
};

/** A FAX still waiting for its receipt confirmation, as a reminder describes it. */
export interface UnconfirmedFax {
  /** Whom the FAX went to: the care office itself, or a hospital window (the sheet the office sent). */
  sentTo: 'care_office' | 'hospital_window';
  title: string;
  sentAt: string;
  faxNumber: string;
  windowName: string | null;
  windowPhone: string | null;
  confirmUrl: string;
}

/**
 * Every Japanese notice text, one function per notice kind and channel. The least personal
 * information that does the job: the family name only in email and on FAX, no name at all in an
 * SMS (it shows on a locked phone), never a diagnosis; the full record is behind the link.
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
  /** The notice's short link (`/n/{code}`), for SMS. */
  shortLink: string;
  /** A discharge nobody announced (Sanda ③ 「急遽退院が決まった場合は速やかに連絡」): said so, and sent by SMS too. */
  sudden: boolean;
  fax: UnconfirmedFax | null;
  /** What the text travels as: its footer names it. */
  medium: 'メール' | 'FAX';
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
    `この${f.medium}は${f.region.name}入退院支援ルールに基づき renkei から自動送信しています。`,
    `ルールに関するお問い合わせ: ${f.region.administratorName} (${f.region.administratorPhone})`,
  ];
}

function body(f: NoticeFacts, lines: string[]): string {
  return [`${f.officeName} ご担当ケアマネジャー様`, '', ...lines, ...footer(f)].join('\n');
}

const DESTINATION: Record<'home' | 'facility' | 'other_hospital', string> = {
  home: '自宅等', facility: '介護施設等', other_hospital: '他の医療機関(転院)',
};

function dischargeLines(f: NoticeFacts): string[] {
  return f.discharge ? [`退院日: ${jaDate(f.discharge.on)}`, `退院先: ${DESTINATION[f.discharge.destination]}`] : [];
}

const SUDDEN = '退院調整開始の連絡がないまま退院となりました。至急、退院後のサービス調整をお願いします。';

export const noticeTexts: Record<CareOfficeNoticeKind, (f: NoticeFacts) => NoticeText> = {
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
    subject: `${f.sudden ? '【至急・退院のお知らせ】' : '【退院のお知らせ】'}${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より、${patient(f)}が退院されたことをお知らせします。`,
      ...(f.sudden ? [SUDDEN] : []),
      '',
      ...dischargeLines(f),
      '退院後、ケアプランの写しを病院へ提供してください (ルール A⑤)。',
      '',
      ...link(f, 'ケアプランの写しを送付したら記録してください'),
    ]),
  }),
  stay_ended_notice: (f) => ({
    subject: `${f.sudden ? '【至急・退院のお知らせ】' : '【退院のお知らせ】'}${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より、${patient(f)}が退院されたことをお知らせします。`,
      '',
      ...dischargeLines(f),
      '',
    ]),
  }),
  fax_receipt_reminder: (f) => ({
    subject: `【FAX受信確認のお願い】${f.fax?.title ?? ''}`,
    text: body(f, f.fax?.sentTo === 'hospital_window'
      ? [
        `${jaDateTime(f.fax.sentAt)} に ${f.hospitalName} ${f.fax.windowName ?? ''} (FAX ${f.fax.faxNumber}) へ送信した「${f.fax.title}」の受信確認がまだありません。`,
        `お手数ですが、病院へお電話で受信をご確認ください${f.fax.windowPhone ? ` (電話 ${f.fax.windowPhone})` : ''}。FAXは送っただけでは引き継ぎになりません。`,
        '',
        '▼ 受信を確認できたら記録してください',
        f.fax.confirmUrl,
        '',
      ]
      : [
        `${f.fax ? jaDateTime(f.fax.sentAt) : ''} に貴事業所の FAX (${f.fax?.faxNumber ?? ''}) へ「${f.fax?.title ?? ''}」を送信しましたが、受信確認がまだありません。`,
        'FAXをご確認のうえ、QRコードまたは次のリンクから受信を確認してください。',
        '',
        '▼ 受信を確認する',
        f.fax?.confirmUrl ?? '',
        '',
      ]),
  }),
  information_sheet_undelivered: (f) => ({
    subject: `【送信できませんでした】入院時情報提供シート (${f.hospitalName})`,
    text: body(f, [
      `${f.hospitalName}へお送りいただいた${patient(f)}の入院時情報提供シートを、病院の窓口へ送信できませんでした。`,
      'お手数ですが、面談・郵送など別の方法で提供し、提供した日時と方法を記録してください (ルール A①)。',
      '',
      ...(f.informationSheetDueOn ? [`提供期限: ${jaDate(f.informationSheetDueOn)}中`, ''] : []),
      ...link(f, '提供したら、日時と方法を記録してください'),
    ]),
  }),
};

/** Short date for SMS: 12/6. */
function md(date: string): string {
  return `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;
}

/**
 * SMS texts: no name, no diagnosis; one 70-character UCS-2 segment with the short link where the
 * hospital name allows. The link opens the full notice (and its task).
 */
export const smsTexts: Record<CareOfficeNoticeKind, (f: NoticeFacts) => string> = {
  admission_notice: (f) => `【入院連絡】${f.hospitalName} ご担当の方が入院 ${f.shortLink}`,
  information_sheet_reminder: (f) => `【情報提供期限${f.informationSheetDueOn ? md(f.informationSheetDueOn) : ''}】${f.hospitalName} ${f.shortLink}`,
  discharge_start_notice: (f) => `【退院調整開始】${f.hospitalName} ${f.shortLink}`,
  conference_notice: (f) => `【退院前カンファ${f.conference?.at ? md(new Date(Date.parse(f.conference.at) + 9 * 3600_000).toISOString()) : ''}】${f.hospitalName} ${f.shortLink}`,
  discharge_notice: (f) => `${f.sudden ? '【至急・退院】' : '【退院】'}${f.hospitalName} ご担当の方が退院 ${f.shortLink}`,
  stay_ended_notice: (f) => `${f.sudden ? '【至急・退院】' : '【退院】'}${f.hospitalName} ${f.shortLink}`,
  fax_receipt_reminder: (f) => `【FAX受信確認】${f.hospitalName} ${f.shortLink}`,
  information_sheet_undelivered: (f) => `【送信不可】情報提供シート ${f.hospitalName} ${f.shortLink}`,
};

/** GSM-7 basic characters fit 160 per segment; anything else (Japanese) is UCS-2: 70, or 67 when split. */
export function smsSegments(text: string): number {
  const units = [...text].reduce((n, ch) => n + (ch.codePointAt(0)! > 0xffff ? 2 : 1), 0);
  const gsm = /^[A-Za-z0-9 @£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/.test(text);
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  return units <= single ? 1 : Math.ceil(units / multi);
}

/** The information sheet sent to a hospital window by email (the PDF attached) when it takes no FAX. */
export function informationSheetMail(s: { officeName: string; hospitalName: string; windowName: string; patientFamilyName: string | null; confirmUrl: string }): NoticeText {
  return {
    subject: `【入院時情報提供シート】${s.officeName}より`,
    text: [
      `${s.hospitalName} ${s.windowName} ご担当者様`,
      '',
      `${s.officeName}より、入院された${s.patientFamilyName ? `${s.patientFamilyName} 様` : '利用者様'}の入院時情報提供シートをお送りします (PDF添付)。`,
      '',
      '▼ 受け取りましたら、次のリンクから受信を確認してください',
      s.confirmUrl,
      '',
      '──',
      'このメールは入退院支援ルールに基づき renkei から送信しています。個人情報を含みます。誤って届いた場合は破棄し、送信元へご連絡ください。',
    ].join('\n'),
  };
}
