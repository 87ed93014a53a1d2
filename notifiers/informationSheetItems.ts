import {
  CHECKBOX_SEPARATOR,
  fieldMaxLines,
  formFields,
  type SheetField,
  type SheetForm,
} from '../regions/sheetForm.js';
import type { FaxSection } from './faxDocument.js';
import { jaDate } from './texts.js';

/**
 * The information sheet's answers against its form (the region's definition, regions/sheetForm.ts):
 * what is kept of a posted form, what is missing or wrong (in Japanese, by field), and the rows the
 * PDF prints. One definition serves the web form and the PDF, so the two never disagree.
 */

export const MAX_ANSWER_LENGTH = 2000;

/**
 * Characters of one printed line in the sheet's answer column: at 10 pt the 353 pt column takes 34
 * full-width characters before pdfkit wraps; 32 leaves room for wider glyphs.
 */
export const LINE_CHARS = 32;

/**
 * Printed lines an answer may take: a line break starts a line, and a long line takes one per
 * LINE_CHARS characters. The schema bounds a form's lines so that with every field full the sheet
 * still fits in MAX_FAX_PAGES pages (a sheet of 1,000 short lines per item once made a FAX of 191 pages).
 */
export function maxLines(field: SheetField): number | null {
  return fieldMaxLines(field);
}

/** The printed lines of an answer, as maxLines counts them. */
export function printedLines(value: string): number {
  if (value === '') return 0;
  return value.split(/\r\n|\r|\n/).reduce((n, line) => n + Math.max(1, Math.ceil([...line].length / LINE_CHARS)), 0);
}

/** What the form says next to a free-text field before anything is sent. */
export function linesHint(field: SheetField): string | null {
  const max = maxLines(field);
  return max === null ? null : `${max}行まで (1行は${LINE_CHARS}字までで数えます)`;
}

/** The boxes ticked in a stored checkbox answer. */
export function ticked(value: string): string[] {
  return value === '' ? [] : value.split(CHECKBOX_SEPARATOR);
}

/**
 * Keeps only the form's fields, trimmed and bounded; unknown form fields are dropped. A checkbox
 * field keeps the choices it lists, in the form's order.
 */
export function sheetAnswers(form: SheetForm, posted: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(
    formFields(form).map((f) => {
      const raw = posted[f.key];
      if (f.type === 'checkbox') {
        const values = new Set(Array.isArray(raw) ? raw : raw ? [raw] : []);
        return [f.key, f.choices!.filter((c) => values.has(c)).join(CHECKBOX_SEPARATOR)];
      }
      const value = Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? '');
      return [f.key, value.trim().slice(0, MAX_ANSWER_LENGTH)];
    }),
  );
}

/** What is missing or wrong before a sheet may be sent, in Japanese for the care manager, by field key. */
export function sheetErrors(form: SheetForm, answers: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of formFields(form)) {
    const value = answers[field.key] ?? '';
    const max = maxLines(field);
    if (field.required && value === '')
      errors[field.key] =
        field.type === 'choice' || field.type === 'checkbox'
          ? `「${field.label}」を選んでください。`
          : `「${field.label}」を入力してください。`;
    else if (field.type === 'choice' && value !== '' && !field.choices!.includes(value))
      errors[field.key] = `「${field.label}」を選び直してください。`;
    else if (field.type === 'checkbox' && ticked(value).some((v) => !field.choices!.includes(v)))
      errors[field.key] = `「${field.label}」を選び直してください。`;
    else if (field.type === 'date' && value !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(value))
      errors[field.key] = `「${field.label}」を日付で入力してください。`;
    else if (max !== null && printedLines(value) > max)
      errors[field.key] =
        `「${field.label}」は${max}行までにしてください (1行は${LINE_CHARS}字までで数えます。いまは${printedLines(value)}行です)。`;
  }
  return errors;
}

/** The sheet's sections as the PDF prints them: every field of the form, in its order, answered or not. */
export function sheetSections(form: SheetForm, answers: Record<string, string>): FaxSection[] {
  return form.sections.map((s) => ({
    heading: s.title,
    rows: s.fields.map((f): [string, string] => {
      const value = answers[f.key] ?? '';
      return [f.label, f.type === 'date' && value ? jaDate(value) : value];
    }),
  }));
}
