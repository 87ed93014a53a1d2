/**
 * The items of the 入院時情報提供シート, in the words of seed 002 §4(1)❶ (「必要な情報」: 入院日、心身の
 * 状況 (疾患・病歴・認知症の有無や徘徊等の行動の有無など)、生活環境 (家族構成・生活歴・介護者の介護方法や
 * 家族介護者の状況など) 及びサービスの利用状況), with the patient's and family's wishes and the care
 * manager's assessment that Sasebo's form and Sanda's 「本人や家族の思い」 add. One list serves the web
 * form and the PDF, so the two never disagree.
 */
export type SheetItemKind = 'date' | 'text' | 'textarea' | 'choice';

export interface SheetItem {
  key: string;
  label: string;
  kind: SheetItemKind;
  options?: readonly string[];
  /** Needed to submit (a draft may leave anything empty). */
  required?: boolean;
  hint?: string;
}

export interface SheetSection {
  heading: string;
  items: SheetItem[];
}

export const SHEET_TITLE = '入院時情報提供シート';

export const SHEET_SECTIONS: SheetSection[] = [
  {
    heading: '入院',
    items: [
      { key: 'admittedOn', label: '入院日', kind: 'date', required: true },
      {
        key: 'careLevel',
        label: '要介護度',
        kind: 'choice',
        options: ['要支援1', '要支援2', '要介護1', '要介護2', '要介護3', '要介護4', '要介護5', '申請中', '未申請'],
        required: true,
      },
    ],
  },
  {
    heading: '心身の状況',
    items: [
      {
        key: 'history',
        label: '疾患・病歴',
        kind: 'textarea',
        hint: '主な既往歴。診断名が分からない場合は空欄で構いません',
      },
      { key: 'dementia', label: '認知症の有無', kind: 'choice', options: ['なし', 'あり', '疑い'], required: true },
      { key: 'dementiaNote', label: '認知症の状況', kind: 'textarea', hint: '理解力、意思疎通、日常生活への影響など' },
      { key: 'wandering', label: '徘徊等の行動の有無', kind: 'choice', options: ['なし', 'あり'], required: true },
      { key: 'behaviorNote', label: '行動の状況', kind: 'textarea', hint: '徘徊、昼夜逆転、介護への抵抗など' },
      { key: 'adl', label: 'ADL (移動・食事・排泄・入浴)', kind: 'textarea' },
      {
        key: 'medicalCare',
        label: '継続している医療・服薬',
        kind: 'textarea',
        hint: 'かかりつけ医、訪問看護、服薬管理の方法など',
      },
    ],
  },
  {
    heading: '生活環境',
    items: [
      { key: 'household', label: '家族構成・同居者', kind: 'textarea' },
      { key: 'mainCarer', label: '主介護者 (続柄)', kind: 'text' },
      { key: 'carerSituation', label: '介護者の介護方法・家族介護者の状況', kind: 'textarea' },
      { key: 'lifeHistory', label: '生活歴・入院前の生活状況', kind: 'textarea' },
      { key: 'housing', label: '住環境', kind: 'textarea', hint: '段差、手すり、寝室とトイレの位置など' },
    ],
  },
  {
    heading: 'サービスの利用状況',
    items: [{ key: 'services', label: '利用中のサービス (事業所・頻度)', kind: 'textarea', required: true }],
  },
  {
    heading: '本人・家族の意向',
    items: [
      { key: 'patientWishes', label: '本人の意向', kind: 'textarea' },
      { key: 'familyWishes', label: '家族の意向', kind: 'textarea' },
    ],
  },
  {
    heading: 'ケアマネジャーの評価',
    items: [{ key: 'assessment', label: '在宅生活の課題・退院に向けた所見', kind: 'textarea' }],
  },
  {
    heading: '記入者',
    items: [
      { key: 'careManagerName', label: '担当ケアマネジャー', kind: 'text', required: true },
      { key: 'contactPhone', label: '連絡先電話番号', kind: 'text' },
    ],
  },
];

export const SHEET_ITEMS: SheetItem[] = SHEET_SECTIONS.flatMap((s) => s.items);

export const MAX_ANSWER_LENGTH = 2000;

/**
 * Characters of one printed line in the sheet's answer column: at 10 pt the 353 pt column takes 34
 * full-width characters before pdfkit wraps; 32 leaves room for wider glyphs.
 */
export const LINE_CHARS = 32;

/**
 * Printed lines an answer may take: a line break starts a line, and a long line takes one per
 * LINE_CHARS characters. With every item full the sheet still fits in MAX_FAX_PAGES pages (a sheet
 * of 1,000 short lines per item once made a FAX of 191 pages).
 */
export function maxLines(item: SheetItem): number | null {
  return item.kind === 'textarea' ? 12 : item.kind === 'text' ? 6 : null;
}

/** The printed lines of an answer, as maxLines counts them. */
export function printedLines(value: string): number {
  if (value === '') return 0;
  return value.split(/\r\n|\r|\n/).reduce((n, line) => n + Math.max(1, Math.ceil([...line].length / LINE_CHARS)), 0);
}

/** What the form says next to a free-text item before anything is sent. */
export function linesHint(item: SheetItem): string | null {
  const max = maxLines(item);
  return max === null ? null : `${max}行まで (1行は${LINE_CHARS}字までで数えます)`;
}

/** Keeps only known items, trimmed and bounded; unknown form fields are dropped. */
export function sheetAnswers(form: Record<string, string>): Record<string, string> {
  return Object.fromEntries(SHEET_ITEMS.map((i) => [i.key, (form[i.key] ?? '').trim().slice(0, MAX_ANSWER_LENGTH)]));
}

/** What is missing or wrong before a sheet may be sent, in Japanese for the care manager. */
export function sheetErrors(answers: Record<string, string>): string[] {
  const errors: string[] = [];
  for (const item of SHEET_ITEMS) {
    const value = answers[item.key] ?? '';
    if (item.required && value === '') errors.push(`「${item.label}」を入力してください。`);
    else if (item.kind === 'choice' && value !== '' && !item.options!.includes(value))
      errors.push(`「${item.label}」を選び直してください。`);
    else if (item.kind === 'date' && value !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(value))
      errors.push(`「${item.label}」を日付で入力してください。`);
    else if (printedLines(value) > (maxLines(item) ?? Infinity))
      errors.push(
        `「${item.label}」は${maxLines(item)}行までにしてください (1行は${LINE_CHARS}字までで数えます。いまは${printedLines(value)}行です)。`,
      );
  }
  return errors;
}
