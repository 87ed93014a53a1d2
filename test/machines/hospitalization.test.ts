// The route-A machine, one rule line at a time, through the pure helpers the engine uses
// (admit / accepts / apply). No server, no database: a snapshot in, a snapshot and effects out.
import { describe, expect, it } from 'vitest';
import { informationSheetDeadline } from '../../machines/deadlines.js';
import { accepts, admit, apply, isFinal, type Step, type StoredSnapshot } from '../../machines/run.js';
import type {
  AdmissionInput, Effect, EventType, HospitalizationEvent, RuleParams,
} from '../../machines/types.js';

const RULE: RuleParams = { regionId: 'sanda', informationSheet: { withinDays: 3, reminderDaysBefore: 1, reminderTime: '09:00' } };

const ADMITTED_AT = '2026-12-04T10:30:00+09:00';
const DUE_AT = '2026-12-06T15:00:00.000Z';
const REMIND_AT = '2026-12-05T00:00:00.000Z';

function admission(overrides: Partial<AdmissionInput> = {}): AdmissionInput {
  return {
    caseId: 'case-1',
    hospitalId: 'sanda-shimin',
    occurredAt: ADMITTED_AT,
    ward: '5階東',
    patient: { name: '三田 花子', birthDate: '1941-03-15' },
    careOfficeId: 'office-1',
    rule: RULE,
    ...overrides,
  };
}

// Effects as the engine receives them.
const openTask = (task: string): Effect => ({ type: 'openTask', task } as Effect);
const closeTask = (task: string): Effect => ({ type: 'closeTask', task } as Effect);
const notice = (n: string, task: string | null): Effect => ({ type: 'sendNotice', notice: n, to: 'careOffice', task } as Effect);
const CLEAR_DEADLINE: Effect = { type: 'clearDeadline', key: 'informationSheet' };
/** What entering `closed` always does: nothing stays open behind a closed case. */
const CLOSING: Effect[] = [CLEAR_DEADLINE, closeTask('acknowledge_admission'), closeTask('report_information_sheet')];

// One event of each type, so "refused" can be checked against the whole vocabulary.
const ev = {
  careOfficeIdentified: (careOfficeId = 'office-2', occurredAt = '2026-12-04T13:00:00+09:00'): HospitalizationEvent =>
    ({ type: 'care_office_identified', careOfficeId, occurredAt }),
  acknowledged: (occurredAt = '2026-12-04T14:00:00+09:00'): HospitalizationEvent =>
    ({ type: 'admission_acknowledged', occurredAt }),
  sheet: (at = '2026-12-05T11:00:00+09:00', means: 'face_to_face' | 'fax' | 'mail' | 'online' = 'fax'): HospitalizationEvent =>
    ({ type: 'information_sheet_provided', at, means, occurredAt: at }),
  planning: (expectedDischargeDate = '2026-12-20', occurredAt = '2026-12-10T10:00:00+09:00'): HospitalizationEvent =>
    ({ type: 'discharge_planning_started', expectedDischargeDate, occurredAt }),
  conferenceScheduled: (at = '2026-12-15T14:00:00+09:00', occurredAt = '2026-12-11T10:00:00+09:00'): HospitalizationEvent =>
    ({ type: 'conference_scheduled', at, place: '3階 カンファレンス室', online: false, occurredAt }),
  conferenceHeld: (occurredAt = '2026-12-15T15:00:00+09:00'): HospitalizationEvent =>
    ({ type: 'conference_held', professions: ['physician', 'nurse', 'care_manager'], occurredAt }),
  discharged: (
    destination: 'home' | 'facility' | 'other_hospital' = 'home',
    nursingSummarySent = false,
    occurredAt = '2026-12-20T10:00:00+09:00',
  ): HospitalizationEvent => ({ type: 'discharged', destination, nursingSummarySent, occurredAt }),
  nursingSummary: (occurredAt = '2026-12-21T09:00:00+09:00'): HospitalizationEvent =>
    ({ type: 'nursing_summary_sent', occurredAt }),
  carePlanCopy: (occurredAt = '2026-12-22T12:00:00+09:00'): HospitalizationEvent =>
    ({ type: 'care_plan_copy_sent', occurredAt }),
  approached: (firedAt = REMIND_AT): HospitalizationEvent =>
    ({ type: 'deadline_approached', key: 'informationSheet', firedAt, occurredAt: firedAt }),
  passed: (firedAt = DUE_AT): HospitalizationEvent =>
    ({ type: 'deadline_passed', key: 'informationSheet', firedAt, occurredAt: firedAt }),
};

const ONE_OF_EACH: HospitalizationEvent[] = [
  ev.careOfficeIdentified(), ev.acknowledged(), ev.sheet(), ev.planning(), ev.conferenceScheduled(),
  ev.conferenceHeld(), ev.discharged('home'), ev.discharged('facility'), ev.discharged('other_hospital'),
  ev.nursingSummary(), ev.carePlanCopy(), ev.approached(), ev.passed(),
];

/** Applies an event the rule must allow now; fails the test if it is refused. */
function step(from: StoredSnapshot, event: HospitalizationEvent): Step {
  expect(accepts(from, event), `${event.type} should be accepted in ${from.value}`).toBe(true);
  return apply(from, event);
}

function run(from: StoredSnapshot, ...events: HospitalizationEvent[]): StoredSnapshot {
  return events.reduce((s, e) => step(s, e).snapshot, from);
}

function refused(from: StoredSnapshot, types: EventType[]): void {
  for (const type of types) {
    const candidates = ONE_OF_EACH.filter((e) => e.type === type);
    expect(candidates.length).toBeGreaterThan(0);
    for (const e of candidates) expect(accepts(from, e), `${type} should be refused in ${from.value}`).toBe(false);
  }
}

// The states, reached the ordinary way.
const atAdmissionNotice = () => admit(admission()).snapshot;
const atInformationProvision = () => run(atAdmissionNotice(), ev.acknowledged());
const atInpatientCoordination = () => run(atInformationProvision(), ev.sheet());
const atDischargeStart = () => run(atInpatientCoordination(), ev.planning());
const atPreDischargeConference = () => run(atDischargeStart(), ev.conferenceScheduled());
const atDischarged = () => run(atPreDischargeConference(), ev.conferenceHeld(), ev.discharged('home', false));
const atCarePlanCopy = () => run(atDischarged(), ev.nursingSummary());

describe('admissionNotice (A①: admission notice and the information-sheet deadline)', () => {
  it('A① admission notice goes to the care office named at admission', () => {
    const { snapshot, effects } = admit(admission());
    expect(snapshot.value).toBe('admissionNotice');
    expect(effects).toEqual([
      openTask('acknowledge_admission'),
      openTask('report_information_sheet'),
      { type: 'setDeadline', key: 'informationSheet', dueAt: DUE_AT, remindAt: REMIND_AT },
      notice('admission_notice', 'acknowledge_admission'),
    ]);
    expect(snapshot.context).toMatchObject({
      caseId: 'case-1', hospitalId: 'sanda-shimin', careOfficeId: 'office-1', admittedAt: ADMITTED_AT,
      rule: RULE, admissionAcknowledgedAt: null, informationSheet: null, dischargePlanning: null,
      conferences: [], discharge: null, carePlanCopySentAt: null, leak: null, closedReason: null,
    });
    expect(snapshot.context.deadlines).toEqual([informationSheetDeadline(ADMITTED_AT, RULE)]);
    expect(isFinal(snapshot)).toBe(false);
  });

  it('A① admission without a care office sends no notice; care_office_identified later does', () => {
    const admitted = admit(admission({ careOfficeId: null }));
    expect(admitted.snapshot.value).toBe('admissionNotice');
    expect(admitted.effects).toEqual([
      openTask('acknowledge_admission'),
      openTask('report_information_sheet'),
      { type: 'setDeadline', key: 'informationSheet', dueAt: DUE_AT, remindAt: REMIND_AT },
    ]);
    expect(admitted.effects.some((e) => e.type === 'sendNotice')).toBe(false);

    const identified = step(admitted.snapshot, ev.careOfficeIdentified('office-9'));
    expect(identified.snapshot.value).toBe('admissionNotice');
    expect(identified.snapshot.context.careOfficeId).toBe('office-9');
    expect(identified.effects).toEqual([notice('admission_notice', 'acknowledge_admission')]);
  });

  it('A① the care office acknowledges the admission: admissionNotice → informationProvision', () => {
    const { snapshot, effects } = step(atAdmissionNotice(), ev.acknowledged('2026-12-04T14:00:00+09:00'));
    expect(snapshot.value).toBe('informationProvision');
    expect(effects).toEqual([closeTask('acknowledge_admission')]);
    expect(snapshot.context.admissionAcknowledgedAt).toBe('2026-12-04T14:00:00+09:00');
    expect(snapshot.context.deadlines[0]!.status).toBe('open');
  });

  it('A① information sheet provided directly from admissionNotice: → inpatientCoordination, both tasks closed, deadline cleared', () => {
    const { snapshot, effects } = step(atAdmissionNotice(), ev.sheet('2026-12-05T11:00:00+09:00', 'face_to_face'));
    expect(snapshot.value).toBe('inpatientCoordination');
    expect(effects).toEqual([
      closeTask('acknowledge_admission'),
      closeTask('report_information_sheet'),
      CLEAR_DEADLINE,
    ]);
    expect(snapshot.context.informationSheet).toEqual({ at: '2026-12-05T11:00:00+09:00', means: 'face_to_face' });
    // Providing the sheet implies the admission notice was received.
    expect(snapshot.context.admissionAcknowledgedAt).toBe('2026-12-05T11:00:00+09:00');
    expect(snapshot.context.deadlines[0]).toMatchObject({ status: 'met', metAt: '2026-12-05T11:00:00+09:00', dueAt: DUE_AT });
  });

  it('A③ discharge planning started before any reply: admissionNotice → dischargeStart, discharge-start notice sent', () => {
    const { snapshot, effects } = step(atAdmissionNotice(), ev.planning('2026-12-08', '2026-12-05T10:00:00+09:00'));
    expect(snapshot.value).toBe('dischargeStart');
    expect(effects).toEqual([notice('discharge_start_notice', null)]);
    expect(snapshot.context.dischargePlanning).toEqual({ startedAt: '2026-12-05T10:00:00+09:00', expectedDischargeDate: '2026-12-08' });
  });

  it('A③ a discharge with no discharge planning is a leak (no_discharge_start_notice)', () => {
    const { snapshot, effects } = step(atAdmissionNotice(), ev.discharged('home', false, '2026-12-05T10:00:00+09:00'));
    expect(snapshot.value).toBe('discharged');
    expect(snapshot.context.leak).toEqual({ reason: 'no_discharge_start_notice' });
    expect(snapshot.context.discharge).toEqual({ at: '2026-12-05T10:00:00+09:00', destination: 'home', nursingSummarySentAt: null });
    expect(effects).toEqual([openTask('confirm_care_plan_copy'), notice('discharge_notice', 'confirm_care_plan_copy')]);
  });

  it('A⑤ discharge to a facility closes the case as discharged_to_facility and sends the stay-ended notice', () => {
    const { snapshot, effects } = step(atAdmissionNotice(), ev.discharged('facility', false, '2026-12-05T10:00:00+09:00'));
    expect(snapshot.value).toBe('closed');
    expect(isFinal(snapshot)).toBe(true);
    expect(snapshot.context.closedReason).toBe('discharged_to_facility');
    expect(snapshot.context.discharge?.destination).toBe('facility');
    expect(effects).toEqual([notice('stay_ended_notice', null), ...CLOSING]);
  });

  it('A⑤ transfer to another hospital closes the case as transferred and sends the stay-ended notice', () => {
    const { snapshot, effects } = step(atAdmissionNotice(), ev.discharged('other_hospital', true, '2026-12-05T10:00:00+09:00'));
    expect(snapshot.value).toBe('closed');
    expect(snapshot.context.closedReason).toBe('transferred');
    expect(effects).toEqual([notice('stay_ended_notice', null), ...CLOSING]);
    // No discharge notice and no care-plan-copy task for a stay that ends outside route A.
    expect(effects).not.toContainEqual(openTask('confirm_care_plan_copy'));
  });

  it('A① the reminder goes out while the deadline is open and before it is due', () => {
    const { snapshot, effects } = step(atAdmissionNotice(), ev.approached(REMIND_AT));
    expect(snapshot.value).toBe('admissionNotice');
    expect(effects).toEqual([notice('information_sheet_reminder', 'report_information_sheet')]);
    expect(snapshot.context.deadlines[0]!.status).toBe('open');
  });

  it('A① no reminder at or after the due instant', () => {
    expect(accepts(atAdmissionNotice(), ev.approached(DUE_AT))).toBe(false);
    expect(accepts(atAdmissionNotice(), ev.approached('2026-12-07T00:00:00.000Z'))).toBe(false);
    // One millisecond before the due instant is still in time for a reminder.
    expect(accepts(atAdmissionNotice(), ev.approached('2026-12-06T14:59:59.999Z'))).toBe(true);
  });

  it('A① no reminder once the sheet is provided or the deadline is overdue', () => {
    const met = run(atInformationProvision(), ev.sheet());
    expect(met.context.deadlines[0]!.status).toBe('met');
    expect(accepts(met, ev.approached(REMIND_AT))).toBe(false);

    const overdue = run(atAdmissionNotice(), ev.passed());
    expect(accepts(overdue, ev.approached(REMIND_AT))).toBe(false);
  });

  it('A① deadline_passed marks the information sheet overdue while it is still open', () => {
    const { snapshot, effects } = step(atAdmissionNotice(), ev.passed(DUE_AT));
    expect(snapshot.value).toBe('admissionNotice');
    expect(effects).toEqual([]);
    expect(snapshot.context.deadlines[0]).toMatchObject({ status: 'overdue', metAt: null });
  });

  it('A① deadline_passed is refused once the sheet was provided, and a second time once overdue', () => {
    const met = run(atAdmissionNotice(), ev.sheet());
    expect(accepts(met, ev.passed())).toBe(false);
    expect(met.context.deadlines[0]!.status).toBe('met');

    const overdue = run(atAdmissionNotice(), ev.passed());
    expect(accepts(overdue, ev.passed())).toBe(false);
  });

  it('A① refuses what belongs to later steps: conferences, nursing summary, care plan copy', () => {
    refused(atAdmissionNotice(), ['conference_scheduled', 'conference_held', 'nursing_summary_sent', 'care_plan_copy_sent']);
  });
});

describe('informationProvision (A①: waiting for the information sheet)', () => {
  it('A① information sheet provided: informationProvision → inpatientCoordination, task closed, deadline cleared', () => {
    const { snapshot, effects } = step(atInformationProvision(), ev.sheet('2026-12-06T16:00:00+09:00', 'online'));
    expect(snapshot.value).toBe('inpatientCoordination');
    expect(effects).toEqual([closeTask('report_information_sheet'), CLEAR_DEADLINE]);
    expect(snapshot.context.informationSheet).toEqual({ at: '2026-12-06T16:00:00+09:00', means: 'online' });
    expect(snapshot.context.deadlines[0]).toMatchObject({ status: 'met', metAt: '2026-12-06T16:00:00+09:00' });
    // The acknowledgement recorded earlier is kept.
    expect(snapshot.context.admissionAcknowledgedAt).toBe('2026-12-04T14:00:00+09:00');
  });

  it('A① a repeated acknowledgement is recorded in place and keeps the first time', () => {
    const { snapshot, effects } = step(atInformationProvision(), ev.acknowledged('2026-12-05T08:00:00+09:00'));
    expect(snapshot.value).toBe('informationProvision');
    expect(effects).toEqual([closeTask('acknowledge_admission')]);
    expect(snapshot.context.admissionAcknowledgedAt).toBe('2026-12-04T14:00:00+09:00');
  });

  it('A① the reminder is still sent while the sheet is awaited', () => {
    const { snapshot, effects } = step(atInformationProvision(), ev.approached());
    expect(snapshot.value).toBe('informationProvision');
    expect(effects).toEqual([notice('information_sheet_reminder', 'report_information_sheet')]);
  });

  it('A① a care office identified late gets the admission notice here too', () => {
    const { snapshot, effects } = step(atInformationProvision(), ev.careOfficeIdentified('office-3'));
    expect(snapshot.value).toBe('informationProvision');
    expect(snapshot.context.careOfficeId).toBe('office-3');
    expect(effects).toEqual([notice('admission_notice', 'acknowledge_admission')]);
  });

  it('A③ discharge planning started: informationProvision → dischargeStart with the discharge-start notice', () => {
    const { snapshot, effects } = step(atInformationProvision(), ev.planning('2026-12-12'));
    expect(snapshot.value).toBe('dischargeStart');
    expect(effects).toEqual([notice('discharge_start_notice', null)]);
    expect(snapshot.context.dischargePlanning?.expectedDischargeDate).toBe('2026-12-12');
  });

  it('A③ an unannounced discharge home from informationProvision is a leak', () => {
    const { snapshot, effects } = step(atInformationProvision(), ev.discharged('home', false));
    expect(snapshot.value).toBe('discharged');
    expect(snapshot.context.leak).toEqual({ reason: 'no_discharge_start_notice' });
    expect(effects).toEqual([openTask('confirm_care_plan_copy'), notice('discharge_notice', 'confirm_care_plan_copy')]);
  });

  it('A⑤ discharge to a facility from informationProvision closes as discharged_to_facility', () => {
    const { snapshot, effects } = step(atInformationProvision(), ev.discharged('facility'));
    expect(snapshot.value).toBe('closed');
    expect(snapshot.context.closedReason).toBe('discharged_to_facility');
    expect(effects).toEqual([notice('stay_ended_notice', null), ...CLOSING]);
  });

  it('A① refuses conferences, nursing summary and care plan copy', () => {
    refused(atInformationProvision(), ['conference_scheduled', 'conference_held', 'nursing_summary_sent', 'care_plan_copy_sent']);
  });
});

describe('inpatientCoordination (A②: coordination during the stay)', () => {
  it('A③ discharge planning started: inpatientCoordination → dischargeStart with the discharge-start notice', () => {
    const { snapshot, effects } = step(atInpatientCoordination(), ev.planning('2026-12-20', '2026-12-10T10:00:00+09:00'));
    expect(snapshot.value).toBe('dischargeStart');
    expect(effects).toEqual([notice('discharge_start_notice', null)]);
    expect(snapshot.context.dischargePlanning).toEqual({ startedAt: '2026-12-10T10:00:00+09:00', expectedDischargeDate: '2026-12-20' });
  });

  it('A③ an unannounced discharge home from inpatientCoordination is a leak', () => {
    const { snapshot, effects } = step(atInpatientCoordination(), ev.discharged('home', true, '2026-12-09T10:00:00+09:00'));
    // The nursing summary went with the patient, so the case waits only for the care plan copy.
    expect(snapshot.value).toBe('carePlanCopy');
    expect(snapshot.context.leak).toEqual({ reason: 'no_discharge_start_notice' });
    expect(snapshot.context.discharge?.nursingSummarySentAt).toBe('2026-12-09T10:00:00+09:00');
    expect(effects).toEqual([openTask('confirm_care_plan_copy'), notice('discharge_notice', 'confirm_care_plan_copy')]);
  });

  it('A⑤ transfer to another hospital from inpatientCoordination closes as transferred', () => {
    const { snapshot, effects } = step(atInpatientCoordination(), ev.discharged('other_hospital'));
    expect(snapshot.value).toBe('closed');
    expect(snapshot.context.closedReason).toBe('transferred');
    expect(effects).toEqual([notice('stay_ended_notice', null), ...CLOSING]);
  });

  it('A① the deadline is met here: no reminder and no overdue', () => {
    const s = atInpatientCoordination();
    expect(s.context.deadlines[0]!.status).toBe('met');
    expect(accepts(s, ev.approached())).toBe(false);
    expect(accepts(s, ev.passed())).toBe(false);
  });

  it('A② refuses conferences before discharge planning, and post-discharge facts', () => {
    refused(atInpatientCoordination(), ['conference_scheduled', 'conference_held', 'nursing_summary_sent', 'care_plan_copy_sent']);
  });
});

describe('dischargeStart (A③: discharge-start notice)', () => {
  it('A③ discharge-start notice is sent on entering dischargeStart', () => {
    const { effects } = step(atInpatientCoordination(), ev.planning());
    expect(effects).toEqual([notice('discharge_start_notice', null)]);
  });

  it('A③ a revised expected discharge date stays in dischargeStart and sends the discharge-start notice again', () => {
    const { snapshot, effects } = step(atDischargeStart(), ev.planning('2026-12-24', '2026-12-12T10:00:00+09:00'));
    expect(snapshot.value).toBe('dischargeStart');
    expect(effects).toEqual([notice('discharge_start_notice', null)]);
    // The start stays the first one; the date is the latest.
    expect(snapshot.context.dischargePlanning).toEqual({ startedAt: '2026-12-10T10:00:00+09:00', expectedDischargeDate: '2026-12-24' });
  });

  it('A④ conference scheduled: dischargeStart → preDischargeConference with the conference notice', () => {
    const { snapshot, effects } = step(atDischargeStart(), ev.conferenceScheduled('2026-12-15T14:00:00+09:00'));
    expect(snapshot.value).toBe('preDischargeConference');
    expect(effects).toEqual([notice('conference_notice', null)]);
    expect(snapshot.context.conferences).toEqual([
      { at: '2026-12-15T14:00:00+09:00', place: '3階 カンファレンス室', online: false, heldAt: null, professions: [] },
    ]);
  });

  it('A④ a conference held without being scheduled: dischargeStart → preDischargeConference, recorded, no notice', () => {
    const { snapshot, effects } = step(atDischargeStart(), ev.conferenceHeld('2026-12-15T15:00:00+09:00'));
    expect(snapshot.value).toBe('preDischargeConference');
    expect(effects).toEqual([]);
    expect(snapshot.context.conferences).toEqual([
      {
        at: '2026-12-15T15:00:00+09:00', place: null, online: false,
        heldAt: '2026-12-15T15:00:00+09:00', professions: ['physician', 'nurse', 'care_manager'],
      },
    ]);
  });

  it('A⑤ an announced discharge home is no leak: dischargeStart → discharged', () => {
    const { snapshot, effects } = step(atDischargeStart(), ev.discharged('home', false));
    expect(snapshot.value).toBe('discharged');
    expect(snapshot.context.leak).toBeNull();
    expect(effects).toEqual([openTask('confirm_care_plan_copy'), notice('discharge_notice', 'confirm_care_plan_copy')]);
  });

  it('A⑤ discharge to a facility from dischargeStart closes as discharged_to_facility, no leak', () => {
    const { snapshot, effects } = step(atDischargeStart(), ev.discharged('facility'));
    expect(snapshot.value).toBe('closed');
    expect(snapshot.context.closedReason).toBe('discharged_to_facility');
    expect(snapshot.context.leak).toBeNull();
    expect(effects).toEqual([notice('stay_ended_notice', null), ...CLOSING]);
  });

  it('A③ refuses post-discharge facts before the discharge', () => {
    refused(atDischargeStart(), ['nursing_summary_sent', 'care_plan_copy_sent']);
  });
});

describe('preDischargeConference (A④: the conference before discharge)', () => {
  it('A④ another conference scheduled stays here, is appended, and is notified', () => {
    const { snapshot, effects } = step(atPreDischargeConference(), ev.conferenceScheduled('2026-12-17T10:00:00+09:00'));
    expect(snapshot.value).toBe('preDischargeConference');
    expect(effects).toEqual([notice('conference_notice', null)]);
    expect(snapshot.context.conferences.map((c) => c.at)).toEqual(['2026-12-15T14:00:00+09:00', '2026-12-17T10:00:00+09:00']);
  });

  it('A④ conference held marks the scheduled conference as held, with the professions present', () => {
    const { snapshot, effects } = step(atPreDischargeConference(), ev.conferenceHeld('2026-12-15T15:30:00+09:00'));
    expect(snapshot.value).toBe('preDischargeConference');
    expect(effects).toEqual([]);
    expect(snapshot.context.conferences).toEqual([
      {
        at: '2026-12-15T14:00:00+09:00', place: '3階 カンファレンス室', online: false,
        heldAt: '2026-12-15T15:30:00+09:00', professions: ['physician', 'nurse', 'care_manager'],
      },
    ]);
  });

  it('A③ a revised discharge plan during the conference step sends the discharge-start notice again', () => {
    const { snapshot, effects } = step(atPreDischargeConference(), ev.planning('2026-12-27', '2026-12-14T10:00:00+09:00'));
    expect(snapshot.value).toBe('preDischargeConference');
    expect(effects).toEqual([notice('discharge_start_notice', null)]);
    expect(snapshot.context.dischargePlanning?.expectedDischargeDate).toBe('2026-12-27');
  });

  it('A⑤ discharged home: preDischargeConference → discharged, discharge notice and care-plan-copy task', () => {
    const { snapshot, effects } = step(atPreDischargeConference(), ev.discharged('home', false, '2026-12-20T10:00:00+09:00'));
    expect(snapshot.value).toBe('discharged');
    expect(snapshot.context.leak).toBeNull();
    expect(snapshot.context.discharge).toEqual({ at: '2026-12-20T10:00:00+09:00', destination: 'home', nursingSummarySentAt: null });
    expect(effects).toEqual([openTask('confirm_care_plan_copy'), notice('discharge_notice', 'confirm_care_plan_copy')]);
  });

  it('A⑤ transfer from preDischargeConference closes as transferred with the stay-ended notice', () => {
    const { snapshot, effects } = step(atPreDischargeConference(), ev.discharged('other_hospital'));
    expect(snapshot.value).toBe('closed');
    expect(snapshot.context.closedReason).toBe('transferred');
    expect(effects).toEqual([notice('stay_ended_notice', null), ...CLOSING]);
  });

  it('A④ refuses post-discharge facts before the discharge', () => {
    refused(atPreDischargeConference(), ['nursing_summary_sent', 'care_plan_copy_sent']);
  });
});

describe('discharged (A⑤: nursing summary and care plan copy)', () => {
  it('A⑤ discharged without the nursing summary waits in discharged until nursing_summary_sent', () => {
    const s = atDischarged();
    expect(s.value).toBe('discharged');
    expect(s.context.discharge?.nursingSummarySentAt).toBeNull();

    const { snapshot, effects } = step(s, ev.nursingSummary('2026-12-21T09:00:00+09:00'));
    expect(snapshot.value).toBe('carePlanCopy');
    expect(effects).toEqual([]);
    expect(snapshot.context.discharge?.nursingSummarySentAt).toBe('2026-12-21T09:00:00+09:00');
    expect(snapshot.context.closedReason).toBeNull();
  });

  it('A⑤ discharged with the nursing summary goes straight on to carePlanCopy', () => {
    const { snapshot, effects } = step(atPreDischargeConference(), ev.discharged('home', true, '2026-12-20T10:00:00+09:00'));
    expect(snapshot.value).toBe('carePlanCopy');
    expect(snapshot.context.discharge?.nursingSummarySentAt).toBe('2026-12-20T10:00:00+09:00');
    expect(effects).toEqual([openTask('confirm_care_plan_copy'), notice('discharge_notice', 'confirm_care_plan_copy')]);
  });

  it('A⑤ care plan copy sent before the nursing summary: recorded in discharged, then nursing summary → closed directly', () => {
    const first = step(atDischarged(), ev.carePlanCopy('2026-12-21T12:00:00+09:00'));
    expect(first.snapshot.value).toBe('discharged');
    expect(first.effects).toEqual([closeTask('confirm_care_plan_copy')]);
    expect(first.snapshot.context.carePlanCopySentAt).toBe('2026-12-21T12:00:00+09:00');

    const second = step(first.snapshot, ev.nursingSummary('2026-12-22T09:00:00+09:00'));
    expect(second.snapshot.value).toBe('closed');
    expect(isFinal(second.snapshot)).toBe(true);
    expect(second.snapshot.context.closedReason).toBe('completed');
    expect(second.snapshot.context.discharge?.nursingSummarySentAt).toBe('2026-12-22T09:00:00+09:00');
    expect(second.effects).toEqual(CLOSING);
  });

  it('A⑤ refuses a second discharge and steps that belong before it', () => {
    refused(atDischarged(), ['discharged', 'discharge_planning_started', 'conference_scheduled', 'conference_held']);
  });
});

describe('carePlanCopy (A⑤: the care plan copy closes the case)', () => {
  it('A⑤ care plan copy sent: carePlanCopy → closed as completed, every task and the deadline closed', () => {
    const { snapshot, effects } = step(atCarePlanCopy(), ev.carePlanCopy('2026-12-22T12:00:00+09:00'));
    expect(snapshot.value).toBe('closed');
    expect(snapshot.context.closedReason).toBe('completed');
    expect(snapshot.context.carePlanCopySentAt).toBe('2026-12-22T12:00:00+09:00');
    expect(effects).toEqual([closeTask('confirm_care_plan_copy'), ...CLOSING]);
  });

  it('A⑤ refuses a second nursing summary, a second discharge and earlier steps', () => {
    refused(atCarePlanCopy(), ['nursing_summary_sent', 'discharged', 'discharge_planning_started', 'conference_scheduled', 'conference_held']);
  });
});

describe('closed', () => {
  const closedCases: Array<[string, () => StoredSnapshot]> = [
    ['completed', () => run(atCarePlanCopy(), ev.carePlanCopy())],
    ['discharged_to_facility', () => run(atAdmissionNotice(), ev.discharged('facility'))],
    ['transferred', () => run(atDischargeStart(), ev.discharged('other_hospital'))],
  ];

  for (const [reason, reach] of closedCases) {
    it(`after closed (${reason}) every event is refused`, () => {
      const s = reach();
      expect(s.value).toBe('closed');
      expect(s.context.closedReason).toBe(reason);
      for (const e of ONE_OF_EACH) expect(accepts(s, e), `${e.type} after closed`).toBe(false);
    });
  }

  it('the whole route A in order ends closed as completed with no leak', () => {
    const s = run(
      atAdmissionNotice(), ev.acknowledged(), ev.sheet(), ev.planning(), ev.conferenceScheduled(), ev.conferenceHeld(),
      ev.discharged('home', false), ev.nursingSummary(), ev.carePlanCopy(),
    );
    expect(s.value).toBe('closed');
    expect(s.context).toMatchObject({ closedReason: 'completed', leak: null });
    expect(s.context.deadlines[0]!.status).toBe('met');
  });
});

describe('informationSheetDeadline (A①: 入院早期(3日以内), admission day is day 1)', () => {
  it('A① admitted 12/4 10:30 JST: due by the end of 12/6 JST, reminder at 09:00 JST on 12/5', () => {
    const d = informationSheetDeadline('2026-12-04T10:30:00+09:00', RULE);
    expect(d).toMatchObject({
      key: 'informationSheet', dueAt: '2026-12-06T15:00:00.000Z', remindAt: '2026-12-05T00:00:00.000Z',
      status: 'open', metAt: null,
    });
    expect(d.reason).toContain('2026-12-04');
    expect(d.reason).toContain('2026-12-06');
    expect(d.reason).toContain('sanda');
  });

  it('A① admitted at 23:30 JST: that day still counts as day 1', () => {
    const d = informationSheetDeadline('2026-12-04T23:30:00+09:00', RULE);
    expect(d.dueAt).toBe('2026-12-06T15:00:00.000Z');
    expect(d.remindAt).toBe('2026-12-05T00:00:00.000Z');
  });

  it('A① the day is the Japanese day, whatever the offset of the timestamp', () => {
    // 2026-12-04T15:30Z is 12/5 00:30 JST: day 1 is 12/5.
    const d = informationSheetDeadline('2026-12-04T15:30:00Z', RULE);
    expect(d.dueAt).toBe('2026-12-07T15:00:00.000Z');
    expect(d.remindAt).toBe('2026-12-06T00:00:00.000Z');
    // 2026-12-04T14:59Z is 12/4 23:59 JST: day 1 is 12/4.
    expect(informationSheetDeadline('2026-12-04T14:59:00Z', RULE).dueAt).toBe('2026-12-06T15:00:00.000Z');
  });

  it('A① deadlines cross month and year ends', () => {
    const d = informationSheetDeadline('2026-12-30T10:00:00+09:00', RULE);
    expect(d.dueAt).toBe('2027-01-01T15:00:00.000Z');
    expect(d.remindAt).toBe('2026-12-31T00:00:00.000Z');
  });

  it('A① remindAt is null when the reminder would come before the admission', () => {
    // Within 1 day: the reminder day would be the day before admission.
    const oneDay = { ...RULE, informationSheet: { ...RULE.informationSheet, withinDays: 1 } };
    const d1 = informationSheetDeadline('2026-12-04T10:30:00+09:00', oneDay);
    expect(d1.dueAt).toBe('2026-12-04T15:00:00.000Z');
    expect(d1.remindAt).toBeNull();

    // Within 2 days: the reminder would be 09:00 on the admission day, before a 10:30 admission…
    const twoDays = { ...RULE, informationSheet: { ...RULE.informationSheet, withinDays: 2 } };
    expect(informationSheetDeadline('2026-12-04T10:30:00+09:00', twoDays).remindAt).toBeNull();
    // …exactly at an admission at 09:00 (not after it)…
    expect(informationSheetDeadline('2026-12-04T09:00:00+09:00', twoDays).remindAt).toBeNull();
    // …but after an 08:00 admission it is kept.
    expect(informationSheetDeadline('2026-12-04T08:00:00+09:00', twoDays).remindAt).toBe('2026-12-04T00:00:00.000Z');
  });

  it('A① the reminder days and time come from the rule', () => {
    const rule = { ...RULE, informationSheet: { withinDays: 5, reminderDaysBefore: 2, reminderTime: '13:30' } };
    const d = informationSheetDeadline('2026-12-04T10:30:00+09:00', rule);
    expect(d.dueAt).toBe('2026-12-08T15:00:00.000Z');
    expect(d.remindAt).toBe('2026-12-06T04:30:00.000Z');
  });
});
