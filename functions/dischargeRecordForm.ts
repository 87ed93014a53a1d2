import { z } from 'zod';
import type { DischargeRecordContent, RecordPlace, Side } from '../machines/types.js';
import { professions } from './schemas.js';

// The 退院・退所情報記録書 form as posted (already cleaned by readFormAll: NFC, LF, no hidden
// characters), read with zod; each refusal is a Japanese sentence shown next to its field.

export const RECORD_PLACES = [
  'hospital',
  'home',
  'online',
  'facility',
  'phone',
  'other',
] as const satisfies readonly RecordPlace[];
/** Attendee rows a form may send: a conference of more is written in the key points. */
export const MAX_ATTENDEES = 20;
const MAX_TEXT = 1000;
const MAX_KEY_POINTS = 2000;

export type RecordField =
  | 'receivedOn'
  | 'time'
  | 'place'
  | 'placeDetail'
  | 'attendees'
  | 'keyPoints'
  | 'medicalNeeds'
  | 'adl'
  | 'services'
  | 'wishes';
export type RecordErrors = Partial<Record<RecordField, string>>;

const text = (label: string, max = MAX_TEXT) =>
  z
    .string()
    .max(max, `${label}は${max}文字以内で入力してください。`)
    .transform((s) => s.trim());

const attendee = z.object({
  name: z.string().trim().min(1, '氏名を入力してください。').max(40, '氏名は40文字以内で入力してください。'),
  profession: z.enum(professions, '職種を選んでください。'),
  side: z.enum(['hospital', 'home'] satisfies Side[], '所属を選んでください。'),
});

const recordSchema = (today: string) =>
  z.object({
    receivedOn: z.iso
      .date('情報を受けた日を入力してください。')
      .refine((d) => d <= today, '情報を受けた日に未来の日付は入力できません。'),
    time: z
      .string()
      .regex(/^(|([01]\d|2[0-3]):[0-5]\d)$/, '時刻は「14:00」の形で入力してください。')
      .transform((t) => (t === '' ? null : t)),
    place: z.enum(RECORD_PLACES, '場所を選んでください。'),
    placeDetail: text('場所の詳細', 100),
    conference: z.boolean(),
    attendees: z.array(attendee).max(MAX_ATTENDEES, `出席者は${MAX_ATTENDEES}名までです。`),
    keyPoints: text('内容の要点', MAX_KEY_POINTS).refine((s) => s.length > 0, '内容の要点を入力してください。'),
    medicalNeeds: text('退院後の医療・看護の必要性'),
    adl: text('ADLの状況'),
    services: text('必要なサービス'),
    wishes: text('本人・家族の意向'),
  });

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The form's fields as the page shows them again: what was typed, even when refused. */
export function recordValues(form: Record<string, string | string[]>) {
  const names = many(form.attendeeName);
  const kinds = many(form.attendeeProfession);
  const sides = many(form.attendeeSide);
  const attendees = names
    .map((name, i) => ({ name, profession: kinds[i] ?? '', side: sides[i] ?? '' }))
    // A row left as the form offered it (no name, no profession) is not an attendee.
    .filter((a) => a.name.trim() !== '' || a.profession !== '');
  return {
    receivedOn: one(form.receivedOn),
    time: one(form.time),
    place: one(form.place),
    placeDetail: one(form.placeDetail),
    conference: one(form.conference) === 'yes',
    attendees,
    keyPoints: one(form.keyPoints),
    medicalNeeds: one(form.medicalNeeds),
    adl: one(form.adl),
    services: one(form.services),
    wishes: one(form.wishes),
  };
}

export type RecordValues = ReturnType<typeof recordValues>;

export function readRecordForm(
  form: Record<string, string | string[]>,
  today: string,
): { record: DischargeRecordContent } | { errors: RecordErrors; values: RecordValues } {
  const values = recordValues(form);
  const parsed = recordSchema(today).safeParse(values);
  if (parsed.success) return { record: parsed.data as DischargeRecordContent };
  const errors: RecordErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as RecordField;
    if (errors[field]) continue;
    errors[field] =
      field === 'attendees' && typeof issue.path[1] === 'number'
        ? `出席者 ${issue.path[1] + 1}人目: ${issue.message}`
        : issue.message;
  }
  return { errors, values };
}
