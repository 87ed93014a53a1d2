import { z } from '@hono/zod-openapi';
import {
  CLOSED_LABELS,
  DEADLINE_LABELS,
  isMetricsMonth,
  LEAK_LABELS,
  METRICS_MONTHS,
} from '../engine/console/index.js';
import { ADD_ON_NAMES } from '../machines/billing.js';
import { CRITERIA_65, type Criterion, SPECIFIED_DISEASES, type SpecifiedDisease } from '../machines/eligibility.js';
import { OTHER_PROVIDER_KINDS } from '../machines/otherProviders.js';
import { PRE_ADMISSION_ITEMS } from '../machines/types.js';
import { linesMessage, SUMMARY_ADL_LINES, SUMMARY_TEXT_LINES, summaryLines } from '../notifiers/nursingSummaryItems.js';
import { hasHiddenCharacter } from './input.js';

// The public contract: hospitals and scripts integrate against these shapes.

const isoDateTime = z.iso.datetime({ offset: true }).openapi({ example: '2026-12-04T10:30:00+09:00' });
const isoDate = z.iso.date().openapi({ example: '2026-12-20' });

// Plausible ranges: a year 0001 or 1900 is a typo or an unset field in the sender's system, never a
// fact of a stay renkei follows. The upper ends need the clock and are checked by the engine
// (occurredAt at most 10 minutes ahead; a birth date not after today in Japan).
export const EARLIEST_OCCURRED_AT = '2000-01-01T00:00:00+09:00';
export const EARLIEST_BIRTH_DATE = '1900-01-01';
export const TOO_EARLY_OCCURRED_AT = `must not be before ${EARLIEST_OCCURRED_AT}`;
export const TOO_EARLY_BIRTH_DATE = `must not be before ${EARLIEST_BIRTH_DATE}`;
/** A fact's instant, from 2000-01-01 in Japan. */
const factInstant = isoDateTime.refine((v) => Date.parse(v) >= Date.parse(EARLIEST_OCCURRED_AT), TOO_EARLY_OCCURRED_AT);

// Names and identifiers are refused, not cleaned, when they hold a hidden character (why: functions/input.ts).
export const HIDDEN_CHARACTER =
  'must not contain control characters, line breaks, bidirectional marks or overrides, or unpaired surrogates';
const id = z
  .string()
  .min(1)
  .max(100)
  .refine((v) => v.trim() !== '', 'must not be blank')
  .refine((v) => !hasHiddenCharacter(v), HIDDEN_CHARACTER);
/** A person's name: NFC, trimmed (also of ideographic spaces), not empty, nothing hidden. */
const personName = z
  .string()
  .trim()
  .normalize('NFC')
  .min(1)
  .max(100)
  .refine((v) => !hasHiddenCharacter(v), HIDDEN_CHARACTER);

/** A name's reading: hiragana or katakana (full- or half-width), spaces, ー and ・. */
const KANA = /^[\p{Script=Hiragana}\p{Script=Katakana}\u30FC\u30FB ]+$/u;
export const KANA_ONLY = 'must be hiragana or katakana';

/**
 * A vocabulary of the rule as a named enum, derived from its one label map (a Record over the type,
 * so a code added to the machine is here once it has its Japanese name). Each code's name goes in
 * the description for people and in `x-enum-descriptions` (same order as `enum`) for generators.
 */
function vocabulary<K extends string>(name: string, what: string, labels: Record<K, string>) {
  const codes = Object.keys(labels) as [K, ...K[]];
  return z.enum(codes).openapi(name, {
    description: `${what}: ${codes.map((code) => `${code}: ${labels[code]}`).join('; ')}`,
    'x-enum-descriptions': codes.map((code) => labels[code]),
  });
}
/** Null or a value: anyOf with the named schema, leaving the named schema itself non-null. */
const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

export const AddOnCodeSchema = vocabulary('AddOnCode', 'Billing add-on (加算)', ADD_ON_NAMES);
export const DeadlineKeySchema = vocabulary('DeadlineKey', 'A deadline of the rule', DEADLINE_LABELS);
export const LeakReasonSchema = vocabulary('LeakReason', 'Why a handoff leaked (調整漏れ)', LEAK_LABELS);
export const ClosedReasonSchema = vocabulary('ClosedReason', 'Why a case closed', CLOSED_LABELS);

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const envelope = {
  hospitalizationId: id.openapi({ description: "The hospital's own encounter id", example: 'E-2026-000123' }),
  occurredAt: factInstant.openapi({
    description:
      'When the fact happened (it may be days before the request, not before 2000-01-01 and at most 10 minutes ahead); deadlines count from it',
  }),
};

export const professions = [
  'physician',
  'nurse',
  'msw',
  'care_manager',
  'visiting_nurse',
  'pharmacist',
  'therapist',
  'dentist',
  'other',
] as const;
const conferenceKind = z.enum(['pre_discharge', 'joint_guidance', 'care_support_linkage']).openapi({
  description:
    'pre_discharge: 退院前カンファレンス; joint_guidance: 退院時共同指導; care_support_linkage: 介護支援等連携指導',
});
const noData = z.object({}).strict();
/**
 * A receiving hospital's FAX number as the sending hospital gives it with a transfer (a hospital
 * outside the directory is reached there): a Japanese number, 10 digits from 0, hyphens allowed.
 */
export const FAX_NUMBER_FORMAT = 'a FAX number has 10 digits from 0, hyphens allowed, e.g. 079-563-1222';
export const RECEIVING_HOSPITAL_ONLY_ELSEWHERE = 'the receiving hospital is given only with destination other_hospital';
const faxNumber = z
  .string()
  .trim()
  .refine((v) => /^0[0-9-]{9,13}$/.test(v) && v.replace(/-/g, '').length === 10, FAX_NUMBER_FORMAT)
  .openapi({ example: '079-563-1222' });
/** Where a patient leaving for another hospital goes: the directory's hospital, or a name (and the FAX it is reached at). */
const receivingHospital = {
  toHospitalId: id.nullable().optional(),
  toHospitalName: z.string().trim().min(1).max(200),
  toHospitalFax: faxNumber.optional().openapi({
    description:
      "The receiving hospital's FAX number when it is not in the directory: the information sheet goes there",
  }),
};
/** A mobile number a provider takes SMS at. */
export const MOBILE_NUMBER_FORMAT = 'a mobile number, e.g. 090-1234-5678';
const mobileNumber = z
  .string()
  .trim()
  .regex(/^0[789]0-?\d{4}-?\d{4}$/, MOBILE_NUMBER_FORMAT);
/**
 * 他の事業所への写し: another provider of the patient, copied on the discharge-start and discharge notices
 * to the care manager: from the region directory by id, or given in full.
 */
const otherProvider = z
  .object({
    directoryId: id.optional().openapi({ description: "The provider's id in the region directory; then nothing else" }),
    kind: z.enum(OTHER_PROVIDER_KINDS).optional().openapi({
      description:
        'Without directoryId, required: visiting_nursing 訪問看護ステーション, day_service 通所介護(デイサービス), day_rehabilitation 通所リハ, welfare_equipment 福祉用具, home_help 訪問介護, other その他',
    }),
    name: z.string().trim().min(1).max(200).optional().openapi({ example: 'さくら訪問看護ステーション' }),
    email: z.email().max(254).optional(),
    fax: faxNumber.optional(),
    smsPhone: mobileNumber.optional(),
    preferredChannel: z.enum(['email', 'fax', 'sms']).optional().openapi({
      description: 'How it takes the copies; default its first of email, FAX, SMS. Needs that address',
    }),
  })
  .strict()
  .superRefine((p, ctx) => {
    const given = [p.kind, p.name, p.email, p.fax, p.smsPhone, p.preferredChannel].some((v) => v !== undefined);
    if (p.directoryId !== undefined) {
      if (given)
        ctx.addIssue({
          code: 'custom',
          path: ['directoryId'],
          message: 'a directory provider is named by directoryId alone',
        });
      return;
    }
    if (!p.kind) ctx.addIssue({ code: 'custom', path: ['kind'], message: 'required without directoryId' });
    if (!p.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'required without directoryId' });
    if (!p.email && !p.fax && !p.smsPhone)
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'give an email, fax or smsPhone' });
    else if (p.preferredChannel && !{ email: p.email, fax: p.fax, sms: p.smsPhone }[p.preferredChannel])
      ctx.addIssue({ code: 'custom', path: ['preferredChannel'], message: 'the preferred channel needs its address' });
  })
  .openapi('OtherProvider');
const otherProviders = {
  otherProviders: z.array(otherProvider).max(10).optional().openapi({
    description:
      "The patient's other providers (訪問看護ステーション, デイサービス, …): each gets a copy of the discharge-start and discharge notices to the care manager, by its own channel. A copy asks nothing of them and is not a handoff",
  }),
};
/**
 * A free text of the nursing summary: bounded in printed lines like the information sheet's (the
 * PDF must fit its pages), refused with the field named when longer. Line breaks are already LF
 * (functions/input.ts cleans every JSON body and form before this).
 */
const summaryText = (maxLines: number, description: string, min = 0) =>
  z
    .string()
    .trim()
    .min(min)
    .max(maxLines * 40)
    .refine((v) => summaryLines(v) <= maxLines, linesMessage(maxLines))
    .openapi({ description: `${description}; ${linesMessage(maxLines)}` });
const summaryDate = isoDate
  .refine((d) => d >= EARLIEST_BIRTH_DATE, 'must be a plausible date')
  .nullable()
  .optional();
/** 看護サマリー as data (Sanda A⑤): what the care manager needs to plan the days after discharge. */
export const NursingSummarySchema = z
  .object({
    expectedCareProblems: summaryText(SUMMARY_TEXT_LINES.expectedCareProblems, '予測される介護上の問題', 1),
    lastBowelMovementOn: summaryDate.openapi({ description: '最終排便日 (JST)' }),
    lastBathOn: summaryDate.openapi({ description: '最終入浴日 (JST)' }),
    medication: summaryText(SUMMARY_TEXT_LINES.medication, '服薬内容・管理').optional(),
    adl: z
      .object({
        mobility: summaryText(SUMMARY_ADL_LINES, 'ADL 移動').optional(),
        eating: summaryText(SUMMARY_ADL_LINES, 'ADL 食事').optional(),
        toileting: summaryText(SUMMARY_ADL_LINES, 'ADL 排泄').optional(),
        bathing: summaryText(SUMMARY_ADL_LINES, 'ADL 入浴').optional(),
      })
      .strict()
      .optional(),
    diet: summaryText(SUMMARY_TEXT_LINES.diet, '食事 (形態・制限)').optional(),
    skin: summaryText(SUMMARY_TEXT_LINES.skin, '皮膚の状態・創傷').optional(),
    medicalDevices: summaryText(SUMMARY_TEXT_LINES.medicalDevices, '医療機器').optional(),
    nurseNotes: summaryText(SUMMARY_TEXT_LINES.nurseNotes, '看護師より (申し送り)').optional(),
    writer: z
      .object({
        name: personName.openapi({ description: '記入者 (看護師) の氏名' }),
        ward: z.string().trim().max(100).optional().openapi({ description: '病棟' }),
        phone: z.string().trim().max(30).optional().openapi({ description: '連絡先の電話番号' }),
      })
      .strict(),
  })
  .strict()
  .openapi('NursingSummary', {
    description:
      "看護サマリー: sealed at rest, shown to the care manager behind their notice's link (after an explicit press) and on the care office's page",
  });

const event = <T extends string, D extends z.ZodType>(type: T, data: D, name: string, description: string) =>
  z.object({ type: z.literal(type), ...envelope, data }).openapi(name, { description });

const patient = z.object({
  name: personName,
  nameKana: personName
    .refine((v) => KANA.test(v), KANA_ONLY)
    .optional()
    .openapi({ example: 'やまだ はなこ', description: 'How the name reads: hiragana or katakana' }),
  birthDate: isoDate
    .refine((d) => d >= EARLIEST_BIRTH_DATE, TOO_EARLY_BIRTH_DATE)
    .openapi({ example: '1941-05-02', description: 'From 1900-01-01 to today (Japan)' }),
});
const admissionScope = {
  fromHomeToHome: z.boolean().optional().openapi({
    description:
      "The rule's scope (支援の対象者): admitted from home (自宅等) and expected to go home. false: the stay is kept and shown but not chased (no reminders, escalations or stuck items) and is left out of the leak rate. Absent: in scope",
  }),
  addressTown: z.string().trim().min(1).max(100).optional().openapi({
    description:
      "The patient's address town (市町村・町名): with the care manager unknown (careOfficeId null, usedCareServices true) the community support center of that town is asked to find them, else the region's default center",
    example: '本町2丁目',
  }),
};
const admissionCareOffice = {
  careOfficeId: id.nullable().openapi({
    description: 'The care office from the directory, or null when not (yet) known',
    example: 'kyotaku-01',
  }),
  usedCareServices: z.boolean().optional().openapi({
    description:
      'Used long-term-care services before admission (route A). Default: careOfficeId is not null; false means route B',
  }),
};

const wardType = z.enum(['general', 'long_term_care']).openapi({
  description:
    "The ward's basic fee: general 一般病棟入院基本料等, long_term_care 療養病棟入院基本料等 (入退院支援加算 1,300/635点, interview within 14 days). Absent: read as general; on admission_planned it carries over to the admission unless that says another",
});

export const HospitalEventSchema = z
  .discriminatedUnion('type', [
    event(
      'admission_planned',
      z.object({
        patient,
        expectedAdmissionDate: isoDate.openapi({ example: '2026-12-10', description: 'The planned day (Japan)' }),
        ward: z.string().trim().min(1).max(100).optional().openapi({ example: '4階東病棟' }),
        ...admissionCareOffice,
        ...admissionScope,
        ...otherProviders,
        wardType: wardType.optional(),
      }),
      'AdmissionPlannedEvent',
      '入院予定 (ADT^A14): opens the case before the stay. Where the region rule says so, the care manager is told and asked for the information sheet before admission (入院日以前の情報提供を含む). The stay begins with "admitted" of the same hospitalizationId; "admission_plan_cancelled" ends the plan. Sent again while the stay is still planned, it changes the plan (recorded as admission_plan_changed: the new expectedAdmissionDate, ward and wardType) and the told care manager is told again; the same plan sent again changes nothing (409).',
    ),
    event(
      'admission_plan_cancelled',
      noData,
      'AdmissionPlanCancelledEvent',
      '入院予定の取消 (ADT^A27): the planned admission will not take place; the case closes, nothing is counted',
    ),
    event(
      'admitted',
      z.object({
        patient,
        ward: z.string().trim().min(1).max(100).openapi({ example: '4階東病棟' }),
        ...admissionCareOffice,
        ...admissionScope,
        ...otherProviders,
        firstInformedBy: z.enum(['hospital', 'care_manager']).optional().openapi({
          description:
            'Who learned of the admission first; "care_manager" when the care manager told the hospital (no admission notice is sent)',
        }),
        wardType: wardType.optional(),
        preAdmissionSupport: z
          .object({
            at: factInstant.openapi({ description: 'When the 療養支援計画 was made: before the admission' }),
            items: z
              .array(z.enum(PRE_ADMISSION_ITEMS))
              .max(PRE_ADMISSION_ITEMS.length)
              .refine((items) => new Set(items).size === items.length, 'each item at most once'),
          })
          .strict()
          .optional()
          .openapi({
            description:
              '入院時支援加算: support before a planned admission, the checklist (ア)〜(ク): patient_background, prior_services, pressure_ulcer_risk, nutrition, medication, discharge_difficulty, treatment_explanation, ward_orientation',
          }),
      }),
      'AdmittedEvent',
      '入院: opens the case, or begins the stay of a planned admission (admission_planned) of the same hospitalizationId. Route A when a care manager exists, else route B.',
    ),
    event(
      'care_office_identified',
      z.object({ careOfficeId: id }),
      'CareOfficeIdentifiedEvent',
      'the hospital found the care manager (ケアマネジャーの確認)',
    ),
    event(
      'admission_reported_by_care_manager',
      noData,
      'AdmissionReportedByCareManagerEvent',
      'the care manager learned first and told the hospital',
    ),
    event(
      'eligibility_screened',
      z.object({
        age: z.number().int().min(0).max(130),
        criteria: z.array(z.enum(Object.keys(CRITERIA_65) as [Criterion, ...Criterion[]])).max(7),
        specifiedDisease: z
          .enum(Object.keys(SPECIFIED_DISEASES) as [SpecifiedDisease, ...SpecifiedDisease[]])
          .nullable()
          .optional(),
        wantsServices: z.boolean(),
      }),
      'EligibilityScreenedEvent',
      'route B: 介護保険申請の目安 (65歳以上: 7項目; 40〜64歳: 特定疾病16)',
    ),
    event(
      'insurance_application_supported',
      z.object({
        by: z.enum(['family', 'hospital']),
        supportCenterId: id.nullable().optional(),
      }),
      'InsuranceApplicationSupportedEvent',
      'route B: the family, or the hospital for them, consulted the community support center',
    ),
    event(
      'care_manager_assigned',
      z.object({
        careOfficeId: id,
        expectedCareLevel: z.enum(['support', 'care', 'unsure']),
      }),
      'CareManagerAssignedEvent',
      'route B: 担当依頼: likely 要支援 or unsure → 地域包括支援センター; likely 要介護 → 居宅介護支援事業所',
    ),
    event(
      'care_manager_contacted_hospital',
      noData,
      'CareManagerContactedHospitalEvent',
      'route B: the assigned care manager contacted the hospital',
    ),
    event('care_level_change_needed', noData, 'CareLevelChangeNeededEvent', '区分変更申請の要否を協議'),
    event(
      'treatment_plan_shared',
      z.object({ expectedLengthOfStayDays: z.number().int().min(1).max(3650).nullable().optional() }),
      'TreatmentPlanSharedEvent',
      '治療の方向性・入院期間の見込みの共有 (no diagnosis is sent on)',
    ),
    event(
      'discharge_difficulty_screened',
      z.object({ difficult: z.boolean() }),
      'DischargeDifficultyScreenedEvent',
      '入退院支援加算: 退院困難な患者の抽出',
    ),
    event('patient_family_interviewed', noData, 'PatientFamilyInterviewedEvent', '入退院支援加算: 患者・家族との面接'),
    event(
      'discharge_planning_started',
      z.object({ expectedDischargeDate: isoDate }),
      'DischargePlanningStartedEvent',
      '退院調整開始',
    ),
    event(
      'discharge_information_shared',
      z.object({ method: z.enum(['conference', 'face_to_face', 'phone', 'document', 'online']) }),
      'DischargeInformationSharedEvent',
      '退院・退所加算: the care manager received information from the hospital',
    ),
    event(
      'conference_scheduled',
      z.object({
        at: isoDateTime,
        place: z.string().max(200).optional(),
        online: z.boolean(),
        kind: conferenceKind.optional(),
      }),
      'ConferenceScheduledEvent',
      'カンファレンスの予定',
    ),
    event(
      'conference_held',
      z.object({
        participants: z
          .array(
            z.object({
              profession: z.enum(professions),
              side: z
                .enum(['hospital', 'home'])
                .optional()
                .openapi({ description: 'Default: home for care_manager and visiting_nurse, hospital otherwise' }),
            }),
          )
          .min(1)
          .max(50),
        kind: conferenceKind.optional(),
      }),
      'ConferenceHeldEvent',
      'カンファレンス実施 (participants decide 退院・退所加算 and 多機関共同指導加算)',
    ),
    event(
      'discharged',
      z
        .object({
          destination: z.enum(['home', 'facility', 'other_hospital']),
          nursingSummarySent: z.boolean(),
          regionalCarePlan: z.boolean().optional().openapi({
            description:
              '地域連携診療計画加算: the regional care plan (地域連携診療計画) was shared with the patient at discharge',
          }),
          toHospitalId: receivingHospital.toHospitalId,
          toHospitalName: receivingHospital.toHospitalName.optional(),
          toHospitalFax: receivingHospital.toHospitalFax,
        })
        .refine(
          (d) =>
            d.destination === 'other_hospital' ||
            (d.toHospitalId == null && d.toHospitalName === undefined && d.toHospitalFax === undefined),
          {
            message: RECEIVING_HOSPITAL_ONLY_ELSEWHERE,
            path: ['toHospitalName'],
          },
        ),
      'DischargedEvent',
      '退院',
    ),
    event(
      'transferred',
      z.object(receivingHospital),
      'TransferredEvent',
      '※転院: notice to the care manager; information-sheet copy to the receiving hospital',
    ),
    event('died', noData, 'DiedEvent', 'The stay ended by death'),
    event('admission_cancelled', noData, 'AdmissionCancelledEvent', 'The admission did not take place'),
    event(
      'nursing_summary_sent',
      z.object({ summary: NursingSummarySchema.optional() }).strict(),
      'NursingSummarySentEvent',
      '看護サマリー等の提供. With `summary` the summary itself travels to the care manager (a notice with a link to a page and a PDF); without it (`data: {}`) the stay shows 「内容はFAX等で別送」',
    ),
    event(
      'information_sheet_not_needed_agreed',
      z.object({
        agreedWith: z
          .object({
            name: z.string().trim().min(1).max(100).openapi({ description: 'Who at the hospital agreed' }),
            role: z.string().trim().min(1).max(100).openapi({ example: '退院調整看護師' }),
          })
          .strict(),
      }),
      'InformationSheetNotNeededAgreedEvent',
      "「今回は提供不要（病院と合意）」: on a repeat admission (the same patient's previous stay ended within the region's days) the care manager and the hospital agreed the information sheet is not needed this time; settles its deadline without escalation. Refused (409) when the stay does not qualify",
    ),
    event(
      'event_retracted',
      z.object({
        webhookId: z
          .string()
          .min(1)
          .max(200)
          .refine((v) => !hasHiddenCharacter(v), HIDDEN_CHARACTER)
          .openapi({ description: 'The webhook-id of the mistaken delivery' }),
        reason: z.string().min(1).max(500),
      }),
      'EventRetractedEvent',
      'Correction: a mistaken event is retracted (never edited in place); the case is rebuilt from the remaining facts',
    ),
  ])
  .openapi('HospitalEvent');

export const AcceptedSchema = z
  .object({
    caseId: z.string(),
    state: z.string(),
  })
  .openapi('Accepted');

const phone = z.string().regex(/^[0-9-]{6,20}$/, 'digits and hyphens, e.g. 079-565-8000');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const RegionAdministratorSchema = z
  .object({
    regionId: z.string(),
    regionName: z.string(),
    name: z.string().openapi({ description: "The region's coordination center, from the region pack" }),
    phone: z.string().nullable(),
    fax: z.string().nullable(),
    email: z.string().nullable().openapi({
      description:
        'Where escalations of missed deadlines and alerts are mailed; null: nobody at the region administrator (administrator accounts with an email still are)',
    }),
    emailFrom: z.enum(['console', 'pack']).nullable().openapi({
      description: 'console: set through the console or this API, and winning over the region pack; pack: the pack',
    }),
    editedAt: z.string().nullable(),
  })
  .openapi('RegionAdministrator');

export const RegionAdministratorInputSchema = z
  .object({
    email: z.email().max(254).nullable().openapi({
      description: "The region administrator's email; null clears it (the pack's address is then not used either)",
      example: 'renkei@center.example.jp',
    }),
  })
  .strict()
  .openapi('RegionAdministratorInput');

/** The digest is one mail a day: an office without an email address stays realtime. */
export const DIGEST_NEEDS_EMAIL = 'notificationMode digest needs an email address';
/** A preferred channel needs its address: the console says each in Japanese. */
export const PREFERRED_EMAIL_NEEDS_EMAIL = 'preferredChannel email needs an email address';
export const PREFERRED_FAX_NEEDS_FAX = 'preferredChannel fax needs a FAX number';
export const PREFERRED_SMS_NEEDS_PHONE = 'preferredChannel sms needs smsPhone';

export const CareOfficeInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z
      .enum(['home_care_office', 'community_support_center'])
      .optional()
      .openapi({ description: '居宅介護支援事業所 (default) or 地域包括支援センター' }),
    email: z.email().optional(),
    fax: phone.optional(),
    phone: phone.optional(),
    town: z.string().trim().min(1).max(100).optional().openapi({
      description: 'Where the office is (市町村・町名): the office search of the admission form matches it',
    }),
    region: z.string().min(1).max(50).optional(),
    businessHours: z
      .object({
        open: hhmm,
        close: hhmm,
        closedDays: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'holiday', 'year_end'])),
      })
      .refine((h) => h.open < h.close, { message: 'open must be before close', path: ['close'] })
      .optional(),
    preferredChannel: z.enum(['email', 'sms', 'fax']).optional().openapi({
      description: 'How the office wants routine notices; the other channels it has are fallbacks. Default email',
    }),
    smsPhone: z
      .string()
      .regex(/^(0[789]0-?\d{4}-?\d{4}|\+[1-9]\d{7,14})$/, 'a mobile number, e.g. 090-1234-5678 or +819012345678')
      .optional()
      .openapi({
        description: 'Mobile number for SMS; urgent notices (a sudden discharge) go there as well as by email',
      }),
    notificationMode: z.enum(['realtime', 'digest']).optional().openapi({
      description:
        'realtime (default): every notice at once. digest: routine notices are held and sent as one mail a day at digestHour; sudden discharges, overdue notices and corrections still go at once. Needs an email address',
    }),
    digestHour: z.number().int().min(0).max(23).optional().openapi({
      description: 'The Japan-time hour (0–23) of the daily digest; default 17',
      example: 17,
    }),
  })
  .refine((o) => o.notificationMode !== 'digest' || o.email, {
    message: DIGEST_NEEDS_EMAIL,
    path: ['email'],
  })
  .refine((o) => o.preferredChannel !== 'email' || o.email, {
    message: PREFERRED_EMAIL_NEEDS_EMAIL,
    path: ['email'],
  })
  .refine((o) => o.preferredChannel !== 'fax' || o.fax, {
    message: PREFERRED_FAX_NEEDS_FAX,
    path: ['fax'],
  })
  .refine((o) => o.preferredChannel !== 'sms' || o.smsPhone, {
    message: PREFERRED_SMS_NEEDS_PHONE,
    path: ['smsPhone'],
  })
  .openapi('CareOfficeInput');

export const CareOfficeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['home_care_office', 'community_support_center']),
    email: z.string().nullable(),
    fax: z.string().nullable(),
    phone: z.string().nullable(),
    town: z.string().nullable(),
    region: z.string().nullable(),
    preferredChannel: z.enum(['email', 'sms', 'fax']).nullable(),
    smsPhone: z.string().nullable(),
    businessHours: z.object({ open: z.string(), close: z.string(), closedDays: z.array(z.string()) }).nullable(),
    notificationMode: z.enum(['realtime', 'digest']),
    digestHour: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi('CareOffice');

export const WindowSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    fax: z.string().nullable(),
    email: z.string().nullable(),
    postalAddress: z.string().nullable(),
    purposes: z.array(z.string()),
    note: z.string().nullable(),
  })
  .openapi('ContactWindow');

export const HospitalSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    region: z.string(),
    address: z.string().nullable(),
    phone: z.string().nullable(),
    participating: z.boolean().openapi({ description: "Takes part in the region's rule (参加病院)" }),
    windows: z.array(WindowSchema),
  })
  .openapi('Hospital');

export const CaseSummarySchema = z
  .object({
    caseId: z.string(),
    hospitalId: z.string(),
    hospitalizationId: z.string(),
    state: z.string(),
    route: z.enum(['A', 'B']),
    leak: orNull(LeakReasonSchema),
    overdue: z.array(DeadlineKeySchema),
    careOfficeId: z.string().nullable(),
    admittedAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CaseSummary');

const AddOnSchema = z
  .object({
    code: AddOnCodeSchema,
    name: z.string(),
    side: z.enum(['care_manager', 'hospital']),
    value: z.string(),
    supported: z.boolean(),
    basis: z.array(z.string()),
    missing: z.array(z.string()),
  })
  .openapi('AddOnEvidence');

export const CaseDetailSchema = z
  .object({
    caseId: z.string(),
    hospitalId: z.string(),
    hospitalizationId: z.string(),
    regionId: z.string(),
    state: z.string(),
    route: z.enum(['A', 'B']),
    careOfficeId: z.string().nullable(),
    version: z.number(),
    overdue: z.array(DeadlineKeySchema),
    admittedAt: z.string(),
    patient: z.object({ name: z.string(), birthDate: z.string() }),
    ward: z.string(),
    previousStay: z
      .object({
        reason: z.enum(['transfer', 'readmission']),
        caseId: z.string().nullable().openapi({
          description: "The earlier stay's case; null when it is at a hospital the caller may not see",
        }),
        atAnotherHospital: z.boolean(),
      })
      .nullable(),
    deadlines: z.array(
      z.object({
        key: DeadlineKeySchema,
        label: z.string(),
        owner: z.enum(['care_office', 'hospital']),
        dueAt: z.string(),
        remindAt: z.string().nullable(),
        escalateAt: z.string().nullable(),
        status: z.enum(['open', 'met', 'late', 'overdue', 'waived', 'missed']),
        metAt: z.string().nullable(),
        reason: z
          .string()
          .openapi({ description: 'Why this instant: the rule line and the business-calendar counting (Japanese)' }),
      }),
    ),
    leak: z.object({ reason: LeakReasonSchema, detail: z.string() }).nullable(),
    noExchangeBeforeDischarge: z.boolean(),
    closedReason: orNull(ClosedReasonSchema),
    eligibility: z
      .object({ guideToApplication: z.boolean(), reasons: z.array(z.string()) })
      .passthrough()
      .nullable(),
    assignment: z
      .object({ expectedCareLevel: z.string(), recommended: z.string(), matchesRecommendation: z.boolean() })
      .passthrough()
      .nullable(),
    billing: z.array(AddOnSchema),
    dischargeRecord: z
      .object({
        status: z.enum(['none', 'no_record', 'agree', 'disagree']),
        hospital: z.array(z.string()),
        careManager: z.array(z.string()),
        differences: z.array(z.string()),
      })
      .openapi({
        description:
          "退院・退所加算's evidence: the hospital's facts beside the care manager's 退院・退所情報記録書, and each difference (Japanese)",
      }),
    tasks: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        status: z.string(),
        createdAt: z.string().nullable(),
        doneAt: z.string().nullable(),
        expiresAt: z.string().nullable(),
      }),
    ),
    timeline: z.array(
      z.object({ at: z.string(), kind: z.enum(['event', 'notice', 'delivery', 'receipt']) }).passthrough(),
    ),
  })
  .openapi('CaseDetail');

export const ScheduledInputSchema = z
  .object({
    now: isoDateTime
      .optional()
      .openapi({ description: 'Only with RENKEI_TEST_CLOCK=1: run the sweep as if it were this instant' }),
  })
  .openapi('ScheduledInput');

export const ScheduledResultSchema = z
  .object({
    now: z.string(),
    timersFired: z.number(),
    timersSkipped: z.number(),
    noticesSent: z.number(),
    noticesFailed: z.number(),
    noticesDead: z.number(),
    noticesDeferred: z.number().openapi({
      description: 'Notices claimed but not started before the sweep had to stop; due for the next sweep',
    }),
    faxReminders: z.number(),
    faxStuck: z.number(),
  })
  .openapi('ScheduledResult');

export const StuckSchema = z
  .object({
    deadNotices: z.array(
      z.object({
        noticeId: z.string(),
        caseId: z.string(),
        notice: z.string(),
        recipient: z.string(),
        attempts: z.number(),
        lastError: z.string().nullable(),
        createdAt: z.string().nullable(),
      }),
    ),
    unconfirmedFaxes: z.array(
      z.object({
        noticeId: z.string(),
        caseId: z.string(),
        sentAt: z.string().nullable(),
        remindedAt: z.string().nullable(),
        stuckAt: z.string().nullable(),
      }),
    ),
  })
  .openapi('StuckNotices');
// Administration console and API (issue 5).

const reason = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .openapi({ description: 'Why, kept in the event log and the audit log' });

export const AccountSchema = z
  .object({
    id: z.string(),
    loginId: z.string(),
    name: z.string(),
    role: z.enum(['admin', 'hospital_staff']),
    hospitalId: z.string().nullable(),
    email: z.string().nullable(),
    hasPassword: z.boolean(),
    createdAt: z.string(),
    createdBy: z.string(),
    disabledAt: z.string().nullable(),
    twoFactor: z.boolean().openapi({ description: 'Whether the console asks this account for an authenticator code' }),
  })
  .openapi('Account');

export const AccountInputSchema = z
  .object({
    loginId: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'lower-case letters, digits, . _ - (3 to 64)'),
    name: z.string().trim().min(1).max(100),
    role: z.enum(['admin', 'hospital_staff']),
    hospitalId: id
      .nullable()
      .optional()
      .openapi({ description: 'Required for hospital_staff: the only hospital whose cases they see' }),
    password: z
      .string()
      .min(12)
      .max(200)
      .optional()
      .openapi({ description: 'For the console; without it the account uses the API token only' }),
    email: z
      .email()
      .max(254)
      .nullable()
      .optional()
      .openapi({ description: "Where alerts for administrators go (administrators: all; staff: their hospital's)" }),
  })
  .openapi('AccountInput');

export const ContactSchema = z
  .object({
    kind: z.enum(['hospital', 'care_office', 'region_administrator', 'account']),
    id: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    fax: z.string().nullable(),
    email: z.string().nullable(),
  })
  .openapi('Contact');

export const FollowUpSchema = z
  .object({
    status: z.enum(['open', 'in_progress', 'contacted', 'resolved']).openapi({
      description: 'open 未対応, in_progress 対応中, contacted 連絡済み, resolved 解決済み',
    }),
    note: z.string().nullable(),
    by: z.string().nullable().openapi({ description: 'The name of who last changed it; null while nobody has' }),
    at: z.string().nullable(),
    until: z
      .string()
      .nullable()
      .openapi({ description: '「…まで保留」: put off through this Japan-time date (YYYY-MM-DD)' }),
  })
  .openapi('FollowUp');

export const FollowUpInputSchema = z
  .object({
    status: z.enum(['open', 'in_progress', 'contacted', 'resolved']),
    note: z.string().max(1000).nullable().optional(),
    until: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
      .nullable()
      .optional()
      .openapi({ description: 'Put off through this Japan-time date: today or later' }),
    assignee: z
      .string()
      .max(100)
      .nullable()
      .optional()
      .openapi({ description: 'The account in charge: an administrator, or staff of the case’s hospital' }),
  })
  .strict()
  .openapi('FollowUpInput');

export const StuckItemSchema = z
  .object({
    id: z.string().openapi({ description: 'Stable across recomputations: the follow-up is recorded against it' }),
    caseId: z.string(),
    hospitalId: z.string(),
    hospitalName: z.string(),
    regionId: z.string(),
    hospitalizationId: z.string(),
    state: z.string(),
    careOfficeId: z.string().nullable(),
    careOfficeName: z.string().nullable(),
    kind: z.enum(['deadline', 'dead_notice']),
    key: z.string(),
    noticeId: z.string().nullable(),
    missedStep: z.string().openapi({ description: 'The missed step, in Japanese' }),
    detail: z.string().nullable(),
    owner: ContactSchema,
    since: z.string().openapi({ description: 'When it became late (the deadline, or when the notice was queued)' }),
    lateMs: z.number(),
    followUp: FollowUpSchema,
    assignee: z.object({ accountId: z.string(), name: z.string() }).nullable(),
  })
  .openapi('StuckItem');

export const StuckQuerySchema = z.object({
  region: z.string().optional(),
  hospitalId: z.string().optional(),
  careOfficeId: z.string().optional(),
  state: z.string().optional(),
  view: z.enum(['all', 'active', 'snoozed', 'open', 'in_progress', 'contacted', 'resolved']).optional().openapi({
    description:
      'all (default): every stuck item; active: neither resolved nor put off through today; snoozed: put off; or one follow-up status',
  }),
  assignee: z
    .string()
    .optional()
    .openapi({ description: 'Items whose person in charge is this account id; `none`: nobody in charge' }),
});

export const OverviewSchema = z
  .object({
    activeByState: z.array(z.object({ state: z.string(), count: z.number() })),
    overdueDeadlines: z.number(),
    deadNotices: z.number(),
    unconfirmedFaxes: z.number(),
    month: z.string(),
    dischargesHomeThisMonth: z.number(),
    leaksThisMonth: z.number(),
    stuck: z.array(StuckItemSchema),
    alerts: z
      .object({
        count: z.number(),
        items: z.array(
          z
            .object({
              id: z.string(),
              kind: z.enum(['notice_dead', 'fax_refused', 'sweep_failing']),
              label: z.string(),
              caseId: z.string().nullable(),
              hospitalId: z.string().nullable(),
              hospitalizationId: z.string().nullable(),
              noticeId: z.string().nullable(),
              detail: z.string(),
              createdAt: z.string(),
            })
            .openapi('AdminAlert'),
        ),
      })
      .openapi({
        description: 'Alerts to administrators, latest first: ids, kinds and provider errors, never patient data',
      }),
    escalationMail: z
      .array(z.object({ regionId: z.string(), regionName: z.string(), recipients: z.number().int() }))
      .openapi({
        description:
          "Per region in scope: how many addresses an escalation of a missed deadline is mailed to (the region administrator's, administrator accounts', and for staff their hospital's). 0 = nobody is mailed; escalations stay on the console",
      }),
  })
  .openapi('Overview');

const HandoffRatesSchema = z
  .object({
    dischargesHome: z.number(),
    leaks: z.number().openapi({
      description:
        "Discharges home whose handoff never happened (seed 003's 調整漏れ: no care manager, no discharge-start notice before the discharge, or one never delivered)",
    }),
    leakRate: z.number().nullable().openapi({
      description: 'Handoff-leak rate (調整漏れの割合), comparable with the Kagoshima survey: leaks / discharges home',
    }),
    lateNotices: z.number().openapi({
      description:
        "Discharge-start notices delivered, but fewer than the region's lead days before the discharge (a sudden discharge told within 24 hours is on time)",
    }),
    lateNoticeRate: z.number().nullable().openapi({ description: 'lateNotices / discharges home' }),
  })
  .openapi('HandoffRates');

export const MetricsRowSchema = z
  .object({
    scope: z.enum(['region', 'hospital']),
    id: z.string(),
    name: z.string(),
    regionId: z.string(),
    ...HandoffRatesSchema.shape,
    participating: z
      .boolean()
      .nullable()
      .openapi({ description: 'A hospital row: takes part in the rule (参加病院); a region row: null' }),
    byCareLevel: z
      .object({ support: HandoffRatesSchema, care: HandoffRatesSchema, unknown: HandoffRatesSchema })
      .openapi({ description: '要支援 / 要介護 / not known from the records (seed 003 splits by care level)' }),
    participatingHospitals: HandoffRatesSchema.nullable().openapi({
      description: 'A region row: the same over the hospitals taking part (参加病院); a hospital row: null',
    }),
    leakReasons: z.partialRecord(LeakReasonSchema, z.number()),
    informationSheets: z.number(),
    informationSheetsOnTime: z.number(),
    informationSheetOnTimeShare: z.number().nullable(),
    informationSheetsNotNeeded: z.number().openapi({
      description:
        '「今回は提供不要（病院と合意）」 on repeat admissions admitted this month: in neither informationSheets nor the on-time share',
    }),
    dischargesOutOfScope: z.number().openapi({
      description: "Discharges this month of stays out of the rule's scope (支援の対象外): in none of the rates",
    }),
    dischargeStartDays: z.object({ count: z.number(), mean: z.number().nullable(), median: z.number().nullable() }),
    addOns: z.partialRecord(AddOnCodeSchema, z.object({ name: z.string(), supported: z.number() })),
  })
  .openapi('MetricsRow');

export const MetricsSchema = z
  .object({
    month: z.string(),
    rows: z.array(MetricsRowSchema),
    trend: z.array(z.object({ month: z.string(), ...HandoffRatesSchema.shape })),
  })
  .openapi('Metrics');

export const MetricsQuerySchema = z.object({
  month: z
    .string()
    .refine(isMetricsMonth, `YYYY-MM, from ${METRICS_MONTHS.first} to ${METRICS_MONTHS.last}`)
    .optional()
    .openapi({
      pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
      description: `Default: the current month (Japan time); from ${METRICS_MONTHS.first} to ${METRICS_MONTHS.last}`,
    }),
  region: z.string().optional(),
  hospitalId: z.string().optional(),
  format: z.enum(['json', 'csv']).optional(),
});

const withoutEncounter = <T extends z.ZodObject>(o: T) => o.omit({ hospitalizationId: true } as never);
const cmFact = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ type: z.literal(type), occurredAt: factInstant, data });

export const ManualFactSchema = z
  .discriminatedUnion('type', [
    ...HospitalEventSchema.options
      .filter((o) => !['admitted', 'admission_planned', 'event_retracted'].includes(o.shape.type.value))
      .map(withoutEncounter),
    cmFact('admission_acknowledged', noData),
    cmFact('information_sheet_provided', z.object({ means: z.enum(['face_to_face', 'fax', 'mail', 'online']) })),
    cmFact('care_plan_copy_sent', noData),
  ] as never as [z.ZodObject, ...z.ZodObject[]])
  .openapi('ManualFact', {
    description:
      "A fact recorded by hand: any hospital event but admitted/admission_planned/event_retracted, or a care manager's report",
  });

export const ManualEventInputSchema = z
  .object({
    event: ManualFactSchema,
    reason,
    idempotencyKey: z.string().min(8).max(100).optional().openapi({ description: 'A repeated key records once' }),
  })
  .openapi('ManualEventInput');

export const ReassignInputSchema = z
  .object({
    careOfficeId: id,
    reason,
    idempotencyKey: z.string().min(8).max(100).optional(),
  })
  .openapi('ReassignInput');

export const ResendInputSchema = z.object({ reason: z.string().trim().max(500).optional() }).openapi('ResendInput');

export const RevokeLinksInputSchema = z
  .object({ reason: z.string().trim().max(500).optional() })
  .openapi('RevokeLinksInput');

export const ActionResultSchema = z
  .object({
    caseId: z.string(),
    state: z.string(),
    noticeId: z.string().optional(),
  })
  .openapi('ActionResult');

export const AuditEntrySchema = z
  .object({
    id: z.number(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    target: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('AuditEntry');

export const HospitalInputSchema = z
  .object({
    region: z.string().min(1).max(50),
    name: z.string().trim().min(1).max(200),
    address: z.string().trim().max(200).optional(),
    phone: phone.optional(),
    participating: z
      .boolean()
      .optional()
      .openapi({ description: "Takes part in the region's rule (参加病院); default true" }),
    windows: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9-]{1,100}$/, 'lower-case letters, digits and -'),
          name: z.string().trim().min(1).max(200),
          phone: phone.optional(),
          fax: phone.optional(),
          email: z.email().max(254).optional().openapi({
            description:
              "The window's email: where its notices go when it has no FAX or its preferred channel is email",
          }),
          postalAddress: z.string().trim().max(200).optional(),
          purposes: z.array(z.enum(['inpatient', 'planned_admission', 'outpatient', 'general'])).min(1),
          note: z.string().trim().max(500).optional(),
        }),
      )
      .min(1)
      .max(10),
  })
  .openapi('HospitalInput');
