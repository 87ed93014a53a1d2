// Sanda A⑤ 看護サマリー as the hospital posts it with `nursing_summary_sent` (every item filled).

export const SAMPLE_NURSING_SUMMARY = {
  expectedCareProblems: '夜間のトイレ移動で転倒の恐れ。\n服薬の飲み忘れが続く見込み。',
  lastBowelMovementOn: '2026-12-14',
  lastBathOn: '2026-12-12',
  medication: 'アムロジピン5mg 朝1錠\n一包化、家族が管理',
  adl: { mobility: '杖歩行・見守り', eating: '自立', toileting: '夜間ポータブルトイレ', bathing: '一部介助' },
  diet: '常食、塩分6g制限',
  skin: '仙骨部に発赤 (褥瘡なし)',
  medicalDevices: 'なし',
  nurseNotes: 'ご家族は日中不在。訪問看護の導入をご検討ください。',
  writer: { name: '看護 花子', ward: '4階東病棟', phone: '079-563-1111' },
};
