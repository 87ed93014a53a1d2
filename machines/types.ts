// The vocabulary of a hospitalization: what the machine remembers, the facts it
// is told, and the effects it asks the engine to carry out after commit.

export type InfoMeans = 'face_to_face' | 'fax' | 'mail' | 'online' | 'email';
export type Destination = 'home' | 'facility' | 'other_hospital';
export type Profession =
  | 'physician' | 'nurse' | 'msw' | 'care_manager' | 'visiting_nurse'
  | 'pharmacist' | 'therapist' | 'dentist' | 'other';

/** Rule parameters copied from the region pack at admission: the rule in force then governs the stay. */
export interface RuleParams {
  regionId: string;
  informationSheet: { withinDays: number; reminderDaysBefore: number; reminderTime: string };
}

export type DeadlineKey = 'informationSheet';
export type TaskKind = 'acknowledge_admission' | 'report_information_sheet' | 'confirm_care_plan_copy';
export type NoticeKind =
  | 'admission_notice'
  | 'information_sheet_reminder'
  | 'discharge_start_notice'
  | 'conference_notice'
  | 'discharge_notice'
  | 'stay_ended_notice';

export interface Deadline {
  key: DeadlineKey;
  dueAt: string;
  remindAt: string | null;
  status: 'open' | 'met' | 'overdue';
  metAt: string | null;
  /** Why this instant: the rule line and the counting, in Japanese for the people who read it. */
  reason: string;
}

export interface Conference {
  at: string | null;
  place: string | null;
  online: boolean;
  heldAt: string | null;
  professions: Profession[];
}

export interface HospitalizationContext {
  caseId: string;
  hospitalId: string;
  careOfficeId: string | null;
  admittedAt: string;
  ward: string;
  patient: { name: string; birthDate: string };
  rule: RuleParams;
  deadlines: Deadline[];
  admissionAcknowledgedAt: string | null;
  informationSheet: { at: string; means: InfoMeans } | null;
  dischargePlanning: { startedAt: string; expectedDischargeDate: string } | null;
  conferences: Conference[];
  discharge: { at: string; destination: Destination; nursingSummarySentAt: string | null } | null;
  carePlanCopySentAt: string | null;
  /** A discharge the care manager was not told about in time: the measure the rule exists to drive down. */
  leak: { reason: 'no_discharge_start_notice' } | null;
  closedReason: 'completed' | 'discharged_to_facility' | 'transferred' | null;
}

export interface AdmissionInput {
  caseId: string;
  hospitalId: string;
  occurredAt: string;
  ward: string;
  patient: { name: string; birthDate: string };
  careOfficeId: string | null;
  rule: RuleParams;
}

interface Fact { occurredAt: string }

export type HospitalizationEvent =
  | ({ type: 'care_office_identified'; careOfficeId: string } & Fact)
  | ({ type: 'admission_acknowledged' } & Fact)
  | ({ type: 'information_sheet_provided'; at: string; means: InfoMeans } & Fact)
  | ({ type: 'discharge_planning_started'; expectedDischargeDate: string } & Fact)
  | ({ type: 'conference_scheduled'; at: string; place: string | null; online: boolean } & Fact)
  | ({ type: 'conference_held'; professions: Profession[] } & Fact)
  | ({ type: 'discharged'; destination: Destination; nursingSummarySent: boolean } & Fact)
  | ({ type: 'nursing_summary_sent' } & Fact)
  | ({ type: 'care_plan_copy_sent' } & Fact)
  | ({ type: 'deadline_approached'; key: DeadlineKey; firedAt: string } & Fact)
  | ({ type: 'deadline_passed'; key: DeadlineKey; firedAt: string } & Fact);

export type EventType = HospitalizationEvent['type'];

/** Effects, described as data; the engine carries them out after the atomic commit. */
export type Effect =
  | { type: 'openTask'; task: TaskKind }
  | { type: 'closeTask'; task: TaskKind }
  | { type: 'sendNotice'; notice: NoticeKind; to: 'careOffice'; task: TaskKind | null }
  | { type: 'setDeadline'; key: DeadlineKey; dueAt: string; remindAt: string | null }
  | { type: 'clearDeadline'; key: DeadlineKey };
