import type { FaxSection } from './faxDocument.js';
import { LINE_CHARS } from './informationSheetItems.js';
import { jaDate } from './texts.js';

// 看護サマリー (the hospital's nursing summary at discharge) as data: its items, their Japanese names,
// the printed lines each free text may take, and the sections the page and the PDF show. One list
// serves the API's schema (functions/schemas.ts), the console's form, the page and the PDF.

/** The nursing summary a hospital posts with `nursing_summary_sent`. Dates are JST calendar days. */
export interface NursingSummary {
  /** 予測される介護上の問題. */
  expectedCareProblems: string;
  /** 最終排便日. */
  lastBowelMovementOn?: string | null | undefined;
  /** 最終入浴日. */
  lastBathOn?: string | null | undefined;
  /** 服薬内容・管理. */
  medication?: string | undefined;
  /** ADL: 移動・食事・排泄・入浴. */
  adl?: { mobility?: string; eating?: string; toileting?: string; bathing?: string } | undefined;
  /** 食事 (形態・制限). */
  diet?: string | undefined;
  /** 皮膚の状態・創傷. */
  skin?: string | undefined;
  /** 医療機器 (カテーテル、在宅酸素など). */
  medicalDevices?: string | undefined;
  /** 看護師より (申し送り). */
  nurseNotes?: string | undefined;
  /** Who wrote it: the nurse, their ward and a phone the care manager can call. */
  writer: { name: string; ward?: string | undefined; phone?: string | undefined };
}

type TextKey = 'expectedCareProblems' | 'medication' | 'diet' | 'skin' | 'medicalDevices' | 'nurseNotes';
type AdlKey = 'mobility' | 'eating' | 'toileting' | 'bathing';

/**
 * Printed lines each free text may take (a line break starts a line, a long line takes one per
 * LINE_CHARS characters, as the information sheet counts them): with every item full the summary
 * prints on two A4 pages of the FAX renderer.
 */
export const SUMMARY_TEXT_LINES: Record<TextKey, number> = {
  expectedCareProblems: 12,
  medication: 10,
  diet: 4,
  skin: 6,
  medicalDevices: 4,
  nurseNotes: 12,
};
export const SUMMARY_ADL_LINES = 3;

export const SUMMARY_TEXT_LABELS: Record<TextKey, string> = {
  expectedCareProblems: '予測される介護上の問題',
  medication: '服薬内容・管理',
  diet: '食事 (形態・制限)',
  skin: '皮膚の状態・創傷',
  medicalDevices: '医療機器',
  nurseNotes: '看護師より',
};
export const SUMMARY_ADL_LABELS: Record<AdlKey, string> = {
  mobility: '移動',
  eating: '食事',
  toileting: '排泄',
  bathing: '入浴',
};
export const SUMMARY_DATE_LABELS = { lastBowelMovementOn: '最終排便日', lastBathOn: '最終入浴日' } as const;
export const SUMMARY_WRITER_LABELS = { name: '記入者', ward: '病棟', phone: '連絡先' } as const;

/** What a stay shows when the hospital recorded the summary as sent but posted no content (before summaries travelled as data). */
export const SUMMARY_SENT_SEPARATELY = '内容はFAX等で別送';

/** The printed lines of a text, counted as the information sheet counts them. */
export function summaryLines(value: string): number {
  if (value === '') return 0;
  return value.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil([...line].length / LINE_CHARS)), 0);
}

/** The limit a too-long text is refused with, in the words both the API and the console show. */
export function linesMessage(max: number): string {
  return `at most ${max} printed lines (${LINE_CHARS} characters a line)`;
}

const orDash = (v: string | null | undefined) => (v ? v : '—');

/** The summary's sections as the page and the PDF show them, every item in order (「—」 when left empty). */
export function summarySections(s: NursingSummary): FaxSection[] {
  return [
    {
      heading: '予測される介護上の問題',
      text: s.expectedCareProblems,
    },
    {
      heading: '生活の状況',
      rows: [
        [SUMMARY_DATE_LABELS.lastBowelMovementOn, s.lastBowelMovementOn ? jaDate(s.lastBowelMovementOn) : '—'],
        [SUMMARY_DATE_LABELS.lastBathOn, s.lastBathOn ? jaDate(s.lastBathOn) : '—'],
        ...(Object.keys(SUMMARY_ADL_LABELS) as AdlKey[]).map((k): [string, string] => [
          `ADL (${SUMMARY_ADL_LABELS[k]})`,
          orDash(s.adl?.[k]),
        ]),
        [SUMMARY_TEXT_LABELS.diet, orDash(s.diet)],
      ],
    },
    {
      heading: '医療・看護',
      rows: [
        [SUMMARY_TEXT_LABELS.medication, orDash(s.medication)],
        [SUMMARY_TEXT_LABELS.skin, orDash(s.skin)],
        [SUMMARY_TEXT_LABELS.medicalDevices, orDash(s.medicalDevices)],
        [SUMMARY_TEXT_LABELS.nurseNotes, orDash(s.nurseNotes)],
      ],
    },
    {
      heading: '記入者',
      rows: [
        [SUMMARY_WRITER_LABELS.name, s.writer.name],
        [SUMMARY_WRITER_LABELS.ward, orDash(s.writer.ward)],
        [SUMMARY_WRITER_LABELS.phone, orDash(s.writer.phone)],
      ],
    },
  ];
}
