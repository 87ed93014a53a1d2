import { describe, expect, it } from 'vitest';
import {
  carePlanCopyDeadline,
  dischargeStartNoticeDeadline,
  informationSheetDeadline,
} from '../../machines/deadlines.js';
import {
  type CareOfficeNoticeKind,
  informationSheetMail,
  type NoticeFacts,
  noticeTexts,
  smsTexts,
} from '../../notifiers/texts.js';
import { citeRule } from '../../regions/document.js';
import { regionPacks } from '../../regions/index.generated.js';
import { regionSheetForm } from '../../regions/nationalSheetForm.js';
import { ruleParams } from '../../regions/rules.js';
import type { RegionPack } from '../../regions/schema.js';

// BRIEF: 「A region is data: no text may name Sanda or its step numbers (A①) outside Sanda's pack;
// each region's own document name, days and contacts come from its pack.」

const KINDS = Object.keys(noticeTexts) as CareOfficeNoticeKind[];
const REGION_IDS = regionPacks.map((r) => r.id);

/** A stay in `pack`'s region, as the engine would describe it: every optional part present. */
function factsFor(pack: RegionPack, change: Partial<NoticeFacts> = {}): NoticeFacts {
  const rule = ruleParams(pack).machine;
  const sheet = informationSheetDeadline('2026-12-04T10:00:00+09:00', rule, pack.rule.hospitalHours);
  return {
    officeName: 'ケアプランセンターさくら',
    hospitalName: '市民病院',
    window: { name: '地域連携室', phone: '0000-00-0000', fax: '0000-00-0001' },
    patientFamilyName: '山田',
    ward: '4階東病棟',
    admittedOn: '2026-12-04',
    informationSheetDueOn: '2026-12-06',
    expectedDischargeDate: '2026-12-20',
    conference: { at: '2026-12-15T05:00:00.000Z', place: 'カンファレンス室', online: false },
    discharge: { on: '2026-12-20', destination: 'home' },
    link: { url: 'https://renkei.example.jp/t/abc', expiresOn: '2026-12-17' },
    shortLink: 'https://renkei.example.jp/n/7KQ2M9XW4D',
    sudden: false,
    transferSheet: 'requested',
    fax: {
      reader: 'sender',
      title: '転院患者の入院時情報提供シート',
      sentAt: '2026-12-04T02:00:00.000Z',
      faxNumber: '0000-00-0002',
      receiverName: '転院先病院 地域連携室',
      receiverPhone: null,
      confirmUrl: 'https://renkei.example.jp/r/7KQ2M9XW4D',
      confirmCode: '7KQ2-M9XW-4D',
    },
    medium: 'メール',
    region: {
      name: pack.name,
      administratorName: pack.administrator.name,
      administratorPhone: pack.administrator.phone ?? null,
    },
    rule: { document: pack.document, informationSheetWithinDays: pack.rule.informationSheet.withinDays },
    deadline: {
      label: '入院時情報提供シートの提供',
      step: 'admission',
      dueOn: '2026-12-06',
      reason: `${sheet.reason} / ${carePlanCopyDeadline('2026-12-20T10:00:00+09:00', rule, pack.rule.hospitalHours).reason}`,
      owner: 'ケアプランセンターさくら',
    },
    closedReason: 'transferred',
    transferTo: '転院先病院',
    expectedLengthOfStayDays: 21,
    caseRef: '市民病院 入院番号 E-1',
    correction: { retracted: 'died', now: 'in_hospital' },
    report: {
      officeName: 'ケアプランセンターさくら',
      officePhone: '0000-00-0003',
      officeFax: '0000-00-0004',
      patientName: '山田 花子',
      birthDate: '1941-05-02',
      confirmUrl: 'https://renkei.example.jp/a/7KQ2M9XW4D',
      confirmBy: '2026-12-08',
    },
    copy: { careOfficeName: 'ケアプランセンターさくら', careOfficePhone: '0000-00-0003', careOfficeFax: null },
    ...change,
  };
}

function rendered(pack: RegionPack, change: Partial<NoticeFacts> = {}): string[] {
  const facts = factsFor(pack, change);
  return KINDS.flatMap((kind) => {
    const mail = noticeTexts[kind](facts);
    const fax = noticeTexts[kind]({ ...facts, medium: 'FAX' });
    return [mail.subject, mail.text, fax.text, smsTexts[kind](facts)];
  });
}

/** What names a region: its name, its document's name, its administrator, and its step names. */
function namesOf(pack: RegionPack): string[] {
  return [pack.name, pack.document.name, pack.administrator.name, ...Object.values(pack.document.steps)];
}

describe('every notice kind × the four regions: the region’s own document, days and contacts', () => {
  it('the four regions are loaded', () => {
    expect(REGION_IDS.sort()).toEqual(['asahikawa', 'kagoshima', 'sanda', 'sasebo']);
  });

  describe.each(regionPacks.map((p) => [p.id, p] as const))('%s', (id, pack) => {
    // Rendered inside each test, not here: StrykerJS (`npm run mutation`) then sees which test reads
    // which deadline reason instead of counting it as run while the file loads.
    const texts = () => rendered(pack);
    const others = regionPacks.filter((p) => p.id !== id);

    it('names no other region, its document, its administrator or its step names', () => {
      for (const other of others)
        for (const name of namesOf(other).filter((n) => !namesOf(pack).includes(n)))
          for (const text of texts()) expect(text, `${other.id}: ${name}`).not.toContain(name);
    });

    it('prints no empty parentheses (a region without an administrator phone)', () => {
      for (const text of texts()) expect(text).not.toMatch(/\(\s*\)|（\s*）|「\s*」/);
    });

    it('prints no raw ids: no case_/ntc_/task_ ids, no region ids', () => {
      for (const text of texts()) {
        expect(text).not.toMatch(/\b(case|ntc|task|tok)_|account:/);
        for (const rid of REGION_IDS) expect(text).not.toMatch(new RegExp(`\\b${rid}\\b`));
      }
    });

    it('cites Sanda’s step numbers (A①, B②) only in Sanda', () => {
      const numbered = texts().filter((t) => /[AB][①-⑤]/.test(t));
      if (id === 'sanda') expect(numbered.length).toBeGreaterThan(0);
      else expect(numbered).toEqual([]);
    });

    it('every mail and FAX footer names the region’s own document', () => {
      const facts = factsFor(pack);
      for (const kind of KINDS)
        expect(noticeTexts[kind](facts).text).toContain(`この${'メール'}は${pack.document.name}に基づき`);
      const sheetMail = informationSheetMail({
        officeName: 'ケアプランセンターさくら',
        hospitalName: '市民病院',
        windowName: '地域連携室',
        patientFamilyName: '山田',
        confirmUrl: 'https://renkei.example.jp/r/7KQ2M9XW4D',
        documentName: pack.document.name,
        formName: regionSheetForm(pack).name,
      });
      expect(sheetMail.text).toContain(pack.document.name);
      expect(sheetMail.subject).toBe(`【${regionSheetForm(pack).name}】ケアプランセンターさくらより`);
    });

    it('the administrator’s phone is printed where the pack has one', () => {
      const footer = noticeTexts.correction_notice(factsFor(pack)).text;
      if (pack.administrator.phone)
        expect(footer).toContain(`${pack.administrator.name} (${pack.administrator.phone})`);
      else expect(footer).toContain(`ルールに関するお問い合わせ: ${pack.administrator.name}\n`.trimEnd());
    });
  });

  it('the information-sheet days come from the region (withinDays), not a fixed 3', () => {
    const pack = regionPacks.find((p) => p.id === 'sasebo')!;
    const five = {
      ...pack,
      rule: { ...pack.rule, informationSheet: { ...pack.rule.informationSheet, withinDays: 5 } },
    };
    const text = noticeTexts.admission_notice(factsFor(five)).text;
    expect(text).toContain('(入院日を含め5日以内)');
    expect(text).not.toContain('3日以内');
  });

  it('Sasebo and Asahikawa cite their documents by the seeds’ names', () => {
    const doc = (id: string) => regionPacks.find((p) => p.id === id)!.document;
    expect(doc('sasebo').name).toBe('ケアマネジャー医療連携ガイドライン');
    expect(doc('asahikawa').name).toBe('旭川市入退院時の医療と介護の連携の手引');
    expect(doc('sanda').name).toBe('三田市入退院支援ルール');
    const asahikawa = regionPacks.find((p) => p.id === 'asahikawa')!;
    expect(noticeTexts.information_sheet_undelivered(factsFor(asahikawa)).text).toContain(
      '(旭川市入退院時の医療と介護の連携の手引 基本的なルール①「入院時」)',
    );
  });
});

describe("the discharge-start reminder to the hospital's window, in each region", () => {
  it.each(regionPacks.map((p) => [p.id, p] as const))(
    "%s: cites the region's document (and its step for 退院調整開始), its lead days and the last day",
    (_id, pack) => {
      const rule = ruleParams(pack).machine;
      const d = dischargeStartNoticeDeadline('2026-12-20', '2026-12-04T10:00:00+09:00', rule);
      const facts = factsFor(pack, {
        officeName: '市民病院 地域連携室',
        deadline: {
          label: '退院調整開始の連絡',
          step: 'dischargeStart',
          dueOn: '2026-12-17',
          reason: d.reason,
          owner: '市民病院',
        },
      });
      const { subject, text } = noticeTexts.discharge_start_reminder(facts);
      expect(subject).toBe('【退院調整開始の連絡期限】市民病院 入院番号 E-1');
      expect(text.startsWith('市民病院 地域連携室 ご担当者様')).toBe(true);
      expect(text).toContain(`(${citeRule(pack.document, 'dischargeStart')})`);
      expect(text).toContain('連絡の期限: 2026年12月17日(木)中');
      // The lead days are the pack's: 20 December minus them.
      const last = 20 - pack.rule.dischargeStartLeadDays;
      expect(d.reason).toBe(
        `退院見込み(12/20)の${pack.rule.dischargeStartLeadDays}日前(12/${last}中)までに退院調整開始をケアマネジャーへ連絡`,
      );
      expect(text).toContain(d.reason);
      expect(text).toContain(`この${'メール'}は${pack.document.name}に基づき`);
    },
  );
});

describe("the notice of an admission a care manager reported first, to the hospital's window, in each region", () => {
  it.each(regionPacks.map((p) => [p.id, p] as const))(
    "%s: cites the region's document (and its admission step), names the patient for the window to find, the reporter, the link and the last day",
    (_id, pack) => {
      const facts = factsFor(pack, { officeName: '市民病院 地域連携室' });
      const { subject, text } = noticeTexts.admission_reported_notice(facts);
      expect(subject).toBe('【入院のご連絡・確認のお願い】ケアプランセンターさくらより');
      expect(text.startsWith('市民病院 地域連携室 ご担当者様')).toBe(true);
      expect(text).toContain(`(${citeRule(pack.document, 'admission')})`);
      for (const line of [
        '患者氏名: 山田 花子 様',
        '生年月日: 1941年5月2日(金)',
        '入院日: 2026年12月4日(金) (ケアマネジャーからの連絡による)',
        '▼ 入院を確認する\nhttps://renkei.example.jp/a/7KQ2M9XW4D',
        '確認の期限: 2026年12月8日(火)中',
        '【連絡元】ケアプランセンターさくら\n  電話 0000-00-0003\n  FAX 0000-00-0004',
      ])
        expect(text).toContain(line);
      // The window's own contact is not printed to the window as if it were someone to call.
      expect(text).not.toContain('【連絡先】');
      expect(text).toContain(`この${'メール'}は${pack.document.name}に基づき`);
      expect(smsTexts.admission_reported_notice(facts)).toContain('https://renkei.example.jp/a/7KQ2M9XW4D');
    },
  );
});
