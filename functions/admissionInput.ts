import type { HospitalEventInput, HospitalEventResult } from '../engine/cases/index.js';
import { CLOCK_SKEW_MS, jstWallClock } from '../machines/time.js';
import { PRE_ADMISSION_ITEMS, type PreAdmissionItem, type WardType } from '../machines/types.js';
import { jaMessage } from './pages/console/jaErrors.js';
import { HospitalEventSchema } from './schemas.js';

// An admission a person registers (the console's form, a row of the hospital's ledger): the
// webhook's `admitted` event built from their fields and checked by the webhook's own schema, so
// the same admission is refused or accepted whichever way it comes. Errors are in Japanese, per field.

/** The fields of one admission, as typed (already made plain by functions/input.ts). */
export interface AdmissionFields {
  /** 入院番号: the hospital's own encounter number. */
  hospitalizationId: string;
  name: string;
  nameKana: string;
  /** YYYY-MM-DD */
  birthDate: string;
  ward: string;
  /** Japan's wall clock, YYYY-MM-DDTHH:MM */
  admittedAt: string;
  /** A care office's directory id, or 「不明」 (`unknown`: services used, office still to find) or 「なし」 (`none`: route B). */
  office: string;
  firstInformedBy: string;
  /** The ward's basic fee (入退院支援加算's points): `general`, `long_term_care`, or empty (not said). */
  wardType?: string;
  /** 入院時支援加算: when the 療養支援計画 was made before the admission, Japan's wall clock; empty: none. */
  preAdmissionAt?: string;
  /** Its checklist (ア)〜(ク): PRE_ADMISSION_ITEMS keys, comma-separated. */
  preAdmissionItems?: string;
  /**
   * The rule's scope (支援の対象者: admitted from home and going home), the webhook's `fromHomeToHome`:
   * `yes` or empty (in scope), `no` (kept and shown, not chased, out of the leak rate).
   */
  fromHomeToHome?: string;
}
export type AdmissionField = keyof AdmissionFields;
export type AdmissionErrors = Partial<Record<AdmissionField, string>>;
export type AdmittedInput = Extract<HospitalEventInput, { type: 'admitted' }>;

export const OFFICE_UNKNOWN = 'unknown';
export const OFFICE_NONE = 'none';

/** Where each of the event's paths was typed. */
const FIELD_OF: Record<string, AdmissionField> = {
  hospitalizationId: 'hospitalizationId',
  occurredAt: 'admittedAt',
  'data.patient.name': 'name',
  'data.patient.nameKana': 'nameKana',
  'data.patient.birthDate': 'birthDate',
  'data.ward': 'ward',
  'data.careOfficeId': 'office',
  'data.firstInformedBy': 'firstInformedBy',
  'data.wardType': 'wardType',
  'data.preAdmissionSupport.at': 'preAdmissionAt',
  'data.preAdmissionSupport.items': 'preAdmissionItems',
  'data.fromHomeToHome': 'fromHomeToHome',
};

/** The ward types a person chooses between, in the fee schedule's words. */
export const WARD_TYPE_LABELS: Record<WardType, string> = {
  general: '一般病棟入院基本料等',
  long_term_care: '療養病棟入院基本料等',
};

/** The checklist's keys of a comma-separated field, in the checklist's order; unknown keys kept to be refused. */
export function preAdmissionItemsOf(field: string | undefined): string[] {
  const keys = (field ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  const known = PRE_ADMISSION_ITEMS.filter((k) => keys.includes(k));
  return [...known, ...keys.filter((k) => !PRE_ADMISSION_ITEMS.includes(k as PreAdmissionItem))];
}

const LOCAL_MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** The `admitted` event of these fields, or what to fix in each field (checked against `now` too). */
export function admissionEvent(
  fields: AdmissionFields,
  now: Date,
): { event: AdmittedInput; errors?: undefined } | { errors: AdmissionErrors } {
  const errors: AdmissionErrors = {};
  if (fields.admittedAt.trim() === '') errors.admittedAt = '入院日時を入力してください。';
  else if (!LOCAL_MINUTE.test(fields.admittedAt)) errors.admittedAt = '入院日時の形式が正しくありません。';
  if (fields.office === '')
    errors.office = 'ケアマネ事業所を選んでください (わからなければ「不明」、介護サービスを使っていなければ「なし」)。';
  if (!['hospital', 'care_manager'].includes(fields.firstInformedBy))
    errors.firstInformedBy = '最初に入院を知ったのは病院かケアマネジャーかを選んでください。';
  const wardType = fields.wardType?.trim() ?? '';
  if (wardType !== '' && !(wardType in WARD_TYPE_LABELS)) errors.wardType = '病棟の種別を一覧から選んでください。';
  const preAt = fields.preAdmissionAt?.trim() ?? '';
  const items = preAdmissionItemsOf(fields.preAdmissionItems);
  if (preAt === '' && items.length > 0)
    errors.preAdmissionAt = '入院前の支援 (療養支援計画) を行った日時を入力してください。';
  else if (preAt !== '' && !LOCAL_MINUTE.test(preAt))
    errors.preAdmissionAt = '入院前の支援の日時の形式が正しくありません。';
  if (items.some((i) => !PRE_ADMISSION_ITEMS.includes(i as PreAdmissionItem)))
    errors.preAdmissionItems = '入院前の支援の項目は (ア)〜(ク) から選んでください。';
  const scope = fields.fromHomeToHome?.trim() ?? '';
  if (scope !== '' && scope !== 'yes' && scope !== 'no')
    errors.fromHomeToHome = '自宅等から入院し自宅等へ退院する見込みかどうかを選んでください。';
  const office = fields.office;
  const body = {
    type: 'admitted',
    hospitalizationId: fields.hospitalizationId.trim(),
    occurredAt: `${fields.admittedAt}:00+09:00`,
    data: {
      patient: {
        name: fields.name,
        ...(fields.nameKana.trim() ? { nameKana: fields.nameKana.trim() } : {}),
        birthDate: fields.birthDate,
      },
      ward: fields.ward,
      careOfficeId: office === OFFICE_UNKNOWN || office === OFFICE_NONE || office === '' ? null : office,
      usedCareServices: office !== OFFICE_NONE,
      firstInformedBy: fields.firstInformedBy === 'care_manager' ? 'care_manager' : 'hospital',
      ...(wardType !== '' ? { wardType } : {}),
      ...(preAt !== '' ? { preAdmissionSupport: { at: `${preAt}:00+09:00`, items } } : {}),
      ...(scope === 'no' ? { fromHomeToHome: false } : {}),
    },
  };
  const parsed = HospitalEventSchema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const dotted = issue.path.map(String).join('.');
      const field = FIELD_OF[dotted];
      if (!field || errors[field]) continue;
      errors[field] = jaMessage({ ...issue, path: field === 'admittedAt' ? ['admittedAt'] : issue.path });
    }
  }
  const today = jstWallClock(now).slice(0, 10);
  if (!errors.birthDate && fields.birthDate > today) errors.birthDate = '生年月日が今日より後になっています。';
  if (!errors.admittedAt && Date.parse(body.occurredAt) > now.getTime() + CLOCK_SKEW_MS)
    errors.admittedAt = '入院日時が未来になっています。';
  if (Object.keys(errors).length > 0 || !parsed.success) return { errors };
  return { event: parsed.data as AdmittedInput };
}

/** What the engine said of a registration, in the form's words; `null` when it was recorded. */
export function refusalOf(result: HospitalEventResult): AdmissionErrors | { existing: string } | null {
  switch (result.kind) {
    case 'accepted':
      return null;
    case 'rejected':
      return { existing: result.caseId };
    case 'invalid':
    case 'unprocessable': {
      const field = FIELD_OF[result.field] ?? 'hospitalizationId';
      const message =
        result.field === 'data.careOfficeId'
          ? 'このケアマネ事業所は名簿にありません。検索して選び直してください。'
          : result.field === 'occurredAt'
            ? '入院日時が未来になっています。'
            : result.field === 'data.patient.birthDate'
              ? '生年月日が今日より後になっています。'
              : '入力内容を確認してください。';
      return { [field]: message };
    }
    case 'unknown_hospital':
      return { hospitalizationId: '病院が名簿にありません。' };
    case 'unknown_hospitalization':
      return { hospitalizationId: '入力内容を確認してください。' };
  }
}
