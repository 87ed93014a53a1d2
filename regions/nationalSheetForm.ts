import type { Region } from './schema.js';
import type { SheetForm } from './sheetForm.js';

/**
 * The national items of the 入院時情報提供シート, in the words of seed 002 §4(1)❶ (「必要な情報」: 入院日、
 * 心身の状況 (疾患・病歴・認知症の有無や徘徊等の行動の有無など)、生活環境 (家族構成・生活歴・介護者の介護
 * 方法や家族介護者の状況など) 及びサービスの利用状況), with the patient's and family's wishes and the care
 * manager's assessment. A region whose pack defines no information sheet form uses these.
 *
 * Version 1 is the list renkei had before regions defined their forms: a stored sheet that names no
 * form was written against it. Change a field here only with a new version.
 */
export const NATIONAL_SHEET_FORM: SheetForm = {
  id: 'national',
  name: '入院時情報提供シート',
  use: 'information_sheet',
  version: 1,
  source: '介護報酬 入院時情報連携加算の「必要な情報」(002 §4(1)❶)',
  sections: [
    {
      title: '入院',
      fields: [
        { key: 'admittedOn', label: '入院日', type: 'date', required: true },
        {
          key: 'careLevel',
          label: '要介護度',
          type: 'choice',
          choices: ['要支援1', '要支援2', '要介護1', '要介護2', '要介護3', '要介護4', '要介護5', '申請中', '未申請'],
          required: true,
        },
      ],
    },
    {
      title: '心身の状況',
      fields: [
        {
          key: 'history',
          label: '疾患・病歴',
          type: 'multiline',
          hint: '主な既往歴。診断名が分からない場合は空欄で構いません',
        },
        { key: 'dementia', label: '認知症の有無', type: 'choice', choices: ['なし', 'あり', '疑い'], required: true },
        {
          key: 'dementiaNote',
          label: '認知症の状況',
          type: 'multiline',
          hint: '理解力、意思疎通、日常生活への影響など',
        },
        { key: 'wandering', label: '徘徊等の行動の有無', type: 'choice', choices: ['なし', 'あり'], required: true },
        { key: 'behaviorNote', label: '行動の状況', type: 'multiline', hint: '徘徊、昼夜逆転、介護への抵抗など' },
        { key: 'adl', label: 'ADL (移動・食事・排泄・入浴)', type: 'multiline' },
        {
          key: 'medicalCare',
          label: '継続している医療・服薬',
          type: 'multiline',
          hint: 'かかりつけ医、訪問看護、服薬管理の方法など',
        },
      ],
    },
    {
      title: '生活環境',
      fields: [
        { key: 'household', label: '家族構成・同居者', type: 'multiline' },
        { key: 'mainCarer', label: '主介護者 (続柄)', type: 'text' },
        { key: 'carerSituation', label: '介護者の介護方法・家族介護者の状況', type: 'multiline' },
        { key: 'lifeHistory', label: '生活歴・入院前の生活状況', type: 'multiline' },
        { key: 'housing', label: '住環境', type: 'multiline', hint: '段差、手すり、寝室とトイレの位置など' },
      ],
    },
    {
      title: 'サービスの利用状況',
      fields: [{ key: 'services', label: '利用中のサービス (事業所・頻度)', type: 'multiline', required: true }],
    },
    {
      title: '本人・家族の意向',
      fields: [
        { key: 'patientWishes', label: '本人の意向', type: 'multiline' },
        { key: 'familyWishes', label: '家族の意向', type: 'multiline' },
      ],
    },
    {
      title: 'ケアマネジャーの評価',
      fields: [{ key: 'assessment', label: '在宅生活の課題・退院に向けた所見', type: 'multiline' }],
    },
    {
      title: '記入者',
      fields: [
        { key: 'careManagerName', label: '担当ケアマネジャー', type: 'text', required: true },
        { key: 'contactPhone', label: '連絡先電話番号', type: 'text' },
      ],
    },
  ],
};

/** The information sheet form a region uses: its pack's own, or the national items. */
export function regionSheetForm(region: Pick<Region, 'forms'> | undefined): SheetForm {
  const own = region?.forms.find((f) => f.use === 'information_sheet');
  return own?.use === 'information_sheet' ? own : NATIONAL_SHEET_FORM;
}
