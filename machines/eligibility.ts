// Route B ① 介護保険申請の支援 (Sanda §4 B①): who should be guided to apply for long-term-care insurance.

/** 介護保険申請の目安 for patients aged 65 and over: any one suffices. */
export const CRITERIA_65 = {
  standing_walking: '立ち上がりや歩行などに介助が必要',
  eating: '食事に介助が必要',
  toileting: '排泄に介助が必要、またはポータブルトイレを使用中',
  dementia: '認知症の周辺症状や全般的な理解の低下がある',
  living_alone_needs_help: '在宅では独居かそれに近い状態で、調理や掃除など身の回りのことに介助が必要',
  terminal_cancer: 'ADLは自立でもガン末期で今後の介護保険サービス利用が必要',
  new_medical_procedure: '(ADLは自立でも) 新たに医療処置(経管栄養、吸引など)が追加された',
} as const;

/** 特定疾病: for patients aged 40–64, insurance covers only these 16 diseases. */
export const SPECIFIED_DISEASES = {
  terminal_cancer: 'がん末期',
  rheumatoid_arthritis: '関節リウマチ',
  als: '筋萎縮性側索硬化症',
  opll: '後縦靭帯骨化症',
  osteoporosis_with_fracture: '骨折を伴う骨粗しょう症',
  presenile_dementia: '初老期における認知症',
  psp_cbd_parkinson: '進行性核上性麻痺、大脳皮質基底核変性症及びパーキンソン病',
  spinocerebellar_degeneration: '脊髄小脳変性症',
  spinal_stenosis: '脊柱管狭窄症',
  progeria: '早老症',
  multiple_system_atrophy: '多系統萎縮症',
  diabetic_complications: '糖尿病性神経障害、糖尿病性腎症及び糖尿病性網膜症',
  cerebrovascular_disease: '脳血管疾患',
  arteriosclerosis_obliterans: '閉塞性動脈硬化症',
  copd: '慢性閉塞性肺疾患',
  knee_hip_osteoarthritis: '両側の膝関節又は股関節に著しい変形を伴う変形性関節症',
} as const;

export type Criterion = keyof typeof CRITERIA_65;
export type SpecifiedDisease = keyof typeof SPECIFIED_DISEASES;

export interface Screening {
  age: number;
  criteria: Criterion[];
  specifiedDisease: SpecifiedDisease | null;
  /** The patient wants to start services after discharge (Sanda §2(3)②). */
  wantsServices: boolean;
}

export interface EligibilityDecision {
  guideToApplication: boolean;
  reasons: string[];
}

/**
 * The decision and its reasons, in Japanese, each citing the rule line. A wish to use services
 * (§2(3)②) is a reason on its own for 65+; for 40–64 the specified disease is a precondition.
 */
export function decideEligibility(s: Screening): EligibilityDecision {
  const reasons: string[] = [];
  const states = s.criteria.map((c) => `目安: ${CRITERIA_65[c]}`);
  if (s.age >= 65) {
    reasons.push(...states);
    if (s.wantsServices) reasons.push('本人・家族が介護保険サービスの利用を希望 (§2(3)②)');
    if (reasons.length === 0)
      return {
        guideToApplication: false,
        reasons: ['65歳以上だが、申請の目安①〜⑦のいずれにも該当せず、利用の希望もない'],
      };
    return { guideToApplication: true, reasons };
  }
  if (s.age >= 40) {
    if (!s.specifiedDisease)
      return { guideToApplication: false, reasons: ['40〜64歳: 介護保険の対象となる特定疾病(16疾病)に該当しない'] };
    const disease = `特定疾病: ${SPECIFIED_DISEASES[s.specifiedDisease]}`;
    // 001 B①: 特定の疾病で「上記の状態」であった場合 — the disease and a state, a wish alone is not enough.
    if (states.length === 0) {
      return {
        guideToApplication: false,
        reasons: [disease, '40〜64歳: 特定疾病はあるが、申請の目安に当たる状態がない'],
      };
    }
    return {
      guideToApplication: true,
      reasons: [disease, ...states, ...(s.wantsServices ? ['本人・家族が介護保険サービスの利用を希望'] : [])],
    };
  }
  return { guideToApplication: false, reasons: ['40歳未満は介護保険の被保険者ではない'] };
}

export type ExpectedCareLevel = 'support' | 'care' | 'unsure';
export type OfficeKind = 'home_care_office' | 'community_support_center';

/** 担当依頼: likely 要支援 or unsure → 地域包括支援センター; likely 要介護 → 居宅介護支援事業所. */
export function recommendedOfficeKind(level: ExpectedCareLevel): OfficeKind {
  return level === 'care' ? 'home_care_office' : 'community_support_center';
}
