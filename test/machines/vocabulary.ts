// The vocabulary of a stay as plausible random data: any admission (route A with or without a care
// office, route B) in any region pack, and any fact, its time left to the caller. Shared by the
// machine's property tests.
import fc from 'fast-check';
import { professions } from '../../functions/schemas.js';
import { type BusinessHours, DEFAULT_BUSINESS_HOURS } from '../../machines/businessCalendar.js';
import { addDays, jstDate } from '../../machines/calendar.js';
import { CRITERIA_65, type Criterion, SPECIFIED_DISEASES, type SpecifiedDisease } from '../../machines/eligibility.js';
import type {
  AdmissionInput,
  ConferenceKind,
  DeadlineKey,
  Destination,
  DischargeRecordContent,
  HospitalizationEvent,
  InfoExchangeMethod,
  InfoMeans,
  NoticeKind,
  Profession,
  RuleParams,
  Side,
} from '../../machines/types.js';
import { loadRegionPacks } from '../../regions/load.js';
import { ruleParams } from '../../regions/rules.js';

const packs = await loadRegionPacks();
export const RULES: RuleParams[] = packs.map((p) => ruleParams(p).machine);

const HOURS: BusinessHours[] = [
  DEFAULT_BUSINESS_HOURS,
  { open: '08:30', close: '17:30', closedDays: ['sun', 'holiday', 'year_end'] },
  { open: '09:00', close: '20:00', closedDays: [] },
  { open: '09:00', close: '17:00', closedDays: ['sat', 'sun', 'wed', 'holiday', 'year_end'] },
];
// The professions a hospital may name, as its webhook schema lists them.
const PROFESSIONS: readonly Profession[] = professions;
const NOTICES: NoticeKind[] = [
  'admission_notice',
  'information_sheet_reminder',
  'care_plan_copy_reminder',
  'assignment_reminder',
  'hospital_contact_reminder',
  'discharge_start_notice',
  'conference_notice',
  'discharge_notice',
  'sudden_discharge_notice',
  'stay_ended_notice',
  'care_level_change_notice',
  'treatment_plan_notice',
  'assignment_request',
  'support_center_request',
  'information_sheet_copy',
  'deadline_overdue_notice',
  'escalation_notice',
  'correction_notice',
  'admission_reported_notice',
];
const DEADLINE_KEYS: DeadlineKey[] = [
  'careManagerIdentification',
  'careManagerAssignment',
  'careManagerHospitalContact',
  'informationSheet',
  'dischargeDifficultyScreening',
  'patientFamilyInterview',
  'carePlanCopy',
  'reportedAdmissionConfirmation',
];
const OFFICES = ['office-1', 'office-2', 'center-1'];

export const hours = fc.option(fc.constantFrom(...HOURS), { nil: null });
export const officeKind = fc.constantFrom('home_care_office' as const, 'community_support_center' as const);
export const participant = fc.record({
  profession: fc.constantFrom(...PROFESSIONS),
  side: fc.constantFrom<Side>('hospital', 'home'),
});

/** An event without its time: `occurredAt` (and times derived from it) are filled in by `timeline`. */
export type Body = (occurredAt: string) => HospitalizationEvent;
const MIN = 60_000;
export const shift = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * MIN).toISOString();

export const plain = (
  type:
    | 'admission_reported_by_care_manager'
    | 'admission_acknowledged'
    | 'care_manager_contacted_hospital'
    | 'care_level_change_needed'
    | 'patient_family_interviewed'
    | 'died'
    | 'admission_cancelled'
    | 'admission_plan_cancelled'
    | 'nursing_summary_sent'
    | 'care_plan_copy_sent'
    | 'brought_into_rule_scope',
): fc.Arbitrary<Body> => fc.constant((occurredAt: string) => ({ type, occurredAt }));

/** A 退院・退所情報記録書 as a care manager fills it in (the items of Sasebo 様式⑨ / the national form). */
export const SAMPLE_RECORD: DischargeRecordContent = {
  receivedOn: '2026-06-24',
  time: '14:00',
  place: 'hospital',
  placeDetail: '3階 カンファレンス室',
  conference: true,
  attendees: [
    { name: '山田 医師', profession: 'physician', side: 'hospital' },
    { name: '佐藤 看護師', profession: 'nurse', side: 'hospital' },
    { name: '田中 ケアマネジャー', profession: 'care_manager', side: 'home' },
  ],
  keyPoints: '肺炎は治癒。歩行は杖で見守り。',
  medicalNeeds: '在宅酸素は不要。服薬は一包化。',
  adl: '移動: 杖で見守り。入浴: 一部介助。',
  services: '訪問看護 週1回、通所リハビリ 週2回',
  wishes: '本人は自宅に帰りたい。家族は日中不在。',
};

export const body: fc.Arbitrary<Body> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ careOfficeId: fc.constantFrom(...OFFICES), officeKind, officeHours: hours }).map(
      (d): Body =>
        (occurredAt) => ({ type: 'care_office_identified', ...d, occurredAt }),
    ),
  },
  { weight: 1, arbitrary: plain('admission_reported_by_care_manager') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('5階西病棟', '3階東病棟').map(
      (ward): Body =>
        (occurredAt) => ({ type: 'hospital_admission_joined', ward, occurredAt }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('佐藤', null).map(
      (confirmedBy): Body =>
        (occurredAt) => ({ type: 'admission_confirmed_by_hospital', confirmedBy, occurredAt }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('佐藤', null).map(
      (deniedBy): Body =>
        (occurredAt) => ({ type: 'admission_denied_by_hospital', deniedBy, occurredAt }),
    ),
  },
  { weight: 3, arbitrary: plain('admission_acknowledged') },
  {
    weight: 4,
    arbitrary: fc
      .record({
        before: fc.integer({ min: 0, max: 3 * 24 * 60 }),
        means: fc.constantFrom<InfoMeans>('face_to_face', 'fax', 'mail', 'online'),
      })
      .map(
        (d): Body =>
          (occurredAt) => ({
            type: 'information_sheet_provided',
            at: shift(occurredAt, -d.before),
            means: d.means,
            occurredAt,
          }),
      ),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        age: fc.integer({ min: 30, max: 100 }),
        criteria: fc.subarray(Object.keys(CRITERIA_65) as Criterion[]),
        specifiedDisease: fc.option(fc.constantFrom(...(Object.keys(SPECIFIED_DISEASES) as SpecifiedDisease[])), {
          nil: null,
        }),
        wantsServices: fc.boolean(),
      })
      .map(
        (d): Body =>
          (occurredAt) => ({ type: 'eligibility_screened', ...d, occurredAt }),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        by: fc.constantFrom('family' as const, 'hospital' as const),
        supportCenterId: fc.option(fc.constant('center-1'), { nil: null }),
      })
      .map(
        (d): Body =>
          (occurredAt) => ({ type: 'insurance_application_supported', ...d, occurredAt }),
      ),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        careOfficeId: fc.constantFrom(...OFFICES),
        officeKind,
        officeHours: hours,
        expectedCareLevel: fc.constantFrom('support' as const, 'care' as const, 'unsure' as const),
      })
      .map(
        (d): Body =>
          (occurredAt) => ({ type: 'care_manager_assigned', ...d, occurredAt }),
      ),
  },
  { weight: 2, arbitrary: plain('care_manager_contacted_hospital') },
  { weight: 1, arbitrary: plain('care_level_change_needed') },
  {
    weight: 1,
    arbitrary: fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }).map(
      (days): Body =>
        (occurredAt) => ({ type: 'treatment_plan_shared', expectedLengthOfStayDays: days, occurredAt }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.boolean().map(
      (difficult): Body =>
        (occurredAt) => ({ type: 'discharge_difficulty_screened', difficult, occurredAt }),
    ),
  },
  { weight: 2, arbitrary: plain('patient_family_interviewed') },
  {
    weight: 4,
    arbitrary: fc.integer({ min: 0, max: 14 }).map(
      (ahead): Body =>
        (occurredAt) => ({
          type: 'discharge_planning_started',
          expectedDischargeDate: addDays(jstDate(occurredAt), ahead),
          occurredAt,
        }),
    ),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom<InfoExchangeMethod>('conference', 'face_to_face', 'phone', 'document', 'online').map(
      (method): Body =>
        (occurredAt) => ({ type: 'discharge_information_shared', method, occurredAt }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        ahead: fc.integer({ min: 0, max: 7 * 24 * 60 }),
        place: fc.option(fc.constant('カンファレンス室'), { nil: null }),
        online: fc.boolean(),
        kind: fc.constantFrom<ConferenceKind>('pre_discharge', 'joint_guidance', 'care_support_linkage'),
      })
      .map(
        (d): Body =>
          (occurredAt) => ({
            type: 'conference_scheduled',
            at: shift(occurredAt, d.ahead),
            place: d.place,
            online: d.online,
            kind: d.kind,
            occurredAt,
          }),
      ),
  },
  {
    weight: 5,
    arbitrary: fc
      .record({
        kind: fc.constantFrom<ConferenceKind>('pre_discharge', 'joint_guidance', 'care_support_linkage'),
        participants: fc.array(participant, { maxLength: 8 }),
      })
      .map(
        (d): Body =>
          (occurredAt) => ({ type: 'conference_held', ...d, occurredAt }),
      ),
  },
  {
    weight: 4,
    arbitrary: fc
      .record({
        destination: fc.constantFrom<Destination>('home', 'home', 'home', 'facility', 'other_hospital'),
        nursingSummarySent: fc.boolean(),
      })
      .map(
        (d): Body =>
          (occurredAt) => ({ type: 'discharged', ...d, occurredAt }),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        toHospitalId: fc.option(fc.constant('sanda-shimin'), { nil: null }),
        toHospitalName: fc.constant('転院先病院'),
      })
      .map(
        (d): Body =>
          (occurredAt) => ({ type: 'transferred', ...d, occurredAt }),
      ),
  },
  { weight: 1, arbitrary: plain('died') },
  { weight: 1, arbitrary: plain('admission_cancelled') },
  // 入院予定: the planned admission taking place (with or without a care office named then), or called off.
  {
    weight: 6,
    arbitrary: fc
      .record({
        careOfficeId: fc.option(fc.constantFrom(...OFFICES), { nil: null }),
        officeKind,
        officeHours: hours,
        usedCareServices: fc.boolean(),
        ward: fc.constantFrom('5階西病棟', ''),
      })
      .map(
        (d): Body =>
          (occurredAt) => ({
            type: 'admitted',
            ward: d.ward,
            careOfficeId: d.careOfficeId,
            officeKind: d.careOfficeId ? d.officeKind : null,
            officeHours: d.careOfficeId ? d.officeHours : null,
            usedCareServices: d.usedCareServices,
            occurredAt,
          }),
      ),
  },
  { weight: 1, arbitrary: plain('admission_plan_cancelled') },
  // 入院予定の変更 (a second ADT^A14): a new day within the next weeks, sometimes a ward and its type.
  {
    weight: 1,
    arbitrary: fc
      .record({
        daysAhead: fc.integer({ min: 0, max: 30 }),
        ward: fc.option(fc.constantFrom('4階東病棟', '5階西病棟'), { nil: null }),
        wardType: fc.option(fc.constantFrom('general' as const, 'long_term_care' as const), { nil: undefined }),
      })
      .map(
        (d): Body =>
          (occurredAt) => ({
            type: 'admission_plan_changed',
            expectedAdmissionDate: addDays(jstDate(occurredAt), d.daysAhead),
            ward: d.ward,
            ...(d.wardType ? { wardType: d.wardType } : {}),
            occurredAt,
          }),
      ),
  },
  { weight: 2, arbitrary: plain('nursing_summary_sent') },
  // Sanda FAQ 3–4: the hospital records 「今回は提供不要（病院と合意）」; §2(3): a stay brought into scope.
  {
    weight: 1,
    arbitrary: fc.constant<Body>((occurredAt) => ({
      type: 'information_sheet_not_needed_agreed',
      agreedWith: { name: '佐藤', role: '退院調整看護師' },
      by: 'hospital',
      occurredAt,
    })),
  },
  { weight: 1, arbitrary: plain('brought_into_rule_scope') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('5階西病棟', 'HCU').map(
      (ward): Body =>
        (occurredAt) => ({ type: 'ward_changed', ward, occurredAt }),
    ),
  },
  { weight: 2, arbitrary: plain('care_plan_copy_sent') },
  {
    weight: 2,
    arbitrary: fc
      .record({ conference: fc.boolean(), attendees: fc.array(participant, { maxLength: 5 }), daysBack: fc.nat(10) })
      .map(
        (d): Body =>
          (occurredAt) => ({
            type: 'discharge_record_filed',
            record: {
              ...SAMPLE_RECORD,
              receivedOn: addDays(jstDate(occurredAt), -d.daysBack),
              conference: d.conference,
              attendees: d.attendees.map((a, i) => ({ ...a, name: `出席者${i + 1}` })),
            },
            occurredAt,
          }),
      ),
  },
  {
    weight: 4,
    arbitrary: fc
      .oneof(
        { weight: 3, arbitrary: fc.constant<NoticeKind>('discharge_start_notice') },
        { weight: 1, arbitrary: fc.constantFrom(...NOTICES) },
      )
      .map(
        (notice): Body =>
          (occurredAt) => ({ type: 'notice_delivered', notice, occurredAt }),
      ),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        type: fc.constantFrom(
          'deadline_approached' as const,
          'deadline_passed' as const,
          'deadline_escalated' as const,
        ),
        key: fc.constantFrom(...DEADLINE_KEYS),
      })
      .map(
        (d): Body =>
          (occurredAt) => ({ type: d.type, key: d.key, firedAt: occurredAt, occurredAt }),
      ),
  },
);

export const admission: fc.Arbitrary<AdmissionInput> = fc
  .record({
    rule: fc.constantFrom(...RULES),
    // Minutes from 2026-01-01 JST to late 2027: every weekday, holiday and 年末年始 is possible.
    minute: fc.integer({ min: 0, max: 700 * 24 * 60 }),
    route: fc.constantFrom('A-office' as const, 'A-unknown' as const, 'B' as const),
    officeKind,
    officeHours: hours,
    firstInformedBy: fc.constantFrom('hospital' as const, 'care_manager' as const),
    previousStay: fc.option(
      fc.record({
        caseId: fc.constant('case-0'),
        reason: fc.constantFrom('transfer' as const, 'readmission' as const),
      }),
      { nil: null },
    ),
    // 入院予定: a fifth of the stays start as a planned admission, 0–30 days ahead.
    plannedDaysAhead: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null, freq: 4 }),
    // A repeat admission (the sheet may be agreed not needed), a stay out of the rule's scope, and a
    // support center asked to find an unknown care manager: each in some stays.
    repeatAdmission: fc.boolean(),
    outOfScope: fc.option(fc.constant(false), { nil: undefined, freq: 3 }),
    searchCenter: fc.boolean(),
  })
  .map((a) => ({
    caseId: 'case-1',
    hospitalId: 'sanda-shimin',
    occurredAt: shift('2025-12-31T15:00:00.000Z', a.minute),
    ward: '5階東',
    careOfficeId: a.route === 'A-office' ? 'office-1' : null,
    officeKind: a.route === 'A-office' ? a.officeKind : null,
    officeHours: a.route === 'A-office' ? a.officeHours : null,
    usedCareServices: a.route !== 'B',
    firstInformedBy: a.route === 'B' ? 'hospital' : a.firstInformedBy,
    rule: a.rule,
    previousStay: a.previousStay,
    repeatAdmission: a.repeatAdmission ? { previousCaseId: 'case-0', endedAt: '2025-12-01T00:00:00.000Z' } : null,
    ...(a.outOfScope === false ? { inRuleScope: false } : {}),
    careManagerSearchCenterId: a.searchCenter && a.route === 'A-unknown' ? 'center-1' : null,
    ...(a.plannedDaysAhead === null
      ? {}
      : {
          firstInformedBy: 'hospital' as const,
          expectedAdmissionDate: addDays(jstDate(shift('2025-12-31T15:00:00.000Z', a.minute)), a.plannedDaysAhead),
        }),
  }));
