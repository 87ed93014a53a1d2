// 002 (1)❹ 緊急時等居宅カンファレンス加算 「２００単位／月（２回まで）」 and ❺ 通院時情報連携加算
// 「５０単位／月（1回まで）」: the care office's own records outside a stay, judged per user and Japanese
// month (machines/billing.ts judgeOfficeRecords).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  judgeOfficeRecords,
  OFFICE_RECORD_ADD_ONS,
  type OfficeRecord,
  type OfficeRecordKind,
} from '../../machines/billing.js';

const ALL_CHECKS = (kind: OfficeRecordKind) => Object.keys(OFFICE_RECORD_ADD_ONS[kind].checks);
let n = 0;
const rec = (kind: OfficeRecordKind, at: string, extra: Partial<OfficeRecord> = {}): OfficeRecord => ({
  id: `r${String(++n).padStart(3, '0')}`,
  client: 'patient-a',
  kind,
  at,
  place: '三田市民病院',
  attendees: '主治医 山本、訪問看護 田中',
  checks: ALL_CHECKS(kind),
  ...extra,
});
const supportedOf = (
  records: OfficeRecord[],
  kind: 'home_care_office' | 'community_support_center' = 'home_care_office',
) => judgeOfficeRecords(records, kind).map((r) => r.supported);

describe('❹ 緊急時等居宅カンファレンス加算 200単位 (２回まで a month per user)', () => {
  it('the third conference in a month is not supported, and says which two were', () => {
    const judged = judgeOfficeRecords(
      [
        rec('home_conference', '2026-12-20T14:00:00+09:00'),
        rec('home_conference', '2026-12-03T10:00:00+09:00'),
        rec('home_conference', '2026-12-10T16:00:00+09:00'),
      ],
      'home_care_office',
    );
    // Judged in the order they took place, whatever the order recorded.
    expect(judged.map((r) => [r.at.slice(5, 10), r.supported])).toEqual([
      ['12-03', true],
      ['12-10', true],
      ['12-20', false],
    ]);
    expect(judged[2]!.missing).toEqual(['利用者1人につき1月に2回まで: 同じ月の12/3、12/10で算定']);
  });

  it('the month boundary is Japan’s: 1 December 00:30 in Japan (30 November in UTC) counts in December', () => {
    const judged = judgeOfficeRecords(
      [
        rec('home_conference', '2026-11-05T10:00:00+09:00'),
        rec('home_conference', '2026-11-30T23:30:00+09:00'),
        rec('home_conference', '2026-12-01T00:30:00+09:00'),
      ],
      'home_care_office',
    );
    expect(judged.map((r) => [r.month, r.supported])).toEqual([
      ['2026-11', true],
      ['2026-11', true],
      ['2026-12', true],
    ]);
  });

  it('another user’s conferences do not use up this user’s two', () => {
    expect(
      supportedOf([
        rec('home_conference', '2026-12-01T10:00:00+09:00', { client: 'patient-b' }),
        rec('home_conference', '2026-12-02T10:00:00+09:00', { client: 'patient-b' }),
        rec('home_conference', '2026-12-03T10:00:00+09:00'),
      ]),
    ).toEqual([true, true, true]);
  });

  it('「病院又は診療所の求めにより…医師又は看護師等と共に」: a conference missing a condition says which, and does not use up the month', () => {
    const judged = judgeOfficeRecords(
      [
        rec('home_conference', '2026-12-01T10:00:00+09:00', { checks: ['with_medical_staff', 'recorded_in_plan'] }),
        rec('home_conference', '2026-12-02T10:00:00+09:00', { attendees: '' }),
        rec('home_conference', '2026-12-03T10:00:00+09:00'),
        rec('home_conference', '2026-12-04T10:00:00+09:00'),
      ],
      'home_care_office',
    );
    expect(judged[0]!.missing).toEqual(['未確認: 病院又は診療所の求めによる']);
    expect(judged[1]!.missing).toEqual(['カンファレンスに参加した医療関係職種等の氏名の記録がない']);
    expect(judged.map((r) => r.supported)).toEqual([false, false, true, true]);
  });

  it("the attendees' names are the conference's own condition: blank (spaces only) is missing for it, not for a clinic visit", () => {
    const judged = judgeOfficeRecords(
      [
        rec('home_conference', '2026-12-01T10:00:00+09:00', { attendees: '   ' }),
        rec('clinic_visit', '2026-12-02T10:00:00+09:00', { attendees: '' }),
      ],
      'home_care_office',
    );
    expect(judged[0]!.missing).toEqual(['カンファレンスに参加した医療関係職種等の氏名の記録がない']);
    expect(judged[1]!.missing).toEqual([]);
    expect(judged[1]!.supported).toBe(true);
  });

  it('the basis names the day, the place and (when recorded) who attended', () => {
    const judged = judgeOfficeRecords(
      [
        rec('home_conference', '2026-12-03T10:00:00+09:00', { attendees: ' 主治医 山本 ' }),
        rec('clinic_visit', '2026-12-04T10:00:00+09:00', { attendees: ' ' }),
      ],
      'home_care_office',
    );
    expect(judged.map((r) => r.basis)).toEqual([['12/3 三田市民病院 (主治医 山本)'], ['12/4 三田市民病院']]);
  });

  it("a record already short of a condition is not also said to be over the month's cap", () => {
    const judged = judgeOfficeRecords(
      [
        rec('home_conference', '2026-12-01T10:00:00+09:00'),
        rec('home_conference', '2026-12-02T10:00:00+09:00'),
        rec('home_conference', '2026-12-03T10:00:00+09:00', { checks: ['with_medical_staff', 'recorded_in_plan'] }),
      ],
      'home_care_office',
    );
    expect(judged[2]!.missing).toEqual(['未確認: 病院又は診療所の求めによる']);
  });

  it('介護予防支援 (地域包括支援センター) has no 緊急時等居宅カンファレンス加算', () => {
    const [r] = judgeOfficeRecords([rec('home_conference', '2026-12-01T10:00:00+09:00')], 'community_support_center');
    expect(r!.supported).toBe(false);
    expect(r!.missing[0]).toContain('介護予防支援(地域包括支援センター)は対象外');
  });
});

describe('❺ 通院時情報連携加算 50単位 (1回まで a month per user)', () => {
  it('the second clinic visit in a month is not supported; the next month’s is', () => {
    const judged = judgeOfficeRecords(
      [
        rec('clinic_visit', '2026-12-08T10:00:00+09:00'),
        rec('clinic_visit', '2026-12-22T10:00:00+09:00'),
        rec('clinic_visit', '2027-01-05T10:00:00+09:00'),
      ],
      'home_care_office',
    );
    expect(judged.map((r) => r.supported)).toEqual([true, false, true]);
    expect(judged[1]!.missing).toEqual(['利用者1人につき1月に1回まで: 同じ月の12/8で算定']);
    expect(judged[0]!.value).toBe('50単位/月 (月1回まで)');
  });

  it('「同席し…情報の提供を行うと共に…情報の提供を受けた上で」: each step not done is named', () => {
    const [r] = judgeOfficeRecords(
      [rec('clinic_visit', '2026-12-08T10:00:00+09:00', { checks: ['attended', 'information_given', 'consent'] })],
      'home_care_office',
    );
    expect(r!.missing).toEqual([
      '未確認: 医師又は歯科医師等から利用者に関する必要な情報の提供を受けた',
      '未確認: 居宅サービス計画に記録',
    ]);
  });

  it('a conference and a clinic visit have caps of their own', () => {
    expect(
      supportedOf([
        rec('clinic_visit', '2026-12-01T10:00:00+09:00'),
        rec('home_conference', '2026-12-02T10:00:00+09:00'),
        rec('home_conference', '2026-12-03T10:00:00+09:00'),
      ]),
    ).toEqual([true, true, true]);
  });
});

describe('the cap, over any records (property)', () => {
  const seed = Number(process.env.FC_SEED ?? 190619);
  it(`never more than the cap a user and Japanese month supports, and a fully recorded one is refused only by the cap (seed ${seed})`, () => {
    const arb = fc.array(
      fc.record({
        kind: fc.constantFrom<OfficeRecordKind>('home_conference', 'clinic_visit'),
        client: fc.constantFrom('a', 'b'),
        at: fc.integer({ min: Date.parse('2026-10-25T00:00:00Z'), max: Date.parse('2027-01-05T00:00:00Z') }),
        full: fc.boolean(),
      }),
      { maxLength: 25 },
    );
    fc.assert(
      fc.property(arb, (xs) => {
        const records = xs.map((x, i) =>
          rec(x.kind, new Date(x.at).toISOString(), {
            id: `p${String(i).padStart(3, '0')}`,
            client: x.client,
            checks: x.full ? ALL_CHECKS(x.kind) : [],
          }),
        );
        const judged = judgeOfficeRecords(records, 'home_care_office');
        const counts = new Map<string, number>();
        for (const r of judged.filter((j) => j.supported)) {
          const key = `${r.client}|${r.kind}|${r.month}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        for (const [key, count] of counts)
          expect(count).toBeLessThanOrEqual(OFFICE_RECORD_ADD_ONS[key.split('|')[1] as OfficeRecordKind].perMonth);
        for (const r of judged.filter((j) => !j.supported && j.checks.length === ALL_CHECKS(j.kind).length))
          expect(counts.get(`${r.client}|${r.kind}|${r.month}`)).toBe(OFFICE_RECORD_ADD_ONS[r.kind].perMonth);
      }),
      { seed, numRuns: 300 },
    );
  });
});
