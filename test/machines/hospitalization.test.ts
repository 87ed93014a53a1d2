// The hospitalization machine, one rule line at a time (Sanda §4 A①–⑤, B①–⑤, ※転院時の連絡; seed 001),
// through the pure helpers the engine uses (admit / accepts / apply). No server, no database: a
// snapshot in, a snapshot and effects out. Rule parameters come from regions/sanda/region.json
// through regions/rules.ts `ruleParams`, the lookup the engine admits with.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accepts, admit, apply, isFinal, type Step, type StoredSnapshot } from '../../machines/run.js';
import type {
  AdmissionInput,
  Deadline,
  DeadlineKey,
  Effect,
  EventType,
  HospitalizationEvent,
  NoticeKind,
  RuleParams,
  TaskKind,
} from '../../machines/types.js';
import { ruleParams } from '../../regions/rules.js';
import { regionSchema } from '../../regions/schema.js';
import { plannedAdmissionTookPlace } from './stays.js';
import { SAMPLE_RECORD } from './vocabulary.js';

function ruleOf(regionId: string): RuleParams {
  return ruleParams(
    regionSchema.parse(
      JSON.parse(readFileSync(new URL(`../../regions/${regionId}/region.json`, import.meta.url), 'utf8')),
    ),
  ).machine;
}

const SANDA = ruleOf('sanda');

// Tuesday 9 June 2026, 10:30 in Japan: inside every office's hours; no holiday in the weeks used here.
const ADMITTED_AT = '2026-06-09T10:30:00+09:00';
/** A① 3 days with the admission day as day 1: to the end of Thursday 11 June (JST). */
const SHEET_DUE = '2026-06-11T15:00:00.000Z';
/** The last business day before the due day, at the region's reminder time (09:00 JST on 10 June). */
const SHEET_REMIND = '2026-06-10T00:00:00.000Z';
/** Two business days after the last day (Thu 11 → Mon 15 June), 09:00 JST. */
const SHEET_ESCALATE = '2026-06-15T00:00:00.000Z';
/** A① care manager unknown: 1 business day of the hospital (Wed 10 June), to its end. */
const IDENTIFY_DUE = '2026-06-10T15:00:00.000Z';
const IDENTIFY_ESCALATE = '2026-06-12T00:00:00.000Z';
/** 入退院支援加算: 7 days with the admission day as day 1 (to the end of Mon 15 June). */
const SCREENING_DUE = '2026-06-15T15:00:00.000Z';

// Discharge home on Friday 26 June 2026; the care-plan copy within 14 days: to the end of Fri 10 July.
const DISCHARGED_AT = '2026-06-26T10:00:00+09:00';
const COPY_DUE = '2026-07-10T15:00:00.000Z';
const COPY_REMIND = '2026-07-09T00:00:00.000Z';
const COPY_ESCALATE = '2026-07-14T00:00:00.000Z';
// Route B, application supported Thu 6/11: Sanda's 5 business days on the hospital's calendar end Thu 6/18;
// reminded the business day before at 09:00; escalated 2 business days after the last day, Mon 6/22 09:00.
const ASSIGN_DUE = '2026-06-18T15:00:00.000Z';
const ASSIGN_REMIND = '2026-06-17T00:00:00.000Z';
const ASSIGN_ESCALATE = '2026-06-22T00:00:00.000Z';
// Care manager assigned Mon 6/15: Sanda's 3 business days on the office's calendar end Thu 6/18.
const CONTACT_DUE = '2026-06-18T15:00:00.000Z';
const CONTACT_REMIND = '2026-06-17T00:00:00.000Z';
const CONTACT_ESCALATE = '2026-06-22T00:00:00.000Z';

const OFFICE = 'office-1';

function admission(overrides: Partial<AdmissionInput> = {}): AdmissionInput {
  return {
    caseId: 'case-1',
    hospitalId: 'sanda-shimin',
    occurredAt: ADMITTED_AT,
    ward: '5階東',
    careOfficeId: OFFICE,
    officeKind: 'home_care_office',
    officeHours: null,
    usedCareServices: true,
    firstInformedBy: 'hospital',
    rule: SANDA,
    previousStay: null,
    ...overrides,
  };
}
const ROUTE_A = () => admission();
const ROUTE_A_UNKNOWN_CM = () => admission({ careOfficeId: null, officeKind: null, usedCareServices: true });
const ROUTE_B = () => admission({ careOfficeId: null, officeKind: null, usedCareServices: false });

type E<T extends EventType> = Extract<HospitalizationEvent, { type: T }>;

const ev = {
  identified: (careOfficeId = 'office-2', occurredAt = '2026-06-10T11:00:00+09:00'): E<'care_office_identified'> => ({
    type: 'care_office_identified',
    careOfficeId,
    officeKind: 'home_care_office',
    officeHours: null,
    occurredAt,
  }),
  reportedByCm: (occurredAt = '2026-06-09T12:00:00+09:00'): E<'admission_reported_by_care_manager'> => ({
    type: 'admission_reported_by_care_manager',
    occurredAt,
  }),
  acknowledged: (occurredAt = '2026-06-09T14:00:00+09:00'): E<'admission_acknowledged'> => ({
    type: 'admission_acknowledged',
    occurredAt,
  }),
  sheet: (
    at = '2026-06-10T11:00:00+09:00',
    means: 'face_to_face' | 'fax' | 'mail' | 'online' = 'face_to_face',
  ): E<'information_sheet_provided'> => ({ type: 'information_sheet_provided', at, means, occurredAt: at }),
  screened: (
    age: number,
    criteria: E<'eligibility_screened'>['criteria'] = [],
    specifiedDisease: E<'eligibility_screened'>['specifiedDisease'] = null,
    wantsServices = false,
    occurredAt = '2026-06-10T10:00:00+09:00',
  ): E<'eligibility_screened'> => ({
    type: 'eligibility_screened',
    age,
    criteria,
    specifiedDisease,
    wantsServices,
    occurredAt,
  }),
  applicationSupported: (
    by: 'family' | 'hospital' = 'family',
    supportCenterId: string | null = null,
    occurredAt = '2026-06-11T10:00:00+09:00',
  ): E<'insurance_application_supported'> => ({
    type: 'insurance_application_supported',
    by,
    supportCenterId,
    occurredAt,
  }),
  assigned: (
    expectedCareLevel: 'support' | 'care' | 'unsure' = 'care',
    officeKind: 'home_care_office' | 'community_support_center' = 'home_care_office',
    careOfficeId = 'office-b',
    occurredAt = '2026-06-15T10:00:00+09:00',
  ): E<'care_manager_assigned'> => ({
    type: 'care_manager_assigned',
    careOfficeId,
    officeKind,
    officeHours: null,
    expectedCareLevel,
    occurredAt,
  }),
  contacted: (occurredAt = '2026-06-16T10:00:00+09:00'): E<'care_manager_contacted_hospital'> => ({
    type: 'care_manager_contacted_hospital',
    occurredAt,
  }),
  careLevelChange: (occurredAt = '2026-06-12T10:00:00+09:00'): E<'care_level_change_needed'> => ({
    type: 'care_level_change_needed',
    occurredAt,
  }),
  treatmentPlan: (
    expectedLengthOfStayDays: number | null = 18,
    occurredAt = '2026-06-11T15:00:00+09:00',
  ): E<'treatment_plan_shared'> => ({ type: 'treatment_plan_shared', expectedLengthOfStayDays, occurredAt }),
  difficulty: (difficult: boolean, occurredAt = '2026-06-11T16:00:00+09:00'): E<'discharge_difficulty_screened'> => ({
    type: 'discharge_difficulty_screened',
    difficult,
    occurredAt,
  }),
  interviewed: (occurredAt = '2026-06-14T10:00:00+09:00'): E<'patient_family_interviewed'> => ({
    type: 'patient_family_interviewed',
    occurredAt,
  }),
  planning: (
    expectedDischargeDate = '2026-06-26',
    occurredAt = '2026-06-19T10:00:00+09:00',
  ): E<'discharge_planning_started'> => ({ type: 'discharge_planning_started', expectedDischargeDate, occurredAt }),
  infoShared: (
    method: E<'discharge_information_shared'>['method'] = 'phone',
    occurredAt = '2026-06-22T10:00:00+09:00',
  ): E<'discharge_information_shared'> => ({ type: 'discharge_information_shared', method, occurredAt }),
  conferenceScheduled: (
    at = '2026-06-24T14:00:00+09:00',
    occurredAt = '2026-06-22T10:00:00+09:00',
  ): E<'conference_scheduled'> => ({
    type: 'conference_scheduled',
    at,
    place: '3階 カンファレンス室',
    online: false,
    kind: 'pre_discharge',
    occurredAt,
  }),
  conferenceHeld: (occurredAt = '2026-06-24T15:00:00+09:00'): E<'conference_held'> => ({
    type: 'conference_held',
    kind: 'pre_discharge',
    occurredAt,
    participants: [
      { profession: 'physician', side: 'hospital' },
      { profession: 'nurse', side: 'hospital' },
      { profession: 'care_manager', side: 'home' },
    ],
  }),
  discharged: (
    destination: 'home' | 'facility' | 'other_hospital' = 'home',
    nursingSummarySent = false,
    occurredAt = DISCHARGED_AT,
  ): E<'discharged'> => ({ type: 'discharged', destination, nursingSummarySent, occurredAt }),
  transferred: (
    toHospitalId: string | null = 'sanda-hyogo-chuo',
    toHospitalName = '兵庫中央病院',
    occurredAt = '2026-06-20T10:00:00+09:00',
  ): E<'transferred'> => ({ type: 'transferred', toHospitalId, toHospitalName, occurredAt }),
  died: (occurredAt = '2026-06-20T03:00:00+09:00'): E<'died'> => ({ type: 'died', occurredAt }),
  cancelled: (occurredAt = '2026-06-09T12:00:00+09:00'): E<'admission_cancelled'> => ({
    type: 'admission_cancelled',
    occurredAt,
  }),
  nursingSummary: (occurredAt = '2026-06-26T16:00:00+09:00'): E<'nursing_summary_sent'> => ({
    type: 'nursing_summary_sent',
    occurredAt,
  }),
  wardChanged: (ward = '6階東病棟', occurredAt = '2026-06-15T10:00:00+09:00'): E<'ward_changed'> => ({
    type: 'ward_changed',
    ward,
    occurredAt,
  }),
  carePlanCopy: (occurredAt = '2026-07-03T12:00:00+09:00'): E<'care_plan_copy_sent'> => ({
    type: 'care_plan_copy_sent',
    occurredAt,
  }),
  delivered: (
    notice: NoticeKind = 'discharge_start_notice',
    occurredAt = '2026-06-19T10:05:00+09:00',
  ): E<'notice_delivered'> => ({ type: 'notice_delivered', notice, occurredAt }),
  approached: (key: DeadlineKey, firedAt: string): E<'deadline_approached'> => ({
    type: 'deadline_approached',
    key,
    firedAt,
    occurredAt: firedAt,
  }),
  passed: (key: DeadlineKey, firedAt: string): E<'deadline_passed'> => ({
    type: 'deadline_passed',
    key,
    firedAt,
    occurredAt: firedAt,
  }),
  escalated: (key: DeadlineKey, firedAt: string): E<'deadline_escalated'> => ({
    type: 'deadline_escalated',
    key,
    firedAt,
    occurredAt: firedAt,
  }),
};

/** One event of every type: the type makes the list complete, so "every event is refused" means every one. */
const ONE_OF_EACH: { [K in EventType]: E<K> } = {
  care_office_identified: ev.identified(),
  admission_reported_by_care_manager: ev.reportedByCm(),
  hospital_admission_joined: {
    type: 'hospital_admission_joined',
    ward: '5階西病棟',
    occurredAt: '2026-06-09T12:00:00+09:00',
  },
  admission_confirmed_by_hospital: {
    type: 'admission_confirmed_by_hospital',
    confirmedBy: '佐藤',
    occurredAt: '2026-06-09T12:00:00+09:00',
  },
  admission_denied_by_hospital: {
    type: 'admission_denied_by_hospital',
    deniedBy: '佐藤',
    occurredAt: '2026-06-09T12:00:00+09:00',
  },
  admission_acknowledged: ev.acknowledged(),
  information_sheet_provided: ev.sheet(),
  information_sheet_not_needed_agreed: {
    type: 'information_sheet_not_needed_agreed',
    agreedWith: { name: '佐藤', role: '退院調整看護師' },
    by: 'hospital',
    occurredAt: '2026-06-09T12:00:00+09:00',
  },
  brought_into_rule_scope: { type: 'brought_into_rule_scope', occurredAt: '2026-06-09T12:00:00+09:00' },
  eligibility_screened: ev.screened(80, ['eating']),
  insurance_application_supported: ev.applicationSupported('hospital', 'center-1'),
  care_manager_assigned: ev.assigned(),
  care_manager_contacted_hospital: ev.contacted(),
  care_level_change_needed: ev.careLevelChange(),
  treatment_plan_shared: ev.treatmentPlan(),
  discharge_difficulty_screened: ev.difficulty(true),
  patient_family_interviewed: ev.interviewed(),
  discharge_planning_started: ev.planning(),
  discharge_information_shared: ev.infoShared(),
  conference_scheduled: ev.conferenceScheduled(),
  conference_held: ev.conferenceHeld(),
  discharged: ev.discharged(),
  transferred: ev.transferred(),
  died: ev.died(),
  admission_cancelled: ev.cancelled(),
  admission_plan_cancelled: { type: 'admission_plan_cancelled', occurredAt: '2026-06-09T12:00:00+09:00' },
  admission_plan_changed: {
    type: 'admission_plan_changed',
    expectedAdmissionDate: '2026-06-20',
    ward: null,
    occurredAt: '2026-06-09T12:00:00+09:00',
  },
  admitted: plannedAdmissionTookPlace('2026-06-09T12:00:00+09:00'),
  nursing_summary_sent: ev.nursingSummary(),
  ward_changed: ev.wardChanged(),
  care_plan_copy_sent: ev.carePlanCopy(),
  // Past the days a closed stay still takes it (machines/dischargeRecord.ts, test/machines/dischargeRecord.test.ts).
  discharge_record_filed: {
    type: 'discharge_record_filed',
    record: SAMPLE_RECORD,
    occurredAt: '2026-09-01T10:00:00+09:00',
  },
  notice_delivered: ev.delivered(),
  deadline_approached: ev.approached('informationSheet', SHEET_REMIND),
  deadline_passed: ev.passed('informationSheet', SHEET_DUE),
  deadline_escalated: ev.escalated('informationSheet', SHEET_ESCALATE),
};

/** Applies an event the rule must allow now; fails the test if it is refused. */
function step(from: StoredSnapshot, event: HospitalizationEvent): Step {
  expect(accepts(from, event), `${event.type} should be accepted in ${JSON.stringify(from.value)}`).toBe(true);
  return apply(from, event);
}

/** Several accepted events; the last step (state and effects of the last event). */
function run(from: StoredSnapshot, ...events: HospitalizationEvent[]): Step {
  let last: Step | null = null;
  let s = from;
  for (const e of events) {
    last = step(s, e);
    s = last.snapshot;
  }
  return last!;
}

// Effects as the engine receives them.
const openTask = (task: TaskKind): Effect => ({ type: 'openTask', task });
const closeTask = (task: TaskKind): Effect => ({ type: 'closeTask', task });
const sendNotice = (
  notice: NoticeKind,
  opts: Partial<Omit<Extract<Effect, { type: 'sendNotice' }>, 'type' | 'notice'>> = {},
): Effect => ({ type: 'sendNotice', notice, to: 'careOffice', task: null, urgent: false, deadline: null, ...opts });
/** A③ carries the 退院・退所情報記録書 as the care manager's task until one is filed. */
const RECORD_TASK = { task: 'file_discharge_record' } as const;
const DISCHARGE_START_WITH_RECORD: Effect[] = [
  { type: 'openTask', task: 'file_discharge_record' },
  sendNotice('discharge_start_notice', RECORD_TASK),
];
const notices = (s: Step) =>
  s.effects.filter((e): e is Extract<Effect, { type: 'sendNotice' }> => e.type === 'sendNotice');
const deadline = (s: StoredSnapshot, key: DeadlineKey): Deadline | undefined =>
  s.context.deadlines.find((d) => d.key === key);
const ASSIGNMENT_DEADLINE_SET: Effect = {
  type: 'setDeadline',
  key: 'careManagerAssignment',
  dueAt: ASSIGN_DUE,
  remindAt: ASSIGN_REMIND,
  escalateAt: ASSIGN_ESCALATE,
};
const CONTACT_DEADLINE_SET: Effect = {
  type: 'setDeadline',
  key: 'careManagerHospitalContact',
  dueAt: CONTACT_DUE,
  remindAt: CONTACT_REMIND,
  escalateAt: CONTACT_ESCALATE,
};
const ALL_TASKS_CLOSED: Effect[] = [
  closeTask('acknowledge_admission'),
  closeTask('report_information_sheet'),
  closeTask('report_hospital_contact'),
  closeTask('confirm_care_plan_copy'),
];

// Route A, reached the ordinary way.
const atAdmissionNotice = () => admit(ROUTE_A()).snapshot;
const atInformationProvision = () => run(atAdmissionNotice(), ev.acknowledged()).snapshot;
const atInpatientCoordination = () => run(atInformationProvision(), ev.sheet()).snapshot;
const atDischargeStart = () => run(atInpatientCoordination(), ev.planning()).snapshot;
const atPreDischargeConference = () => run(atDischargeStart(), ev.delivered(), ev.conferenceScheduled()).snapshot;

// Route B, reached the ordinary way.
const atEligibilityScreening = () => admit(ROUTE_B()).snapshot;
const atInsuranceApplication = () => run(atEligibilityScreening(), ev.screened(80, ['standing_walking'])).snapshot;
const atCareManagerAssignment = () => run(atInsuranceApplication(), ev.applicationSupported('family')).snapshot;
const atCareManagerContact = () => run(atCareManagerAssignment(), ev.assigned('care', 'home_care_office')).snapshot;
const atRouteBCoordination = () => run(atCareManagerContact(), ev.contacted()).snapshot;

describe('§2(3) who is in scope, and which route', () => {
  it('§2(3)① a patient with a care office is route A and starts at the admission notice', () => {
    const s = admit(ROUTE_A());
    expect(s.snapshot.context.route).toBe('A');
    expect(s.state).toBe('admissionNotice');
    expect(s.snapshot.value).toEqual({ stay: 'admissionNotice' });
  });

  it('§2(3)① used services before admission but the care office is unknown: still route A', () => {
    const s = admit(ROUTE_A_UNKNOWN_CM());
    expect(s.snapshot.context.route).toBe('A');
    expect(s.state).toBe('admissionNotice');
  });

  it('§2(3)① a care office named at admission makes route A even when usedCareServices is false', () => {
    const s = admit(admission({ usedCareServices: false }));
    expect(s.snapshot.context.route).toBe('A');
  });

  it('§2(3)②③ no services and no care office: route B, starting at the insurance-application screening', () => {
    const s = admit(ROUTE_B());
    expect(s.snapshot.context.route).toBe('B');
    expect(s.state).toBe('eligibilityScreening');
    // Nobody to tell yet, and no information sheet to ask for.
    expect(notices(s)).toEqual([]);
    expect(s.effects.filter((e) => e.type === 'openTask')).toEqual([]);
    expect(deadline(s.snapshot, 'informationSheet')).toBeUndefined();
  });

  it('入退院支援加算: every stay opens the hospital-owned discharge-difficulty screening deadline (7 days, no reminder by mail)', () => {
    for (const input of [ROUTE_A(), ROUTE_B()]) {
      const s = admit(input);
      expect(s.effects[0]).toEqual({
        type: 'setDeadline',
        key: 'dischargeDifficultyScreening',
        dueAt: SCREENING_DUE,
        remindAt: null,
        escalateAt: '2026-06-17T00:00:00.000Z',
      });
      expect(deadline(s.snapshot, 'dischargeDifficultyScreening')).toMatchObject({
        owner: 'hospital',
        status: 'open',
        dueAt: SCREENING_DUE,
      });
    }
  });

  it('the rule in force at admission is copied into the case, with the patient, ward and hospital', () => {
    const { context } = admit(ROUTE_A()).snapshot;
    expect(context).toMatchObject({
      caseId: 'case-1',
      hospitalId: 'sanda-shimin',
      careOfficeId: OFFICE,
      officeKind: 'home_care_office',
      admittedAt: ADMITTED_AT,
      ward: '5階東',
      rule: SANDA,
      firstInformedBy: 'hospital',
      admissionAcknowledgedAt: null,
      informationSheet: null,
      discharge: null,
      leak: null,
      noExchangeBeforeDischarge: false,
      closedReason: null,
    });
    expect(context.rule.dischargeStartLeadDays).toBe(3);
    expect(context.rule.carePlanCopyDays).toBe(14);
  });
});

describe('A① 入院時の連絡 and the information sheet', () => {
  it('A① the hospital learns first: admission notice to the care office with an acknowledge task, sheet due in 3 days', () => {
    const s = admit(ROUTE_A());
    expect(s.state).toBe('admissionNotice');
    expect(s.effects.slice(1)).toEqual([
      {
        type: 'setDeadline',
        key: 'informationSheet',
        dueAt: SHEET_DUE,
        remindAt: SHEET_REMIND,
        escalateAt: SHEET_ESCALATE,
      },
      openTask('report_information_sheet'),
      openTask('acknowledge_admission'),
      sendNotice('admission_notice', { task: 'acknowledge_admission' }),
    ]);
    const sheet = deadline(s.snapshot, 'informationSheet')!;
    expect(sheet).toMatchObject({ owner: 'care_office', status: 'open', metAt: null });
    expect(sheet.reason).toContain('3日以内');
    expect(isFinal(s.snapshot)).toBe(false);
  });

  it('A① the care manager learns first (firstInformedBy care_manager): no admission notice, straight to informationProvision; the hospital is told instead', () => {
    const s = admit(admission({ firstInformedBy: 'care_manager' }));
    expect(s.state).toBe('informationProvision');
    expect(notices(s).map((n) => `${n.notice}→${n.to}`)).toEqual(['admission_reported_notice→hospitalWindow']);
    expect(s.effects).not.toContainEqual(openTask('acknowledge_admission'));
    // The sheet is still owed by the care manager.
    expect(s.effects).toContainEqual(openTask('report_information_sheet'));
    expect(deadline(s.snapshot, 'informationSheet')).toMatchObject({ dueAt: SHEET_DUE, status: 'open' });
    expect(s.snapshot.context.admissionAcknowledgedAt).toBe(ADMITTED_AT);
    expect(s.snapshot.context.firstInformedBy).toBe('care_manager');
  });

  it("A① the care manager acknowledges the hospital's notice: informationProvision, acknowledge task closed", () => {
    const s = step(atAdmissionNotice(), ev.acknowledged('2026-06-09T14:00:00+09:00'));
    expect(s.state).toBe('informationProvision');
    expect(s.effects).toEqual([closeTask('acknowledge_admission')]);
    expect(s.snapshot.context.admissionAcknowledgedAt).toBe('2026-06-09T14:00:00+09:00');
    expect(deadline(s.snapshot, 'informationSheet')!.status).toBe('open');
  });

  it('A① the care manager also calls the hospital (admission_reported_by_care_manager): counts as the acknowledgement', () => {
    const s = step(atAdmissionNotice(), ev.reportedByCm('2026-06-09T13:00:00+09:00'));
    expect(s.state).toBe('informationProvision');
    expect(s.effects).toEqual([closeTask('acknowledge_admission')]);
    expect(s.snapshot.context.admissionAcknowledgedAt).toBe('2026-06-09T13:00:00+09:00');
  });

  it('A① acknowledging twice is refused: the acknowledgement is a step, not a counter', () => {
    expect(accepts(atInformationProvision(), ev.acknowledged('2026-06-09T15:00:00+09:00'))).toBe(false);
  });

  it('A① information sheet within 3 days: met, task closed, inpatientCoordination, the means kept', () => {
    const s = step(atInformationProvision(), ev.sheet('2026-06-10T11:00:00+09:00', 'fax'));
    expect(s.state).toBe('inpatientCoordination');
    expect(s.effects).toEqual([
      { type: 'clearDeadline', key: 'informationSheet' },
      closeTask('report_information_sheet'),
      closeTask('acknowledge_admission'),
    ]);
    expect(s.snapshot.context.informationSheet).toEqual({ at: '2026-06-10T11:00:00+09:00', means: 'fax' });
    expect(deadline(s.snapshot, 'informationSheet')).toMatchObject({
      status: 'met',
      metAt: '2026-06-10T11:00:00+09:00',
    });
  });

  it('A① an information sheet before any acknowledgement counts as the acknowledgement', () => {
    const s = step(atAdmissionNotice(), ev.sheet('2026-06-09T16:00:00+09:00'));
    expect(s.state).toBe('inpatientCoordination');
    expect(s.snapshot.context.admissionAcknowledgedAt).toBe('2026-06-09T16:00:00+09:00');
    expect(s.effects).toContainEqual(closeTask('acknowledge_admission'));
    expect(deadline(s.snapshot, 'informationSheet')!.status).toBe('met');
  });

  it('A① a second information sheet does not change the first or its deadline (regression)', () => {
    const first = atInpatientCoordination();
    const before = deadline(first, 'informationSheet')!;
    const second = step(first, ev.sheet('2026-06-13T11:00:00+09:00', 'mail'));
    expect(second.state).toBe('inpatientCoordination');
    expect(second.snapshot.context.informationSheet).toEqual({
      at: '2026-06-10T11:00:00+09:00',
      means: 'face_to_face',
    });
    expect(deadline(second.snapshot, 'informationSheet')).toEqual(before);
    expect(before).toMatchObject({ status: 'met', metAt: '2026-06-10T11:00:00+09:00' });
    expect(second.effects).toEqual([]);
  });

  it('A① care manager unknown: the hospital owns a careManagerIdentification deadline of 1 business day; nobody is notified', () => {
    const s = admit(ROUTE_A_UNKNOWN_CM());
    expect(s.state).toBe('admissionNotice');
    expect(s.effects.slice(1)).toEqual([
      {
        type: 'setDeadline',
        key: 'careManagerIdentification',
        dueAt: IDENTIFY_DUE,
        remindAt: null,
        escalateAt: IDENTIFY_ESCALATE,
      },
    ]);
    const d = deadline(s.snapshot, 'careManagerIdentification')!;
    expect(d).toMatchObject({ owner: 'hospital', status: 'open' });
    expect(d.reason).toContain('地域包括支援センター');
    expect(deadline(s.snapshot, 'informationSheet')).toBeUndefined();
  });

  it('A① care manager identified in time: identification met, the admission notice goes and the sheet deadline opens', () => {
    const s = step(admit(ROUTE_A_UNKNOWN_CM()).snapshot, ev.identified('office-2', '2026-06-10T11:00:00+09:00'));
    expect(s.state).toBe('admissionNotice');
    expect(s.snapshot.context.careOfficeId).toBe('office-2');
    expect(deadline(s.snapshot, 'careManagerIdentification')).toMatchObject({
      status: 'met',
      metAt: '2026-06-10T11:00:00+09:00',
    });
    // The sheet is counted from the admission, not from the identification.
    expect(deadline(s.snapshot, 'informationSheet')).toMatchObject({
      status: 'open',
      dueAt: SHEET_DUE,
      owner: 'care_office',
    });
    expect(s.effects).toEqual([
      {
        type: 'setDeadline',
        key: 'informationSheet',
        dueAt: SHEET_DUE,
        remindAt: SHEET_REMIND,
        escalateAt: SHEET_ESCALATE,
      },
      { type: 'clearDeadline', key: 'careManagerIdentification' },
      openTask('acknowledge_admission'),
      openTask('report_information_sheet'),
      sendNotice('admission_notice', { task: 'acknowledge_admission' }),
    ]);
  });

  it('A① care manager identified after the business day: identification late', () => {
    const s = step(admit(ROUTE_A_UNKNOWN_CM()).snapshot, ev.identified('office-2', '2026-06-11T09:00:00+09:00'));
    expect(deadline(s.snapshot, 'careManagerIdentification')).toMatchObject({
      status: 'late',
      metAt: '2026-06-11T09:00:00+09:00',
    });
    expect(notices(s).map((n) => n.notice)).toEqual(['admission_notice']);
  });

  it('A① identification overdue, the region administrator told only after the escalation time; then identified late', () => {
    const start = admit(ROUTE_A_UNKNOWN_CM()).snapshot;
    // Not overdue yet: nothing to escalate.
    expect(accepts(start, ev.escalated('careManagerIdentification', IDENTIFY_ESCALATE))).toBe(false);
    const passed = step(start, ev.passed('careManagerIdentification', IDENTIFY_DUE));
    // The hospital owns it: no overdue notice to a care office.
    expect(passed.effects).toEqual([]);
    expect(deadline(passed.snapshot, 'careManagerIdentification')!.status).toBe('overdue');
    const escalated = step(passed.snapshot, ev.escalated('careManagerIdentification', IDENTIFY_ESCALATE));
    expect(escalated.effects).toEqual([
      sendNotice('escalation_notice', { to: 'regionAdministrator', deadline: 'careManagerIdentification' }),
    ]);
    const identified = step(escalated.snapshot, ev.identified('office-2', '2026-06-12T10:00:00+09:00'));
    expect(deadline(identified.snapshot, 'careManagerIdentification')).toMatchObject({
      status: 'late',
      metAt: '2026-06-12T10:00:00+09:00',
    });
  });

  it('A① the same care office identified again is refused; a different one is told in its place', () => {
    const atKnown = atAdmissionNotice();
    expect(accepts(atKnown, ev.identified(OFFICE))).toBe(false);
    const moved = step(atKnown, ev.identified('office-3', '2026-06-09T15:00:00+09:00'));
    expect(moved.snapshot.context.careOfficeId).toBe('office-3');
    expect(notices(moved)).toEqual([sendNotice('admission_notice', { task: 'acknowledge_admission' })]);
    expect(deadline(moved.snapshot, 'informationSheet')).toMatchObject({ status: 'open', dueAt: SHEET_DUE });
    expect(moved.snapshot.context.deadlines.filter((d) => d.key === 'informationSheet')).toHaveLength(1);
  });

  it("A① the 3 days are counted on the care office's calendar: after-hours admission, day 3 closed → the day after counts", () => {
    // Admitted Tuesday 19:00, after an office that closes at 18:00 and does not open on Thursdays.
    const s = admit(
      admission({
        occurredAt: '2026-06-09T19:00:00+09:00',
        officeHours: { open: '09:00', close: '18:00', closedDays: ['thu', 'sat', 'sun', 'holiday'] },
      }),
    );
    expect(deadline(s.snapshot, 'informationSheet')!.dueAt).toBe('2026-06-12T15:00:00.000Z');
    // An office open on Thursday: day 3 (Thursday) is the last day.
    expect(
      deadline(admit(admission({ occurredAt: '2026-06-09T19:00:00+09:00' })).snapshot, 'informationSheet')!.dueAt,
    ).toBe(SHEET_DUE);
  });

  it('A① care manager identified after discharge planning began is still accepted (the hospital must still tell them)', () => {
    // Sanda A①: the hospital tells the care manager as soon as it learns who it is; a late answer
    // from the support center does not make the fact any less true.
    const planning = run(
      admit(ROUTE_A_UNKNOWN_CM()).snapshot,
      ev.planning('2026-06-26', '2026-06-12T10:00:00+09:00'),
    ).snapshot;
    const identified = ev.identified('office-2', '2026-06-15T10:00:00+09:00');
    expect(accepts(planning, identified)).toBe(true);
    expect(apply(planning, identified).snapshot.context.careOfficeId).toBe('office-2');
  });

  it('A① a care manager found after discharge planning began is told what they missed: the admission, the sheet, the discharge start', () => {
    const planning = run(
      admit(ROUTE_A_UNKNOWN_CM()).snapshot,
      ev.planning('2026-06-26', '2026-06-12T10:00:00+09:00'),
    ).snapshot;
    const s = step(planning, ev.identified('office-2', '2026-06-15T10:00:00+09:00'));
    expect(s.effects.filter((e) => e.type === 'openTask' || e.type === 'sendNotice')).toEqual([
      openTask('acknowledge_admission'),
      sendNotice('admission_notice', { task: 'acknowledge_admission' }),
      openTask('report_information_sheet'),
      ...DISCHARGE_START_WITH_RECORD,
    ]);
  });

  it('A① a care office changed after the first acknowledged, sent the sheet and filed the record: the new one is not asked again', () => {
    const s0 = run(
      admit(ROUTE_A_UNKNOWN_CM()).snapshot,
      ev.acknowledged('2026-06-10T09:00:00+09:00'),
      ev.sheet(),
    ).snapshot;
    const s = step(s0, ev.identified('office-2', '2026-06-15T10:00:00+09:00'));
    expect(s.effects.filter((e) => e.type === 'openTask' || e.type === 'sendNotice')).toEqual([]);
    // Discharge planning under way and the record filed: only the discharge-start notice, without the record task.
    const planned = run(s.snapshot, ev.planning('2026-06-26', '2026-06-16T10:00:00+09:00'), {
      type: 'discharge_record_filed',
      record: SAMPLE_RECORD,
      occurredAt: '2026-06-17T09:00:00+09:00',
    }).snapshot;
    const t = step(planned, ev.identified('office-3', '2026-06-18T10:00:00+09:00'));
    expect(t.effects.filter((e) => e.type === 'openTask' || e.type === 'sendNotice')).toEqual([
      sendNotice('discharge_start_notice'),
    ]);
  });
});

describe('A② 入院中の連携', () => {
  it('転棟 (ADT^A02): a ward change at any step of the stay records the new ward and tells nobody', () => {
    const steps = [
      [atAdmissionNotice(), 'admissionNotice'],
      [atEligibilityScreening(), 'eligibilityScreening'],
      [atInpatientCoordination(), 'inpatientCoordination'],
      [atDischargeStart(), 'dischargeStart'],
    ] as const;
    for (const [at, state] of steps) {
      const s = step(at, ev.wardChanged('HCU'));
      expect(s.state).toBe(state);
      expect(s.effects).toEqual([]);
      expect(s.snapshot.context.ward).toBe('HCU');
    }
  });

  it('転棟: a ward change after the discharge is refused (the stay has left the ward)', () => {
    const out = run(atDischargeStart(), ev.discharged());
    expect(accepts(out.snapshot, ev.wardChanged('HCU'))).toBe(false);
  });

  it('A② a care-level change application looks necessary: the care office is told, the fact kept', () => {
    const s = step(atInpatientCoordination(), ev.careLevelChange('2026-06-12T10:00:00+09:00'));
    expect(s.state).toBe('inpatientCoordination');
    expect(s.effects).toEqual([sendNotice('care_level_change_notice')]);
    expect(s.snapshot.context.careLevelChange).toEqual([{ at: '2026-06-12T10:00:00+09:00' }]);
  });

  it('A② treatment direction and expected length of stay shared from admission on: treatment_plan_notice each time', () => {
    const first = step(atInformationProvision(), ev.treatmentPlan(18, '2026-06-10T15:00:00+09:00'));
    expect(first.state).toBe('informationProvision');
    // The expected length of stay also opens the hospital's discharge-start deadline (dischargeStartDeadline.test.ts).
    expect(first.effects).toEqual([
      expect.objectContaining({ type: 'setDeadline', key: 'dischargeStartNotice' }),
      sendNotice('treatment_plan_notice'),
    ]);
    const second = step(first.snapshot, ev.treatmentPlan(null, '2026-06-16T15:00:00+09:00'));
    expect(second.effects).toEqual([sendNotice('treatment_plan_notice')]);
    expect(second.snapshot.context.treatmentPlans).toEqual([
      { at: '2026-06-10T15:00:00+09:00', expectedLengthOfStayDays: 18 },
      { at: '2026-06-16T15:00:00+09:00', expectedLengthOfStayDays: null },
    ]);
  });

  it('入退院支援加算: screening within 7 days is met; a difficult patient opens the 7-day patient/family interview deadline', () => {
    const s = step(atInpatientCoordination(), ev.difficulty(true, '2026-06-11T16:00:00+09:00'));
    expect(deadline(s.snapshot, 'dischargeDifficultyScreening')).toMatchObject({
      status: 'met',
      metAt: '2026-06-11T16:00:00+09:00',
    });
    expect(s.snapshot.context.dischargeDifficulty).toEqual({
      screenedAt: '2026-06-11T16:00:00+09:00',
      difficult: true,
    });
    expect(s.effects).toEqual([
      { type: 'clearDeadline', key: 'dischargeDifficultyScreening' },
      {
        type: 'setDeadline',
        key: 'patientFamilyInterview',
        dueAt: SCREENING_DUE,
        remindAt: null,
        escalateAt: '2026-06-17T00:00:00.000Z',
      },
    ]);
    const interviewed = step(s.snapshot, ev.interviewed('2026-06-14T10:00:00+09:00'));
    expect(deadline(interviewed.snapshot, 'patientFamilyInterview')).toMatchObject({
      status: 'met',
      owner: 'hospital',
    });
    expect(interviewed.snapshot.context.patientFamilyInterviewAt).toBe('2026-06-14T10:00:00+09:00');
  });

  it('入退院支援加算: a patient screened as not difficult needs no interview deadline', () => {
    const s = step(atInpatientCoordination(), ev.difficulty(false));
    expect(deadline(s.snapshot, 'patientFamilyInterview')).toBeUndefined();
    expect(s.effects).toEqual([{ type: 'clearDeadline', key: 'dischargeDifficultyScreening' }]);
  });
});

describe('A③ 退院調整開始の連絡', () => {
  it('A③ discharge planning started: the discharge-start notice goes to the care office, with the lead days kept', () => {
    const s = step(atInpatientCoordination(), ev.planning('2026-06-26', '2026-06-19T10:00:00+09:00'));
    expect(s.state).toBe('dischargeStart');
    expect(s.effects).toEqual(DISCHARGE_START_WITH_RECORD);
    expect(s.snapshot.context.dischargePlanning).toEqual({
      startedAt: '2026-06-19T10:00:00+09:00',
      expectedDischargeDate: '2026-06-26',
      leadDays: 7,
    });
  });

  it('A③ a new expected discharge date sends the notice again and keeps when planning first started', () => {
    const s = step(atDischargeStart(), ev.planning('2026-06-24', '2026-06-20T10:00:00+09:00'));
    expect(s.state).toBe('dischargeStart');
    expect(s.effects).toEqual(DISCHARGE_START_WITH_RECORD);
    expect(s.snapshot.context.dischargePlanning).toEqual({
      startedAt: '2026-06-19T10:00:00+09:00',
      expectedDischargeDate: '2026-06-24',
      leadDays: 4,
    });
  });

  it('A③ the delivery of the discharge-start notice is recorded once, the first delivery; other deliveries are refused', () => {
    const first = step(atDischargeStart(), ev.delivered('discharge_start_notice', '2026-06-19T10:05:00+09:00'));
    expect(first.effects).toEqual([]);
    expect(first.snapshot.context.dischargeStartNoticeDeliveredAt).toBe('2026-06-19T10:05:00+09:00');
    const again = step(first.snapshot, ev.delivered('discharge_start_notice', '2026-06-20T10:05:00+09:00'));
    expect(again.snapshot.context.dischargeStartNoticeDeliveredAt).toBe('2026-06-19T10:05:00+09:00');
    expect(accepts(first.snapshot, ev.delivered('admission_notice'))).toBe(false);
  });

  it('A③ discharge planning before the information sheet: the notice still goes, the sheet deadline stays open', () => {
    const s = step(atAdmissionNotice(), ev.planning('2026-06-20', '2026-06-10T10:00:00+09:00'));
    expect(s.state).toBe('dischargeStart');
    expect(s.effects).toEqual(DISCHARGE_START_WITH_RECORD);
    expect(deadline(s.snapshot, 'informationSheet')!.status).toBe('open');
  });
});

describe('A④ 退院前調整', () => {
  it('A④ a conference scheduled: the care office is told the date and place; another conference, another notice', () => {
    const s = step(
      atDischargeStart(),
      ev.conferenceScheduled('2026-06-24T14:00:00+09:00', '2026-06-22T10:00:00+09:00'),
    );
    expect(s.state).toBe('preDischargeConference');
    expect(s.effects).toEqual([sendNotice('conference_notice')]);
    expect(s.snapshot.context.conferences).toEqual([
      {
        at: '2026-06-24T14:00:00+09:00',
        place: '3階 カンファレンス室',
        online: false,
        heldAt: null,
        kind: 'pre_discharge',
        participants: [],
      },
    ]);
    const extra = step(s.snapshot, ev.conferenceScheduled('2026-06-25T14:00:00+09:00', '2026-06-23T10:00:00+09:00'));
    expect(extra.effects).toEqual([sendNotice('conference_notice')]);
    expect(extra.snapshot.context.conferences).toHaveLength(2);
  });

  it('A④ a conference held fills in the scheduled one with who attended', () => {
    const s = step(atPreDischargeConference(), ev.conferenceHeld('2026-06-24T15:00:00+09:00'));
    expect(s.state).toBe('preDischargeConference');
    expect(s.effects).toEqual([]);
    expect(s.snapshot.context.conferences).toHaveLength(1);
    expect(s.snapshot.context.conferences[0]).toMatchObject({
      at: '2026-06-24T14:00:00+09:00',
      heldAt: '2026-06-24T15:00:00+09:00',
      participants: [
        { profession: 'physician', side: 'hospital' },
        { profession: 'nurse', side: 'hospital' },
        { profession: 'care_manager', side: 'home' },
      ],
    });
  });

  it('A④ a conference held without being scheduled first is still recorded', () => {
    const s = step(atDischargeStart(), ev.conferenceHeld('2026-06-23T15:00:00+09:00'));
    expect(s.state).toBe('preDischargeConference');
    expect(s.snapshot.context.conferences).toEqual([
      expect.objectContaining({ at: '2026-06-23T15:00:00+09:00', heldAt: '2026-06-23T15:00:00+09:00', place: null }),
    ]);
  });

  it('A④ information shared without a conference is kept as an exchange', () => {
    const s = step(atDischargeStart(), ev.infoShared('phone', '2026-06-22T10:00:00+09:00'));
    expect(s.state).toBe('dischargeStart');
    expect(s.snapshot.context.infoExchanges).toEqual([{ at: '2026-06-22T10:00:00+09:00', method: 'phone' }]);
  });

  it('A④ a conference scheduled before discharge planning was reported: planning has started then, the discharge-start notice goes with the conference notice', () => {
    const s = step(atInpatientCoordination(), ev.conferenceScheduled());
    expect(s.state).toBe('preDischargeConference');
    expect(notices(s)).toEqual([sendNotice('discharge_start_notice', RECORD_TASK), sendNotice('conference_notice')]);
    expect(s.snapshot.context.dischargePlanning).toEqual({
      startedAt: '2026-06-22T10:00:00+09:00',
      expectedDischargeDate: null,
      leadDays: null,
      impliedBy: 'conference_scheduled',
    });
    expect(s.snapshot.context.conferences).toHaveLength(1);
  });

  it('A④ a conference held before discharge planning was reported (③ never sent on its own): planning started then, the care office told', () => {
    const s = step(atAdmissionNotice(), ev.conferenceHeld());
    expect(s.state).toBe('preDischargeConference');
    expect(notices(s)).toEqual([sendNotice('discharge_start_notice', RECORD_TASK)]);
    expect(s.snapshot.context.dischargePlanning).toMatchObject({
      startedAt: '2026-06-24T15:00:00+09:00',
      impliedBy: 'conference_held',
    });
    expect(s.snapshot.context.conferences[0]!.heldAt).toBe('2026-06-24T15:00:00+09:00');
    // The discharge is then a planned one, not a sudden one.
    const home = step(s.snapshot, ev.discharged('home', true, '2026-06-26T10:00:00+09:00'));
    expect(home.snapshot.context.discharge!.sudden).toBe(false);
  });

  it('A③ ③ arriving after a conference implied it: the date is filled in, the start stays the earlier one', () => {
    const implied = step(atInpatientCoordination(), ev.conferenceScheduled()).snapshot;
    const s = step(implied, ev.planning('2026-06-26', '2026-06-23T10:00:00+09:00'));
    expect(s.state).toBe('preDischargeConference');
    expect(s.effects).toEqual(DISCHARGE_START_WITH_RECORD);
    expect(s.snapshot.context.dischargePlanning).toEqual({
      startedAt: '2026-06-22T10:00:00+09:00',
      expectedDischargeDate: '2026-06-26',
      leadDays: 3,
      impliedBy: 'conference_scheduled',
    });
  });
});

describe('A⑤ 退院時・退院後の情報提供', () => {
  it('A⑤ discharged home after planning: discharge notice with the care-plan-copy task and a 14-day deadline; stay deadlines waived', () => {
    const before = run(atPreDischargeConference(), ev.conferenceHeld()).snapshot;
    expect(deadline(before, 'dischargeDifficultyScreening')!.status).toBe('open');
    const s = step(before, ev.discharged('home', false));
    expect(s.state).toBe('discharged');
    expect(s.effects).toEqual([
      { type: 'clearDeadline', key: 'dischargeDifficultyScreening' },
      openTask('confirm_care_plan_copy'),
      { type: 'setDeadline', key: 'carePlanCopy', dueAt: COPY_DUE, remindAt: COPY_REMIND, escalateAt: COPY_ESCALATE },
      sendNotice('discharge_notice', { task: 'confirm_care_plan_copy' }),
    ]);
    expect(deadline(s.snapshot, 'dischargeDifficultyScreening')!.status).toBe('waived');
    expect(deadline(s.snapshot, 'carePlanCopy')).toMatchObject({ owner: 'care_office', status: 'open' });
    expect(s.snapshot.context.discharge).toEqual({
      at: DISCHARGED_AT,
      destination: 'home',
      nursingSummarySentAt: null,
      sudden: false,
    });
  });

  it('A⑤ the nursing summary, then the care-plan copy within 14 days: met, task closed, closed as completed', () => {
    const discharged = run(atPreDischargeConference(), ev.discharged('home', false)).snapshot;
    const summary = step(discharged, ev.nursingSummary('2026-06-26T16:00:00+09:00'));
    expect(summary.state).toBe('carePlanCopy');
    expect(summary.snapshot.context.discharge!.nursingSummarySentAt).toBe('2026-06-26T16:00:00+09:00');
    const copy = step(summary.snapshot, ev.carePlanCopy('2026-07-03T12:00:00+09:00'));
    expect(copy.state).toBe('closed');
    expect(isFinal(copy.snapshot)).toBe(true);
    expect(copy.snapshot.context.closedReason).toBe('completed');
    expect(copy.snapshot.context.carePlanCopySentAt).toBe('2026-07-03T12:00:00+09:00');
    expect(deadline(copy.snapshot, 'carePlanCopy')).toMatchObject({
      status: 'met',
      metAt: '2026-07-03T12:00:00+09:00',
    });
    expect(copy.effects.slice(0, 2)).toEqual([
      { type: 'clearDeadline', key: 'carePlanCopy' },
      closeTask('confirm_care_plan_copy'),
    ]);
  });

  it('A⑤ the nursing summary sent at discharge: straight to carePlanCopy', () => {
    const s = step(atPreDischargeConference(), ev.discharged('home', true));
    expect(s.state).toBe('carePlanCopy');
    expect(s.snapshot.context.discharge!.nursingSummarySentAt).toBe(DISCHARGED_AT);
  });

  it('A⑤ the care-plan copy before the nursing summary: recorded; the case closes when the summary comes', () => {
    const discharged = run(atPreDischargeConference(), ev.discharged('home', false)).snapshot;
    const copy = step(discharged, ev.carePlanCopy('2026-06-29T12:00:00+09:00'));
    expect(copy.state).toBe('discharged');
    expect(deadline(copy.snapshot, 'carePlanCopy')!.status).toBe('met');
    const summary = step(copy.snapshot, ev.nursingSummary('2026-06-30T09:00:00+09:00'));
    expect(summary.state).toBe('closed');
    expect(summary.snapshot.context.closedReason).toBe('completed');
  });

  it('A⑤ a care-plan copy after 14 days is late', () => {
    const atCopy = run(atPreDischargeConference(), ev.discharged('home', true)).snapshot;
    const copy = step(atCopy, ev.carePlanCopy('2026-07-11T09:00:00+09:00'));
    expect(deadline(copy.snapshot, 'carePlanCopy')).toMatchObject({
      status: 'late',
      metAt: '2026-07-11T09:00:00+09:00',
    });
    expect(copy.snapshot.context.closedReason).toBe('completed');
  });

  it('A⑤ a sudden discharge (no planning): the care office is told at once (urgent), and it is a leak', () => {
    const s = step(atInpatientCoordination(), ev.discharged('home', false, '2026-06-12T10:00:00+09:00'));
    expect(notices(s)).toEqual([
      sendNotice('sudden_discharge_notice', { task: 'confirm_care_plan_copy', urgent: true }),
    ]);
    expect(s.snapshot.context.discharge!.sudden).toBe(true);
    expect(s.snapshot.context.leak?.reason).toBe('no_discharge_start_notice');
  });

  it('A⑤ no care manager at discharge: nobody to send a care plan; the case closes once the summary is given', () => {
    const discharged = step(
      admit(ROUTE_A_UNKNOWN_CM()).snapshot,
      ev.discharged('home', false, '2026-06-12T10:00:00+09:00'),
    );
    expect(discharged.state).toBe('discharged');
    expect(notices(discharged)).toEqual([]);
    expect(deadline(discharged.snapshot, 'carePlanCopy')).toBeUndefined();
    const closed = step(discharged.snapshot, ev.nursingSummary('2026-06-12T15:00:00+09:00'));
    expect(closed.state).toBe('closed');
    expect(closed.snapshot.context.closedReason).toBe('completed');
  });
});

describe('B① 介護保険申請の支援', () => {
  it('B① 65 or over with one of the 7 criteria: guided to apply, the reason cites the criterion', () => {
    const s = step(
      atEligibilityScreening(),
      ev.screened(80, ['standing_walking'], null, false, '2026-06-10T10:00:00+09:00'),
    );
    expect(s.state).toBe('insuranceApplication');
    expect(s.effects).toEqual([]);
    expect(s.snapshot.context.eligibility).toEqual({
      guideToApplication: true,
      reasons: ['目安: 立ち上がりや歩行などに介助が必要'],
      screenedAt: '2026-06-10T10:00:00+09:00',
      age: 80,
      criteria: ['standing_walking'],
      specifiedDisease: null,
    });
  });

  it('B① 65 or over with no criterion but a wish to use services: guided to apply', () => {
    const s = step(atEligibilityScreening(), ev.screened(72, [], null, true));
    expect(s.state).toBe('insuranceApplication');
    expect(s.snapshot.context.eligibility!.reasons.join()).toContain('希望');
  });

  it('B① 65 or over with no criterion and no wish: closed as not_eligible, with the reason', () => {
    const s = step(atEligibilityScreening(), ev.screened(70, [], null, false));
    expect(s.state).toBe('closed');
    expect(s.snapshot.context.closedReason).toBe('not_eligible');
    expect(s.snapshot.context.eligibility).toMatchObject({ guideToApplication: false, age: 70 });
    expect(s.snapshot.context.eligibility!.reasons[0]).toContain('いずれにも該当せず');
    expect(notices(s)).toEqual([]);
    // Closing leaves nothing open behind it.
    expect(deadline(s.snapshot, 'dischargeDifficultyScreening')!.status).toBe('waived');
    expect(s.effects).toEqual(expect.arrayContaining(ALL_TASKS_CLOSED));
  });

  it('B① 40–64 with a specified disease and one of the states: guided, the disease named first', () => {
    const s = step(atEligibilityScreening(), ev.screened(58, ['toileting'], 'cerebrovascular_disease'));
    expect(s.state).toBe('insuranceApplication');
    expect(s.snapshot.context.eligibility!.reasons).toEqual([
      '特定疾病: 脳血管疾患',
      '目安: 排泄に介助が必要、またはポータブルトイレを使用中',
    ]);
  });

  it('B① 40–64 without a specified disease: not eligible even with the states', () => {
    const s = step(atEligibilityScreening(), ev.screened(58, ['toileting', 'eating'], null, true));
    expect(s.state).toBe('closed');
    expect(s.snapshot.context.closedReason).toBe('not_eligible');
    expect(s.snapshot.context.eligibility!.reasons.join()).toContain('特定疾病');
  });

  it('B① under 40: not insured, closed as not_eligible', () => {
    const s = step(atEligibilityScreening(), ev.screened(39, ['eating'], 'cerebrovascular_disease', true));
    expect(s.state).toBe('closed');
    expect(s.snapshot.context.eligibility!.reasons).toEqual(['40歳未満は介護保険の被保険者ではない']);
  });

  it('B① the family consults city hall or the support center themselves: no request from the hospital', () => {
    const s = step(atInsuranceApplication(), ev.applicationSupported('family', null, '2026-06-11T10:00:00+09:00'));
    expect(s.state).toBe('careManagerAssignment');
    expect(s.effects).toEqual([ASSIGNMENT_DEADLINE_SET]);
    expect(s.snapshot.context.applicationSupport).toEqual({
      at: '2026-06-11T10:00:00+09:00',
      by: 'family',
      supportCenterId: null,
    });
  });

  it('B① the family cannot: the hospital asks the community support center (support_center_request)', () => {
    const s = step(atInsuranceApplication(), ev.applicationSupported('hospital', 'center-1'));
    expect(s.state).toBe('careManagerAssignment');
    expect(s.effects).toEqual([sendNotice('support_center_request', { to: 'supportCenter' }), ASSIGNMENT_DEADLINE_SET]);
    expect(s.snapshot.context.applicationSupport).toMatchObject({ by: 'hospital', supportCenterId: 'center-1' });
  });

  it('B① hospital support without a named support center: recorded, no request to nobody', () => {
    const s = step(atInsuranceApplication(), ev.applicationSupported('hospital', null));
    expect(s.state).toBe('careManagerAssignment');
    expect(notices(s)).toEqual([]);
  });

  it('B① application support before the screening is refused: the decision comes first', () => {
    expect(accepts(atEligibilityScreening(), ev.applicationSupported('hospital', 'center-1'))).toBe(false);
  });
});

describe('B② deadlines: a patient without a care manager after the application is on the stuck list', () => {
  const withCenter = () => run(atInsuranceApplication(), ev.applicationSupported('hospital', 'center-1')).snapshot;

  it("B② care manager assignment: the hospital owns a deadline of the region's 5 business days after the application, on its calendar", () => {
    const d = deadline(atCareManagerAssignment(), 'careManagerAssignment')!;
    expect(d).toMatchObject({
      owner: 'hospital',
      status: 'open',
      dueAt: ASSIGN_DUE,
      remindAt: ASSIGN_REMIND,
      escalateAt: ASSIGN_ESCALATE,
    });
    expect(d.reason).toContain('5営業日以内(6/18中)');
    expect(d.reason).not.toMatch(/三田|sanda|B②/);
  });

  it("B② care manager assignment: another region's days move the due day (3 business days → Tue 6/16)", () => {
    const rule = { ...SANDA, careManagerAssignmentBusinessDays: 3 };
    const screened = run(
      admit(admission({ careOfficeId: null, officeKind: null, usedCareServices: false, rule })).snapshot,
      ev.screened(80, ['standing_walking']),
      ev.applicationSupported('family'),
    ).snapshot;
    expect(deadline(screened, 'careManagerAssignment')!.dueAt).toBe('2026-06-16T15:00:00.000Z');
  });

  it('B② care manager assignment: the support center the hospital asked is reminded before and told after the due day; administrators after escalation', () => {
    const open = withCenter();
    expect(step(open, ev.approached('careManagerAssignment', ASSIGN_REMIND)).effects).toEqual([
      sendNotice('assignment_reminder', { to: 'supportCenter', deadline: 'careManagerAssignment' }),
    ]);
    expect(accepts(open, ev.approached('careManagerAssignment', ASSIGN_DUE))).toBe(false);
    const passed = step(open, ev.passed('careManagerAssignment', ASSIGN_DUE));
    expect(passed.effects).toEqual([
      sendNotice('assignment_reminder', { to: 'supportCenter', deadline: 'careManagerAssignment' }),
    ]);
    expect(deadline(passed.snapshot, 'careManagerAssignment')!.status).toBe('overdue');
    expect(step(passed.snapshot, ev.escalated('careManagerAssignment', ASSIGN_ESCALATE)).effects).toEqual([
      sendNotice('escalation_notice', { to: 'regionAdministrator', deadline: 'careManagerAssignment' }),
    ]);
    const assigned = step(
      passed.snapshot,
      ev.assigned('care', 'home_care_office', 'office-b', '2026-06-19T10:00:00+09:00'),
    );
    expect(deadline(assigned.snapshot, 'careManagerAssignment')).toMatchObject({
      status: 'late',
      metAt: '2026-06-19T10:00:00+09:00',
    });
  });

  it('B② care manager assignment: met when assigned in time, also after discharge planning began', () => {
    const inTime = step(
      atCareManagerAssignment(),
      ev.assigned('care', 'home_care_office', 'office-b', '2026-06-18T17:00:00+09:00'),
    );
    expect(deadline(inTime.snapshot, 'careManagerAssignment')).toMatchObject({ status: 'met' });
    const planning = run(atCareManagerAssignment(), ev.planning('2026-06-26', '2026-06-15T10:00:00+09:00')).snapshot;
    const later = step(planning, ev.assigned('care', 'home_care_office', 'office-b', '2026-06-17T10:00:00+09:00'));
    expect(deadline(later.snapshot, 'careManagerAssignment')).toMatchObject({ status: 'met' });
  });

  it('B② care manager assignment: waived at a discharge before it, missed if it was overdue', () => {
    const waived = run(atCareManagerAssignment(), ev.discharged('home', true)).snapshot;
    expect(deadline(waived, 'careManagerAssignment')!.status).toBe('waived');
    const overdue = run(atCareManagerAssignment(), ev.passed('careManagerAssignment', ASSIGN_DUE)).snapshot;
    expect(deadline(run(overdue, ev.discharged('home', true)).snapshot, 'careManagerAssignment')!.status).toBe(
      'missed',
    );
  });

  it("B② early contact: the assigned care office owns a deadline of the region's 3 business days on its calendar; reminded and told overdue with its task; administrators after escalation", () => {
    const open = atCareManagerContact();
    const d = deadline(open, 'careManagerHospitalContact')!;
    expect(d).toMatchObject({ owner: 'care_office', status: 'open', dueAt: CONTACT_DUE, remindAt: CONTACT_REMIND });
    expect(d.reason).toContain('3営業日以内(6/18中)');
    expect(step(open, ev.approached('careManagerHospitalContact', CONTACT_REMIND)).effects).toEqual([
      sendNotice('hospital_contact_reminder', {
        task: 'report_hospital_contact',
        deadline: 'careManagerHospitalContact',
      }),
    ]);
    const passed = step(open, ev.passed('careManagerHospitalContact', CONTACT_DUE));
    expect(passed.effects).toEqual([
      sendNotice('deadline_overdue_notice', {
        task: 'report_hospital_contact',
        deadline: 'careManagerHospitalContact',
      }),
    ]);
    expect(step(passed.snapshot, ev.escalated('careManagerHospitalContact', CONTACT_ESCALATE)).effects).toEqual([
      sendNotice('escalation_notice', { to: 'regionAdministrator', deadline: 'careManagerHospitalContact' }),
    ]);
    const late = step(passed.snapshot, ev.contacted('2026-06-19T10:00:00+09:00'));
    expect(deadline(late.snapshot, 'careManagerHospitalContact')).toMatchObject({ status: 'late' });
  });

  it("B② early contact on the office's calendar: an office closed on Wednesdays is due a day later (Fri 6/19)", () => {
    const hours = { open: '09:00', close: '18:00', closedDays: ['sat', 'sun', 'holiday', 'wed'] as const };
    const s = step(atCareManagerAssignment(), {
      ...ev.assigned('care', 'home_care_office', 'office-b', '2026-06-15T10:00:00+09:00'),
      officeHours: { ...hours, closedDays: [...hours.closedDays] },
    });
    expect(deadline(s.snapshot, 'careManagerHospitalContact')!.dueAt).toBe('2026-06-19T15:00:00.000Z');
  });

  it('a stay admitted before its region set the B② days keeps that rule: no B② deadlines', () => {
    const { careManagerAssignmentBusinessDays: _a, careManagerContactBusinessDays: _c, ...older } = SANDA;
    const rule = older as RuleParams;
    const s = run(
      admit(admission({ careOfficeId: null, officeKind: null, usedCareServices: false, rule })).snapshot,
      ev.screened(80, ['standing_walking']),
      ev.applicationSupported('family'),
      ev.assigned(),
    );
    expect(s.state).toBe('careManagerContact');
    expect(deadline(s.snapshot, 'careManagerAssignment')).toBeUndefined();
    expect(deadline(s.snapshot, 'careManagerHospitalContact')).toBeUndefined();
  });
});

describe('B② 担当ケアマネの連絡、入院中の連携', () => {
  it('B② likely 要介護 → home-care office assigned: matches the recommendation; the office is asked to contact the hospital', () => {
    const s = step(
      atCareManagerAssignment(),
      ev.assigned('care', 'home_care_office', 'office-b', '2026-06-15T10:00:00+09:00'),
    );
    expect(s.state).toBe('careManagerContact');
    expect(s.snapshot.context).toMatchObject({ careOfficeId: 'office-b', officeKind: 'home_care_office', route: 'B' });
    expect(s.snapshot.context.assignment).toEqual({
      at: '2026-06-15T10:00:00+09:00',
      expectedCareLevel: 'care',
      recommended: 'home_care_office',
      matchesRecommendation: true,
    });
    expect(s.effects).toEqual([
      { type: 'clearDeadline', key: 'careManagerAssignment' },
      openTask('report_hospital_contact'),
      sendNotice('assignment_request', { task: 'report_hospital_contact' }),
      CONTACT_DEADLINE_SET,
    ]);
    // Route B has no 入院時情報提供 deadline: the care manager did not know the patient at admission.
    expect(deadline(s.snapshot, 'informationSheet')).toBeUndefined();
  });

  it('B② likely 要支援 but a home-care office assigned: does not match (the community support center was recommended)', () => {
    const s = step(atCareManagerAssignment(), ev.assigned('support', 'home_care_office'));
    expect(s.snapshot.context.assignment).toMatchObject({
      recommended: 'community_support_center',
      matchesRecommendation: false,
    });
  });

  it('B② unsure of the level → community support center recommended; a center assigned matches', () => {
    const s = step(atCareManagerAssignment(), ev.assigned('unsure', 'community_support_center', 'center-1'));
    expect(s.snapshot.context.assignment).toMatchObject({
      recommended: 'community_support_center',
      matchesRecommendation: true,
    });
    const wrong = step(atCareManagerAssignment(), ev.assigned('care', 'community_support_center', 'center-1'));
    expect(wrong.snapshot.context.assignment).toMatchObject({
      recommended: 'home_care_office',
      matchesRecommendation: false,
    });
  });

  it('B② a care manager can be assigned straight after screening or application (already certified)', () => {
    expect(step(atEligibilityScreening(), ev.assigned()).state).toBe('careManagerContact');
    expect(step(atInsuranceApplication(), ev.assigned()).state).toBe('careManagerContact');
  });

  it('B② the assigned care manager contacts the hospital early: inpatientCoordination, the task closed', () => {
    const s = step(atCareManagerContact(), ev.contacted('2026-06-16T10:00:00+09:00'));
    expect(s.state).toBe('inpatientCoordination');
    expect(s.effects).toEqual([
      { type: 'clearDeadline', key: 'careManagerHospitalContact' },
      closeTask('report_hospital_contact'),
    ]);
    expect(s.snapshot.context.hospitalContactedAt).toBe('2026-06-16T10:00:00+09:00');
  });

  it('B② while in hospital, the expected stay and state are shared with the assigned care manager', () => {
    const s = step(atRouteBCoordination(), ev.treatmentPlan(20));
    expect(s.effects).toEqual([
      expect.objectContaining({ type: 'setDeadline', key: 'dischargeStartNotice' }),
      sendNotice('treatment_plan_notice'),
    ]);
  });

  it('B② a care manager assigned after discharge planning began is accepted and recorded', () => {
    // Sanda B②: the care manager contacts the hospital once assigned; the rule sets no order
    // between the assignment and the start of discharge planning (B③ then needs someone to tell).
    const planning = run(atCareManagerAssignment(), ev.planning('2026-06-26', '2026-06-15T10:00:00+09:00')).snapshot;
    const assigned = ev.assigned('care', 'home_care_office', 'office-b', '2026-06-17T10:00:00+09:00');
    expect(accepts(planning, assigned)).toBe(true);
    expect(apply(planning, assigned).snapshot.context.careOfficeId).toBe('office-b');
  });
});

describe('B③–B⑤ A と同じ (route B once its care manager is in place)', () => {
  it('B③ discharge planning started: the assigned care manager gets the discharge-start notice', () => {
    const s = step(atRouteBCoordination(), ev.planning('2026-06-26', '2026-06-19T10:00:00+09:00'));
    expect(s.state).toBe('dischargeStart');
    expect(s.effects).toEqual(DISCHARGE_START_WITH_RECORD);
  });

  it('B④ conferences before discharge: the care manager is told each one', () => {
    const planned = run(atRouteBCoordination(), ev.planning()).snapshot;
    const s = step(planned, ev.conferenceScheduled());
    expect(s.state).toBe('preDischargeConference');
    expect(s.effects).toEqual([sendNotice('conference_notice')]);
  });

  it('B⑤ discharged home: discharge notice and care-plan-copy task and deadline, as in A⑤', () => {
    const s = run(
      atRouteBCoordination(),
      ev.planning(),
      ev.delivered(),
      ev.conferenceScheduled(),
      ev.conferenceHeld(),
      ev.discharged('home', false),
    );
    expect(s.state).toBe('discharged');
    expect(s.effects).toContainEqual(openTask('confirm_care_plan_copy'));
    expect(s.effects).toContainEqual({
      type: 'setDeadline',
      key: 'carePlanCopy',
      dueAt: COPY_DUE,
      remindAt: COPY_REMIND,
      escalateAt: COPY_ESCALATE,
    });
    expect(notices(s)).toEqual([sendNotice('discharge_notice', { task: 'confirm_care_plan_copy' })]);
    expect(s.snapshot.context.leak).toBeNull();
    expect(s.snapshot.context.noExchangeBeforeDischarge).toBe(false);
    const closed = run(s.snapshot, ev.nursingSummary(), ev.carePlanCopy());
    expect(closed.snapshot.context.closedReason).toBe('completed');
  });

  it('B※ a new applicant discharged home without a conference or information exchange is flagged', () => {
    const s = run(atRouteBCoordination(), ev.planning(), ev.delivered(), ev.discharged('home', false));
    expect(s.snapshot.context.noExchangeBeforeDischarge).toBe(true);
    // The discharge-start notice arrived in time: not a leak, but still short of B※.
    expect(s.snapshot.context.leak).toBeNull();
  });

  it('B※ one information exchange before discharge is enough', () => {
    const s = run(
      atRouteBCoordination(),
      ev.planning(),
      ev.delivered(),
      ev.infoShared('phone'),
      ev.discharged('home', false),
    );
    expect(s.snapshot.context.noExchangeBeforeDischarge).toBe(false);
  });

  it('B※ a conference scheduled but never held does not count', () => {
    const s = run(
      atRouteBCoordination(),
      ev.planning(),
      ev.delivered(),
      ev.conferenceScheduled(),
      ev.discharged('home', false),
    );
    expect(s.snapshot.context.noExchangeBeforeDischarge).toBe(true);
  });

  it('B※ applies to route B only: a route-A discharge without a conference is not flagged', () => {
    const s = run(atDischargeStart(), ev.delivered(), ev.discharged('home', false));
    expect(s.snapshot.context.noExchangeBeforeDischarge).toBe(false);
  });
});

describe('転院時の連絡 and other ways a stay ends', () => {
  it('転院: closed as transferred; the care manager is told; the receiving hospital gets a copy of the information sheet', () => {
    const s = step(
      atInpatientCoordination(),
      ev.transferred('sanda-hyogo-chuo', '兵庫中央病院', '2026-06-20T10:00:00+09:00'),
    );
    expect(s.state).toBe('closed');
    expect(isFinal(s.snapshot)).toBe(true);
    expect(s.snapshot.context.closedReason).toBe('transferred');
    expect(s.snapshot.context.transfer).toEqual({
      at: '2026-06-20T10:00:00+09:00',
      toHospitalId: 'sanda-hyogo-chuo',
      toHospitalName: '兵庫中央病院',
    });
    expect(notices(s)).toEqual([
      sendNotice('stay_ended_notice'),
      sendNotice('information_sheet_copy', { to: 'receivingHospital' }),
    ]);
    expect(s.snapshot.context.leak).toBeNull();
  });

  it('転院: no copy when the receiving hospital is not in the directory', () => {
    const s = step(atInpatientCoordination(), ev.transferred(null, '神戸の病院'));
    expect(notices(s).map((n) => n.notice)).toEqual(['stay_ended_notice']);
    expect(s.snapshot.context.transfer).toMatchObject({ toHospitalId: null, toHospitalName: '神戸の病院' });
  });

  it('転院: no copy when there is no information sheet to copy', () => {
    const s = step(atInformationProvision(), ev.transferred('sanda-hyogo-chuo'));
    expect(notices(s).map((n) => n.notice)).toEqual(['stay_ended_notice']);
  });

  it('転院 before any information sheet: the care manager is asked to send it to the receiving hospital, by a task that outlives the stay', () => {
    const s = step(atInformationProvision(), ev.transferred('sanda-hyogo-chuo'));
    expect(s.effects).toContainEqual(openTask('send_sheet_to_receiving_hospital'));
    expect(notices(s)).toEqual([sendNotice('stay_ended_notice', { task: 'send_sheet_to_receiving_hospital' })]);
    // The stay's own sheet task closes with the stay; the one for the receiving hospital does not.
    expect(s.effects).toContainEqual(closeTask('report_information_sheet'));
    expect(s.effects).not.toContainEqual(closeTask('send_sheet_to_receiving_hospital'));
    // Opened before the notice that links to it.
    const opened = s.effects.findIndex((e) => e.type === 'openTask');
    expect(opened).toBeLessThan(s.effects.findIndex((e) => e.type === 'sendNotice'));
  });

  it('転院 with a sheet on record, to a hospital outside the directory, or on route B: nobody is asked for a sheet', () => {
    for (const s of [
      step(atInpatientCoordination(), ev.transferred('sanda-hyogo-chuo')),
      step(atInformationProvision(), ev.transferred(null, '神戸の病院')),
      step(atCareManagerContact(), ev.transferred('sanda-hyogo-chuo')),
    ]) {
      expect(s.effects).not.toContainEqual(openTask('send_sheet_to_receiving_hospital'));
      expect(notices(s).find((n) => n.notice === 'stay_ended_notice')!.task).toBeNull();
    }
  });

  it('転院: leaving the stay waives open deadlines (missed if overdue) and closes every task', () => {
    const overdue = run(atInformationProvision(), ev.passed('informationSheet', SHEET_DUE)).snapshot;
    const s = step(overdue, ev.transferred('sanda-hyogo-chuo', '兵庫中央病院', '2026-06-12T10:00:00+09:00'));
    expect(deadline(s.snapshot, 'informationSheet')).toMatchObject({ status: 'missed', metAt: null });
    expect(deadline(s.snapshot, 'dischargeDifficultyScreening')).toMatchObject({ status: 'waived', metAt: null });
    expect(s.effects).toEqual(
      expect.arrayContaining([
        { type: 'clearDeadline', key: 'informationSheet' },
        { type: 'clearDeadline', key: 'dischargeDifficultyScreening' },
        ...ALL_TASKS_CLOSED,
      ]),
    );
  });

  it('転院時の連絡: a receiving hospital outside the directory is kept with the FAX number the hospital gave; without one, none', () => {
    const s = step(atInpatientCoordination(), {
      ...ev.transferred(null, '北病院'),
      toHospitalFax: '079-000-1111',
    } as E<'transferred'>);
    expect(s.snapshot.context.transfer).toEqual({
      at: '2026-06-20T10:00:00+09:00',
      toHospitalId: null,
      toHospitalName: '北病院',
      toHospitalFax: '079-000-1111',
    });
    expect(step(atInpatientCoordination(), ev.transferred()).snapshot.context.transfer).not.toHaveProperty(
      'toHospitalFax',
    );
  });

  it('転院: discharged to another hospital is closed as transferred, the care manager told, no leak', () => {
    const s = step(atDischargeStart(), ev.discharged('other_hospital', true, '2026-06-22T10:00:00+09:00'));
    expect(s.state).toBe('closed');
    expect(s.snapshot.context.closedReason).toBe('transferred');
    expect(s.snapshot.context.transfer).toMatchObject({ at: '2026-06-22T10:00:00+09:00', toHospitalId: null });
    expect(notices(s)).toEqual([sendNotice('stay_ended_notice')]);
    expect(s.snapshot.context.leak).toBeNull();
    expect(s.effects).not.toContainEqual(openTask('confirm_care_plan_copy'));
  });

  it('§2(3) discharged to a care facility: out of the home rule, closed as discharged_to_facility, no leak', () => {
    const s = step(atInpatientCoordination(), ev.discharged('facility', true, '2026-06-22T10:00:00+09:00'));
    expect(s.state).toBe('closed');
    expect(s.snapshot.context.closedReason).toBe('discharged_to_facility');
    expect(s.snapshot.context.leak).toBeNull();
    expect(notices(s)).toEqual([sendNotice('stay_ended_notice')]);
  });

  it('the patient died: closed as died, the care manager told, tasks closed', () => {
    const s = step(atInformationProvision(), ev.died('2026-06-11T03:00:00+09:00'));
    expect(s.state).toBe('closed');
    expect(s.snapshot.context.closedReason).toBe('died');
    expect(notices(s)).toEqual([sendNotice('stay_ended_notice')]);
    expect(deadline(s.snapshot, 'informationSheet')!.status).toBe('waived');
    expect(s.effects).toEqual(expect.arrayContaining(ALL_TASKS_CLOSED));
  });

  it('the admission was cancelled: closed as admission_cancelled, the care manager told', () => {
    const s = step(atAdmissionNotice(), ev.cancelled('2026-06-09T12:00:00+09:00'));
    expect(s.state).toBe('closed');
    expect(s.snapshot.context.closedReason).toBe('admission_cancelled');
    expect(notices(s)).toEqual([sendNotice('stay_ended_notice')]);
  });

  it('after closed, every event is refused, whichever way the case closed', () => {
    const closedCases: StoredSnapshot[] = [
      run(atInformationProvision(), ev.died()).snapshot,
      run(atInpatientCoordination(), ev.transferred()).snapshot,
      run(atEligibilityScreening(), ev.screened(30)).snapshot,
      run(atPreDischargeConference(), ev.discharged('home', true), ev.carePlanCopy()).snapshot,
      run(atAdmissionNotice(), ev.discharged('facility')).snapshot,
    ];
    for (const closed of closedCases) {
      expect(closed.value).toBe('closed');
      expect(isFinal(closed)).toBe(true);
      for (const e of Object.values(ONE_OF_EACH)) {
        expect(accepts(closed, e), `${e.type} should be refused once closed (${closed.context.closedReason})`).toBe(
          false,
        );
      }
    }
  });
});

describe('A① whoever learns first: the care manager answers a task whatever the hospital did meanwhile', () => {
  const PLANNED = '2026-06-12T10:00:00+09:00';
  const NAMED = '2026-06-13T10:00:00+09:00';
  const CLICKED = '2026-06-13T15:00:00+09:00';

  it('A① a care manager named after discharge planning started acknowledges the admission: accepted, the task closed, the case stays in discharge start', () => {
    const planned = run(admit(ROUTE_A_UNKNOWN_CM()).snapshot, ev.planning('2026-06-20', PLANNED)).snapshot;
    const named = step(planned, ev.identified('office-2', NAMED));
    expect(named.effects).toContainEqual(openTask('acknowledge_admission'));
    expect(notices(named)).toContainEqual(sendNotice('admission_notice', { task: 'acknowledge_admission' }));
    const s = step(named.snapshot, ev.acknowledged(CLICKED));
    expect(s.state).toBe('dischargeStart');
    expect(s.effects).toEqual([closeTask('acknowledge_admission')]);
    expect(s.snapshot.context.admissionAcknowledgedAt).toBe(CLICKED);
  });

  it('A① a care manager named after a conference was scheduled acknowledges the admission in the pre-discharge conference', () => {
    const conference = run(
      admit(ROUTE_A_UNKNOWN_CM()).snapshot,
      ev.planning('2026-06-20', PLANNED),
      ev.conferenceScheduled('2026-06-18T14:00:00+09:00', PLANNED),
      ev.identified('office-2', NAMED),
    ).snapshot;
    const s = step(conference, ev.acknowledged(CLICKED));
    expect(s.state).toBe('preDischargeConference');
    expect(s.effects).toEqual([closeTask('acknowledge_admission')]);
  });

  it('A① the hospital starts discharge planning before the care manager clicks: the acknowledgement is still accepted', () => {
    const planned = run(atAdmissionNotice(), ev.planning('2026-06-20', PLANNED)).snapshot;
    const s = step(planned, ev.acknowledged(CLICKED));
    expect(s.state).toBe('dischargeStart');
    expect(s.effects).toEqual([closeTask('acknowledge_admission')]);
    // Reported by phone instead, the same: it counts once.
    expect(step(planned, ev.reportedByCm(CLICKED)).effects).toEqual([closeTask('acknowledge_admission')]);
    expect(accepts(s.snapshot, ev.reportedByCm(CLICKED))).toBe(false);
  });

  it('A① discharged before the care manager clicked: the acknowledgement is recorded, the case waits for the care-plan copy', () => {
    const discharged = run(atAdmissionNotice(), ev.discharged('home', false, PLANNED)).snapshot;
    const s = step(discharged, ev.acknowledged(CLICKED));
    expect(s.state).toBe('discharged');
    expect(s.effects).toEqual([closeTask('acknowledge_admission')]);
  });

  it('B② the assigned care manager reports the contact after the hospital started planning: accepted, the task closed', () => {
    const planned = run(atCareManagerContact(), ev.planning('2026-06-26', '2026-06-15T12:00:00+09:00')).snapshot;
    const s = step(planned, ev.contacted('2026-06-16T10:00:00+09:00'));
    expect(s.state).toBe('dischargeStart');
    // The contact also meets route B's contact deadline, whatever step the stay is at.
    expect(s.effects).toEqual([
      { type: 'clearDeadline', key: 'careManagerHospitalContact' },
      closeTask('report_hospital_contact'),
    ]);
    expect(deadline(s.snapshot, 'careManagerHospitalContact')).toMatchObject({ status: 'met' });
    expect(s.snapshot.context.hospitalContactedAt).toBe('2026-06-16T10:00:00+09:00');
    // Reported again: recorded at its first time.
    const again = step(s.snapshot, ev.contacted('2026-06-17T10:00:00+09:00'));
    expect(again.snapshot.context.hospitalContactedAt).toBe('2026-06-16T10:00:00+09:00');
  });

  it('B② a care manager reassigned after planning started is told the admission and can acknowledge it', () => {
    const planned = run(atCareManagerContact(), ev.planning('2026-06-26', '2026-06-15T12:00:00+09:00')).snapshot;
    const reassigned = step(planned, ev.assigned('care', 'home_care_office', 'office-c', '2026-06-16T09:00:00+09:00'));
    expect(notices(reassigned)).toContainEqual(sendNotice('admission_notice', { task: 'acknowledge_admission' }));
    const s = step(reassigned.snapshot, ev.acknowledged('2026-06-16T10:00:00+09:00'));
    expect(s.effects).toEqual([closeTask('acknowledge_admission')]);
  });
});

describe('deadlines: met, late, overdue, waived, missed; reminders and escalation', () => {
  it('a deadline met after its due instant is late, even without a deadline_passed first', () => {
    const s = step(atInformationProvision(), ev.sheet('2026-06-12T09:00:00+09:00'));
    expect(deadline(s.snapshot, 'informationSheet')).toMatchObject({
      status: 'late',
      metAt: '2026-06-12T09:00:00+09:00',
    });
  });

  it('overdue: deadline_passed marks it and tells the care office (with the task); then met late', () => {
    const passed = step(atInformationProvision(), ev.passed('informationSheet', SHEET_DUE));
    expect(passed.state).toBe('informationProvision');
    expect(passed.effects).toEqual([
      sendNotice('deadline_overdue_notice', { task: 'report_information_sheet', deadline: 'informationSheet' }),
    ]);
    expect(deadline(passed.snapshot, 'informationSheet')!.status).toBe('overdue');
    // Passing twice changes nothing.
    expect(accepts(passed.snapshot, ev.passed('informationSheet', SHEET_DUE))).toBe(false);
    const late = step(passed.snapshot, ev.sheet('2026-06-11T09:00:00+09:00'));
    // Overdue means late, even if the sheet's own time is earlier than the due instant.
    expect(deadline(late.snapshot, 'informationSheet')).toMatchObject({
      status: 'late',
      metAt: '2026-06-11T09:00:00+09:00',
    });
  });

  it('a deadline that was met cannot pass or be escalated', () => {
    const met = atInpatientCoordination();
    expect(accepts(met, ev.passed('informationSheet', SHEET_DUE))).toBe(false);
    expect(accepts(met, ev.escalated('informationSheet', SHEET_ESCALATE))).toBe(false);
    expect(accepts(met, ev.approached('informationSheet', SHEET_REMIND))).toBe(false);
  });

  it('escalation only while overdue: to the region administrator', () => {
    const open = atInformationProvision();
    expect(accepts(open, ev.escalated('informationSheet', SHEET_ESCALATE))).toBe(false);
    const overdue = run(open, ev.passed('informationSheet', SHEET_DUE)).snapshot;
    const s = step(overdue, ev.escalated('informationSheet', SHEET_ESCALATE));
    expect(s.effects).toEqual([
      sendNotice('escalation_notice', { to: 'regionAdministrator', deadline: 'informationSheet' }),
    ]);
    const late = run(overdue, ev.sheet('2026-06-12T09:00:00+09:00')).snapshot;
    expect(accepts(late, ev.escalated('informationSheet', SHEET_ESCALATE))).toBe(false);
  });

  it('reminder only while open and before due: information_sheet_reminder with its task', () => {
    const open = atInformationProvision();
    const s = step(open, ev.approached('informationSheet', SHEET_REMIND));
    expect(s.effects).toEqual([
      sendNotice('information_sheet_reminder', { task: 'report_information_sheet', deadline: 'informationSheet' }),
    ]);
    expect(deadline(s.snapshot, 'informationSheet')!.status).toBe('open');
    expect(accepts(open, ev.approached('informationSheet', '2026-06-11T14:59:59.999Z'))).toBe(true);
    expect(accepts(open, ev.approached('informationSheet', SHEET_DUE))).toBe(false);
    const overdue = run(open, ev.passed('informationSheet', SHEET_DUE)).snapshot;
    expect(accepts(overdue, ev.approached('informationSheet', SHEET_REMIND))).toBe(false);
  });

  it('A⑤ the care-plan copy: reminder, overdue notice with the task, escalation', () => {
    const discharged = run(atPreDischargeConference(), ev.discharged('home', true)).snapshot;
    expect(step(discharged, ev.approached('carePlanCopy', COPY_REMIND)).effects).toEqual([
      sendNotice('care_plan_copy_reminder', { task: 'confirm_care_plan_copy', deadline: 'carePlanCopy' }),
    ]);
    const passed = step(discharged, ev.passed('carePlanCopy', COPY_DUE));
    expect(passed.effects).toEqual([
      sendNotice('deadline_overdue_notice', { task: 'confirm_care_plan_copy', deadline: 'carePlanCopy' }),
    ]);
    expect(step(passed.snapshot, ev.escalated('carePlanCopy', COPY_ESCALATE)).effects).toEqual([
      sendNotice('escalation_notice', { to: 'regionAdministrator', deadline: 'carePlanCopy' }),
    ]);
  });

  it('hospital-owned deadlines send the care office no reminder and no overdue notice', () => {
    const open = atInformationProvision();
    expect(accepts(open, ev.approached('dischargeDifficultyScreening', '2026-06-11T00:00:00.000Z'))).toBe(false);
    const passed = step(open, ev.passed('dischargeDifficultyScreening', SCREENING_DUE));
    expect(passed.effects).toEqual([]);
    expect(deadline(passed.snapshot, 'dischargeDifficultyScreening')!.status).toBe('overdue');
  });

  it('a deadline the case never opened cannot pass or be reminded', () => {
    const open = atInformationProvision();
    expect(accepts(open, ev.passed('carePlanCopy', COPY_DUE))).toBe(false);
    expect(accepts(open, ev.approached('carePlanCopy', COPY_REMIND))).toBe(false);
  });

  it('leaving the stay for home: open stay deadlines are waived, overdue ones missed', () => {
    const start = run(
      atAdmissionNotice(),
      ev.planning('2026-06-26', '2026-06-10T10:00:00+09:00'),
      ev.delivered('discharge_start_notice', '2026-06-10T10:05:00+09:00'),
    ).snapshot;
    const overdue = run(start, ev.passed('informationSheet', SHEET_DUE)).snapshot;
    const s = step(overdue, ev.discharged('home', false));
    expect(deadline(s.snapshot, 'informationSheet')).toMatchObject({ status: 'missed', metAt: null });
    expect(deadline(s.snapshot, 'dischargeDifficultyScreening')).toMatchObject({ status: 'waived', metAt: null });
    expect(s.effects).toEqual(
      expect.arrayContaining([
        { type: 'clearDeadline', key: 'informationSheet' },
        { type: 'clearDeadline', key: 'dischargeDifficultyScreening' },
      ]),
    );
    expect(deadline(s.snapshot, 'carePlanCopy')!.status).toBe('open');
  });
});

describe('the stay ends: what was open for it closes', () => {
  const stillPending = (snap: StoredSnapshot) =>
    snap.context.deadlines.filter((d) => d.status === 'open' || d.status === 'overdue').map((d) => d.key);

  it('a discharge home settles every deadline of the stay still open (B② assignment, B② contact, A② interview); only A⑤ opens', () => {
    const interviewOpen = run(atInpatientCoordination(), ev.difficulty(true, '2026-06-11T16:00:00+09:00')).snapshot;
    const starts: [StoredSnapshot, DeadlineKey][] = [
      [atCareManagerAssignment(), 'careManagerAssignment'],
      [atCareManagerContact(), 'careManagerHospitalContact'],
      [interviewOpen, 'patientFamilyInterview'],
    ];
    for (const [from, key] of starts) {
      expect(stillPending(from), key).toContain(key);
      const s = step(from, ev.discharged('home', false)).snapshot;
      expect(
        stillPending(s).filter((k) => k !== 'carePlanCopy'),
        key,
      ).toEqual([]);
      expect(deadline(s, key)?.status, key).toBe('waived');
    }
  });

  it("取消: a cancelled admission closes every task, the support center's search and the discharge record among them", () => {
    const searching = admit(admission({ careOfficeId: null, officeKind: null, careManagerSearchCenterId: 'center-1' }));
    expect(searching.effects).toContainEqual(openTask('identify_care_manager'));
    const s = step(searching.snapshot, ev.cancelled());
    for (const task of ['identify_care_manager', 'file_discharge_record', 'confirm_care_plan_copy'] as const)
      expect(s.effects).toContainEqual(closeTask(task));
  });
});

describe('A⑤ after a discharge home, before the care-plan copy', () => {
  const dischargedHome = () => run(atDischargeStart(), ev.delivered(), ev.discharged('home', false)).snapshot;

  it('看護サマリー sent after the discharge: its time is recorded and the stay waits for the care-plan copy', () => {
    const s = step(dischargedHome(), ev.nursingSummary('2026-06-27T10:00:00+09:00'));
    expect(s.state).toBe('carePlanCopy');
    expect(s.snapshot.context.discharge?.nursingSummarySentAt).toBe('2026-06-27T10:00:00+09:00');
  });

  it('退院・退所情報記録書 filed after the discharge: kept, and its task closed', () => {
    const s = step(dischargedHome(), {
      type: 'discharge_record_filed',
      record: SAMPLE_RECORD,
      occurredAt: '2026-06-27T10:00:00+09:00',
    });
    expect(s.snapshot.context.dischargeRecords).toHaveLength(1);
    expect(s.effects).toContainEqual(closeTask('file_discharge_record'));
  });
});

describe('A② the facts of the stay, each recorded once and in its place', () => {
  it("a later treatment plan moves the discharge-start deadline: the earlier one's timers are cleared first", () => {
    const first = run(atInpatientCoordination(), ev.treatmentPlan(18, '2026-06-11T15:00:00+09:00')).snapshot;
    const moved = step(first, ev.treatmentPlan(25, '2026-06-15T15:00:00+09:00'));
    const kinds = moved.effects
      .filter((e) => (e.type === 'clearDeadline' || e.type === 'setDeadline') && e.key === 'dischargeStartNotice')
      .map((e) => e.type);
    expect(kinds).toEqual(['clearDeadline', 'setDeadline']);
    // The first plan opens it with nothing to clear.
    const once = step(atInpatientCoordination(), ev.treatmentPlan(18, '2026-06-11T15:00:00+09:00'));
    expect(once.effects.some((e) => e.type === 'clearDeadline' && e.key === 'dischargeStartNotice')).toBe(false);
  });

  it('退院困難 screened twice: the interview deadline opens once', () => {
    const first = step(atInpatientCoordination(), ev.difficulty(true, '2026-06-11T16:00:00+09:00'));
    const again = step(first.snapshot, ev.difficulty(true, '2026-06-12T16:00:00+09:00'));
    const opened = (s: Step) => s.effects.filter((e) => e.type === 'setDeadline' && e.key === 'patientFamilyInterview');
    expect(opened(first)).toHaveLength(1);
    expect(opened(again)).toEqual([]);
  });

  it('a conference held without being scheduled is recorded in person, at its time; a second held one leaves the first as it was', () => {
    const first = run(atDischargeStart(), ev.conferenceHeld('2026-06-24T15:00:00+09:00')).snapshot;
    expect(first.context.conferences).toEqual([
      {
        at: '2026-06-24T15:00:00+09:00',
        place: null,
        online: false,
        heldAt: '2026-06-24T15:00:00+09:00',
        kind: 'pre_discharge',
        participants: ev.conferenceHeld().participants,
      },
    ]);
    const second = run(
      first,
      ev.conferenceScheduled('2026-06-25T14:00:00+09:00', '2026-06-24T16:00:00+09:00'),
      ev.conferenceHeld('2026-06-25T14:30:00+09:00'),
    ).snapshot;
    expect(second.context.conferences.map((c) => [c.at, c.heldAt])).toEqual([
      ['2026-06-24T15:00:00+09:00', '2026-06-24T15:00:00+09:00'],
      ['2026-06-25T14:00:00+09:00', '2026-06-25T14:30:00+09:00'],
    ]);
  });
});

describe('B① a care manager named before the support center was consulted', () => {
  it('assigned at eligibility screening or at the insurance application: the office and the assignment are recorded', () => {
    for (const from of [atEligibilityScreening(), atInsuranceApplication()]) {
      const s = step(from, ev.assigned('care', 'home_care_office'));
      expect(s.state).toBe('careManagerContact');
      expect(s.snapshot.context.careOfficeId).toBe('office-b');
      expect(s.snapshot.context.assignment).toMatchObject({ expectedCareLevel: 'care', matchesRecommendation: true });
    }
  });
});

describe('leaks at a discharge home: the care manager not told in time', () => {
  const planned = (deliveredAt: string | null, rule: RuleParams = SANDA) => {
    const start = run(
      run(admit(admission({ rule })).snapshot, ev.acknowledged(), ev.sheet()).snapshot,
      ev.planning('2026-06-26', '2026-06-19T10:00:00+09:00'),
    ).snapshot;
    return deliveredAt ? run(start, ev.delivered('discharge_start_notice', deliveredAt)).snapshot : start;
  };

  it("A③ delivered 3 days before the discharge (the region's lead): on time, no leak", () => {
    const s = step(planned('2026-06-23T18:00:00+09:00'), ev.discharged('home', false));
    expect(s.snapshot.context.leak).toBeNull();
  });

  it('A③ delivered 2 days before the discharge: discharge_start_notice_late, the detail names the days', () => {
    const s = step(planned('2026-06-24T09:00:00+09:00'), ev.discharged('home', false));
    expect(s.snapshot.context.leak?.reason).toBe('discharge_start_notice_late');
    expect(s.snapshot.context.leak?.detail).toContain('2日前');
    // Planned, so the ordinary discharge notice, not the urgent one.
    expect(notices(s).map((n) => n.notice)).toEqual(['discharge_notice']);
  });

  it("A③ the lead is the region's rule: 5 days makes a 4-day notice late", () => {
    const rule = { ...SANDA, dischargeStartLeadDays: 5 };
    const s = step(planned('2026-06-22T09:00:00+09:00', rule), ev.discharged('home', false));
    expect(s.snapshot.context.leak?.reason).toBe('discharge_start_notice_late');
    expect(step(planned('2026-06-22T09:00:00+09:00'), ev.discharged('home', false)).snapshot.context.leak).toBeNull();
  });

  it('A③ planned but never delivered: discharge_start_notice_undelivered', () => {
    const s = step(planned(null), ev.discharged('home', false));
    expect(s.snapshot.context.leak?.reason).toBe('discharge_start_notice_undelivered');
  });

  it('A③ no planning at all (sudden discharge): no_discharge_start_notice, with the urgent sudden-discharge notice', () => {
    const s = step(atInpatientCoordination(), ev.discharged('home', false));
    expect(s.snapshot.context.leak?.reason).toBe('no_discharge_start_notice');
    expect(notices(s)).toEqual([
      sendNotice('sudden_discharge_notice', { task: 'confirm_care_plan_copy', urgent: true }),
    ]);
  });

  it('A① no care manager ever identified: no_care_manager', () => {
    const s = step(admit(ROUTE_A_UNKNOWN_CM()).snapshot, ev.discharged('home', false, '2026-06-12T10:00:00+09:00'));
    expect(s.snapshot.context.leak?.reason).toBe('no_care_manager');
  });

  it('B② route B discharged before a care manager was assigned: no_care_manager', () => {
    const s = step(atCareManagerAssignment(), ev.discharged('home', false));
    expect(s.snapshot.context.leak?.reason).toBe('no_care_manager');
    expect(s.snapshot.context.noExchangeBeforeDischarge).toBe(true);
  });

  // Sanda ③ 「急遽退院が決まった場合は速やかに連絡を行う」: a discharge decided 2 days ahead (under the
  // region's 3) whose notice reached the care manager within SUDDEN_DISCHARGE_PROMPT_HOURS (24) followed the rule.
  const sudden = (deliveredAt: string) =>
    run(
      run(
        run(admit(admission({ rule: SANDA })).snapshot, ev.acknowledged(), ev.sheet()).snapshot,
        ev.planning('2026-06-26', '2026-06-24T10:00:00+09:00'),
      ).snapshot,
      ev.delivered('discharge_start_notice', deliveredAt),
    ).snapshot;

  it('③ a sudden discharge told within 24 hours of the decision (exactly 24 h): followed the rule, no leak', () => {
    expect(step(sudden('2026-06-24T10:30:00+09:00'), ev.discharged('home', false)).snapshot.context.leak).toBeNull();
    expect(step(sudden('2026-06-25T10:00:00+09:00'), ev.discharged('home', false)).snapshot.context.leak).toBeNull();
  });

  it('③ a sudden discharge told one minute after 24 hours: discharge_start_notice_late', () => {
    const s = step(sudden('2026-06-25T10:01:00+09:00'), ev.discharged('home', false));
    expect(s.snapshot.context.leak).toEqual({
      reason: 'discharge_start_notice_late',
      detail: '退院調整開始の連絡が退院の1日前 (地域の目安: 3日前まで)',
    });
  });

  it('no leak is counted for a discharge to a facility or another hospital, even a sudden one', () => {
    expect(step(atInpatientCoordination(), ev.discharged('facility')).snapshot.context.leak).toBeNull();
    expect(step(atInpatientCoordination(), ev.discharged('other_hospital')).snapshot.context.leak).toBeNull();
  });
});
