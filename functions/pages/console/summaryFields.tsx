import type { Child } from 'hono/jsx';
import { LINE_CHARS } from '../../../notifiers/informationSheetItems.js';
import {
  SUMMARY_ADL_LABELS,
  SUMMARY_ADL_LINES,
  SUMMARY_DATE_LABELS,
  SUMMARY_TEXT_LABELS,
  SUMMARY_TEXT_LINES,
  SUMMARY_WRITER_LABELS,
} from '../../../notifiers/nursingSummaryItems.js';

// 看護サマリー by hand in the console (a liaison office that does not post it from its system): the
// same items the webhook takes, each with its line limit; left empty, the fact records the summary
// as sent without data (「内容はFAX等で別送」).

type TextKey = keyof typeof SUMMARY_TEXT_LINES;
type AdlKey = keyof typeof SUMMARY_ADL_LABELS;
const TEXT_KEYS = Object.keys(SUMMARY_TEXT_LINES) as TextKey[];
const ADL_KEYS = Object.keys(SUMMARY_ADL_LABELS) as AdlKey[];
const adlField = (k: AdlKey) => `adl${k[0]!.toUpperCase()}${k.slice(1)}`;

/** The form's names → the fact's `data` (no summary when nothing about it was typed). */
export function summaryData(form: Record<string, string>): { summary?: unknown } {
  const typed = (k: string) => (form[k] ?? '').trim();
  const keys = [...TEXT_KEYS, ...ADL_KEYS.map(adlField), 'lastBowelMovementOn', 'lastBathOn', 'writerName'];
  if (keys.every((k) => typed(k) === '')) return {};
  const optional = (k: string) => (typed(k) ? typed(k) : undefined);
  const adl = Object.fromEntries(ADL_KEYS.flatMap((k) => (typed(adlField(k)) ? [[k, typed(adlField(k))]] : [])));
  return {
    summary: {
      expectedCareProblems: typed('expectedCareProblems'),
      ...(typed('lastBowelMovementOn') ? { lastBowelMovementOn: typed('lastBowelMovementOn') } : {}),
      ...(typed('lastBathOn') ? { lastBathOn: typed('lastBathOn') } : {}),
      ...Object.fromEntries(
        TEXT_KEYS.filter((k) => k !== 'expectedCareProblems').flatMap((k) => (optional(k) ? [[k, optional(k)]] : [])),
      ),
      ...(Object.keys(adl).length ? { adl } : {}),
      writer: {
        name: typed('writerName'),
        ...(optional('writerWard') ? { ward: optional('writerWard') } : {}),
        ...(optional('writerPhone') ? { phone: optional('writerPhone') } : {}),
      },
    },
  };
}

/** Japanese names of the summary's fields, for the console's error messages (`data.summary.…`). */
export const SUMMARY_FIELD_LABELS: Record<string, string> = {
  ...Object.fromEntries(TEXT_KEYS.map((k) => [`data.summary.${k}`, SUMMARY_TEXT_LABELS[k]])),
  ...Object.fromEntries(ADL_KEYS.map((k) => [`data.summary.adl.${k}`, `ADL (${SUMMARY_ADL_LABELS[k]})`])),
  'data.summary.lastBowelMovementOn': SUMMARY_DATE_LABELS.lastBowelMovementOn,
  'data.summary.lastBathOn': SUMMARY_DATE_LABELS.lastBathOn,
  'data.summary.writer.name': SUMMARY_WRITER_LABELS.name,
  'data.summary.writer.ward': SUMMARY_WRITER_LABELS.ward,
  'data.summary.writer.phone': SUMMARY_WRITER_LABELS.phone,
};

/** The summary's fields on the fact's form; `err` shows a field's error next to it. */
export function NursingSummaryFields(props: { values: Record<string, string>; err: (field: string) => Child }) {
  const { values, err } = props;
  const area = (name: string, label: string, lines: number, path: string) => (
    <>
      <label for={name}>
        {label}{' '}
        <span class="muted">
          ({lines}行まで、1行{LINE_CHARS}字で数えます)
        </span>
      </label>
      <textarea id={name} name={name} rows={Math.min(lines, 4)} class="full">
        {values[name] ?? ''}
      </textarea>
      {err(path)}
    </>
  );
  return (
    <fieldset class="group">
      <legend>看護サマリーの内容 (空欄のまま記録すると「内容はFAX等で別送」になります)</legend>
      {area(
        'expectedCareProblems',
        SUMMARY_TEXT_LABELS.expectedCareProblems,
        SUMMARY_TEXT_LINES.expectedCareProblems,
        'data.summary.expectedCareProblems',
      )}
      <label for="lastBowelMovementOn">{SUMMARY_DATE_LABELS.lastBowelMovementOn}</label>
      <input id="lastBowelMovementOn" name="lastBowelMovementOn" type="date" value={values.lastBowelMovementOn ?? ''} />
      {err('data.summary.lastBowelMovementOn')}
      <label for="lastBathOn">{SUMMARY_DATE_LABELS.lastBathOn}</label>
      <input id="lastBathOn" name="lastBathOn" type="date" value={values.lastBathOn ?? ''} />
      {err('data.summary.lastBathOn')}
      {ADL_KEYS.map((k) =>
        area(adlField(k), `ADL (${SUMMARY_ADL_LABELS[k]})`, SUMMARY_ADL_LINES, `data.summary.adl.${k}`),
      )}
      {TEXT_KEYS.filter((k) => k !== 'expectedCareProblems').map((k) =>
        area(k, SUMMARY_TEXT_LABELS[k], SUMMARY_TEXT_LINES[k], `data.summary.${k}`),
      )}
      <label for="writerName">{SUMMARY_WRITER_LABELS.name} (看護師の氏名)</label>
      <input id="writerName" name="writerName" maxlength={100} value={values.writerName ?? ''} />
      {err('data.summary.writer.name')}
      <label for="writerWard">{SUMMARY_WRITER_LABELS.ward}</label>
      <input id="writerWard" name="writerWard" maxlength={100} value={values.writerWard ?? ''} />
      {err('data.summary.writer.ward')}
      <label for="writerPhone">{SUMMARY_WRITER_LABELS.phone} (電話)</label>
      <input id="writerPhone" name="writerPhone" maxlength={30} value={values.writerPhone ?? ''} />
      {err('data.summary.writer.phone')}
    </fieldset>
  );
}
