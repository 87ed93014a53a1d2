import { z } from 'zod';
import { OTHER_PROVIDER_KINDS } from '../machines/otherProviders.js';
import { sheetFormSchema } from './sheetForm.js';

const phone = z.string().regex(/^[0-9-]+$/, 'phone and FAX numbers are digits and hyphens');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM');

/** What a contact window is for; notices and sheets are routed by it. */
export const windowPurpose = z.enum([
  'inpatient', // current inpatients (入院中の患者)
  'planned_admission', // planned admissions (入院予定患者)
  'outpatient', // outpatients (通院患者)
  'general', // any coordination when no narrower window exists
]);
export type WindowPurpose = z.infer<typeof windowPurpose>;

export const contactWindowSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  phone: phone.optional(),
  fax: phone.optional(),
  email: z.email().optional(),
  postalAddress: z.string().optional(),
  purposes: z.array(windowPurpose).min(1),
  note: z.string().optional(),
});

/** Where a discharge from an HL7 ADT^A03 goes: a destination of the rule, or the patient died. */
export const hl7DischargeOutcome = z.enum(['home', 'facility', 'other_hospital', 'died']);
export type Hl7DischargeOutcome = z.infer<typeof hl7DischargeOutcome>;
const localCodes = z.record(
  z.string().regex(/^[^|^~\\&\r\n]{1,20}$/, 'an HL7 code has no separators'),
  hl7DischargeOutcome,
);

/**
 * A hospital's own codes in its HL7 ADT^A03 (engine/hl7/): PV1-37 discharged-to location first,
 * then PV1-36 discharge disposition; a code listed in neither falls back to HL7 table 0112.
 */
export const hospitalHl7Schema = z.object({
  dischargeLocations: localCodes.optional(),
  dischargeDispositions: localCodes.optional(),
  /**
   * The hospital's wards (PV1-3.1, the point of care, as its ADT sends it) and each one's basic fee:
   * 療養病棟入院基本料等 (`long_term_care`) or 一般病棟入院基本料等 (`general`). HL7 v2 has no field for
   * the fee itself; the ward is where a hospital knows it. A ward not listed leaves the ward type unsaid.
   */
  wardTypes: z
    .record(
      z.string().regex(/^[^|^~\\&\r\n]{1,100}$/, 'a ward code has no separators'),
      z.enum(['general', 'long_term_care']),
    )
    .optional(),
});
export type HospitalHl7 = z.infer<typeof hospitalHl7Schema>;

export const hospitalSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  address: z.string().optional(),
  phone: phone.optional(),
  /** Takes part in the rule (Kagoshima's 「参加病院」; absent: yes); the leak rate is also given over these alone. */
  participating: z.boolean().optional(),
  windows: z.array(contactWindowSchema).min(1),
  hl7: hospitalHl7Schema.optional(),
});

const businessHoursSchema = z
  .object({
    open: hhmm,
    close: hhmm,
    closedDays: z.array(z.enum(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'holiday', 'year_end'])),
  })
  .refine((h) => h.open < h.close, { message: 'open must be before close', path: ['close'] });

export const regionRuleSchema = z.object({
  informationSheet: z.object({
    /** 入院早期(3日以内): counted with the admission day as day 1. */
    withinDays: z.number().int().min(1).max(14),
    reminderTime: hhmm,
  }),
  /** Route A with the care manager unknown: business days for the hospital to find them. */
  careManagerIdentificationBusinessDays: z.number().int().min(1).max(10),
  /** Route B②: business days after the insurance application for a care manager to be assigned. */
  careManagerAssignmentBusinessDays: z.number().int().min(1).max(20),
  /** Route B②: business days (the office's calendar) for the assigned care manager to contact the hospital. */
  careManagerContactBusinessDays: z.number().int().min(1).max(10),
  /** Days before discharge a discharge-start notice must reach the care manager; fewer is a leak. */
  dischargeStartLeadDays: z.number().int().min(0).max(30),
  /** Days after discharge for the care-plan copy to reach the hospital. */
  carePlanCopyDays: z.number().int().min(1).max(60),
  /** Business days after a missed deadline before the region's administrator is told. */
  escalationBusinessDays: z.number().int().min(1).max(10),
  /** Count a discharge exchange between care manager and hospital as the handoff when judging leaks (Kagoshima). */
  careManagerContactCountsAsHandoff: z.boolean().default(false),
  /** The calendar for hospital-owned deadlines. */
  hospitalHours: businessHoursSchema,
  /**
   * 先に知った方が連絡する: a hospital's admission of a patient a care manager reported at that hospital
   * joins the report when its date is within this many days of the reported date.
   */
  careManagerReportJoinDays: z.number().int().min(0).max(30).default(7),
  /**
   * 入院予定: whether the hospital's planned admission is told to the care manager when it is planned,
   * with the information sheet as a task (information given before admission counts as given on the
   * admission day). A region whose rule says nothing of it tells them at admission only.
   */
  plannedAdmission: z.object({ tellCareManager: z.boolean() }).default({ tellCareManager: false }),
  /**
   * 先に知った方が連絡する, the hospital's half: business days (the hospital's calendar) for its window
   * to confirm an admission a care manager reported first; unconfirmed, it is listed as stuck.
   */
  reportedAdmissionConfirmBusinessDays: z.number().int().min(1).max(10).default(1),
  /**
   * 入退院を繰り返す (Sanda FAQ 3–4; Asahikawa 「個別の事情に応じた対応」): an admission within this many days
   * after the same patient's previous stay ended may settle the information sheet as 「今回は提供不要
   * （病院と合意）」. Absent: the region's rule offers no such settling.
   */
  repeatAdmission: z.object({ withinDays: z.number().int().min(1).max(90) }).optional(),
  taskLinkTtlDays: z.number().int().min(1).max(90),
  /**
   * A FAX is a handoff only once the receiver confirms it: after `remindAfterHours` without a
   * confirmation the sender's side is reminded, after `stuckAfterHours` it is listed as stuck.
   */
  faxConfirmation: z
    .object({
      remindAfterHours: z.number().min(0.25).max(72),
      stuckAfterHours: z.number().min(0.5).max(168),
    })
    .refine((f) => f.stuckAfterHours > f.remindAfterHours, {
      message: 'stuckAfterHours must be after remindAfterHours',
      path: ['stuckAfterHours'],
    }),
});

/**
 * The steps of a rule that texts cite, named by what they are about; each region names them in its
 * own words and numbering (Sanda: 「A①「入院時の連絡」」), and a region whose seed does not number a
 * step leaves it out: the text then cites the document alone.
 */
export const ruleStep = z.enum([
  'admission', // 入院時の連絡・情報提供
  'inpatient', // 入院中の連携
  'dischargeStart', // 退院調整開始の連絡
  'preDischarge', // 退院前調整 (カンファレンス)
  'afterDischarge', // 退院時・退院後の情報提供 (ケアプランの写し)
  'insuranceApplication', // 介護保険申請の支援 (ケアマネジャー不在)
  'careManagerAssignment', // 担当ケアマネジャーの依頼
  'transfer', // 転院時の連絡
]);
export type RuleStep = z.infer<typeof ruleStep>;

/** The region's document as people know it: its name and the names of its steps. */
export const ruleDocumentSchema = z.object({
  /** What a text cites: 「三田市入退院支援ルール」, 「ケアマネジャー医療連携ガイドライン」. */
  name: z.string().min(1),
  steps: z.partialRecord(ruleStep, z.string().min(1)),
});
export type RuleDocument = z.infer<typeof ruleDocumentSchema>;

/** A form the region's rule names that renkei lists by its items (the information sheet is defined field by field). */
export const listedFormSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  use: z.enum(['discharge_record', 'other']),
  /** Where the form comes from, with the seed that names it. */
  source: z.string().min(1),
  sections: z.array(z.object({ title: z.string().min(1), items: z.array(z.string().min(1)).min(1) })).min(1),
});

export const formSchema = z.discriminatedUnion('use', [sheetFormSchema, listedFormSchema]);

export const regionSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  prefecture: z.string().min(1),
  /** The municipalities that share the rule (Kagoshima: 鹿児島市, 日置市, いちき串木野市). */
  municipalities: z.array(z.string().min(1)).min(1),
  source: z.object({ title: z.string(), publisher: z.string(), published: z.string(), seed: z.string() }),
  document: ruleDocumentSchema,
  administrator: z.object({
    name: z.string(),
    phone: phone.optional(),
    fax: phone.optional(),
    email: z.email().optional(),
  }),
  rule: regionRuleSchema,
  /**
   * ケアマネジャーが不明な場合は居住地の地域包括支援センターに確認 (Sanda A① ※): the directory's care
   * office (a 地域包括支援センター) asked when the patient's address town matches no center's town.
   * Absent: only a center matching the town is asked.
   */
  careManagerSearch: z.object({ defaultSupportCenterId: z.string().regex(/^[a-z0-9-]+$/) }).optional(),
  /** What the hospital's list of today's work (/console/today) watches for. */
  hospitalWork: z.object({
    /** A stay with no fact from the hospital for this many days looks forgotten: a discharge never recorded is a silent leak. */
    quietStayDays: z.number().int().min(1).max(90),
  }),
  /** How this region's rule differs from the others, in Japanese, each line citing its seed. */
  differences: z.array(z.string().min(1)),
  /** Values the seed does not fix and this pack had to choose; review them with the region. */
  assumptions: z.array(z.string().min(1)),
  /** The region's forms; at most one information sheet (without one, the national items: nationalSheetForm.ts). */
  forms: z.array(formSchema).refine((forms) => forms.filter((f) => f.use === 'information_sheet').length <= 1, {
    message: 'a region defines at most one information_sheet form',
  }),
});

/** A seed may name no hospitals (Kagoshima counts 58 without listing them): an empty directory is valid. */
/**
 * A provider of the region that a stay may copy on its discharge start and discharge (訪問看護ステーション,
 * デイサービス, …), referenced by id; its contact is read from here when a copy is sent.
 */
export const otherProviderSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'an id is lower-case letters, digits and hyphens'),
    kind: z.enum(OTHER_PROVIDER_KINDS),
    name: z.string().min(1).max(200),
    email: z.email().optional(),
    fax: phone.optional(),
    smsPhone: z
      .string()
      .regex(/^0[789]0-?\d{4}-?\d{4}$/, 'a mobile number, e.g. 090-1234-5678')
      .optional(),
    preferredChannel: z.enum(['email', 'sms', 'fax']),
  })
  .refine((p) => (p.preferredChannel === 'email' ? p.email : p.preferredChannel === 'fax' ? p.fax : p.smsPhone), {
    message: 'the preferred channel needs its address (email, fax or smsPhone)',
    path: ['preferredChannel'],
  });

export const directorySchema = z.object({
  hospitals: z.array(hospitalSchema),
  /** Other providers stays may copy; none listed is valid (then only providers given inline). */
  providers: z.array(otherProviderSchema).optional(),
  note: z.string().optional(),
});

export type Region = z.infer<typeof regionSchema>;
export type RegionHospital = z.infer<typeof hospitalSchema>;
export type ContactWindow = z.infer<typeof contactWindowSchema>;
export type RegionOtherProvider = z.infer<typeof otherProviderSchema>;
export type RegionPack = Region & { hospitals: RegionHospital[]; providers?: RegionOtherProvider[] | undefined };
export type RegionRule = z.infer<typeof regionRuleSchema>;
