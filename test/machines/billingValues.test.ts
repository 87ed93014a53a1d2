// Billing evidence (machines/billing.ts) held value by value: every add-on's code, name, side and
// value as the seeds' tables give them (seed 002 §4, seed 001), the profession → side categories of
// 退院時共同指導料2 注3, the same-day rules of 介護支援等連携指導料 and 多機関共同指導加算, and the
// edges of every window (入院時情報連携加算 to the millisecond, 入退院支援加算 by the day). Contexts
// start from the machine's own admission and set the recorded facts directly: billingEvidence is a
// pure reading of the context.
import { describe, expect, it } from 'vitest';
import {
  type AddOn,
  billingEvidence,
  homeCategories,
  isQualifyingConference,
  medicalCareLinkageAddOn,
} from '../../machines/billing.js';
import { admit, apply } from '../../machines/run.js';
import {
  type Conference,
  type HospitalizationContext,
  PRE_ADMISSION_ITEMS,
  type PreAdmissionItem,
  type Profession,
  type Side,
} from '../../machines/types.js';
import { routeAAdmission, ruleOf } from './stays.js';

// Tuesday 9 June 2026, 10:30 in Japan, in the office's hours (9–18, closed weekends and holidays).
// Admitted afresh in each test rather than once as the file loads: StrykerJS (`npm run mutation`) then
// sees which tests run the admission, and a mutant of it is judged by them instead of by every suite.
const start = (): HospitalizationContext =>
  admit(
    routeAAdmission(ruleOf('sanda'), '2026-06-09T10:30:00+09:00', {
      officeHours: { open: '09:00', close: '18:00', closedDays: ['sat', 'sun', 'holiday'] },
    }),
  ).snapshot.context;

const stay = (facts: Partial<HospitalizationContext>): HospitalizationContext => ({ ...start(), ...facts });
const evidence = (facts: Partial<HospitalizationContext>) => billingEvidence(stay(facts));
const addOn = (facts: Partial<HospitalizationContext>, code: AddOn['code']): AddOn =>
  evidence(facts).find((a) => a.code === code)!;
const supported = (facts: Partial<HospitalizationContext>) =>
  evidence(facts)
    .filter((a) => a.supported)
    .map((a) => a.code);

const at = (side: Side, ...ps: Profession[]) => ps.map((profession) => ({ profession, side }));
const conference = (
  heldAt: string,
  kind: Conference['kind'],
  participants: Conference['participants'],
): Conference => ({ at: heldAt, place: null, online: false, heldAt, kind, participants });
const WARD = at('hospital', 'physician', 'nurse');
const THREE_AT_HOME = at('home', 'physician', 'pharmacist', 'care_manager');
const discharge = (when: string) => ({
  at: when,
  destination: 'home' as const,
  nursingSummarySentAt: null,
  sudden: false,
});

describe('every add-on as the seed tables give it: code, name, side, value', () => {
  it('route A lists all fifteen, the care manager’s first', () => {
    expect(evidence({}).map(({ code, name, side, value }) => [code, name, side, value])).toEqual([
      ['info_linkage_1', '入院時情報連携加算(I)', 'care_manager', '250単位/月'],
      ['info_linkage_2', '入院時情報連携加算(II)', 'care_manager', '200単位/月'],
      ['discharge_3', '退院・退所加算(III)', 'care_manager', '900単位'],
      ['discharge_2ro', '退院・退所加算(II)ロ', 'care_manager', '750単位'],
      ['discharge_2i', '退院・退所加算(II)イ', 'care_manager', '600単位'],
      ['discharge_1ro', '退院・退所加算(I)ロ', 'care_manager', '600単位'],
      ['discharge_1i', '退院・退所加算(I)イ', 'care_manager', '450単位'],
      ['care_support_linkage', '介護支援等連携指導料', 'hospital', '400点×0回'],
      ['joint_guidance_2', '退院時共同指導料2', 'hospital', '400点'],
      ['multi_agency_guidance', '多機関共同指導加算', 'hospital', '2,000点'],
      ['admission_discharge_support_1', '入退院支援加算1', 'hospital', '700点'],
      ['admission_discharge_support_2', '入退院支援加算2', 'hospital', '190点'],
      ['admission_support_1', '入院時支援加算1', 'hospital', '240点'],
      ['admission_support_2', '入院時支援加算2', 'hospital', '200点'],
      ['regional_care_plan', '地域連携診療計画加算', 'hospital', '300点'],
    ]);
  });

  it('route B (no care manager before admission) has no 入院時情報連携加算', () => {
    expect(evidence({ route: 'B' }).map((a) => a.code)).toEqual([
      'discharge_3',
      'discharge_2ro',
      'discharge_2i',
      'discharge_1ro',
      'discharge_1i',
      'care_support_linkage',
      'joint_guidance_2',
      'multi_agency_guidance',
      'admission_discharge_support_1',
      'admission_discharge_support_2',
      'admission_support_1',
      'admission_support_2',
      'regional_care_plan',
    ]);
  });

  it('nothing recorded yet: nothing supported, and each says exactly what is missing', () => {
    expect(
      Object.fromEntries(
        evidence({}).map((a) => [a.code, { supported: a.supported, basis: a.basis, missing: a.missing }]),
      ),
    ).toEqual({
      info_linkage_1: {
        supported: false,
        basis: [],
        missing: ['入院時情報提供の記録がない (入院日(6/9)のうち)'],
      },
      info_linkage_2: {
        supported: false,
        basis: [],
        missing: ['入院時情報提供の記録がない (入院日の翌日又は翌々日(6/10〜6/11))'],
      },
      discharge_3: {
        supported: false,
        basis: [],
        missing: [
          '退院の記録がない',
          '病院からの情報受領が3回必要 (記録: 0回、同日は1回)',
          'うち1回以上はカンファレンス(退院時共同指導料2注3の要件: 在宅側3者以上)が必要',
        ],
      },
      discharge_2ro: {
        supported: false,
        basis: [],
        missing: [
          '退院の記録がない',
          '病院からの情報受領が2回必要 (記録: 0回、同日は1回)',
          'うち1回以上はカンファレンス(退院時共同指導料2注3の要件: 在宅側3者以上)が必要',
        ],
      },
      discharge_2i: {
        supported: false,
        basis: [],
        missing: ['退院の記録がない', '病院からの情報受領が2回必要 (記録: 0回、同日は1回)'],
      },
      discharge_1ro: {
        supported: false,
        basis: [],
        missing: [
          '退院の記録がない',
          '病院からの情報受領が1回必要 (記録: 0回、同日は1回)',
          'うち1回以上はカンファレンス(退院時共同指導料2注3の要件: 在宅側3者以上)が必要',
        ],
      },
      discharge_1i: {
        supported: false,
        basis: [],
        missing: ['退院の記録がない', '病院からの情報受領が1回必要 (記録: 0回、同日は1回)'],
      },
      care_support_linkage: {
        supported: false,
        basis: [],
        missing: ['介護支援専門員と共同した説明・指導の記録がない'],
      },
      joint_guidance_2: {
        supported: false,
        basis: [],
        missing: [
          '入院中の医療機関の職種と在宅療養を担う職種(医師・看護師等・薬剤師・療法士・社会福祉士)が共同した退院時共同指導の記録がない',
        ],
      },
      multi_agency_guidance: {
        supported: false,
        basis: [],
        missing: ['入院中の医師又は看護師等と在宅側の指定職種3者以上との共同指導が必要 (最大0者)'],
      },
      admission_discharge_support_1: {
        supported: false,
        basis: ['一般病棟入院基本料等 (病棟種別の記録なし)'],
        missing: ['退院困難な患者の抽出(スクリーニング)の記録がない', '患者・家族との面接の記録がない'],
      },
      admission_discharge_support_2: {
        supported: false,
        basis: ['一般病棟入院基本料等 (病棟種別の記録なし)'],
        missing: ['退院困難な患者の抽出(スクリーニング)の記録がない', '患者・家族との面接の記録がない'],
      },
      admission_support_1: {
        supported: false,
        basis: [],
        missing: [
          '入院前の支援(療養支援計画)の記録がない (予定入院で入院前に実施)',
          '入退院支援加算(1又は2)と併せて算定: 入退院支援加算の要件を満たしていない',
        ],
      },
      admission_support_2: {
        supported: false,
        basis: [],
        missing: [
          '入院前の支援(療養支援計画)の記録がない (予定入院で入院前に実施)',
          '入退院支援加算(1又は2)と併せて算定: 入退院支援加算の要件を満たしていない',
        ],
      },
      regional_care_plan: {
        supported: false,
        basis: [],
        missing: [
          '退院の記録がない (退院時1回)',
          '入退院支援加算(1又は2)と併せて算定: 入退院支援加算の要件を満たしていない',
        ],
      },
    });
  });
});

describe('❶入院時情報連携加算: the windows end at the end of their last day in Japan, to the millisecond', () => {
  // Admitted Tuesday 10:30 in hours: (I) ends with 6/9, (II) with 6/11 (JST), i.e. 15:00 UTC.
  const sheetAt = (iso: string) => ({ informationSheet: { at: iso, means: 'fax' as const } });
  const I_UNTIL = Date.parse('2026-06-09T15:00:00.000Z');
  const II_UNTIL = Date.parse('2026-06-11T15:00:00.000Z');
  const iso = (ms: number) => new Date(ms).toISOString();

  it.each([
    ['the last millisecond of the admission day', iso(I_UNTIL - 1), ['info_linkage_1']],
    ['midnight after the admission day: (II), not (I)', iso(I_UNTIL), ['info_linkage_2']],
    ['the last millisecond of the day after next', iso(II_UNTIL - 1), ['info_linkage_2']],
    ['midnight after it: neither', iso(II_UNTIL), []],
  ])('information given at %s', (_, when, expected) => {
    expect(supported(sheetAt(when)).filter((c) => c.startsWith('info_linkage'))).toEqual(expected);
  });

  it('(I) supported: its basis names the day and means, (II) says it is not claimed with (I)', () => {
    const facts = sheetAt('2026-06-09T16:00:00+09:00');
    expect(addOn(facts, 'info_linkage_1')).toMatchObject({
      supported: true,
      basis: ['入院時情報提供: 6/9 (fax)'],
      missing: [],
    });
    expect(addOn(facts, 'info_linkage_2')).toMatchObject({
      supported: false,
      basis: ['入院時情報提供: 6/9 (fax)'],
      missing: ['(I)と同時算定不可: (I)を算定'],
    });
  });

  it('(II) supported: (I) says the day was outside its window', () => {
    const facts = sheetAt('2026-06-10T10:00:00+09:00');
    expect(addOn(facts, 'info_linkage_1').missing).toEqual(['提供日が(I)の期間外: 入院日(6/9)のうち']);
    expect(addOn(facts, 'info_linkage_2')).toMatchObject({ supported: true, missing: [] });
  });

  it('too late for both: each names its own window', () => {
    const facts = sheetAt('2026-06-12T10:00:00+09:00');
    expect(addOn(facts, 'info_linkage_1').missing).toEqual(['提供日が(I)の期間外: 入院日(6/9)のうち']);
    expect(addOn(facts, 'info_linkage_2').missing).toEqual([
      '提供日が(II)の期間外: 入院日の翌日又は翌々日(6/10〜6/11)',
    ]);
  });
});

describe('注3 the home-side categories: which profession on which side counts', () => {
  const categories = (participants: Conference['participants']) =>
    [...homeCategories(conference('2026-06-20T14:00:00+09:00', 'pre_discharge', participants))].sort();

  it.each([
    ['physician', 'home_clinic'],
    ['nurse', 'home_clinic'],
    ['dentist', 'dentist'],
    ['pharmacist', 'pharmacist'],
    ['visiting_nurse', 'visiting_nurse'],
    ['therapist', 'therapist'],
    ['care_manager', 'care_manager'],
  ] as const)('a %s from the home side is the category %s', (profession, category) => {
    expect(categories(at('home', profession))).toEqual([category]);
  });

  it.each([
    'physician',
    'nurse',
    'dentist',
    'pharmacist',
    'visiting_nurse',
    'therapist',
    'care_manager',
    'msw',
  ] as const)('a %s from the hospital side is no home-side category', (profession) => {
    expect(categories(at('hospital', profession))).toEqual([]);
  });

  it('a social worker from the home side is none of the categories of 注3', () => {
    expect(categories(at('home', 'msw'))).toEqual([]);
  });

  it('a カンファレンス is led by the hospital’s doctor or its nurse, either alone, with three home-side categories', () => {
    const qualifies = (participants: Conference['participants']) =>
      isQualifyingConference(conference('2026-06-20T14:00:00+09:00', 'pre_discharge', participants));
    expect(qualifies([...at('hospital', 'physician'), ...THREE_AT_HOME])).toBe(true);
    expect(qualifies([...at('hospital', 'nurse'), ...THREE_AT_HOME])).toBe(true);
    expect(qualifies([...at('hospital', 'msw', 'therapist'), ...THREE_AT_HOME])).toBe(false);
    expect(qualifies(THREE_AT_HOME)).toBe(false);
    expect(qualifies([...WARD, ...at('home', 'physician', 'pharmacist')])).toBe(false);
  });
});

describe('❹退院時共同指導料2: a professional of the list on each side, at a joint-guidance meeting', () => {
  const joint = (participants: Conference['participants'], kind: Conference['kind'] = 'joint_guidance') => ({
    conferences: [conference('2026-06-20T14:00:00+09:00', kind, participants)],
  });

  it.each(['physician', 'nurse', 'visiting_nurse', 'pharmacist', 'therapist', 'msw'] as const)(
    'a %s on each side makes it',
    (profession) => {
      expect(
        addOn(joint([...at('hospital', profession), ...at('home', profession)]), 'joint_guidance_2'),
      ).toMatchObject({
        supported: true,
        missing: [],
      });
    },
  );

  it.each(['care_manager', 'dentist'] as const)(
    'a %s is not on the list: with the hospital’s doctor alone it is no joint guidance',
    (profession) => {
      expect(
        addOn(joint([...at('hospital', 'physician'), ...at('home', profession)]), 'joint_guidance_2').supported,
      ).toBe(false);
      expect(
        addOn(joint([...at('hospital', profession), ...at('home', 'physician')]), 'joint_guidance_2').supported,
      ).toBe(false);
    },
  );

  it('only one side present is no joint guidance', () => {
    expect(addOn(joint(WARD), 'joint_guidance_2').supported).toBe(false);
    expect(addOn(joint(at('home', 'physician', 'nurse')), 'joint_guidance_2').supported).toBe(false);
  });

  it('the same people at a pre-discharge conference is no 退院時共同指導', () => {
    expect(addOn(joint([...WARD, ...THREE_AT_HOME], 'pre_discharge'), 'joint_guidance_2').supported).toBe(false);
  });

  it('a meeting scheduled but not held counts for nothing', () => {
    const scheduled = { ...conference('2026-06-20T14:00:00+09:00', 'joint_guidance', [...WARD, ...THREE_AT_HOME]) };
    scheduled.heldAt = null;
    expect(supported({ conferences: [scheduled] })).toEqual([]);
  });

  it('supported: the basis names the day and how many home-side categories came; ❺ lists them', () => {
    const facts = joint([...WARD, ...THREE_AT_HOME]);
    expect(addOn(facts, 'joint_guidance_2').basis).toEqual(['退院時共同指導 6/20 (在宅側3職種)']);
    expect(addOn(facts, 'multi_agency_guidance')).toMatchObject({
      supported: true,
      basis: ['退院時共同指導 6/20: 在宅側 home_clinic, pharmacist, care_manager'],
      missing: [],
    });
  });

  it('❺ 多機関共同指導加算 with two home-side categories: missing names the most there were', () => {
    const facts = joint([...WARD, ...at('home', 'physician', 'pharmacist')]);
    expect(addOn(facts, 'joint_guidance_2').supported).toBe(true);
    expect(addOn(facts, 'multi_agency_guidance')).toMatchObject({
      supported: false,
      missing: ['入院中の医師又は看護師等と在宅側の指定職種3者以上との共同指導が必要 (最大2者)'],
    });
  });
});

describe('❸介護支援等連携指導料: 入院中2回まで, not on a 退院時共同指導 day, not with 多機関共同指導加算', () => {
  const linkage = (heldAt: string, participants = [...WARD, ...at('home', 'care_manager')]) =>
    conference(heldAt, 'care_support_linkage', participants);
  const jointGuidance = (heldAt: string, home = at('home', 'physician')) =>
    conference(heldAt, 'joint_guidance', [...WARD, ...home]);

  it('once, with the care manager: 400点×1回 with its day as the basis', () => {
    expect(addOn({ conferences: [linkage('2026-06-15T14:00:00+09:00')] }, 'care_support_linkage')).toEqual({
      code: 'care_support_linkage',
      name: '介護支援等連携指導料',
      side: 'hospital',
      value: '400点×1回',
      supported: true,
      basis: ['介護支援専門員と共同指導 6/15'],
      missing: [],
    });
  });

  it('without the care manager it is not counted', () => {
    const facts = { conferences: [linkage('2026-06-15T14:00:00+09:00', WARD)] };
    expect(addOn(facts, 'care_support_linkage')).toMatchObject({
      value: '400点×0回',
      supported: false,
      missing: ['介護支援専門員と共同した説明・指導の記録がない'],
    });
  });

  it('three times: two are credited, the third is named as beyond 入院中2回', () => {
    const facts = {
      conferences: [
        linkage('2026-06-12T14:00:00+09:00'),
        linkage('2026-06-15T14:00:00+09:00'),
        linkage('2026-06-18T14:00:00+09:00'),
      ],
    };
    expect(addOn(facts, 'care_support_linkage')).toMatchObject({
      value: '400点×2回',
      supported: true,
      basis: ['介護支援専門員と共同指導 6/12', '介護支援専門員と共同指導 6/15', '6/18は入院中2回を超えるため数えない'],
      missing: [],
    });
  });

  it('on the day of a 退院時共同指導 (the same day in Japan, hours apart) it is not credited', () => {
    const facts = { conferences: [jointGuidance('2026-06-20T00:30:00+09:00'), linkage('2026-06-20T23:30:00+09:00')] };
    expect(addOn(facts, 'care_support_linkage')).toMatchObject({
      value: '400点×0回',
      supported: false,
      basis: ['6/20は退院時共同指導料と同日のため数えない'],
      missing: ['すべて退院時共同指導料と同日のため算定不可'],
    });
  });

  it('the next day in Japan is another day: 23:30 and 00:30 JST are credited apart', () => {
    const facts = { conferences: [jointGuidance('2026-06-20T23:30:00+09:00'), linkage('2026-06-21T00:30:00+09:00')] };
    expect(supported(facts)).toEqual(['care_support_linkage', 'joint_guidance_2']);
  });

  it('one on the joint-guidance day and one on another: 400点×1回, the other told in the basis', () => {
    const facts = {
      conferences: [
        jointGuidance('2026-06-20T14:00:00+09:00'),
        linkage('2026-06-20T16:00:00+09:00'),
        linkage('2026-06-17T10:00:00+09:00'),
      ],
    };
    expect(addOn(facts, 'care_support_linkage')).toMatchObject({
      value: '400点×1回',
      supported: true,
      basis: ['介護支援専門員と共同指導 6/17', '6/20は退院時共同指導料と同日のため数えない'],
      missing: [],
    });
  });

  it('with 多機関共同指導加算 in the stay (another day): not supported, saying why', () => {
    const facts = {
      conferences: [jointGuidance('2026-06-20T14:00:00+09:00', THREE_AT_HOME), linkage('2026-06-15T14:00:00+09:00')],
    };
    expect(addOn(facts, 'care_support_linkage')).toMatchObject({
      value: '400点×1回',
      supported: false,
      missing: ['多機関共同指導加算と同時算定不可'],
    });
    expect(supported(facts)).toEqual(['joint_guidance_2', 'multi_agency_guidance']);
  });
});

describe('❶入退院支援加算: 抽出 by day 3 (加算1) or day 7 (加算2), 面接 by day 7, the admission day being day 1', () => {
  const day = (n: number, time = '16:00') =>
    new Date(Date.parse(`2026-06-${String(8 + n).padStart(2, '0')}T${time}:00+09:00`)).toISOString();
  const support = (screenedOn: number, interviewOn: number | null, difficult = true) =>
    supported({
      dischargeDifficulty: { screenedAt: day(screenedOn), difficult },
      patientFamilyInterviewAt: interviewOn === null ? null : day(interviewOn),
    }).filter((c) => c.startsWith('admission_discharge_support'));

  it.each([
    [1, 1, ['admission_discharge_support_1']],
    [3, 7, ['admission_discharge_support_1']],
    [4, 7, ['admission_discharge_support_2']],
    [7, 7, ['admission_discharge_support_2']],
    [8, 7, []],
    [3, 8, []],
    [3, null, []],
  ] as const)('screened on day %i, interviewed on day %s', (screenedOn, interviewOn, expected) => {
    expect(support(screenedOn, interviewOn)).toEqual(expected);
  });

  it('screened in time but with no difficulty found: neither', () => {
    expect(support(2, 2, false)).toEqual([]);
  });

  it('the basis names the day; the missing conditions name each late day and limit', () => {
    const facts = {
      dischargeDifficulty: { screenedAt: day(8), difficult: false },
      patientFamilyInterviewAt: day(9),
    };
    expect(addOn(facts, 'admission_discharge_support_1')).toMatchObject({
      basis: ['一般病棟入院基本料等 (病棟種別の記録なし)', '退院困難な患者の抽出: 入院8日目'],
      missing: ['抽出が入院8日目 (3日以内が必要)', '退院困難な要因なしと判定', '面接が入院9日目 (7日以内が必要)'],
    });
    expect(addOn(facts, 'admission_discharge_support_2')).toMatchObject({
      basis: ['一般病棟入院基本料等 (病棟種別の記録なし)', '退院困難な患者の抽出: 入院8日目'],
      missing: ['抽出が入院8日目 (7日以内が必要)', '退院困難な要因なしと判定', '面接が入院9日目 (7日以内が必要)'],
    });
  });

  it('加算1 supported: 加算2 says 加算1 is claimed', () => {
    const facts = { dischargeDifficulty: { screenedAt: day(2), difficult: true }, patientFamilyInterviewAt: day(2) };
    expect(addOn(facts, 'admission_discharge_support_1')).toMatchObject({ supported: true, missing: [] });
    expect(addOn(facts, 'admission_discharge_support_2').missing).toEqual(['入退院支援加算1を算定']);
  });
});

describe('❷退院・退所加算: receipts by day, the highest tier, 7 days after discharge', () => {
  const DISCHARGED = '2026-06-26T10:00:00+09:00';
  const exchange = (when: string) => ({ at: when, method: 'phone' as const });

  it('three days of information, one a カンファレンス: (III) 900単位, the basis lists each day', () => {
    const facts = {
      discharge: discharge(DISCHARGED),
      // Claimed in the month services start (seed 002): the care manager said when.
      servicesStartedOn: '2026-06-27',
      infoExchanges: [exchange('2026-06-15T10:00:00+09:00'), exchange('2026-06-18T10:00:00+09:00')],
      conferences: [conference('2026-06-24T14:00:00+09:00', 'pre_discharge', [...WARD, ...THREE_AT_HOME])],
    };
    expect(addOn(facts, 'discharge_3')).toMatchObject({
      supported: true,
      value: '900単位',
      basis: [
        '情報受領 06/15',
        '情報受領 06/18',
        '情報受領 06/24 (カンファレンス)',
        '居宅サービス利用開始 6/27: 2026年6月に算定',
      ],
      missing: [],
    });
    expect(addOn(facts, 'discharge_2ro').missing).toEqual(['同一入院で1回のみ: 退院・退所加算(III)を算定']);
    expect(addOn(facts, 'discharge_1i').missing).toEqual(['同一入院で1回のみ: 退院・退所加算(III)を算定']);
  });

  it('information on day 8 after discharge is named as not counted', () => {
    const facts = {
      discharge: discharge(DISCHARGED),
      // Claimed in the month services start (seed 002): the care manager said when.
      servicesStartedOn: '2026-06-27',
      infoExchanges: [exchange('2026-06-20T10:00:00+09:00'), exchange('2026-07-04T10:00:00+09:00')],
    };
    expect(addOn(facts, 'discharge_1i')).toMatchObject({ supported: true, missing: [] });
    expect(addOn(facts, 'discharge_2i').missing).toEqual([
      '病院からの情報受領が2回必要 (記録: 1回、同日は1回)',
      '退院後7日を過ぎた情報受領は数えない: 2026-07-04',
    ]);
  });

  it('information on day 7 after discharge counts', () => {
    const facts = {
      discharge: discharge(DISCHARGED),
      // Claimed in the month services start (seed 002): the care manager said when.
      servicesStartedOn: '2026-06-27',
      infoExchanges: [exchange('2026-06-20T10:00:00+09:00'), exchange('2026-07-03T23:59:00+09:00')],
    };
    expect(supported(facts).filter((c) => c.startsWith('discharge_'))).toEqual(['discharge_2i']);
  });

  it('a discharge elsewhere than home supports no tier, saying so', () => {
    const facts = {
      discharge: { ...discharge(DISCHARGED), destination: 'facility' as const },
      infoExchanges: [exchange('2026-06-20T10:00:00+09:00')],
    };
    expect(supported(facts).filter((c) => c.startsWith('discharge_'))).toEqual([]);
    expect(addOn(facts, 'discharge_1i').missing).toEqual(['居宅への退院ではない']);
  });
});

// The add-ons the seeds list beside the others (issue 19 item 6), each with the seed line it comes from.
const onDay = (n: number, time = '16:00') =>
  new Date(Date.parse(`2026-06-${String(8 + n).padStart(2, '0')}T${time}:00+09:00`)).toISOString();
const dischargeSupport1 = {
  dischargeDifficulty: { screenedAt: onDay(2), difficult: true },
  patientFamilyInterviewAt: onDay(2),
};

describe('001 入退院支援加算 「療養病棟基本料等の場合 1300点」「635点」; 002 ❶ 「療養病棟入院基本料等の場合は１４日以内」', () => {
  const longTerm = (interviewOn: number, screenedOn = 2) => ({
    wardType: 'long_term_care' as const,
    dischargeDifficulty: { screenedAt: onDay(screenedOn), difficult: true },
    patientFamilyInterviewAt: onDay(interviewOn),
  });

  it('on a 療養病棟: 加算1 1,300点, 加算2 635点, the basis names the ward', () => {
    expect(addOn(longTerm(2), 'admission_discharge_support_1')).toMatchObject({
      value: '1,300点',
      supported: true,
      basis: ['療養病棟入院基本料等', '退院困難な患者の抽出: 入院2日目'],
    });
    expect(addOn(longTerm(2, 5), 'admission_discharge_support_2')).toMatchObject({ value: '635点', supported: true });
  });

  it('on a general ward said so: 700点 and 190点', () => {
    const facts = { ...dischargeSupport1, wardType: 'general' as const };
    expect(addOn(facts, 'admission_discharge_support_1')).toMatchObject({
      value: '700点',
      basis: ['一般病棟入院基本料等', '退院困難な患者の抽出: 入院2日目'],
    });
    expect(addOn(facts, 'admission_discharge_support_2').value).toBe('190点');
  });

  it.each([
    ['long_term_care', 14, ['admission_discharge_support_1']],
    ['long_term_care', 15, []],
    ['general', 7, ['admission_discharge_support_1']],
    ['general', 8, []],
  ] as const)('on a %s ward, interviewed on day %i', (wardType, interviewOn, expected) => {
    const facts = { ...longTerm(interviewOn), wardType };
    expect(supported(facts).filter((c) => c.startsWith('admission_discharge_support'))).toEqual(expected);
  });

  it('an interview on day 15 of a 療養病棟 stay names the 14-day limit', () => {
    expect(addOn(longTerm(15), 'admission_discharge_support_1').missing).toEqual(['面接が入院15日目 (14日以内が必要)']);
  });
});

describe('001 入院時支援加算1 240点 「入院前に、ア〜クの項目を実施」, 2 200点 「ア、イ、クを実施」 「入退院支援加算と併せて」', () => {
  const ALL = PRE_ADMISSION_ITEMS;
  const BEFORE = '2026-06-05T14:00:00+09:00';
  const support = (items: readonly PreAdmissionItem[], at = BEFORE) => ({
    ...dischargeSupport1,
    preAdmissionSupport: { at, items: [...items] },
  });
  const codes = (facts: Partial<HospitalizationContext>) =>
    supported(facts).filter((c) => c.startsWith('admission_support_'));

  it('all of (ア)〜(ク) before admission, with 入退院支援加算: 加算1 240点; 加算2 says 加算1 is claimed', () => {
    const facts = support(ALL);
    expect(addOn(facts, 'admission_support_1')).toMatchObject({
      value: '240点',
      supported: true,
      basis: ['入院前の支援 6/5: (ア)(イ)(ウ)(エ)(オ)(カ)(キ)(ク)'],
      missing: [],
    });
    expect(addOn(facts, 'admission_support_2').missing).toEqual(['入院時支援加算1を算定']);
  });

  it('(ア)(イ)(ク) only: 加算2 200点; 加算1 names each item not done', () => {
    const facts = support(['patient_background', 'prior_services', 'ward_orientation']);
    expect(codes(facts)).toEqual(['admission_support_2']);
    expect(addOn(facts, 'admission_support_2')).toMatchObject({ value: '200点', missing: [] });
    expect(addOn(facts, 'admission_support_1').missing).toEqual([
      '未実施: (ウ) 褥瘡に関する危険因子の評価',
      '未実施: (エ) 栄養状態の評価',
      '未実施: (オ) 服薬中の薬剤の確認',
      '未実施: (カ) 退院困難な要件の有無の評価',
      '未実施: (キ) 入院中に行われる治療・検査の説明',
    ]);
  });

  it('without (ク) 入院生活の説明: neither', () => {
    const facts = support(ALL.filter((i) => i !== 'ward_orientation'));
    expect(codes(facts)).toEqual([]);
    expect(addOn(facts, 'admission_support_2').missing).toEqual(['未実施: (ク) 入院生活の説明']);
  });

  it('入院前: a plan made a millisecond before the admission counts, one at the admission does not', () => {
    const admitted = Date.parse(start().admittedAt);
    expect(codes(support(ALL, new Date(admitted - 1).toISOString()))).toEqual(['admission_support_1']);
    const atAdmission = support(ALL, start().admittedAt);
    expect(codes(atAdmission)).toEqual([]);
    expect(addOn(atAdmission, 'admission_support_1').missing).toEqual([
      '療養支援計画が入院後 (6/9): 入院前の実施が必要',
    ]);
  });

  it('入退院支援加算と併せて: without 入退院支援加算 neither is supported, saying so', () => {
    const facts = { ...support(ALL), patientFamilyInterviewAt: null };
    expect(codes(facts)).toEqual([]);
    expect(addOn(facts, 'admission_support_1').missing).toEqual([
      '入退院支援加算(1又は2)と併せて算定: 入退院支援加算の要件を満たしていない',
    ]);
  });

  it('with 入退院支援加算2 (screened on day 5) it is supported too', () => {
    const facts = { ...support(ALL), dischargeDifficulty: { screenedAt: onDay(5), difficult: true } };
    expect(codes(facts)).toEqual(['admission_support_1']);
  });
});

describe('002 「７００点 +地域連携診療計画加算３００点（退院時１回）」: with 入退院支援加算, the regional care plan at discharge', () => {
  const DISCHARGED = '2026-06-26T11:00:00+09:00';
  const withPlan = (regionalCarePlan: boolean) => ({
    ...dischargeSupport1,
    discharge: { ...discharge(DISCHARGED), regionalCarePlan },
  });

  it('shared at discharge, with 入退院支援加算: 300点, its day the basis', () => {
    expect(addOn(withPlan(true), 'regional_care_plan')).toMatchObject({
      value: '300点',
      supported: true,
      basis: ['地域連携診療計画: 6/26の退院時に共有'],
      missing: [],
    });
  });

  it('a discharge without it: missing names the plan', () => {
    expect(addOn(withPlan(false), 'regional_care_plan')).toMatchObject({
      supported: false,
      missing: ['退院時に地域連携診療計画を連携先と共有した記録がない'],
    });
  });

  it('shared, but 入退院支援加算 not supported: not supported, saying why', () => {
    const facts = { ...withPlan(true), patientFamilyInterviewAt: null };
    expect(addOn(facts, 'regional_care_plan').missing).toEqual([
      '入退院支援加算(1又は2)と併せて算定: 入退院支援加算の要件を満たしていない',
    ]);
  });
});

describe('the machine keeps what these add-ons read: the ward type and pre-admission support from 入院, the plan from 退院', () => {
  it('admitted with them, discharged with the regional care plan: the context holds all three', () => {
    const support = { at: '2026-06-05T14:00:00+09:00', items: ['patient_background' as const] };
    const admitted = admit(
      routeAAdmission(ruleOf('sanda'), '2026-06-09T10:30:00+09:00', {
        wardType: 'long_term_care',
        preAdmissionSupport: support,
      }),
    );
    expect(admitted.snapshot.context).toMatchObject({ wardType: 'long_term_care', preAdmissionSupport: support });
    const out = apply(admitted.snapshot, {
      type: 'discharged',
      occurredAt: '2026-06-26T11:00:00+09:00',
      destination: 'home',
      nursingSummarySent: false,
      regionalCarePlan: true,
    });
    expect(out.snapshot.context.discharge?.regionalCarePlan).toBe(true);
    const without = apply(admitted.snapshot, {
      type: 'discharged',
      occurredAt: '2026-06-26T11:00:00+09:00',
      destination: 'home',
      nursingSummarySent: false,
    });
    expect(without.snapshot.context.discharge?.regionalCarePlan).toBeUndefined();
  });
});

describe('001 特定事業所医療介護連携加算 125単位/月 「退院・退所加算に係る医療機関等との連携を年間35回以上」', () => {
  const claim = (code: AddOn['code'], month: string, ok = true) => ({ code, supported: ok, month });
  const times = (n: number, c: ReturnType<typeof claim>) => Array.from({ length: n }, () => c);

  it('35 linkages in the twelve months: supported, the basis counts them and asks to check what renkei cannot see', () => {
    const claims = [...times(11, claim('discharge_3', '2026-03')), claim('discharge_2i', '2025-07')];
    expect(medicalCareLinkageAddOn(claims, '2026-06')).toEqual({
      code: 'medical_care_linkage',
      name: '特定事業所医療介護連携加算',
      side: 'care_manager',
      value: '125単位/月',
      supported: true,
      linkages: 35,
      basis: [
        '退院・退所加算に係る連携: 35回 (2025年7月〜2026年6月、算定月で数える)',
        '要確認 (renkeiの記録外): 特定事業所加算(I)〜(III)の算定、ターミナルケアマネジメント加算 年15回以上',
      ],
      missing: [],
    });
  });

  it('34: not supported, saying how many of 35', () => {
    const claims = [...times(11, claim('discharge_3', '2026-03')), claim('discharge_1ro', '2026-06')];
    expect(medicalCareLinkageAddOn(claims, '2026-06')).toMatchObject({
      supported: false,
      linkages: 34,
      missing: ['退院・退所加算に係る連携が年間35回以上必要 (記録: 34回)'],
    });
  });

  it.each([
    ['discharge_3', 3],
    ['discharge_2ro', 2],
    ['discharge_2i', 2],
    ['discharge_1ro', 1],
    ['discharge_1i', 1],
    ['info_linkage_1', 0],
    ['admission_discharge_support_1', 0],
  ] as const)('a supported %s counts %i linkages', (code, n) => {
    expect(medicalCareLinkageAddOn([claim(code, '2026-06')], '2026-06').linkages).toBe(n);
  });

  it('年間: the month twelve back counts, thirteen back and a later month do not; unsupported tiers never', () => {
    const count = (month: string, ok = true) =>
      medicalCareLinkageAddOn([claim('discharge_1i', month, ok)], '2026-06').linkages;
    expect([count('2025-07'), count('2025-06'), count('2026-07'), count('2026-06', false)]).toEqual([1, 0, 0, 0]);
    expect(medicalCareLinkageAddOn([claim('discharge_1i', '2026-01')], '2026-01').basis[0]).toContain(
      '(2025年2月〜2026年1月',
    );
  });
});
