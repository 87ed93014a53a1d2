import type { NursingSummary } from '../../notifiers/nursingSummaryItems.js';

// The demo month's 看護サマリー (Sanda A⑤): what a ward nurse writes for the care manager of a patient
// going home, posted as data with `nursing_summary_sent` a little after the discharge. Dates are
// filled in from the stay (the last bath and bowel movement a day or two before discharge).

type Written = Omit<NursingSummary, 'lastBowelMovementOn' | 'lastBathOn'>;

const SUMMARIES: Written[] = [
  {
    expectedCareProblems:
      '夜間のトイレ移動で転倒の恐れがあります。\n手すりの設置とポータブルトイレの検討をお願いします。',
    medication: 'アムロジピン5mg 朝1錠、酸化マグネシウム330mg 毎食後\n一包化済み。ご家族が朝夕に声かけ。',
    adl: {
      mobility: '屋内は杖歩行、屋外は車いす',
      eating: '自立',
      toileting: '日中自立、夜間ポータブルトイレ',
      bathing: '一部介助 (洗身)',
    },
    diet: '常食、塩分6g制限',
    skin: '仙骨部に発赤あり (褥瘡なし)。体位変換と保湿を継続してください。',
    medicalDevices: 'なし',
    nurseNotes: 'ご家族は日中不在です。訪問看護 (週1回) の導入をご検討ください。',
    writer: { name: '川本 さゆり', ward: '4階東病棟', phone: '079-563-2111' },
  },
  {
    expectedCareProblems: '嚥下機能の低下により誤嚥性肺炎を繰り返す恐れがあります。\n食事形態と姿勢の調整が必要です。',
    medication: 'ランソプラゾール15mg 朝1錠\n服薬ゼリーで内服。本人管理は困難、ヘルパーの見守りを希望。',
    adl: {
      mobility: '歩行器で屋内自立',
      eating: 'きざみ・とろみ、見守り',
      toileting: '自立 (紙パンツ使用)',
      bathing: '全介助 (デイサービス希望)',
    },
    diet: 'きざみ食、とろみ付き (中間のとろみ)',
    skin: '特記事項なし',
    medicalDevices: 'なし',
    nurseNotes: '退院後1週間は食事中のむせ込みに注意してください。発熱時は早めに受診をお願いします。',
    writer: { name: '森 一恵', ward: '3階西病棟', phone: '079-563-2112' },
  },
  {
    expectedCareProblems: '在宅酸素の管理と、息切れによる活動量の低下が予測されます。',
    medication: 'チオトロピウム吸入 1日1回\n吸入手技は本人習得済み。',
    adl: { mobility: '屋内自立 (労作時に息切れ)', eating: '自立', toileting: '自立', bathing: 'シャワー浴、見守り' },
    diet: '常食',
    skin: '鼻カニューレ接触部に軽度の発赤',
    medicalDevices: '在宅酸素 (安静時1L/分、労作時2L/分)',
    nurseNotes: '酸素業者への連絡は済んでいます。火気の取り扱いについてご家族へ説明済みです。',
    writer: { name: '岡田 真理', ward: '5階東病棟', phone: '079-563-2113' },
  },
];

const day = (at: number, daysBefore: number) =>
  new Date(at + 9 * 3600_000 - daysBefore * 86_400_000).toISOString().slice(0, 10);

/** A realistic summary for a stay discharged at `dischargedAt` (epoch ms), chosen by the stay's index. */
export function demoNursingSummary(index: number, dischargedAt: number): NursingSummary {
  const written = SUMMARIES[index % SUMMARIES.length]!;
  return { ...written, lastBowelMovementOn: day(dischargedAt, 1), lastBathOn: day(dischargedAt, 2) };
}
