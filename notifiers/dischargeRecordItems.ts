import { PLACE_LABELS, PROFESSION_LABELS } from '../machines/dischargeRecord.js';
import type { DischargeRecordContent } from '../machines/types.js';
import type { FaxSection } from './faxDocument.js';
import { jaDate } from './texts.js';

// 退院・退所情報記録書 as printed: the region's own form when its pack names one (Sasebo 様式⑨), the
// national items otherwise. Each item a form lists is one field of the record, named here once.

/** A form as a region pack describes it (regions/schema.ts `forms`, `use: discharge_record`). */
export interface RecordForm {
  name: string;
  source: string;
  sections: { title: string; items: string[] }[];
}

/**
 * The national items (the sample 退院・退所情報記録書 for 退院・退所加算; seed 001/002: 「カンファレンスに
 * 参加した日時・場所・出席者・内容の要点等」), for a region whose pack names no form of its own.
 */
export const NATIONAL_RECORD_FORM: RecordForm = {
  name: '退院・退所情報記録書',
  source: '退院・退所加算の様式例 (全国共通の項目)',
  sections: [
    { title: '情報の受領', items: ['日時', '開催場所', 'カンファレンスへの参加', '出席者'] },
    { title: '聞き取った内容', items: ['内容の要点', '退院後の医療・看護の必要性', 'ADLの状況'] },
    { title: '退院後の生活', items: ['必要なサービス', '本人・家族の意向'] },
  ],
};

type Field = (r: DischargeRecordContent) => string;

const attendees: Field = (r) =>
  r.attendees
    .map(
      (a) =>
        `${a.name || '(氏名未記入)'} (${PROFESSION_LABELS[a.profession]}・${a.side === 'hospital' ? '病院' : '在宅側'})`,
    )
    .join('\n');

/** Every item label a form may list, and the record's field behind it. */
export const RECORD_ITEM_FIELDS: Record<string, Field> = {
  日時: (r) => `${jaDate(r.receivedOn)}${r.time ? ` ${r.time}` : ''}`,
  開催場所: (r) => `${PLACE_LABELS[r.place]}${r.placeDetail ? ` (${r.placeDetail})` : ''}`,
  カンファレンスへの参加: (r) => (r.conference ? 'あり' : 'なし (面談・電話等での情報の受領)'),
  出席者: attendees,
  内容の要点: (r) => r.keyPoints,
  '退院後の医療・看護の必要性': (r) => r.medicalNeeds,
  ADLの状況: (r) => r.adl,
  必要なサービス: (r) => r.services,
  '本人・家族の意向': (r) => r.wishes,
};

/** The form's sections filled in with the record; the items a region's form leaves out follow as 「その他」. */
export function recordSections(form: RecordForm, record: DischargeRecordContent): FaxSection[] {
  const listed = new Set(form.sections.flatMap((s) => s.items));
  const rest = Object.keys(RECORD_ITEM_FIELDS).filter(
    (label) => !listed.has(label) && label !== 'カンファレンスへの参加',
  );
  const row = (label: string): [string, string] => [label, RECORD_ITEM_FIELDS[label]?.(record) ?? ''];
  return [
    ...form.sections.map((s) => ({ heading: s.title, rows: s.items.map(row) })),
    ...(rest.length ? [{ heading: 'その他の記録', rows: rest.map(row) }] : []),
  ];
}
