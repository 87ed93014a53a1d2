import { z } from 'zod';

/**
 * The information sheet's form as a region defines it (三田市's 入院時情報提供シート, 佐世保市's 様式⑦,
 * 旭川市's 連携ツール①): its title, sections and fields. The web form, the check before sending and
 * the PDF/FAX are rendered from it, and a stored sheet keeps the definition it was written against.
 */
export const sheetFieldType = z.enum(['text', 'multiline', 'choice', 'checkbox', 'date']);
export type SheetFieldType = z.infer<typeof sheetFieldType>;

/** Printed lines one free-text field may take (a line break starts a line, a long line wraps). */
export const MAX_FIELD_LINES = 12;
/**
 * Printed lines all free-text fields of a form may take together: with every field full the sheet
 * still fits in one FAX of MAX_FAX_PAGES pages (notifiers/faxDocument.ts; the national items take 174).
 */
export const MAX_FORM_LINES = 180;
/** Fields of one form: each prints at least one row. */
export const MAX_FORM_FIELDS = 40;
/** What a checkbox field stores between the boxes ticked. */
export const CHECKBOX_SEPARATOR = '、';

/** A free-text field's limit when its definition names none: one paragraph, or a short answer. */
export function defaultMaxLines(type: SheetFieldType): number | null {
  return type === 'multiline' ? MAX_FIELD_LINES : type === 'text' ? 6 : null;
}

export const sheetFieldSchema = z
  .object({
    /** The answer's key in a stored sheet: the same key means the same item across forms. */
    key: z.string().regex(/^[a-z][A-Za-z0-9]{0,39}$/, 'a field key is camelCase letters and digits'),
    label: z.string().min(1).max(40),
    type: sheetFieldType,
    choices: z
      .array(
        z
          .string()
          .min(1)
          .max(20)
          .refine((c) => !c.includes(CHECKBOX_SEPARATOR), `a choice has no 「${CHECKBOX_SEPARATOR}」`),
      )
      .min(1)
      .optional(),
    required: z.boolean().optional(),
    /** Printed lines the answer may take (text and multiline only); absent: 6 for text, 12 for multiline. */
    maxLines: z.number().int().min(1).max(MAX_FIELD_LINES).optional(),
    /** A short help line shown next to the field. */
    hint: z.string().min(1).max(60).optional(),
  })
  .superRefine((f, ctx) => {
    const listed = f.type === 'choice' || f.type === 'checkbox';
    if (listed && !f.choices)
      ctx.addIssue({ code: 'custom', path: ['choices'], message: `a ${f.type} field "${f.key}" needs choices` });
    if (!listed && f.choices)
      ctx.addIssue({ code: 'custom', path: ['choices'], message: `a ${f.type} field "${f.key}" takes no choices` });
    if (f.choices && new Set(f.choices).size !== f.choices.length)
      ctx.addIssue({ code: 'custom', path: ['choices'], message: `field "${f.key}" lists a choice twice` });
    if (f.maxLines !== undefined && defaultMaxLines(f.type) === null)
      ctx.addIssue({ code: 'custom', path: ['maxLines'], message: `a ${f.type} field "${f.key}" takes no maxLines` });
  });
export type SheetField = z.infer<typeof sheetFieldSchema>;

/** Printed lines a field's answer may take, or null for a field that prints one short value. */
export function fieldMaxLines(field: SheetField): number | null {
  return field.maxLines ?? defaultMaxLines(field.type);
}

export const sheetFormSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    /** The title as the region names its form, printed on the page and the FAX. */
    name: z.string().min(1),
    use: z.literal('information_sheet'),
    /** Raised on every change of the fields: a stored sheet names the version it was written against. */
    version: z.number().int().min(1),
    /** Where the form comes from, with the seed that names it. */
    source: z.string().min(1),
    sections: z.array(z.object({ title: z.string().min(1), fields: z.array(sheetFieldSchema).min(1) })).min(1),
  })
  .superRefine((form, ctx) => {
    const fields = form.sections.flatMap((s) => s.fields);
    const seen = new Set<string>();
    for (const f of fields) {
      if (seen.has(f.key))
        ctx.addIssue({ code: 'custom', path: ['sections'], message: `field key "${f.key}" is used twice` });
      seen.add(f.key);
    }
    if (fields.length > MAX_FORM_FIELDS)
      ctx.addIssue({
        code: 'custom',
        path: ['sections'],
        message: `${fields.length} fields: a form has at most ${MAX_FORM_FIELDS}`,
      });
    const lines = fields.reduce((n, f) => n + (fieldMaxLines(f) ?? 0), 0);
    if (lines > MAX_FORM_LINES)
      ctx.addIssue({
        code: 'custom',
        path: ['sections'],
        message: `the free-text fields take ${lines} lines together: at most ${MAX_FORM_LINES}, so a full sheet fits one FAX`,
      });
  });
export type SheetForm = z.infer<typeof sheetFormSchema>;

export function formFields(form: SheetForm): SheetField[] {
  return form.sections.flatMap((s) => s.fields);
}
