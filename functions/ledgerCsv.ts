import { parse } from 'csv-parse/sync';
import type { CareOffice } from '../engine/directory/index.js';
import { matchCareOffice } from '../engine/directory/index.js';
import { PRE_ADMISSION_ITEMS } from '../machines/types.js';
import { type AdmissionErrors, type AdmissionFields, OFFICE_NONE, OFFICE_UNKNOWN } from './admissionInput.js';
import { cleanText } from './input.js';

// A hospital's 入退院 ledger as Excel saves it: "CSV UTF-8" (with a BOM) or plain "CSV" (Shift_JIS,
// Windows' code page 932), Japanese column names in the first row. Decoding and splitting are the
// platform's and a library's: the WHATWG Encoding Standard's shift_jis decoder (TextDecoder, in Node and in
// Workers; it is Windows-31J, Excel's CP932) and csv-parse: quoted cells with commas and line breaks are theirs.

/** The template's columns, in order; 入院番号 … 入院日時 are required, the others may be left empty. */
export const LEDGER_COLUMNS = [
  '入院番号',
  '氏名',
  'ふりがな',
  '生年月日',
  '病棟',
  '入院日時',
  'ケアマネ事業所',
  '最初に知った人',
  '病棟種別',
  '入院前支援日時',
  '入院前支援項目',
] as const;
type Column = (typeof LEDGER_COLUMNS)[number];
const REQUIRED: Column[] = ['入院番号', '氏名', '生年月日', '病棟', '入院日時', 'ケアマネ事業所'];

/** The template offered for download: UTF-8 with a BOM (Excel then opens it as UTF-8), one example row. */
export function ledgerTemplate(): string {
  return `\uFEFF${LEDGER_COLUMNS.join(',')}\r\nE-2026-000123,山田 花子,やまだ はなこ,1941/05/02,4階東病棟,2026/12/01 10:30,ケアプランセンターあおば,病院,一般,2026/11/25 14:00,アイク\r\n`;
}

/** UTF-8 (with or without a BOM) when the bytes are valid UTF-8, else Shift_JIS as Windows writes it (CP932). */
export function decodeLedger(bytes: Uint8Array): { text: string; encoding: 'UTF-8' | 'Shift_JIS' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('shift_jis').decode(bytes), encoding: 'Shift_JIS' };
  }
}

export interface LedgerRow {
  /** The line of the file (the header is line 1), as a person finds it in Excel. */
  line: number;
  fields: AdmissionFields;
  /** What is wrong with the row before the schema looks at it (an office not found, a date not read). */
  errors: AdmissionErrors;
}

export type ParsedLedger = { rows: LedgerRow[] } | { error: string };

/** "1941/5/2", "1941-05-02", "1941年5月2日" → "1941-05-02"; anything else as it is (the schema says why). */
function isoDate(cell: string): string {
  const m = /^(\d{4})[/\-年.](\d{1,2})[/\-月.](\d{1,2})日?$/.exec(cell);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : cell;
}

/** "2026/12/1 9:05" → "2026-12-01T09:05"; a date alone is 0:00 (the earliest, so no deadline counts late). */
function localMinute(cell: string): string | null {
  const m = /^(\S+?)(?:[ T]+(\d{1,2}):(\d{2})(?::\d{2})?)?$/.exec(cell);
  if (!m) return null;
  const date = isoDate(m[1]!);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  return `${date}T${(m[2] ?? '0').padStart(2, '0')}:${m[3] ?? '00'}`;
}

const WARD_TYPES: Record<string, string> = {
  '': '',
  一般: 'general',
  一般病棟: 'general',
  療養: 'long_term_care',
  療養病棟: 'long_term_care',
};

/** (ア)〜(ク) in the checklist's order: the letter of each item (machines/billing.ts PRE_ADMISSION_ITEM_NAMES). */
const ITEM_LETTERS = 'アイウエオカキク';

/** 「アイク」, 「ア,イ,ク」, 「(ア)(イ)(ク)」 → the items' keys, comma-separated; null when a letter is not (ア)〜(ク). */
function preAdmissionItems(cell: string): string | null {
  const letters = cell.replace(/[\s,、・()（）]/g, '');
  const keys: string[] = [];
  for (const letter of letters) {
    const i = ITEM_LETTERS.indexOf(letter);
    if (i < 0) return null;
    keys.push(PRE_ADMISSION_ITEMS[i]!);
  }
  return keys.join(',');
}

const FIRST_INFORMED: Record<string, string> = {
  '': 'hospital',
  病院: 'hospital',
  ケアマネジャー: 'care_manager',
  ケアマネ: 'care_manager',
};

/** The ledger's rows as admission fields, each with the errors found reading it. */
export function parseLedger(text: string, offices: CareOffice[], regionId: string): ParsedLedger {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return {
      error: `CSVとして読めませんでした${line ? ` (${line}行目付近)` : ''}。引用符 (") の閉じ忘れがないか確認してください。`,
    };
  }
  const header = (records[0] ?? []).map((h) => cleanText(h).trim());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0)
    return { error: `1行目に列名 ${missing.join('、')} がありません。テンプレートの列名をそのままお使いください。` };
  const at = (record: string[], column: Column) => {
    const i = header.indexOf(column);
    return i < 0 ? '' : cleanText(record[i] ?? '').trim();
  };
  const rows = records.slice(1).map((record, i): LedgerRow => {
    const errors: AdmissionErrors = {};
    const officeCell = at(record, 'ケアマネ事業所');
    let office = '';
    if (officeCell === '不明') office = OFFICE_UNKNOWN;
    else if (officeCell === 'なし') office = OFFICE_NONE;
    else if (officeCell !== '') {
      const match = matchCareOffice(offices, officeCell, regionId);
      if (match.kind === 'found') office = match.office.id;
      else
        errors.office =
          match.kind === 'none'
            ? `ケアマネ事業所「${officeCell}」が名簿にありません (正式名称・電話番号・FAX番号、または「不明」「なし」)。`
            : `ケアマネ事業所「${officeCell}」に当てはまる事業所が${match.count}件あります。電話番号で指定してください。`;
    }
    const admitted = at(record, '入院日時');
    const admittedAt = admitted === '' ? '' : localMinute(admitted);
    if (admittedAt === null) errors.admittedAt = `入院日時「${admitted}」が読めません (例: 2026/12/01 10:30)。`;
    const first = at(record, '最初に知った人');
    if (!(first in FIRST_INFORMED))
      errors.firstInformedBy = '最初に知った人は「病院」か「ケアマネジャー」にしてください。';
    const wardCell = at(record, '病棟種別');
    if (!(wardCell in WARD_TYPES)) errors.wardType = `病棟種別「${wardCell}」は「一般」か「療養」にしてください。`;
    const preCell = at(record, '入院前支援日時');
    const preAdmissionAt = preCell === '' ? '' : localMinute(preCell);
    if (preAdmissionAt === null)
      errors.preAdmissionAt = `入院前支援日時「${preCell}」が読めません (例: 2026/11/25 14:00)。`;
    const itemsCell = at(record, '入院前支援項目');
    const items = preAdmissionItems(itemsCell);
    if (items === null)
      errors.preAdmissionItems = `入院前支援項目「${itemsCell}」は (ア)〜(ク) の文字で書いてください (例: アイク)。`;
    return {
      line: i + 2,
      errors,
      fields: {
        hospitalizationId: at(record, '入院番号'),
        name: at(record, '氏名'),
        nameKana: at(record, 'ふりがな'),
        birthDate: isoDate(at(record, '生年月日')),
        ward: at(record, '病棟'),
        admittedAt: admittedAt ?? '',
        office: errors.office ? OFFICE_UNKNOWN : office,
        firstInformedBy: FIRST_INFORMED[first] ?? 'hospital',
        wardType: WARD_TYPES[wardCell] ?? '',
        preAdmissionAt: preAdmissionAt ?? '',
        preAdmissionItems: items ?? '',
      },
    };
  });
  return { rows };
}
