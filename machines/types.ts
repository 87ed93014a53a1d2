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
  /**
   * 入退院を繰り返す (Sanda FAQ 3–4; Asahikawa 「個別の事情に応じた対応」): a stay admitted within this many
   * days after the same patient's previous stay ended may settle the information sheet as not needed
   * this time, by agreement with the hospital. Absent: the region's rule offers no such settling.
   */
  repeatAdmission?: { withinDays: number };
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
  | 'send_sheet_to_receiving_hospital'
  /** To the community support center asked to find an unknown care manager: answer with the office found. */
  | 'identify_care_manager'
  /** With the discharge-start notice: the care manager records what the hospital told them (退院・退所情報記録書). */
  | 'file_discharge_record';

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
  | 'admission_reported_notice'
  /** To the community support center of the patient's address: the care manager is unknown, find them (Sanda A① ※, FAQ 13). */
  | 'care_manager_search_request'
  /** To the care office: the hospital's nursing summary (看護サマリー) arrived as data; its link opens it. */
  | 'nursing_summary_notice';

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

/** Where the care manager heard the hospital (退院・退所情報記録書 「開催場所」). */
export type RecordPlace = 'hospital' | 'home' | 'online' | 'facility' | 'phone' | 'other';

/**
 * 退院・退所情報記録書 (Sasebo 様式⑨; the national sample form for 退院・退所加算): what the care
 * manager recorded the hospital told them. Seed 002 ❷: 「カンファレンスに参加した場合は、その日時、
 * 開催場所、出席者、内容の要点等について…記録」. The care manager's evidence, beside the hospital's facts.
 */
export interface DischargeRecordContent {
  /** The day the information was received (JST, YYYY-MM-DD), and the time if known (HH:MM). */
  receivedOn: string;
  time: string | null;
  place: RecordPlace;
  /** The room or address, as typed (会議室, 自宅 …); may be empty. */
  placeDetail: string;
  /** Received at a conference (カンファレンス) rather than a talk with one person. */
  conference: boolean;
  attendees: { name: string; profession: Profession; side: Side }[];
  keyPoints: string;
  /** 退院後の医療・看護の必要性 (医療処置, 看護, リハビリ, 禁忌). */
  medicalNeeds: string;
  /** ADL・生活機能の状況. */
  adl: string;
  /** 必要なサービス・在宅復帰のために整える要件. */
  services: string;
  /** 本人・家族の受け止め・意向. */
  wishes: string;
}

/** A filed record: its content and when it was filed. A later one supersedes it; both stay in the log. */
export interface DischargeRecord extends DischargeRecordContent {
  filedAt: string;
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
  /** 先に知った方が連絡する: the hospital's window answered that it has no such admission; no stay. */
  | 'admission_not_found'
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
  /** The window's answer 「該当する入院はありません」 to a reported admission, with who answered. */
  hospitalDenial?: { at: string; by: string | null } | null;
  ward: string;
  /** Absent: the hospital did not say (older stays too); 入退院支援加算 is read as 一般病棟. */
  wardType?: WardType;
  /** 入院時支援加算: the support given before a planned admission, as the hospital reported it. */
  preAdmissionSupport?: PreAdmissionSupport | null;
  rule: RuleParams;
  previousStay: { caseId: string; reason: 'transfer' | 'readmission' } | null;
  /**
   * The same patient's previous stay ended within the region's repeat-admission days (RuleParams
   * repeatAdmission) before this admission: the information sheet may be agreed as not needed.
   * Absent or null: no such stay (or the region offers no such settling).
   */
  repeatAdmission?: RepeatAdmission | null;
  /** 「今回は提供不要（病院と合意）」: the information sheet settled as not needed, and who at the hospital agreed. */
  informationSheetNotNeeded?: { at: string; agreedWith: HospitalStaff; recordedBy: 'care_manager' | 'hospital' } | null;
  /**
   * The rule's scope (Sanda §2(3): admitted from home and going home): false when the hospital said at
   * admission that the stay is not, so it is kept and shown but not chased. Absent: in scope.
   */
  inRuleScope?: boolean;
  /** When a stay recorded out of the rule's scope was brought into it by hand. */
  broughtIntoScopeAt?: string | null;
  /**
   * The care manager was unknown at admission: the community support center asked to find them
   * (Sanda A① ※, FAQ 13), chosen by the patient's town or the region's default. Absent: nobody asked.
   */
  careManagerSearch?: { supportCenterId: string } | null;
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
  /** The hospital the patient left for; its FAX number when it is not in the directory (absent on older stays). */
  transfer: { at: string; toHospitalId: string | null; toHospitalName: string; toHospitalFax?: string } | null;
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
  /** 退院・退所情報記録書 as filed, oldest first: the last one is in force. Absent on older stays. */
  dischargeRecords?: DischargeRecord[];
  /** A discharge the care manager was not told about in time: the measure the rule exists to drive down. */
  leak: { reason: LeakReason; detail: string } | null;
  /** Route B: a new applicant discharged without one conference or information exchange (Sanda B※). */
  noExchangeBeforeDischarge: boolean;
  closedReason: ClosedReason | null;
  retracted: number[];
}

export interface RepeatAdmission {
  previousCaseId: string;
  /** When the previous stay ended (discharge or transfer). */
  endedAt: string;
}

/** A person at the hospital, as another person names them: name and role (e.g. 退院調整看護師). */
export interface HospitalStaff {
  name: string;
  role: string;
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
  /** See HospitalizationContext.repeatAdmission: found by the engine among the patient's earlier stays. */
  repeatAdmission?: RepeatAdmission | null;
  /** Sanda §2(3): false when the hospital says the stay is not from home to home. Default: in scope. */
  inRuleScope?: boolean | undefined;
  /** The community support center to ask when the care manager is unknown (chosen by the engine). */
  careManagerSearchCenterId?: string | null;
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
  /**
   * The plan changed before the admission (a second ADT^A14 入院予定 of the same stay): a new expected
   * day, and the ward (and its type) when the hospital says one.
   */
  | ({
      type: 'admission_plan_changed';
      expectedAdmissionDate: string;
      ward: string | null;
      wardType?: WardType | undefined;
    } & Fact)
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
  /** The hospital's window answered, from the same link, that it has no such admission (該当する入院はありません). */
  | ({ type: 'admission_denied_by_hospital'; deniedBy: string | null } & Fact)
  | ({ type: 'admission_acknowledged' } & Fact)
  | ({ type: 'information_sheet_provided'; at: string; means: InfoMeans } & Fact)
  /** 「今回は提供不要（病院と合意）」 on a repeat admission, recorded by the care manager or the hospital. */
  | ({
      type: 'information_sheet_not_needed_agreed';
      agreedWith: HospitalStaff;
      by: 'care_manager' | 'hospital';
    } & Fact)
  /** A stay recorded out of the rule's scope is brought into it (by hand, audited): from now on it is chased. */
  | ({ type: 'brought_into_rule_scope' } & Fact)
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
    } & Partial<ReceivingHospital> &
      Fact)
  | ({ type: 'transferred' } & ReceivingHospital & Fact)
  | ({ type: 'died' } & Fact)
  | ({ type: 'admission_cancelled' } & Fact)
  /** 看護サマリー; `carriesSummary`: it was posted as data (kept sealed outside the machine) and goes to the care manager. */
  | ({ type: 'nursing_summary_sent'; carriesSummary?: boolean | undefined } & Fact)
  /** The patient moved to another ward (ADT^A02): where the care manager finds them. */
  | ({ type: 'ward_changed'; ward: string } & Fact)
  | ({ type: 'care_plan_copy_sent'; servicesStartedOn?: string | null } & Fact)
  /** The care manager filed (or filed again: the later supersedes) their 退院・退所情報記録書. */
  | ({ type: 'discharge_record_filed'; record: DischargeRecordContent } & Fact)
  | ({ type: 'notice_delivered'; notice: NoticeKind } & Fact)
  | ({ type: 'deadline_approached'; key: DeadlineKey; firedAt: string } & Fact)
  | ({ type: 'deadline_passed'; key: DeadlineKey; firedAt: string } & Fact)
  | ({ type: 'deadline_escalated'; key: DeadlineKey; firedAt: string } & Fact);

/** The hospital a patient leaves for (転院): in the directory, or by name and the FAX number it is reached at. */
export interface ReceivingHospital {
  toHospitalId: string | null;
  toHospitalName: string;
  toHospitalFax?: string | undefined;
}

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
