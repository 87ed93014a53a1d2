// Route B ① 介護保険申請の支援 (seed 001 §4 B①), line by line: the seven 目安 for patients aged 65 and
// over, the sixteen 特定疾病 for 40–64, the age edges, the wish to use services, and 担当依頼's
// 要支援 / 要介護 / 迷う → which office. Every reason is compared word for word: it is what the
// hospital's liaison reads next to the decision.
import { describe, expect, it } from 'vitest';
import {
  CRITERIA_65,
  type Criterion,
  decideEligibility,
  recommendedOfficeKind,
  SPECIFIED_DISEASES,
  type SpecifiedDisease,
} from '../../machines/eligibility.js';

const decide = (age: number, criteria: Criterion[], specifiedDisease: SpecifiedDisease | null, wantsServices = false) =>
  decideEligibility({ age, criteria, specifiedDisease, wantsServices });

describe('<介護保険申請の目安> ①〜⑦ for patients aged 65 and over, as seed 001 words them', () => {
  it('the seven 目安, in the seed’s order', () => {
    expect(Object.entries(CRITERIA_65)).toEqual([
      ['standing_walking', '立ち上がりや歩行などに介助が必要'],
      ['eating', '食事に介助が必要'],
      ['toileting', '排泄に介助が必要、またはポータブルトイレを使用中'],
      ['dementia', '認知症の周辺症状や全般的な理解の低下がある'],
      ['living_alone_needs_help', '在宅では独居かそれに近い状態で、調理や掃除など身の回りのことに介助が必要'],
      ['terminal_cancer', 'ADLは自立でもガン末期で今後の介護保険サービス利用が必要'],
      ['new_medical_procedure', '(ADLは自立でも) 新たに医療処置(経管栄養、吸引など)が追加された'],
    ]);
  });

  it.each(Object.keys(CRITERIA_65) as Criterion[])('65歳以上で目安 %s の一つだけ: 申請を案内する', (criterion) => {
    expect(decide(65, [criterion], null)).toEqual({
      guideToApplication: true,
      reasons: [`目安: ${CRITERIA_65[criterion]}`],
    });
  });

  it('several 目安 and the wish: each is a reason, the wish cited as §2(3)②', () => {
    expect(decide(80, ['eating', 'dementia'], null, true)).toEqual({
      guideToApplication: true,
      reasons: [
        '目安: 食事に介助が必要',
        '目安: 認知症の周辺症状や全般的な理解の低下がある',
        '本人・家族が介護保険サービスの利用を希望 (§2(3)②)',
      ],
    });
  });

  it('患者が介護保険サービスの利用を希望する場合: the wish alone guides a 65-year-old to apply', () => {
    expect(decide(65, [], null, true)).toEqual({
      guideToApplication: true,
      reasons: ['本人・家族が介護保険サービスの利用を希望 (§2(3)②)'],
    });
  });

  it('65歳以上, no 目安 and no wish: not guided, saying so', () => {
    expect(decide(65, [], null)).toEqual({
      guideToApplication: false,
      reasons: ['65歳以上だが、申請の目安①〜⑦のいずれにも該当せず、利用の希望もない'],
    });
  });

  it('a specified disease does not matter from 65 on: the 目安 decide', () => {
    expect(decide(70, [], 'als')).toEqual({
      guideToApplication: false,
      reasons: ['65歳以上だが、申請の目安①〜⑦のいずれにも該当せず、利用の希望もない'],
    });
  });
});

describe('《40 歳以上64 歳以下の患者》: 特定の疾病で「上記の状態」であった場合', () => {
  it('the sixteen 特定疾病, in the seed’s order', () => {
    expect(Object.entries(SPECIFIED_DISEASES)).toEqual([
      ['terminal_cancer', 'がん末期'],
      ['rheumatoid_arthritis', '関節リウマチ'],
      ['als', '筋萎縮性側索硬化症'],
      ['opll', '後縦靭帯骨化症'],
      ['osteoporosis_with_fracture', '骨折を伴う骨粗しょう症'],
      ['presenile_dementia', '初老期における認知症'],
      ['psp_cbd_parkinson', '進行性核上性麻痺、大脳皮質基底核変性症及びパーキンソン病'],
      ['spinocerebellar_degeneration', '脊髄小脳変性症'],
      ['spinal_stenosis', '脊柱管狭窄症'],
      ['progeria', '早老症'],
      ['multiple_system_atrophy', '多系統萎縮症'],
      ['diabetic_complications', '糖尿病性神経障害、糖尿病性腎症及び糖尿病性網膜症'],
      ['cerebrovascular_disease', '脳血管疾患'],
      ['arteriosclerosis_obliterans', '閉塞性動脈硬化症'],
      ['copd', '慢性閉塞性肺疾患'],
      ['knee_hip_osteoarthritis', '両側の膝関節又は股関節に著しい変形を伴う変形性関節症'],
    ]);
  });

  it('64歳, 特定疾病 and a state: guided, the disease first, then the state', () => {
    expect(decide(64, ['standing_walking'], 'cerebrovascular_disease')).toEqual({
      guideToApplication: true,
      reasons: ['特定疾病: 脳血管疾患', '目安: 立ち上がりや歩行などに介助が必要'],
    });
  });

  it('40歳 is the first age of the 40–64 rule; with the wish it is one more reason, not §2(3)②', () => {
    expect(decide(40, ['toileting'], 'copd', true)).toEqual({
      guideToApplication: true,
      reasons: [
        '特定疾病: 慢性閉塞性肺疾患',
        '目安: 排泄に介助が必要、またはポータブルトイレを使用中',
        '本人・家族が介護保険サービスの利用を希望',
      ],
    });
  });

  it('特定疾病 without 上記の状態: not guided, even when the family wishes it', () => {
    expect(decide(55, [], 'als', true)).toEqual({
      guideToApplication: false,
      reasons: ['特定疾病: 筋萎縮性側索硬化症', '40〜64歳: 特定疾病はあるが、申請の目安に当たる状態がない'],
    });
  });

  it('a state without a 特定疾病: not guided at 64, though it would be at 65', () => {
    expect(decide(64, ['eating'], null, true)).toEqual({
      guideToApplication: false,
      reasons: ['40〜64歳: 介護保険の対象となる特定疾病(16疾病)に該当しない'],
    });
    expect(decide(65, ['eating'], null).guideToApplication).toBe(true);
  });

  it('39歳: not insured, whatever the disease, state or wish', () => {
    expect(decide(39, ['eating'], 'als', true)).toEqual({
      guideToApplication: false,
      reasons: ['40歳未満は介護保険の被保険者ではない'],
    });
  });
});

describe('※ケアマネジャーへの担当依頼: 要支援 → 地域包括支援センター, 要介護 → 居宅介護支援事業所, 迷う → 地域包括', () => {
  it.each([
    ['support', 'community_support_center'],
    ['care', 'home_care_office'],
    ['unsure', 'community_support_center'],
  ] as const)('expected level %s → %s', (level, kind) => {
    expect(recommendedOfficeKind(level)).toBe(kind);
  });
});
