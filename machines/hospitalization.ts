import { assign, enqueueActions, setup } from 'xstate';
import { informationSheetDeadline } from './deadlines.js';
import type {
  AdmissionInput, Deadline, DeadlineKey, HospitalizationContext, HospitalizationEvent,
  NoticeKind, TaskKind,
} from './types.js';

type Ev<T extends HospitalizationEvent['type']> = Extract<HospitalizationEvent, { type: T }>;

function updateDeadline(
  deadlines: Deadline[], key: DeadlineKey, change: Partial<Deadline>,
): Deadline[] {
  return deadlines.map((d) => (d.key === key ? { ...d, ...change } : d));
}

function deadline(context: HospitalizationContext, key: DeadlineKey): Deadline | undefined {
  return context.deadlines.find((d) => d.key === key);
}

// Transitions shared by several states, named once so each state reads as its rule line.
const informationSheetRecorded = [
  'recordInformationSheet',
  { type: 'closeTask', params: { task: 'report_information_sheet' } },
  { type: 'clearDeadline', params: { key: 'informationSheet' } },
] as const;

const admissionNoticeToCareOffice = {
  type: 'sendNotice', params: { notice: 'admission_notice', to: 'careOffice', task: 'acknowledge_admission' },
} as const;

const dischargeStartNotice = {
  type: 'sendNotice', params: { notice: 'discharge_start_notice', to: 'careOffice', task: null },
} as const;

const conferenceNotice = {
  type: 'sendNotice', params: { notice: 'conference_notice', to: 'careOffice', task: null },
} as const;

/** A discharge may come at any point of the stay, announced or not (a sudden discharge is a leak). */
const dischargedFromStay = [
  { guard: 'goesHome', target: 'discharged', actions: 'recordDischarge' },
  {
    target: 'closed',
    actions: [
      'recordDischarge',
      'closeAsOutOfScope',
      { type: 'sendNotice', params: { notice: 'stay_ended_notice', to: 'careOffice', task: null } },
    ],
  },
] as const;

/**
 * One hospitalization under the admission/discharge support rule, route A (a care manager
 * exists before admission). States are the rule's steps; events are facts that happened.
 * Effects are described by the named actions openTask / sendNotice / setDeadline / ... and
 * carried out by the engine after the snapshot is committed.
 */
export const hospitalizationMachine = setup({
  types: {
    context: {} as HospitalizationContext,
    events: {} as HospitalizationEvent,
    input: {} as AdmissionInput,
  },
  actions: {
    // Effect descriptions: the bodies are empty on purpose; the engine reads type + params.
    openTask: (_, _params: { task: TaskKind }) => {},
    closeTask: (_, _params: { task: TaskKind }) => {},
    sendNotice: (_, _params: { notice: NoticeKind; to: 'careOffice'; task: TaskKind | null }) => {},
    setDeadline: (_, _params: { key: DeadlineKey; dueAt: string; remindAt: string | null }) => {},
    clearDeadline: (_, _params: { key: DeadlineKey }) => {},

    recordCareOffice: assign({
      careOfficeId: ({ event }) => (event as Ev<'care_office_identified'>).careOfficeId,
    }),
    recordAcknowledgement: assign({
      admissionAcknowledgedAt: ({ context, event }) => context.admissionAcknowledgedAt ?? event.occurredAt,
    }),
    recordInformationSheet: assign(({ context, event }) => {
      const e = event as Ev<'information_sheet_provided'>;
      return {
        informationSheet: context.informationSheet ?? { at: e.at, means: e.means },
        deadlines: updateDeadline(context.deadlines, 'informationSheet', { status: 'met', metAt: e.at }),
      };
    }),
    recordDischargePlanning: assign({
      dischargePlanning: ({ context, event }) => {
        const e = event as Ev<'discharge_planning_started'>;
        return {
          startedAt: context.dischargePlanning?.startedAt ?? e.occurredAt,
          expectedDischargeDate: e.expectedDischargeDate,
        };
      },
    }),
    recordConferenceScheduled: assign({
      conferences: ({ context, event }) => {
        const e = event as Ev<'conference_scheduled'>;
        return [...context.conferences, { at: e.at, place: e.place, online: e.online, heldAt: null, professions: [] }];
      },
    }),
    recordConferenceHeld: assign({
      conferences: ({ context, event }) => {
        const e = event as Ev<'conference_held'>;
        const pending = context.conferences.findIndex((c) => c.heldAt === null);
        const held = { heldAt: e.occurredAt, professions: e.professions };
        if (pending === -1) return [...context.conferences, { at: e.occurredAt, place: null, online: false, ...held }];
        return context.conferences.map((c, i) => (i === pending ? { ...c, ...held } : c));
      },
    }),
    recordDischarge: assign(({ context, event }) => {
      const e = event as Ev<'discharged'>;
      return {
        discharge: {
          at: e.occurredAt,
          destination: e.destination,
          nursingSummarySentAt: e.nursingSummarySent ? e.occurredAt : null,
        },
        leak: context.dischargePlanning ? null : { reason: 'no_discharge_start_notice' as const },
      };
    }),
    recordNursingSummary: assign({
      discharge: ({ context, event }) =>
        context.discharge && { ...context.discharge, nursingSummarySentAt: context.discharge.nursingSummarySentAt ?? event.occurredAt },
    }),
    recordCarePlanCopy: assign({
      carePlanCopySentAt: ({ context, event }) => context.carePlanCopySentAt ?? event.occurredAt,
    }),
    markOverdue: assign({
      deadlines: ({ context, event }) =>
        updateDeadline(context.deadlines, (event as Ev<'deadline_passed'>).key, { status: 'overdue' }),
    }),
    closeAsCompleted: assign({ closedReason: 'completed' as const }),
    closeAsOutOfScope: assign({
      closedReason: ({ event }) =>
        (event as Ev<'discharged'>).destination === 'facility' ? 'discharged_to_facility' as const : 'transferred' as const,
    }),
  },
  guards: {
    hasCareOffice: ({ context }) => context.careOfficeId !== null,
    goesHome: ({ event }) => (event as Ev<'discharged'>).destination === 'home',
    nursingSummarySent: ({ context }) => context.discharge?.nursingSummarySentAt != null,
    carePlanCopySent: ({ context }) => context.carePlanCopySentAt !== null,
    informationSheetMissing: ({ context }) => context.informationSheet === null,
    deadlineStillOpen: ({ context, event }) => {
      const e = event as Ev<'deadline_approached'>;
      const d = deadline(context, e.key);
      return d !== undefined && d.status === 'open' && Date.parse(e.firedAt) < Date.parse(d.dueAt);
    },
    deadlineUnmet: ({ context, event }) =>
      deadline(context, (event as Ev<'deadline_passed'>).key)?.status === 'open',
  },
}).createMachine({
  id: 'hospitalization',
  context: ({ input }) => ({
    caseId: input.caseId,
    hospitalId: input.hospitalId,
    careOfficeId: input.careOfficeId,
    admittedAt: input.occurredAt,
    ward: input.ward,
    patient: input.patient,
    rule: input.rule,
    deadlines: [informationSheetDeadline(input.occurredAt, input.rule)],
    admissionAcknowledgedAt: null,
    informationSheet: null,
    dischargePlanning: null,
    conferences: [],
    discharge: null,
    carePlanCopySentAt: null,
    leak: null,
    closedReason: null,
  }),
  initial: 'admissionNotice',
  // Facts that may arrive at any point of the stay are recorded wherever the case is;
  // the states below decide only where the case moves.
  on: {
    care_office_identified: { actions: ['recordCareOffice', admissionNoticeToCareOffice] },
    admission_acknowledged: { actions: ['recordAcknowledgement', { type: 'closeTask', params: { task: 'acknowledge_admission' } }] },
    information_sheet_provided: { actions: informationSheetRecorded },
    deadline_approached: {
      guard: 'deadlineStillOpen',
      actions: { type: 'sendNotice', params: { notice: 'information_sheet_reminder', to: 'careOffice', task: 'report_information_sheet' } },
    },
    deadline_passed: { guard: 'deadlineUnmet', actions: 'markOverdue' },
  },
  states: {
    admissionNotice: {
      entry: [
        { type: 'openTask', params: { task: 'acknowledge_admission' } },
        { type: 'openTask', params: { task: 'report_information_sheet' } },
        {
          type: 'setDeadline',
          params: ({ context }) => {
            const d = context.deadlines.find((x) => x.key === 'informationSheet')!;
            return { key: d.key, dueAt: d.dueAt, remindAt: d.remindAt };
          },
        },
        // The hospital may not know the care manager yet (care_office_identified comes later).
        enqueueActions(({ check, enqueue }) => {
          if (check('hasCareOffice')) enqueue(admissionNoticeToCareOffice);
        }),
      ],
      on: {
        admission_acknowledged: {
          target: 'informationProvision',
          actions: ['recordAcknowledgement', { type: 'closeTask', params: { task: 'acknowledge_admission' } }],
        },
        information_sheet_provided: {
          target: 'inpatientCoordination',
          actions: [
            'recordAcknowledgement',
            { type: 'closeTask', params: { task: 'acknowledge_admission' } },
            ...informationSheetRecorded,
          ],
        },
        discharge_planning_started: { target: 'dischargeStart', actions: 'recordDischargePlanning' },
        discharged: dischargedFromStay,
      },
    },
    informationProvision: {
      on: {
        information_sheet_provided: { target: 'inpatientCoordination', actions: informationSheetRecorded },
        discharge_planning_started: { target: 'dischargeStart', actions: 'recordDischargePlanning' },
        discharged: dischargedFromStay,
      },
    },
    inpatientCoordination: {
      on: {
        discharge_planning_started: { target: 'dischargeStart', actions: 'recordDischargePlanning' },
        discharged: dischargedFromStay,
      },
    },
    dischargeStart: {
      entry: dischargeStartNotice,
      on: {
        discharge_planning_started: { actions: ['recordDischargePlanning', dischargeStartNotice] },
        conference_scheduled: { target: 'preDischargeConference', actions: ['recordConferenceScheduled', conferenceNotice] },
        conference_held: { target: 'preDischargeConference', actions: 'recordConferenceHeld' },
        discharged: dischargedFromStay,
      },
    },
    preDischargeConference: {
      on: {
        discharge_planning_started: { actions: ['recordDischargePlanning', dischargeStartNotice] },
        conference_scheduled: { actions: ['recordConferenceScheduled', conferenceNotice] },
        conference_held: { actions: 'recordConferenceHeld' },
        discharged: dischargedFromStay,
      },
    },
    discharged: {
      entry: [
        { type: 'openTask', params: { task: 'confirm_care_plan_copy' } },
        { type: 'sendNotice', params: { notice: 'discharge_notice', to: 'careOffice', task: 'confirm_care_plan_copy' } },
      ],
      always: { guard: 'nursingSummarySent', target: 'carePlanCopy' },
      on: {
        nursing_summary_sent: { target: 'carePlanCopy', actions: 'recordNursingSummary' },
        care_plan_copy_sent: {
          actions: ['recordCarePlanCopy', { type: 'closeTask', params: { task: 'confirm_care_plan_copy' } }],
        },
      },
    },
    carePlanCopy: {
      always: { guard: 'carePlanCopySent', target: 'closed', actions: 'closeAsCompleted' },
      on: {
        care_plan_copy_sent: {
          target: 'closed',
          actions: ['recordCarePlanCopy', { type: 'closeTask', params: { task: 'confirm_care_plan_copy' } }, 'closeAsCompleted'],
        },
      },
    },
    closed: {
      type: 'final',
      entry: [
        { type: 'clearDeadline', params: { key: 'informationSheet' } },
        { type: 'closeTask', params: { task: 'acknowledge_admission' } },
        { type: 'closeTask', params: { task: 'report_information_sheet' } },
      ],
    },
  },
});

export type HospitalizationMachine = typeof hospitalizationMachine;
export type HospitalizationState =
  | 'admissionNotice' | 'informationProvision' | 'inpatientCoordination' | 'dischargeStart'
  | 'preDischargeConference' | 'discharged' | 'carePlanCopy' | 'closed';
