// The measures the metrics page shows, in one map: their Japanese names, which way is good, and the
// definition shown next to each figure. The leak rate is the survey's (seed 003); a late notice is
// counted apart from it.

/** Which way a measure is good: a low leak rate, a high share of sheets on time. */
export type Polarity = 'lower_is_better' | 'higher_is_better';

export interface MeasureDefinition {
  name: string;
  polarity: Polarity;
  definition: string;
}

export const POLARITY_LABELS: Record<Polarity, string> = {
  lower_is_better: '低いほど良い',
  higher_is_better: '高いほど良い',
};

export const MEASURES = {
  leakRate: {
    name: '調整漏れの割合',
    polarity: 'lower_is_better',
    definition:
      'その月に自宅へ退院した患者のうち、ケアマネジャーへの引継ぎがなかった人の割合 (担当ケアマネジャー不在、退院前に退院調整開始の連絡なし、または連絡が届かなかった)。入退院支援ルールの運用状況調査 (介護支援専門員調査) と同じ定義で、調査の値と比べることができます。',
  },
  lateNoticeRate: {
    name: '連絡の遅れの割合',
    polarity: 'lower_is_better',
    definition:
      'その月に自宅へ退院した患者のうち、退院調整開始の連絡は退院前に届いたが、地域の目安の日数より遅かった人の割合 (調整漏れには数えません)。急に退院が決まり、決定から24時間以内に連絡が届いた場合はルールどおり (速やかな連絡) とし、どちらにも数えません。',
  },
  informationSheetOnTimeShare: {
    name: '入院時情報提供シートが期限内に届いた割合',
    polarity: 'higher_is_better',
    definition:
      'その月に期限を迎えた入院時情報提供シート (期限内・期限後・未提出のまま期限切れ) のうち、地域のルールの期限 (入院から何日以内か) までに病院へ届いたものの割合。',
  },
  dischargeStartDays: {
    name: '退院調整開始から退院までの日数',
    polarity: 'higher_is_better',
    definition:
      'その月に自宅へ退院した患者のうち、退院調整開始の記録がある人の、開始から退院までの日数 (平均と中央値)。長いほどケアマネジャーが退院後の準備に使える日数があります。',
  },
} as const satisfies Record<string, MeasureDefinition>;

export type MeasureKey = keyof typeof MEASURES;
