import { jstDate } from '../machines/calendar.js';
import { jstWallClock, md } from '../machines/time.js';
import type { NoticeKind } from '../machines/types.js';
import { citeRule } from '../regions/document.js';
import type { RuleDocument, RuleStep } from '../regions/schema.js';
import { eventLabel } from './eventNames.js';
import type { EngineNoticeKind } from './noticeNames.js';

// The kinds and their names live in noticeNames.ts (one map); these are the care office's texts.
export type CareOfficeNoticeKind = NoticeKind | EngineNoticeKind;

/**
 * A FAX still waiting for its receipt confirmation, as a reminder describes it. The reminder goes to
 * the side that can act: the receiver is asked to confirm (`receiver`: the reminder's reader got the
 * FAX), or the sender is told who has not confirmed yet, to phone them (`sender`).
 */
export interface UnconfirmedFax {
  reader: 'receiver' | 'sender';
  title: string;
  sentAt: string;
  faxNumber: string;
  /** Who the FAX went to, as people name them: 「平島病院 地域連携室」. */
  receiverName: string;
  receiverPhone: string | null;
  confirmUrl: string;
  /** The FAX's grouped confirmation number, as printed on it: 「S5N3-V40N-PB」. */
  confirmCode: string;
}

/** What a correction took back, and where the case stands now. */
export interface Correction {
  /** The retracted fact's event type, e.g. `died`. */
  retracted: string;
  /** The stay now: still in hospital, discharged, or ended (with the reason). */
  now: 'in_hospital' | 'discharged' | 'ended';
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
  /** A discharge nobody announced in time (rules ask for a prompt call when discharge is decided suddenly): said so, and sent by SMS too. */
  sudden: boolean;
  fax: UnconfirmedFax | null;
  /** What the text travels as: its footer names it. */
  medium: 'メール' | 'FAX';
  region: { name: string; administratorName: string; administratorPhone: string | null };
  /** The rule's document and days as the case's region writes them. */
  rule: { document: RuleDocument; informationSheetWithinDays: number };
  /** `step`: the rule's step the deadline belongs to, cited in the region's own words. */
  deadline: { label: string; step: RuleStep | null; dueOn: string; reason: string; owner: string } | null;
  closedReason: string | null;
  transferTo: string | null;
  /**
   * 転院時の連絡, what happens to the information sheet: a copy of the one on record goes to the
   * receiving hospital; or, with none on record, the care manager is asked for it (the link's form
   * sends it there); null when neither (the receiving hospital is not in the directory, route B).
   */
  transferSheet: 'copied' | 'requested' | null;
  expectedLengthOfStayDays: number | null;
  /** The stay as people find it: the hospital and its own admission number, never an id of ours. */
  caseRef: string;
  correction: Correction | null;
  /** The care office's own page (`/office`), on every notice to a care office: all its clients in one place. */
  officePage?: string | null | undefined;
  /**
   * An admission a care manager reported first, as the hospital's window is told it: who reported,
   * the patient as the hospital finds them (full name and birth date: the window must find the
   * patient), the link that confirms it and the last day to.
   */
  report?: ReportedAdmission | null | undefined;
  /** A copy to another provider of the patient: the care manager's office, whom the provider works with. */
  copy?: ProviderCopy | null | undefined;
}

/** The care manager's office, as a copy to another provider names it (the provider coordinates with it). */
export interface ProviderCopy {
  careOfficeName: string;
  careOfficePhone: string | null;
  careOfficeFax: string | null;
}

export interface ReportedAdmission {
  officeName: string;
  officePhone: string | null;
  officeFax: string | null;
  patientName: string;
  birthDate: string;
  confirmUrl: string;
  /** The last day (JST) of the region's time to confirm. */
  confirmBy: string | null;
}

export interface NoticeText {
  subject: string;
  text: string;
}

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];

export function jaDate(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return `${y}年${m}月${d}日(${weekday})`;
}

export function jaDateTime(iso: string): string {
  const jst = jstWallClock(iso);
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

/** 「 (<the region's document> <its name for the step>)」: the rule cited in the region's own words, from its pack. */
function per(f: NoticeFacts, step: RuleStep): string {
  return ` (${citeRule(f.rule.document, step)})`;
}

function footer(f: NoticeFacts, contactLines = contact(f)): string[] {
  const phone = f.region.administratorPhone ? ` (${f.region.administratorPhone})` : '';
  return [
    contactLines,
    '',
    '──',
    `この${f.medium}は${f.rule.document.name}に基づき renkei から自動送信しています。`,
    ...(f.region.administratorName ? [`ルールに関するお問い合わせ: ${f.region.administratorName}${phone}`] : []),
  ];
}

function body(f: NoticeFacts, lines: string[], greeting = `${f.officeName} ご担当ケアマネジャー様`): string {
  const office = f.officePage
    ? [`▼ 担当の利用者さま全員の状況 (事業所のページ・メールでログイン)`, f.officePage, '']
    : [];
  return [greeting, '', ...lines, ...office, ...footer(f)].join('\n');
}

/** 「【連絡元】…」: the care office that reported an admission, for the hospital to call back. */
function reporterContact(r: ReportedAdmission): string {
  return [
    `【連絡元】${r.officeName}`,
    ...(r.officePhone ? [`  電話 ${r.officePhone}`] : []),
    ...(r.officeFax ? [`  FAX ${r.officeFax}`] : []),
  ].join('\n');
}

/** To the hospital's window: a care manager learnt of the admission first and tells the hospital. */
function reportedAdmissionText(f: NoticeFacts): NoticeText {
  const r = f.report;
  const lines = r
    ? [
        `${r.officeName}のケアマネジャーより、次の方が貴院に入院されたとの連絡がありました。ケアマネジャーが先に入院を知ったため、病院へお知らせします${per(f, 'admission')}。`,
        '',
        `患者氏名: ${r.patientName} 様`,
        `生年月日: ${jaDate(r.birthDate)}`,
        `入院日: ${jaDate(f.admittedOn)} (ケアマネジャーからの連絡による)`,
        '',
        '入院を確認しましたら、次のリンク (FAXではQRコード) から確認してください。確認したことはケアマネジャーに伝わります。',
        '▼ 入院を確認する',
        r.confirmUrl,
        '(リンクを開いただけでは記録されません。ページのボタンを押すと記録されます。)',
        ...(r.confirmBy ? [`確認の期限: ${jaDate(r.confirmBy)}中`] : []),
        '',
        '貴院に入院されていない場合は、連絡元の事業所へお電話ください。',
        '',
      ]
    : [];
  return {
    subject: `【入院のご連絡・確認のお願い】${r?.officeName ?? ''}より`,
    text: [`${f.officeName} ご担当者様`, '', ...lines, ...footer(f, r ? reporterContact(r) : contact(f))].join('\n'),
  };
}

const ENDED: Record<string, string> = {
  discharged_to_facility: '介護施設等へ退院されました',
  transferred: '他の医療機関へ転院されました',
  died: 'お亡くなりになりました',
  admission_cancelled: '入院が取り消されました',
  admission_plan_cancelled: '入院予定が取り消されました',
  admission_not_found: '入院について、病院から「該当する入院はありません」との回答がありました',
};

/** 「…様が」 for an ending the patient went through, 「…様の」 for one that happened to the record. */
function ended(f: NoticeFacts): string {
  const reason = f.closedReason ?? '';
  const whose =
    reason === 'admission_cancelled' || reason === 'admission_plan_cancelled' || reason === 'admission_not_found'
      ? 'の'
      : 'が';
  return `${patient(f)}${whose}${ENDED[reason] ?? '退院されました'}`;
}

const NOW: Record<Correction['now'], string> = {
  in_hospital: '入院中です (入院は継続しています)',
  discharged: '退院されています',
  ended: '入院は終了しています',
};

function correctionLines(f: NoticeFacts): string[] {
  if (!f.correction) return ['最新の状況は病院の窓口へお問い合わせください。'];
  return [
    `取り消された連絡: ${eventLabel(f.correction.retracted)}`,
    `現在の状況: ${NOW[f.correction.now]}`,
    '',
    '取り消された連絡に基づいて準備されていたことがあれば、病院の窓口へご確認ください。',
  ];
}

const DESTINATION: Record<'home' | 'facility' | 'other_hospital', string> = {
  home: '自宅等',
  facility: '介護施設等',
  other_hospital: '他の医療機関(転院)',
};

function dischargeLines(f: NoticeFacts): string[] {
  return f.discharge ? [`退院日: ${jaDate(f.discharge.on)}`, `退院先: ${DESTINATION[f.discharge.destination]}`] : [];
}

const SUDDEN = '退院調整開始の連絡がないまま退院となりました。至急、退院後のサービス調整をお願いします。';

/** 「ご利用者 山田 様」: a copy goes to a provider of the patient, not their care manager. */
function copyPatient(f: NoticeFacts): string {
  return f.patientFamilyName ? `ご利用者 ${f.patientFamilyName} 様` : 'ご利用者様';
}

/**
 * What a copy to another provider adds: it is a copy (the care manager was told), who that care
 * manager is, and that it asks nothing of the provider; the hospital's window closes it (footer).
 */
function copyLines(f: NoticeFacts): string[] {
  const office = f.copy;
  return [
    '',
    office
      ? `このお知らせは担当ケアマネジャー (${office.careOfficeName}) へのお知らせの写しです。`
      : 'このお知らせは担当ケアマネジャーへのお知らせの写しです。',
    ...(office?.careOfficePhone ? [`  ${office.careOfficeName} 電話 ${office.careOfficePhone}`] : []),
    ...(office?.careOfficeFax ? [`  ${office.careOfficeName} FAX ${office.careOfficeFax}`] : []),
    '退院後のサービスの調整は、担当ケアマネジャーとご相談ください。病状や退院の日程のお問い合わせは下記の病院の窓口へお願いします。',
    'このお知らせへの返信や記録は不要です。',
    '',
  ];
}

export const noticeTexts: Record<CareOfficeNoticeKind, (f: NoticeFacts) => NoticeText> = {
  admission_notice: (f) => ({
    subject: `【入院のお知らせ】${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より、${patient(f)}の入院をお知らせします。`,
      '',
      `入院日: ${jaDate(f.admittedOn)}`,
      `病棟: ${f.ward}`,
      ...(f.informationSheetDueOn
        ? [
            `入院時情報提供シートの提供期限: ${jaDate(f.informationSheetDueOn)}中 (入院日を含め${f.rule.informationSheetWithinDays}日以内)`,
          ]
        : []),
      '',
      ...link(f, '入院の連絡を受けたことを確認してください'),
    ]),
  }),
  // 入院予定: the information may be given before admission; given by the admission day it counts as on that day.
  planned_admission_notice: (f) => ({
    subject: `【入院予定のお知らせ】${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より、${patient(f)}の入院予定をお知らせします。`,
      '',
      `入院予定日: ${jaDate(f.admittedOn)}`,
      ...(f.ward ? [`病棟: ${f.ward}`] : []),
      '',
      `入院前に入院時情報提供シートを提供いただけると、入院前から退院に向けた支援に役立ちます${per(f, 'admission')}。`,
      '入院日以前の情報提供も、入院日の情報提供として扱われます (入院時情報連携加算(Ⅰ): 入院日以前の情報提供を含む)。',
      '入院の日程が変わった場合や入院されたときは、改めてお知らせします。',
      '',
      ...link(f, '入院時情報提供シートを提供したら、日時と方法を記録してください'),
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
  // To the hospital's own window: the discharge it expects is near and the care manager has not been told.
  discharge_start_reminder: (f) => ({
    subject: `【退院調整開始の連絡期限】${f.caseRef}`,
    text: body(
      f,
      [
        `${f.caseRef}${f.patientFamilyName ? ` (${f.patientFamilyName} 様)` : ''}は退院が見込まれていますが、担当ケアマネジャーへの退院調整開始の連絡がまだありません${per(f, 'dischargeStart')}。`,
        'ケアマネジャーが退院後のサービスを準備できるよう、退院調整を開始し、退院予定日を renkei に記録してください (記録するとケアマネジャーへ連絡されます)。',
        '',
        ...(f.deadline ? [`連絡の期限: ${jaDate(f.deadline.dueOn)}中`, `(${f.deadline.reason})`] : []),
        '',
      ],
      `${f.officeName} ご担当者様`,
    ),
  }),
  conference_notice: (f) => ({
    subject: `【退院前カンファレンスのお知らせ】${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より、${patient(f)}の退院前カンファレンスをお知らせします。`,
      '',
      ...(f.conference?.at ? [`日時: ${jaDateTime(f.conference.at)}`] : []),
      `場所: ${f.conference?.online ? 'オンライン' : (f.conference?.place ?? '(病院よりご連絡します)')}`,
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
      `退院後、ケアプランの写しを病院へ提供してください${per(f, 'afterDischarge')}。`,
      '',
      ...link(f, 'ケアプランの写しを送付したら記録してください'),
    ]),
  }),
  stay_ended_notice: (f) => ({
    subject:
      f.closedReason === 'transferred'
        ? `【転院のお知らせ】${f.hospitalName}`
        : f.closedReason === 'admission_plan_cancelled'
          ? `【入院予定取消のお知らせ】${f.hospitalName}`
          : f.closedReason === 'admission_not_found'
            ? `【該当する入院なし】${f.hospitalName}`
            : `【入院終了のお知らせ】${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より、${ended(f)}。`,
      '',
      ...(f.transferTo ? [`転院先: ${f.transferTo}`] : []),
      ...(f.transferTo && f.transferSheet === 'copied'
        ? ['転院先の病院へは入院時情報提供シートの写しが提供されます (転院時の連絡)。']
        : []),
      ...(f.transferTo && f.transferSheet === 'requested'
        ? [
            '入院時情報提供シートがまだ提供されていないため、転院先の病院へ写しを送ることができません。',
            'お手数ですが、入院時情報提供シートを作成し、転院先の病院へ提供してください (転院時の連絡)。',
            '',
            ...link(f, '入院時情報提供シートを作成して転院先の窓口へ送る'),
          ]
        : []),
      ...(f.discharge ? [`退院日: ${jaDate(f.discharge.on)}`, `退院先: ${DESTINATION[f.discharge.destination]}`] : []),
      ...(f.closedReason === 'admission_not_found'
        ? [
            'ご連絡いただいた入院は記録を終了しました。入院先の病院名や入院日をご本人・ご家族にご確認のうえ、',
            '別の病院であれば事業所のページから改めてお知らせください。',
          ]
        : []),
      '',
    ]),
  }),
  care_plan_copy_reminder: (f) => ({
    subject: `【提出期限のお知らせ】ケアプランの写し (${f.deadline ? jaDate(f.deadline.dueOn) : ''}まで)`,
    text: body(f, [
      `${f.hospitalName}を退院された${patient(f)}について、ケアプランの写しの提供期限が近づいています${per(f, 'afterDischarge')}。`,
      '',
      ...(f.deadline ? [`提供期限: ${jaDate(f.deadline.dueOn)}中`] : []),
      '',
      ...link(f, '送付したら記録してください'),
    ]),
  }),
  hospital_contact_reminder: (f) => ({
    subject: `【連絡期限のお知らせ】${f.hospitalName}へのご連絡 (${f.deadline ? jaDate(f.deadline.dueOn) : ''}まで)`,
    text: body(f, [
      `${f.hospitalName}に入院中の方 (${patient(f).replace('ご担当の利用者', '')}) の担当になられた件で、病院の担当者へのご連絡がまだ記録されていません。`,
      '入院期間の見込みや状態を共有するため、病院の担当者へご連絡ください。',
      '',
      ...(f.deadline ? [`連絡期限: ${jaDate(f.deadline.dueOn)}中`, `(${f.deadline.reason})`] : []),
      '',
      ...link(f, '病院へ連絡したら記録してください'),
    ]),
  }),
  assignment_reminder: (f) => ({
    subject: `【担当ケアマネジャー決定のお願い】${f.hospitalName} 入院中の方`,
    text: body(
      f,
      [
        `${f.hospitalName}に入院中で介護保険を申請された方について、担当ケアマネジャーがまだ決まっていません。`,
        '担当の調整をお願いします。状況は病院の窓口へご確認ください。',
        '',
        ...(f.deadline ? [`決定の期限: ${jaDate(f.deadline.dueOn)}中`, `(${f.deadline.reason})`] : []),
        '',
      ],
      `${f.officeName} ご担当者様`,
    ),
  }),
  sudden_discharge_notice: (f) => ({
    subject: `【至急・退院のお知らせ】${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より至急のご連絡です。${patient(f)}の退院が急きょ決まりました (退院調整開始の連絡なし)。`,
      '',
      ...(f.discharge ? [`退院日: ${jaDate(f.discharge.on)}`] : []),
      '退院後のサービス調整のため、病院の窓口へすぐにご連絡ください。',
      `退院後、ケアプランの写しを病院へ提供してください${per(f, 'afterDischarge')}。`,
      '',
      ...link(f, 'ケアプランの写しを送付したら記録してください'),
    ]),
  }),
  care_level_change_notice: (f) => ({
    subject: `【区分変更申請のご相談】${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より、入院中の${patient(f)}について要介護認定の区分変更申請の要否をご相談したく、ご連絡します${per(f, 'inpatient')}。`,
      '病院の窓口へご連絡ください。',
      '',
    ]),
  }),
  treatment_plan_notice: (f) => ({
    subject: `【入院中の経過のお知らせ】${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より、入院中の${patient(f)}の治療の方向性・入院期間の見込みをお知らせします${per(f, 'inpatient')}。`,
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
      `入院期間の見込みや状態を共有するため、早期に病院の担当者へご連絡ください${per(f, 'careManagerAssignment')}。`,
      '',
      ...link(f, '病院へ連絡したら記録してください'),
    ]),
  }),
  support_center_request: (f) => ({
    subject: `【介護保険申請の支援依頼】${f.hospitalName}`,
    text: body(
      f,
      [
        `${f.hospitalName}より、家族等での対応が困難なため、入院中の方の介護保険サービス利用について支援をお願いします${per(f, 'insuranceApplication')}。`,
        '病院の窓口へご連絡のうえ、状況をご確認ください。',
        '',
      ],
      `${f.officeName} ご担当者様`,
    ),
  }),
  care_manager_search_request: (f) => ({
    subject: `【担当ケアマネジャーの確認のお願い】${f.hospitalName}`,
    text: body(
      f,
      [
        `${f.hospitalName}に入院された方について、本人・家族への聞き取りや介護保険証の確認でも担当ケアマネジャーが分かりません${per(f, 'admission')}。`,
        '住所地の地域包括支援センターとして、担当の事業所をご確認いただき、担当ケアマネジャーから病院の窓口へ連絡するようお伝えください。',
        `入院日: ${jaDate(f.admittedOn)}`,
        ...(f.deadline ? [`病院の確認期限: ${jaDate(f.deadline.dueOn)}中`] : []),
        'お名前など詳しくは、病院の窓口へお問い合わせください。',
        '',
        ...link(
          f,
          '担当の事業所が分かったら、このページで事業所を選んで記録してください (病院と事業所へ自動で連絡されます)',
        ),
      ],
      `${f.officeName} ご担当者様`,
    ),
  }),
  information_sheet_copy: (f) => ({
    subject: `【転院患者の情報提供】${f.hospitalName}より`,
    text: body(
      f,
      [
        `${f.hospitalName}から転院される方について、入院時情報提供シートの写しを提供します${per(f, 'transfer')}。`,
        `転院元: ${f.caseRef}`,
        '',
      ],
      `${f.officeName} ご担当者様`,
    ),
  }),
  deadline_overdue_notice: (f) => ({
    subject: `【期限超過】${f.deadline?.label ?? ''}`,
    text: body(f, [
      `${f.hospitalName}に入院中の${patient(f)}について、次の期限を過ぎています。`,
      '',
      ...(f.deadline
        ? [
            `${f.deadline.label}: ${jaDate(f.deadline.dueOn)}中`,
            `(${f.deadline.reason}${f.deadline.step ? `。${citeRule(f.rule.document, f.deadline.step)}` : ''})`,
          ]
        : []),
      '',
      ...link(f, '完了したら記録してください'),
    ]),
  }),
  escalation_notice: (f) => ({
    subject: `【要確認】期限超過の引き継ぎ: ${f.caseRef}`,
    text: body(
      f,
      [
        `次の引き継ぎが期限を過ぎたまま止まっています。担当者への確認をお願いします。`,
        '',
        `入院: ${f.caseRef}`,
        ...(f.deadline
          ? [
              `手順: ${f.deadline.label}${f.deadline.step ? per(f, f.deadline.step) : ''}`,
              `担当: ${f.deadline.owner}`,
              `期限: ${jaDate(f.deadline.dueOn)}中`,
              `(${f.deadline.reason})`,
            ]
          : []),
        '',
      ],
      // To the region administrator or an administrator's or a hospital staff member's account: their name.
      `${f.officeName} 様`,
    ),
  }),
  correction_notice: (f) => ({
    subject: `【訂正】${f.hospitalName}からのお知らせ`,
    text: body(f, [
      `${f.hospitalName}からの${patient(f)}についての先のお知らせに誤りがあり、訂正されました。`,
      '',
      ...correctionLines(f),
      '',
    ]),
  }),
  fax_receipt_reminder: (f) => ({
    subject: `【FAX受信確認のお願い】${f.fax?.title ?? ''}`,
    text: body(
      f,
      f.fax?.reader === 'sender'
        ? [
            `${jaDateTime(f.fax.sentAt)} に FAX (${f.fax.faxNumber}) で送信した「${f.fax.title}」を、${f.fax.receiverName} がまだ受信確認していません。`,
            `お手数ですが、先方へお電話で受信をご確認ください${f.fax.receiverPhone ? ` (電話 ${f.fax.receiverPhone})` : ''}。FAXは送っただけでは引き継ぎになりません。`,
            '',
            '▼ 受信を確認できたら記録してください',
            f.fax.confirmUrl,
            '',
          ]
        : [
            `${f.fax ? jaDateTime(f.fax.sentAt) : ''} に ${f.fax?.receiverName ?? ''} の FAX (${f.fax?.faxNumber ?? ''}) へ「${f.fax?.title ?? ''}」を送信しましたが、受信確認がまだありません。`,
            'FAXをご確認のうえ、QRコードまたは次のリンクから受信を確認してください。',
            '',
            '▼ 受信を確認する',
            f.fax?.confirmUrl ?? '',
            '',
          ],
      `${f.officeName} ご担当者様`,
    ),
  }),
  admission_reported_notice: reportedAdmissionText,
  nursing_summary_notice: (f) => ({
    subject: `【看護サマリーのお知らせ】${f.hospitalName}`,
    text: body(f, [
      `${f.hospitalName}より、${patient(f)}の看護サマリーが届きました${per(f, 'afterDischarge')}。`,
      '予測される介護上の問題、最終排便日・最終入浴日、服薬、ADL、皮膚の状態、医療機器、看護師からの申し送りが記載されています。',
      '',
      ...(f.discharge ? [`退院日: ${jaDate(f.discharge.on)}`, ''] : []),
      '▼ 看護サマリーを見る (PDFも取り出せます)',
      f.shortLink,
      '(個人情報を含むため、リンクを開いたあと「看護サマリーを表示する」ボタンを押すと表示されます。)',
      '',
    ]),
  }),
  information_sheet_undelivered: (f) => ({
    subject: `【送信できませんでした】入院時情報提供シート (${f.hospitalName})`,
    text: body(f, [
      `${f.hospitalName}へお送りいただいた${patient(f)}の入院時情報提供シートを、病院の窓口へ送信できませんでした。`,
      `お手数ですが、面談・郵送など別の方法で提供し、提供した日時と方法を記録してください${per(f, 'admission')}。`,
      '',
      ...(f.informationSheetDueOn ? [`提供期限: ${jaDate(f.informationSheetDueOn)}中`, ''] : []),
      ...link(f, '提供したら、日時と方法を記録してください'),
    ]),
  }),
  discharge_start_copy: (f) => ({
    subject: `【退院調整開始のお知らせ (写し)】${f.hospitalName}`,
    text: body(
      f,
      [
        `${f.hospitalName}より、${copyPatient(f)}の退院調整を開始したと連絡がありました${per(f, 'dischargeStart')}。`,
        '',
        ...(f.expectedDischargeDate ? [`退院予定日: ${jaDate(f.expectedDischargeDate)}`] : []),
        ...copyLines(f),
      ],
      `${f.officeName} ご担当者様`,
    ),
  }),
  discharge_copy: (f) => ({
    subject: `${f.sudden ? '【至急・退院のお知らせ (写し)】' : '【退院のお知らせ (写し)】'}${f.hospitalName}`,
    text: body(
      f,
      [
        `${f.hospitalName}より、${copyPatient(f)}が退院されたと連絡がありました${per(f, 'afterDischarge')}。`,
        ...(f.sudden ? ['退院調整開始の連絡がないままの退院です。'] : []),
        '',
        ...dischargeLines(f),
        ...copyLines(f),
      ],
      `${f.officeName} ご担当者様`,
    ),
  }),
};

const STAY_ENDED_SMS: Record<string, string> = {
  transferred: '【転院】',
  discharged_to_facility: '【退院】',
  admission_plan_cancelled: '【入院予定取消】',
  admission_not_found: '【該当入院なし】',
};

/**
 * SMS texts: no name, no diagnosis; one 70-character UCS-2 segment with the short link where the
 * hospital name allows. The link opens the full notice (and its task).
 */
export const smsTexts: Record<CareOfficeNoticeKind, (f: NoticeFacts) => string> = {
  admission_notice: (f) => `【入院連絡】${f.hospitalName} ご担当の方が入院 ${f.shortLink}`,
  planned_admission_notice: (f) => `【入院予定${md(f.admittedOn)}】${f.hospitalName} ${f.shortLink}`,
  information_sheet_reminder: (f) =>
    `【情報提供期限${f.informationSheetDueOn ? md(f.informationSheetDueOn) : ''}】${f.hospitalName} ${f.shortLink}`,
  discharge_start_notice: (f) => `【退院調整開始】${f.hospitalName} ${f.shortLink}`,
  discharge_start_reminder: (f) =>
    `【退院調整開始の連絡期限${f.deadline ? md(f.deadline.dueOn) : ''}】${f.hospitalName} ${f.shortLink}`,
  conference_notice: (f) =>
    `【退院前カンファ${f.conference?.at ? md(jstDate(f.conference.at)) : ''}】${f.hospitalName} ${f.shortLink}`,
  discharge_notice: (f) =>
    `${f.sudden ? '【至急・退院】' : '【退院】'}${f.hospitalName} ご担当の方が退院 ${f.shortLink}`,
  stay_ended_notice: (f) => `${STAY_ENDED_SMS[f.closedReason ?? ''] ?? '【入院終了】'}${f.hospitalName} ${f.shortLink}`,
  care_plan_copy_reminder: (f) =>
    `【ケアプラン写し期限${f.deadline ? md(f.deadline.dueOn) : ''}】${f.hospitalName} ${f.shortLink}`,
  hospital_contact_reminder: (f) =>
    `【病院への連絡期限${f.deadline ? md(f.deadline.dueOn) : ''}】${f.hospitalName} ${f.shortLink}`,
  assignment_reminder: (f) => `【担当ケアマネ未定】${f.hospitalName} 入院中の方 ${f.shortLink}`,
  sudden_discharge_notice: (f) => `【至急・退院】${f.hospitalName} ご担当の方が退院 ${f.shortLink}`,
  care_level_change_notice: (f) => `【区分変更のご相談】${f.hospitalName} ${f.shortLink}`,
  treatment_plan_notice: (f) => `【入院中の経過】${f.hospitalName} ${f.shortLink}`,
  assignment_request: (f) => `【担当のお知らせ】${f.hospitalName} 入院中の方 ${f.shortLink}`,
  support_center_request: (f) => `【申請支援の依頼】${f.hospitalName} ${f.shortLink}`,
  care_manager_search_request: (f) => `【担当ケアマネ確認のお願い】${f.hospitalName} ${f.shortLink}`,
  nursing_summary_notice: (f) => `【看護サマリー】${f.hospitalName}より ${f.shortLink}`,
  information_sheet_copy: (f) => `【転院患者の情報】${f.hospitalName}より ${f.shortLink}`,
  deadline_overdue_notice: (f) => `【期限超過】${f.hospitalName} ${f.shortLink}`,
  escalation_notice: (f) => `【要確認・期限超過】${f.hospitalName} ${f.shortLink}`,
  correction_notice: (f) => `【訂正】${f.hospitalName}からの連絡 ${f.shortLink}`,
  fax_receipt_reminder: (f) => `【FAX受信確認】${f.hospitalName} ${f.shortLink}`,
  information_sheet_undelivered: (f) => `【送信不可】情報提供シート ${f.hospitalName} ${f.shortLink}`,
  admission_reported_notice: (f) => `【入院確認のお願い】ケアマネジャーより ${f.report?.confirmUrl ?? f.shortLink}`,
  discharge_start_copy: (f) => `【写し・退院調整開始】${f.hospitalName} ${f.shortLink}`,
  discharge_copy: (f) => `${f.sudden ? '【写し・至急・退院】' : '【写し・退院】'}${f.hospitalName} ${f.shortLink}`,
};

/** GSM-7 basic characters fit 160 per segment; anything else (Japanese) is UCS-2: 70, or 67 when split. */
export function smsSegments(text: string): number {
  const units = [...text].reduce((n, ch) => n + (ch.codePointAt(0)! > 0xffff ? 2 : 1), 0);
  const gsm = /^[A-Za-z0-9 @£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/.test(text);
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  return units <= single ? 1 : Math.ceil(units / multi);
}

/** The information sheet sent to a hospital window by email (the PDF attached) when it takes no FAX. */
/** How a mail carrying a document (PDF attached) ends: the receipt link, and what the mail is. */
function documentMailEnd(s: { confirmUrl: string; documentName: string }): string[] {
  return [
    '',
    '▼ 受け取りましたら、次のリンクから受信を確認してください',
    s.confirmUrl,
    '',
    '──',
    `このメールは${s.documentName}に基づき renkei から送信しています。個人情報を含みます。誤って届いた場合は破棄し、送信元へご連絡ください。`,
  ];
}

export function informationSheetMail(s: {
  officeName: string;
  hospitalName: string;
  windowName: string;
  patientFamilyName: string | null;
  confirmUrl: string;
  /** The region's rule, by its own name. */
  documentName: string;
  /** The sheet's title as the region's form names it (様式⑦ 入院時情報提供書＜在宅版＞). */
  formName: string;
}): NoticeText {
  return {
    subject: `【${s.formName}】${s.officeName}より`,
    text: [
      `${s.hospitalName} ${s.windowName} ご担当者様`,
      '',
      `${s.officeName}より、入院された${s.patientFamilyName ? `${s.patientFamilyName} 様` : '利用者様'}の${s.formName}をお送りします (PDF添付)。`,
      ...documentMailEnd(s),
    ].join('\n'),
  };
}

/** ケアプランの写し by email: the care manager's uploaded PDF, attached as it was uploaded. */
export function carePlanCopyMail(s: {
  officeName: string;
  hospitalName: string;
  windowName: string;
  patientFamilyName: string | null;
  confirmUrl: string;
  documentName: string;
}): NoticeText {
  return {
    subject: `【ケアプランの写し】${s.officeName}より`,
    text: [
      `${s.hospitalName} ${s.windowName} ご担当者様`,
      '',
      `${s.officeName}より、退院された${s.patientFamilyName ? `${s.patientFamilyName} 様` : '利用者様'}のケアプランの写しをお送りします (PDF添付)。`,
      ...documentMailEnd(s),
    ].join('\n'),
  };
}

/** 転院時の連絡 by email: the sending hospital's copy of the information sheet, the same PDF as its FAX. */
export function sheetCopyMail(s: {
  hospitalName: string;
  receiverName: string;
  patientFamilyName: string | null;
  confirmUrl: string;
  documentName: string;
  /** Whether the PDF carries the sheet's pages (else it says where to ask for them). */
  attached: boolean;
}): NoticeText {
  const who = s.patientFamilyName ? `${s.patientFamilyName} 様` : '患者様';
  return {
    subject: `【転院患者の入院時情報提供シート】${s.hospitalName}より`,
    text: [
      `${s.receiverName} ご担当者様`,
      '',
      s.attached
        ? `${s.hospitalName}より、貴院へ転院される${who}の入院時情報提供シート (担当ケアマネジャーが当院へ提供したもの) の写しをお送りします (PDF添付)。`
        : `${s.hospitalName}より、貴院へ転院される${who}の入院時情報提供シートについてのご連絡です (PDF添付)。`,
      ...documentMailEnd(s),
    ].join('\n'),
  };
}

/** The copy's page when the sheet was given outside renkei (face to face, by post): no pages to send, and who has them. */
export function sheetCopyNotOnFile(s: {
  hospitalName: string;
  windowName: string;
  windowPhone: string | null;
  patientName: string;
  officeName: string;
  providedOn: string | null;
}): string {
  return [
    `${s.patientName} 様の入院時情報提供シートは、${s.officeName}から${s.providedOn ? `${s.providedOn}に` : ''}renkei を介さずに (面談・郵送など) 当院へ提供されたため、このFAXには添付できません。`,
    `写しが必要な場合は、${s.hospitalName}${s.windowName ? ` ${s.windowName}` : ''}${s.windowPhone ? ` (電話 ${s.windowPhone})` : ''}へお問い合わせください。`,
  ].join('\n');
}
