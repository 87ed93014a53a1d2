// The vocabulary of a hospitalization: what the machine remembers, the facts it is told, and the
// effects it asks the engine to carry out after commit.
import type { BusinessHours } from './businessCalendar.js';
import type { Criterion, EligibilityDecision, ExpectedCareLevel, OfficeKind, SpecifiedDisease } from './eligibility.js';

export type InfoMeans = 'face_to_face' | 'fax' | 'mail' | 'online' | 'email';
export type Destination = 'home' | 'facility' | 'other_hospital';
export type Profession =
  | 'physician'
  | 'nurse'
  | 'msw'
  | 'care_manager'
  | 'visiting_nurse'
  | 'pharmacist'
  | 'therapist'
  | 'dentist'
  | 'other';
export type Side = 'hospital' | 'home';
export type ConferenceKind = 'pre_discharge' | 'joint_guidance' | 'care_support_linkage';
export type InfoExchangeMethod = 'conference' | 'face_to_face' | 'phone' | 'document' | 'online';
export type Route = 'A' | 'B';
/** The ward's basic fee (入院基本料): 入退院支援加算 has its own points and interview days on a 療養病棟 (seed 001, 002 ❶). */
export type WardType = 'general' | 'long_term_care';
/**
 * 入院時支援加算's checklist (seed 001 (ア)〜(ク)), done before a planned admission: background,
 * prior services, pressure-ulcer risk, nutrition, medication, discharge difficulty, the treatment's
 * explanation, the ward's life. Labels in machines/billing.ts PRE_ADMISSION_ITEMS.
 */
export const PRE_ADMISSION_ITEMS = [
  'patient_background',
  'prior_services',
  'pressure_ulcer_risk',
  'nutrition',
  'medication',
  'discharge_difficulty',
  'treatment_explanation',
  'ward_orientation',
] as const;
export type PreAdmissionItem = (typeof PRE_ADMISSION_ITEMS)[number];
export interface PreAdmissionSupport {
  /** When the 療養支援計画 was made: before the admission for 入院時支援加算. */
  at: string;
  items: PreAdmissionItem[];
}

/** Rule parameters copied from the region pack at admission: the rule in force then governs the stay. */
export interface RuleParams {
  regionId: string;
  informationSheet: { withinDays: number; reminderTime: string };
  careManagerIdentificationBusinessDays: number;
  /** Route B②: business days after the insurance application for a care manager to be assigned. */
  careManagerAssignmentBusinessDays: number;
  /** Route B②: business days (the office's calendar) for the assigned care manager to contact the hospital. */
  careManagerContactBusinessDays: number;
  dischargeStartLeadDays: number;
  carePlanCopyDays: number;
  escalationBusinessDays: number;
  /** Kagoshima (since 令和元年度): a discharge exchange between care manager and hospital counts as the handoff. */
  careManagerContactCountsAsHandoff: boolean;
  /** Hospital calendar for hospital-owned deadlines. */
  hospitalHours: BusinessHours;
  /**
   * 入院予定: whether the care manager is told of a planned admission when the hospital plans it, so the
   * information can be given before admission (入院時情報連携加算(Ⅰ) counts it). Absent on older stays: no.
   */
  plannedAdmission?: { tellCareManager: boolean };
  /**
   * 先に知った方が連絡する: business days (the hospital's calendar) for the hospital to confirm an
   * admission a care manager reported first. Absent in stays admitted before the region set it.
   */
  reportedAdmissionConfirmBusinessDays?: number;
}

export type DeadlineKey =
  | 'careManagerIdentification'
  | 'careManagerAssignment'
  | 'careManagerHospitalContact'
  | 'informationSheet'
  | 'dischargeDifficultyScreening'
  | 'patientFamilyInterview'
  /** The hospital tells the care manager that discharge planning started, the region's lead days before the expected discharge. */
  | 'dischargeStartNotice'
  | 'carePlanCopy'
  /** 先に知った方が連絡する: the hospital confirms the admission a care manager reported first. */
  | 'reportedAdmissionConfirmation';

export type Owner = 'care_office' | 'hospital';

export type TaskKind =
  | 'acknowledge_admission'
  | 'report_information_sheet'
  | 'confirm_care_plan_copy'
  | 'report_hospital_contact'
  /** After a transfer with no sheet on record: the sheet goes to the receiving hospital instead. */
  | 'send_sheet_to_receiving_hospital';

export type NoticeKind =
  | 'admission_notice'
  /** A planned admission (入院予定), told before the stay so the information can be given before admission. */
  | 'planned_admission_notice'
  | 'information_sheet_reminder'
  | 'care_plan_copy_reminder'
  | 'assignment_reminder'
  | 'hospital_contact_reminder'
  | 'discharge_start_notice'
  /** To the hospital's window: a discharge is expected soon and the care manager has not been told planning started. */
  | 'discharge_start_reminder'
  | 'conference_notice'
  | 'discharge_notice'
  | 'sudden_discharge_notice'
  | 'stay_ended_notice'
  | 'care_level_change_notice'
  | 'treatment_plan_notice'
  | 'assignment_request'
  | 'support_center_request'
  | 'information_sheet_copy'
  | 'deadline_overdue_notice'
  | 'escalation_notice'
  | 'correction_notice'
  /** To the hospital's window: a care manager reported this admission first; confirm it from the link. */
  | 'admission_reported_notice';

export type Recipient = 'careOffice' | 'supportCenter' | 'receivingHospital' | 'regionAdministrator' | 'hospitalWindow';

export interface Deadline {
  key: DeadlineKey;
  owner: Owner;
  dueAt: string;
  remindAt: string | null;
  escalateAt: string | null;
  /** late = met after due; waived = no longer applies; missed = was overdue when it stopped applying. */
  status: 'open' | 'met' | 'late' | 'overdue' | 'waived' | 'missed';
  metAt: string | null;
  /** Why this instant: the rule line and the counting, in Japanese for the people who read it. */
  reason: string;
}

export interface Conference {
  at: string | null;
  place: string | null;
  online: boolean;
  heldAt: string | null;
  kind: ConferenceKind;
  participants: { profession: Profession; side: Side }[];
}

export interface InfoExchange {
  at: string;
  method: InfoExchangeMethod;
}

export type LeakReason =
  | 'no_care_manager'
  | 'no_discharge_start_notice'
  | 'discharge_start_notice_undelivered'
  | 'discharge_start_notice_late';

export type ClosedReason =
  | 'completed'
  | 'discharged_to_facility'
  | 'transferred'
  | 'died'
  | 'admission_cancelled'
  /** The planned admission never took place (ADT^A27): no stay, nothing to count. */
  | 'admission_plan_cancelled'
  | 'not_eligible';

export interface HospitalizationContext {
  caseId: string;
  hospitalId: string;
  route: Route;
  careOfficeId: string | null;
  officeKind: OfficeKind | null;
  /** The care office's calendar, which decides 入院時情報連携加算's windows. */
  officeHours: BusinessHours;
  /** When the stay began; while the admission is only planned, the start of the planned day (JST). */
  admittedAt: string;
  /**
   * 入院予定: the hospital planned this admission before it took place (when, and for which day). Kept
   * after the admission as the stay's history; absent or null: the stay began with its admission.
   */
  plannedAdmission?: { plannedAt: string; expectedOn: string } | null;
  firstInformedBy: 'hospital' | 'care_manager';
  /** A stay a care manager reported first: when the hospital's own admission joined it (absent: not reported first, or not yet). */
  hospitalJoinedAt?: string | null;
  /** A stay a care manager reported first: when they reported it (the admission's own time may be days before). */
  reportedAt?: string | null;
  /** A stay a care manager reported first: the hospital's window confirmed it from the notice's link. */
  hospitalConfirmation?: { at: string; by: string | null } | null;
  ward: string;
  /** Absent: the hospital did not say (older stays too); 入退院支援加算 is read as 一般病棟. */
  wardType?: WardType;
  /** 入院時支援加算: the support given before a planned admission, as the hospital reported it. */
  preAdmissionSupport?: PreAdmissionSupport | null;
  rule: RuleParams;
  previousStay: { caseId: string; reason: 'transfer' | 'readmission' } | null;
  deadlines: Deadline[];
  admissionAcknowledgedAt: string | null;
  informationSheet: { at: string; means: InfoMeans } | null;
  /** Route B: the screening, the decision and its reasons. */
  eligibility:
    | (EligibilityDecision & {
        screenedAt: string;
        age: number;
        criteria: Criterion[];
        specifiedDisease: SpecifiedDisease | null;
      })
    | null;
  applicationSupport: { at: string; by: 'family' | 'hospital'; supportCenterId: string | null } | null;
  assignment: {
    at: string;
    expectedCareLevel: ExpectedCareLevel;
    recommended: OfficeKind;
    matchesRecommendation: boolean;
  } | null;
  hospitalContactedAt: string | null;
  careLevelChange: { at: string }[];
  treatmentPlans: { at: string; expectedLengthOfStayDays: number | null }[];
  dischargeDifficulty: { screenedAt: string; difficult: boolean } | null;
  patientFamilyInterviewAt: string | null;
  /** A conference reported first implies that planning started then; its date comes later, if at all. */
  dischargePlanning: {
    startedAt: string;
    expectedDischargeDate: string | null;
    leadDays: number | null;
    impliedBy?: 'conference_scheduled' | 'conference_held';
  } | null;
  /** When the discharge-start notice reached the care office (delivery, not just queueing). */
  dischargeStartNoticeDeliveredAt: string | null;
  conferences: Conference[];
  infoExchanges: InfoExchange[];
  discharge: {
    at: string;
    destination: Destination;
    nursingSummarySentAt: string | null;
    sudden: boolean;
    /** 地域連携診療計画加算: the regional care plan (地域連携診療計画) went with the patient. Absent on older stays. */
    regionalCarePlan?: boolean;
  } | null;
  transfer: { at: string; toHospitalId: string | null; toHospitalName: string } | null;
  carePlanCopySentAt: string | null;
  /**
   * The day home services started after the discharge, as the care manager reports it with the
   * care-plan copy: 退院・退所加算 is claimed in that month (seed 002 ❷). Absent on older stays.
   */
  servicesStartedOn?: string | null;
  /**
   * When the same patient's earlier stays were given the information that supported
   * 入院時情報連携加算: it is once a month per user (seed 002 ❶), whichever stay. Absent on older stays.
   */
  earlierInfoLinkage?: string[];
  /** A discharge the care manager was not told about in time: the measure the rule exists to drive down. */
  leak: { reason: LeakReason; detail: string } | null;
  /** Route B: a new applicant discharged without one conference or information exchange (Sanda B※). */
  noExchangeBeforeDischarge: boolean;
  closedReason: ClosedReason | null;
  retracted: number[];
}

export interface AdmissionInput {
  caseId: string;
  hospitalId: string;
  occurredAt: string;
  ward: string;
  wardType?: WardType | undefined;
  preAdmissionSupport?: PreAdmissionSupport | null | undefined;
  careOfficeId: string | null;
  officeKind: OfficeKind | null;
  officeHours: BusinessHours | null;
  /** Used long-term-care services before admission (route A). Defaults to "has a care office". */
  usedCareServices: boolean;
  firstInformedBy: 'hospital' | 'care_manager';
  /** When a care manager reported the admission (firstInformedBy care_manager); defaults to `occurredAt`. */
  reportedAt?: string;
  rule: RuleParams;
  previousStay: HospitalizationContext['previousStay'];
  /** See HospitalizationContext.earlierInfoLinkage: found by the engine among the patient's earlier stays. */
  earlierInfoLinkage?: string[];
  /**
   * 入院予定: the day the admission is planned for (YYYY-MM-DD). Given, the case starts as a planned
   * admission (`occurredAt` is when it was planned) and its stay begins with the `admitted` fact.
   */
  expectedAdmissionDate?: string | null;
}

interface Fact {
  occurredAt: string;
}

export type HospitalizationEvent =
  /** The planned admission took place: the stay begins (the ward and care office as known now). */
  | ({
      type: 'admitted';
      ward: string;
      careOfficeId: string | null;
      officeKind: OfficeKind | null;
      officeHours: BusinessHours | null;
      usedCareServices: boolean;
      /** The ward type the admission gives; absent: the plan's (if any) stands. */
      wardType?: WardType | undefined;
      /** 入院時支援加算's checklist, made before this planned admission. */
      preAdmissionSupport?: PreAdmissionSupport | undefined;
    } & Fact)
  /** The planned admission will not take place (ADT^A27 入院予定取消). */
  | ({ type: 'admission_plan_cancelled' } & Fact)
  | ({
      type: 'care_office_identified';
      careOfficeId: string;
      officeKind: OfficeKind;
      officeHours: BusinessHours | null;
    } & Fact)
  | ({ type: 'admission_reported_by_care_manager' } & Fact)
  /** The hospital's own admission arrived for a stay a care manager reported first: the two are one stay. */
  | ({ type: 'hospital_admission_joined'; ward: string } & Fact)
  /** The hospital's window confirmed, from the notice's link, the admission a care manager reported first. */
  | ({ type: 'admission_confirmed_by_hospital'; confirmedBy: string | null } & Fact)
  | ({ type: 'admission_acknowledged' } & Fact)
  | ({ type: 'information_sheet_provided'; at: string; means: InfoMeans } & Fact)
  | ({
      type: 'eligibility_screened';
      age: number;
      criteria: Criterion[];
      specifiedDisease: SpecifiedDisease | null;
      wantsServices: boolean;
    } & Fact)
  | ({ type: 'insurance_application_supported'; by: 'family' | 'hospital'; supportCenterId: string | null } & Fact)
  | ({
      type: 'care_manager_assigned';
      careOfficeId: string;
      officeKind: OfficeKind;
      officeHours: BusinessHours | null;
      expectedCareLevel: ExpectedCareLevel;
    } & Fact)
  | ({ type: 'care_manager_contacted_hospital' } & Fact)
  | ({ type: 'care_level_change_needed' } & Fact)
  | ({ type: 'treatment_plan_shared'; expectedLengthOfStayDays: number | null } & Fact)
  | ({ type: 'discharge_difficulty_screened'; difficult: boolean } & Fact)
  | ({ type: 'patient_family_interviewed' } & Fact)
  | ({ type: 'discharge_planning_started'; expectedDischargeDate: string } & Fact)
  | ({ type: 'discharge_information_shared'; method: InfoExchangeMethod } & Fact)
  | ({ type: 'conference_scheduled'; at: string; place: string | null; online: boolean; kind: ConferenceKind } & Fact)
  | ({ type: 'conference_held'; kind: ConferenceKind; participants: { profession: Profession; side: Side }[] } & Fact)
  | ({
      type: 'discharged';
      destination: Destination;
      nursingSummarySent: boolean;
      regionalCarePlan?: boolean | undefined;
    } & Fact)
  | ({ type: 'transferred'; toHospitalId: string | null; toHospitalName: string } & Fact)
  | ({ type: 'died' } & Fact)
  | ({ type: 'admission_cancelled' } & Fact)
  | ({ type: 'nursing_summary_sent' } & Fact)
  /** The patient moved to another ward (ADT^A02): where the care manager finds them. */
  | ({ type: 'ward_changed'; ward: string } & Fact)
  | ({ type: 'care_plan_copy_sent'; servicesStartedOn?: string | null } & Fact)
  | ({ type: 'notice_delivered'; notice: NoticeKind } & Fact)
  | ({ type: 'deadline_approached'; key: DeadlineKey; firedAt: string } & Fact)
  | ({ type: 'deadline_passed'; key: DeadlineKey; firedAt: string } & Fact)
  | ({ type: 'deadline_escalated'; key: DeadlineKey; firedAt: string } & Fact);

export type EventType = HospitalizationEvent['type'];

/** Effects, described as data; the engine carries them out after the atomic commit. */
export type Effect =
  | { type: 'openTask'; task: TaskKind }
  | { type: 'closeTask'; task: TaskKind }
  | {
      type: 'sendNotice';
      notice: NoticeKind;
      to: Recipient;
      task: TaskKind | null;
      urgent: boolean;
      deadline: DeadlineKey | null;
    }
  | { type: 'setDeadline'; key: DeadlineKey; dueAt: string; remindAt: string | null; escalateAt: string | null }
  | { type: 'clearDeadline'; key: DeadlineKey };
