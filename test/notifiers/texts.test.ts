import { describe, expect, it } from 'vitest';
import {
  type CareOfficeNoticeKind,
  informationSheetMail,
  type NoticeFacts,
  noticeTexts,
  smsSegments,
  smsTexts,
} from '../../notifiers/texts.js';
import { regionPacks } from '../../regions/index.generated.js';
import { regionSheetForm } from '../../regions/nationalSheetForm.js';

const sanda = regionPacks.find((r) => r.id === 'sanda')!;

const facts: NoticeFacts = {
  officeName: '三田ケアプランセンター',
  hospitalName: '三田市民病院',
  window: { name: '総合支援センター 退院支援連携室', phone: '079-565-8000', fax: '079-565-8018' },
  patientFamilyName: '山田',
  ward: '4階東病棟',
  admittedOn: '2026-12-04',
  informationSheetDueOn: '2026-12-06',
  expectedDischargeDate: '2026-12-20',
  conference: { at: '2026-12-15T05:00:00.000Z', place: '3階カンファレンス室', online: false },
  discharge: { on: '2026-12-20', destination: 'home' },
  link: { url: 'https://renkei.example.jp/t/eyJ0IjoidGFza18xIn0.c2lnbmF0dXJl', expiresOn: '2026-12-17' },
  shortLink: 'https://renkei.example.jp/n/7KQ2M9XW4D',
  sudden: false,
  fax: null,
  medium: 'メール',
  region: {
    name: '三田市',
    administratorName: '三田市在宅医療・介護連携支援センター',
    administratorPhone: '079-565-8766',
  },
  rule: { document: sanda.document, informationSheetWithinDays: 3 },
  deadline: null,
  closedReason: null,
  transferTo: null,
  transferSheet: null,
  expectedLengthOfStayDays: null,
  caseRef: '三田市民病院 入院番号 E-2026-0412',
  correction: null,
};

const overdueSheet: NoticeFacts['deadline'] = {
  label: '入院時情報提供シートの提供',
  step: 'admission',
  dueOn: '2026-12-06',
  owner: '三田ケアプランセンター',
  reason: '入院時情報提供シートは入院日を1日目として3日以内: 入院日の翌日又は翌々日(12/5〜12/6)',
};

const unconfirmed: NonNullable<NoticeFacts['fax']> = {
  reader: 'receiver',
  title: '入院のお知らせ',
  sentAt: '2026-12-04T02:00:00.000Z',
  faxNumber: '079-555-0101',
  receiverName: '三田ケアプランセンター',
  receiverPhone: null,
  confirmUrl: 'https://renkei.example.jp/r/7KQ2M9XW4D',
  confirmCode: '7KQ2-M9XW-4D',
};

const variants: [string, CareOfficeNoticeKind, Partial<NoticeFacts>][] = [
  ['admission_notice', 'admission_notice', {}],
  ['information_sheet_reminder', 'information_sheet_reminder', {}],
  ['discharge_start_notice', 'discharge_start_notice', {}],
  ['conference_notice', 'conference_notice', {}],
  [
    'conference_notice online',
    'conference_notice',
    { conference: { at: '2026-12-15T05:00:00.000Z', place: null, online: true } },
  ],
  ['discharge_notice', 'discharge_notice', {}],
  ['discharge_notice sudden', 'discharge_notice', { sudden: true }],
  [
    'stay_ended_notice to a facility',
    'stay_ended_notice',
    { closedReason: 'discharged_to_facility', discharge: { on: '2026-12-20', destination: 'facility' } },
  ],
  [
    'stay_ended_notice transfer',
    'stay_ended_notice',
    { closedReason: 'transferred', transferTo: '平島病院', transferSheet: 'copied', discharge: null },
  ],
  [
    'stay_ended_notice transfer before any information sheet',
    'stay_ended_notice',
    { closedReason: 'transferred', transferTo: '平島病院', transferSheet: 'requested', discharge: null },
  ],
  ['stay_ended_notice died', 'stay_ended_notice', { closedReason: 'died', discharge: null }],
  ['sudden_discharge_notice', 'sudden_discharge_notice', { sudden: true }],
  [
    'care_plan_copy_reminder',
    'care_plan_copy_reminder',
    {
      deadline: { ...overdueSheet!, label: 'ケアプランの写しの提供', step: 'afterDischarge', dueOn: '2027-01-03' },
    },
  ],
  ['care_level_change_notice', 'care_level_change_notice', { link: null }],
  ['treatment_plan_notice', 'treatment_plan_notice', { link: null, expectedLengthOfStayDays: 21 }],
  ['assignment_request', 'assignment_request', {}],
  [
    'hospital_contact_reminder',
    'hospital_contact_reminder',
    {
      deadline: {
        label: '担当ケアマネジャーから病院への連絡',
        step: 'careManagerAssignment',
        dueOn: '2026-12-18',
        reason: '担当になったケアマネジャーは早期に病院の担当者へ連絡: 担当決定から3営業日以内(12/18中)',
        owner: '',
      },
    },
  ],
  [
    'assignment_reminder to the support center',
    'assignment_reminder',
    {
      officeName: '三田市地域包括支援センター',
      link: null,
      deadline: {
        label: '介護保険申請後の担当ケアマネジャーの決定',
        step: 'careManagerAssignment',
        dueOn: '2026-12-18',
        reason:
          '介護保険の申請後、担当ケアマネジャーの決定 (病院の窓口・地域包括支援センター): 申請の支援から5営業日以内(12/18中)',
        owner: '',
      },
    },
  ],
  ['support_center_request', 'support_center_request', { officeName: '三田市地域包括支援センター', link: null }],
  ['information_sheet_copy', 'information_sheet_copy', { officeName: '平島病院 地域連携室', link: null }],
  ['deadline_overdue_notice', 'deadline_overdue_notice', { deadline: overdueSheet }],
  [
    'escalation_notice',
    'escalation_notice',
    { deadline: overdueSheet, link: null, officeName: '三田市在宅医療・介護連携支援センター' },
  ],
  ['correction_notice', 'correction_notice', { link: null }],
  [
    'correction_notice after a retracted death',
    'correction_notice',
    { link: null, correction: { retracted: 'died', now: 'in_hospital' } },
  ],
  [
    'stay_ended_notice admission cancelled',
    'stay_ended_notice',
    { closedReason: 'admission_cancelled', discharge: null },
  ],
  ['information_sheet_undelivered', 'information_sheet_undelivered', {}],
  ['fax_receipt_reminder to the office', 'fax_receipt_reminder', { fax: unconfirmed, link: null }],
  [
    'fax_receipt_reminder for a sheet sent to a hospital',
    'fax_receipt_reminder',
    {
      link: null,
      fax: {
        ...unconfirmed,
        reader: 'sender',
        title: '入院時情報提供シート',
        faxNumber: '079-565-8018',
        receiverName: '三田市民病院 総合支援センター 退院支援連携室',
        receiverPhone: '079-565-8000',
      },
    },
  ],
];

describe('notice texts: one place per notice kind, the least personal information, each text a snapshot', () => {
  it.each(variants)('email: %s', (_, kind, change) => {
    const text = noticeTexts[kind]({ ...facts, ...change });
    expect(text).toMatchSnapshot();
    expect(text.text).not.toContain('花子');
  });

  it.each(variants)('FAX body: %s', (_, kind, change) => {
    const { text } = noticeTexts[kind]({ ...facts, ...change, medium: 'FAX' });
    expect(text).toContain('このFAXは');
    expect(text).not.toContain('このメールは');
  });

  it.each(variants)('SMS: %s', (_, kind, change) => {
    const sms = smsTexts[kind]({ ...facts, ...change });
    expect(sms).toMatchSnapshot();
    expect(sms).not.toContain('山田');
    expect(sms).toContain(facts.shortLink);
    expect(smsSegments(sms)).toBe(1);
  });

  it('an SMS still fits one segment for the longest hospital name in Sanda', () => {
    const long = { ...facts, hospitalName: 'さんだリハビリテーション病院' };
    for (const kind of Object.keys(smsTexts) as CareOfficeNoticeKind[])
      expect(smsSegments(smsTexts[kind](long))).toBe(1);
  });

  it('segments count UCS-2 at 70 (67 when split) and GSM-7 at 160', () => {
    expect(smsSegments('あ'.repeat(70))).toBe(1);
    expect(smsSegments('あ'.repeat(71))).toBe(2);
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
  });

  it('the information sheet mail to a hospital window', () => {
    const mail = informationSheetMail({
      officeName: '三田ケアプランセンター',
      hospitalName: '三田市民病院',
      windowName: '総合支援センター 退院支援連携室',
      patientFamilyName: '山田',
      confirmUrl: 'https://renkei.example.jp/r/7KQ2M9XW4D',
      documentName: sanda.document.name,
      formName: regionSheetForm(sanda).name,
    });
    expect(mail).toMatchSnapshot();
    expect(mail.text).not.toContain('花子');
  });
});
