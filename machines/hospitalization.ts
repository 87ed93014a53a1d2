import { assign, enqueueActions, setup } from 'xstate';
import { DEFAULT_BUSINESS_HOURS } from './businessCalendar.js';
import { jstDate } from './calendar.js';
import {
  careManagerIdentificationDeadline, carePlanCopyDeadline, dischargeDifficultyScreeningDeadline,
  informationSheetDeadline, leadDays, patientFamilyInterviewDeadline,
} from './deadlines.js';
import { decideEligibility, recommendedOfficeKind } from './eligibility.js';
import type {
  AdmissionInput, Deadline, DeadlineKey, Effect, HospitalizationContext, HospitalizationEvent, LeakReason,
  NoticeKind, Recipient, TaskKind,
} from './types.js';

type Ev<T extends HospitalizationEvent['type']> = Extract<HospitalizationEvent, { type: T }>;
type Ctx = HospitalizationContext;

const ALL_TASKS: TaskKind[] = ['acknowledge_admission', 'report_information_sheet', 'report_hospital_contact', 'confirm_care_plan_copy'];
const STAY_DEADLINES: DeadlineKey[] = ['careManagerIdentification', 'informationSheet', 'dischargeDifficultyScreening', 'patientFamilyInterview'];

function find(ctx: Ctx, key: DeadlineKey): Deadline | undefined {
  return ctx.deadlines.find((d) => d.key === key);
}

const isPending = (d: Deadline | undefined) => d !== undefined && (d.status === 'open' || d.status === 'overdue');

/** An exchange about the discharge between the care manager and the hospital before it happened. */
function exchangedBefore(ctx: Ctx, dischargedAt: string): boolean {
  const before = (at: string | null) => at !== null && Date.parse(at) <= Date.parse(dischargedAt);
  return ctx.infoExchanges.some((x) => before(x.at))
    || ctx.conferences.some((c) => before(c.heldAt) && c.participants.some((p) => p.profession === 'care_manager'));
}

/** Where a leak comes from, checked at a discharge home: the measure the rule exists to drive down. */
function leakAt(ctx: Ctx, dischargedAt: string): Ctx['leak'] {
  const leak = (reason: LeakReason, detail: string) => ({ reason, detail });
  if (!ctx.careOfficeId) return leak('no_care_manager', '担当ケアマネジャーが決まらないまま退院');
  if (ctx.rule.careManagerContactCountsAsHandoff && exchangedBefore(ctx, dischargedAt)) return null;
  if (!ctx.dischargePlanning) return leak('no_discharge_start_notice', '退院調整開始の連絡がないまま退院 (急な退院)');
  if (!ctx.dischargeStartNoticeDeliveredAt) return leak('discharge_start_notice_undelivered', '退院調整開始の連絡がケアマネジャーに届かないまま退院');
  const days = leadDays(ctx.dischargeStartNoticeDeliveredAt, jstDate(dischargedAt));
  if (days < ctx.rule.dischargeStartLeadDays) {
    return leak('discharge_start_notice_late', `退院調整開始の連絡が退院の${days}日前 (${ctx.rule.regionId} の目安: ${ctx.rule.dischargeStartLeadDays}日前まで)`);
  }
  return null;
}

const notice = (n: NoticeKind, to: Recipient, opts: { task?: TaskKind; urgent?: boolean; deadline?: DeadlineKey } = {}) => ({
  type: 'sendNotice' as const,
  params: { notice: n, to, task: opts.task ?? null, urgent: opts.urgent ?? false, deadline: opts.deadline ?? null },
});

const REMINDER: Partial<Record<DeadlineKey, { notice: NoticeKind; task: TaskKind }>> = {
  informationSheet: { notice: 'information_sheet_reminder', task: 'report_information_sheet' },
  carePlanCopy: { notice: 'care_plan_copy_reminder', task: 'confirm_care_plan_copy' },
};
const TASK_OF: Partial<Record<DeadlineKey, TaskKind>> = { informationSheet: 'report_information_sheet', carePlanCopy: 'confirm_care_plan_copy' };

// Inside setup() the action names are not typed yet, so composite actions enqueue the effect
// actions declared below through these two helpers; the names are checked by the Effect type.
interface Queue {
  (action: never): void;
  assign(assignment: (args: { context: Ctx }) => Partial<Ctx>): void;
}
const queue = (enqueue: unknown) => enqueue as Queue;
const effect = <T extends Effect['type']>(type: T, params: Omit<Extract<Effect, { type: T }>, 'type'>) => ({ type, params }) as never;

function openDeadlineIn(q: Queue, deadline: Deadline): void {
  q.assign(({ context }) => ({ deadlines: [...context.deadlines.filter((d) => d.key !== deadline.key), deadline] }));
  q(effect('setDeadline', { key: deadline.key, dueAt: deadline.dueAt, remindAt: deadline.remindAt, escalateAt: deadline.escalateAt }));
}

function settleDeadlineIn(q: Queue, context: Ctx, key: DeadlineKey, at: string, waived: boolean): void {
  const d = find(context, key);
  if (!isPending(d)) return;
  const status: Deadline['status'] = waived
    ? (d!.status === 'overdue' ? 'missed' : 'waived')
    : (d!.status === 'overdue' || Date.parse(at) >= Date.parse(d!.dueAt) ? 'late' : 'met');
  q.assign(({ context: now }) => ({ deadlines: now.deadlines.map((x) => (x.key === key ? { ...x, status, metAt: waived ? null : at } : x)) }));
  q(effect('clearDeadline', { key }));
}

/**
 * One hospitalization under a region's admission/discharge support rule (Sanda §4 routes A and B,
 * transfers and exits). States are the rule's steps; events are facts that happened. Effects are
 * described by the named actions openTask / sendNotice / setDeadline / ... and carried out by the
 * engine after the snapshot is committed. Deadlines are database timers, never XState `after`.
 */
export const hospitalizationMachine = setup({
  types: {
    context: {} as Ctx,
    events: {} as HospitalizationEvent,
    input: {} as AdmissionInput,
  },
  actions: {
    // Effect descriptions: the bodies are empty on purpose; the engine reads type + params.
    openTask: (_, _params: { task: TaskKind }) => {},
    closeTask: (_, _params: { task: TaskKind }) => {},
    sendNotice: (_, _params: { notice: NoticeKind; to: Recipient; task: TaskKind | null; urgent: boolean; deadline: DeadlineKey | null }) => {},
    setDeadline: (_, _params: { key: DeadlineKey; dueAt: string; remindAt: string | null; escalateAt: string | null }) => {},
    clearDeadline: (_, _params: { key: DeadlineKey }) => {},

    /** A deadline enters the record and its timers are asked for, in one step. */
    openDeadline: enqueueActions(({ enqueue }, { deadline }: { deadline: Deadline }) => openDeadlineIn(queue(enqueue), deadline)),
    /** A deadline is met (late when after its due time) or stops applying (waived, or missed if overdue). */
    settleDeadline: enqueueActions(({ context, enqueue }, p: { key: DeadlineKey; at: string; waived?: boolean }) =>
      settleDeadlineIn(queue(enqueue), context, p.key, p.at, p.waived ?? false)),
    /** Leaving the stay: the stay's own deadlines no longer apply. */
    waiveStayDeadlines: enqueueActions(({ context, enqueue, event }) => {
      for (const key of STAY_DEADLINES) settleDeadlineIn(queue(enqueue), context, key, event.occurredAt, true);
    }),
    closeEverything: enqueueActions(({ context, enqueue, event }) => {
      for (const d of context.deadlines) settleDeadlineIn(queue(enqueue), context, d.key, event.occurredAt, true);
      for (const task of ALL_TASKS) queue(enqueue)(effect('closeTask', { task }));
    }),
    /** A care manager named after discharge planning began is told both the admission and the discharge start. */
    catchUpCareManager: enqueueActions(({ context, enqueue }) => {
      const q = queue(enqueue);
      if (!context.admissionAcknowledgedAt) {
        q(effect('openTask', { task: 'acknowledge_admission' }));
        q(effect('sendNotice', notice('admission_notice', 'careOffice', { task: 'acknowledge_admission' }).params));
      }
      if (context.route === 'A' && !context.informationSheet) q(effect('openTask', { task: 'report_information_sheet' }));
      if (context.dischargePlanning) q(effect('sendNotice', notice('discharge_start_notice', 'careOffice').params));
    }),
    /** 転院時の連絡: a copy of the information sheet goes to the receiving hospital's window. */
    sendInformationSheetCopy: enqueueActions(({ context, enqueue, event }) => {
      const e = event as Ev<'transferred'>;
      if (e.toHospitalId && context.informationSheet) queue(enqueue)(effect('sendNotice', notice('information_sheet_copy', 'receivingHospital').params));
    }),

    recordCareOffice: enqueueActions(({ context, enqueue, event }) => {
      const e = event as Ev<'care_office_identified'> | Ev<'care_manager_assigned'>;
      const officeHours = e.officeHours ?? DEFAULT_BUSINESS_HOURS;
      const q = queue(enqueue);
      q.assign(() => ({ careOfficeId: e.careOfficeId, officeKind: e.officeKind, officeHours }));
      if (context.route === 'A' && !context.informationSheet && !context.discharge) {
        openDeadlineIn(q, informationSheetDeadline(context.admittedAt, context.rule, officeHours));
      }
      settleDeadlineIn(q, context, 'careManagerIdentification', e.occurredAt, false);
    }),
    recordAcknowledgement: assign({
      admissionAcknowledgedAt: ({ context, event }) => context.admissionAcknowledgedAt ?? event.occurredAt,
    }),
    recordInformationSheet: enqueueActions(({ context, enqueue, event }) => {
      const e = event as Ev<'information_sheet_provided'>;
      // The first provision is the one the add-on and the deadline are judged by.
      if (context.informationSheet) return;
      const q = queue(enqueue);
      q.assign(() => ({ informationSheet: { at: e.at, means: e.means } }));
      settleDeadlineIn(q, context, 'informationSheet', e.at, false);
      q(effect('closeTask', { task: 'report_information_sheet' }));
      q(effect('closeTask', { task: 'acknowledge_admission' }));
    }),
    recordEligibility: assign({
      eligibility: ({ event }) => {
        const e = event as Ev<'eligibility_screened'>;
        return { ...decideEligibility(e), screenedAt: e.occurredAt, age: e.age, criteria: e.criteria, specifiedDisease: e.specifiedDisease };
      },
    }),
    recordApplicationSupport: assign({
      applicationSupport: ({ event }) => {
        const e = event as Ev<'insurance_application_supported'>;
        return { at: e.occurredAt, by: e.by, supportCenterId: e.supportCenterId };
      },
    }),
    recordAssignment: assign({
      assignment: ({ event }) => {
        const e = event as Ev<'care_manager_assigned'>;
        const recommended = recommendedOfficeKind(e.expectedCareLevel);
        return { at: e.occurredAt, expectedCareLevel: e.expectedCareLevel, recommended, matchesRecommendation: recommended === e.officeKind };
      },
    }),
    recordHospitalContact: assign({ hospitalContactedAt: ({ context, event }) => context.hospitalContactedAt ?? event.occurredAt }),
    recordCareLevelChange: assign({ careLevelChange: ({ context, event }) => [...context.careLevelChange, { at: event.occurredAt }] }),
    recordTreatmentPlan: assign({
      treatmentPlans: ({ context, event }) => [...context.treatmentPlans, {
        at: event.occurredAt, expectedLengthOfStayDays: (event as Ev<'treatment_plan_shared'>).expectedLengthOfStayDays,
      }],
    }),
    recordDischargeDifficulty: enqueueActions(({ context, enqueue, event }) => {
      const e = event as Ev<'discharge_difficulty_screened'>;
      const q = queue(enqueue);
      q.assign(() => ({ dischargeDifficulty: context.dischargeDifficulty ?? { screenedAt: e.occurredAt, difficult: e.difficult } }));
      settleDeadlineIn(q, context, 'dischargeDifficultyScreening', e.occurredAt, false);
      if (e.difficult && !context.patientFamilyInterviewAt && !find(context, 'patientFamilyInterview')) {
        openDeadlineIn(q, patientFamilyInterviewDeadline(context.admittedAt, e.occurredAt, context.rule));
      }
    }),
    recordPatientFamilyInterview: enqueueActions(({ context, enqueue, event }) => {
      const q = queue(enqueue);
      q.assign(() => ({ patientFamilyInterviewAt: context.patientFamilyInterviewAt ?? event.occurredAt }));
      settleDeadlineIn(q, context, 'patientFamilyInterview', event.occurredAt, false);
    }),
    recordDischargePlanning: assign({
      dischargePlanning: ({ context, event }) => {
        const e = event as Ev<'discharge_planning_started'>;
        const startedAt = context.dischargePlanning?.startedAt ?? e.occurredAt;
        return { startedAt, expectedDischargeDate: e.expectedDischargeDate, leadDays: leadDays(e.occurredAt, e.expectedDischargeDate) };
      },
    }),
    recordInfoExchange: assign({
      infoExchanges: ({ context, event }) => [...context.infoExchanges, { at: event.occurredAt, method: (event as Ev<'discharge_information_shared'>).method }],
    }),
    recordConferenceScheduled: assign({
      conferences: ({ context, event }) => {
        const e = event as Ev<'conference_scheduled'>;
        return [...context.conferences, { at: e.at, place: e.place, online: e.online, heldAt: null, kind: e.kind, participants: [] }];
      },
    }),
    recordConferenceHeld: assign({
      conferences: ({ context, event }) => {
        const e = event as Ev<'conference_held'>;
        const pending = context.conferences.findIndex((c) => c.heldAt === null);
        const held = { heldAt: e.occurredAt, kind: e.kind, participants: e.participants };
        if (pending === -1) return [...context.conferences, { at: e.occurredAt, place: null, online: false, ...held }];
        return context.conferences.map((c, i) => (i === pending ? { ...c, ...held } : c));
      },
    }),
    recordDischarge: assign(({ context, event }) => {
      const e = event as Ev<'discharged'>;
      const home = e.destination === 'home';
      return {
        discharge: { at: e.occurredAt, destination: e.destination, nursingSummarySentAt: e.nursingSummarySent ? e.occurredAt : null, sudden: !context.dischargePlanning },
        leak: home ? leakAt(context, e.occurredAt) : null,
        noExchangeBeforeDischarge: home && context.route === 'B' && context.infoExchanges.length === 0 && !context.conferences.some((c) => c.heldAt),
      };
    }),
    recordTransfer: assign({
      transfer: ({ event }) => {
        const e = event as Ev<'transferred'> | Ev<'discharged'>;
        return e.type === 'transferred'
          ? { at: e.occurredAt, toHospitalId: e.toHospitalId, toHospitalName: e.toHospitalName }
          : { at: e.occurredAt, toHospitalId: null, toHospitalName: '' };
      },
    }),
    recordNursingSummary: assign({
      discharge: ({ context, event }) =>
        context.discharge && { ...context.discharge, nursingSummarySentAt: context.discharge.nursingSummarySentAt ?? event.occurredAt },
    }),
    recordCarePlanCopy: enqueueActions(({ context, enqueue, event }) => {
      const q = queue(enqueue);
      q.assign(() => ({ carePlanCopySentAt: context.carePlanCopySentAt ?? event.occurredAt }));
      settleDeadlineIn(q, context, 'carePlanCopy', event.occurredAt, false);
      q(effect('closeTask', { task: 'confirm_care_plan_copy' }));
    }),
    recordNoticeDelivered: assign({
      dischargeStartNoticeDeliveredAt: ({ context, event }) => context.dischargeStartNoticeDeliveredAt ?? event.occurredAt,
    }),
    markOverdue: assign({
      deadlines: ({ context, event }) => context.deadlines.map((d) =>
        (d.key === (event as Ev<'deadline_passed'>).key ? { ...d, status: 'overdue' as const } : d)),
    }),
    remindOwner: enqueueActions(({ enqueue, event }) => {
      const key = (event as Ev<'deadline_approached'>).key;
      const r = REMINDER[key];
      if (r) queue(enqueue)(effect('sendNotice', notice(r.notice, 'careOffice', { task: r.task, deadline: key }).params));
    }),
    tellOwnerOverdue: enqueueActions(({ context, enqueue, event }) => {
      const key = (event as Ev<'deadline_passed'>).key;
      if (find(context, key)?.owner !== 'care_office') return;
      const task = TASK_OF[key];
      queue(enqueue)(effect('sendNotice', notice('deadline_overdue_notice', 'careOffice', { deadline: key, ...(task ? { task } : {}) }).params));
    }),
    escalate: enqueueActions(({ enqueue, event }) => {
      queue(enqueue)(effect('sendNotice', notice('escalation_notice', 'regionAdministrator', { deadline: (event as Ev<'deadline_escalated'>).key }).params));
    }),
    close: assign({ closedReason: (_, params: { reason: NonNullable<Ctx['closedReason']> }) => params.reason }),
  },
  guards: {
    routeA: ({ context }) => context.route === 'A',
    hasCareOffice: ({ context }) => context.careOfficeId !== null,
    noCareOffice: ({ context }) => context.careOfficeId === null,
    officeChanges: ({ context, event }) => (event as Ev<'care_office_identified'>).careOfficeId !== context.careOfficeId,
    acknowledged: ({ context }) => context.admissionAcknowledgedAt !== null,
    goesHome: ({ event }) => (event as Ev<'discharged'>).destination === 'home',
    goesToHospital: ({ event }) => (event as Ev<'discharged'>).destination === 'other_hospital',
    plannedDischarge: ({ context }) => context.dischargePlanning !== null,
    nursingSummarySent: ({ context }) => context.discharge?.nursingSummarySentAt != null,
    carePlanCopySent: ({ context }) => context.carePlanCopySentAt !== null,
    guidedToApplication: ({ event }) => decideEligibility(event as Ev<'eligibility_screened'>).guideToApplication,
    hospitalAsksSupportCenter: ({ event }) => {
      const e = event as Ev<'insurance_application_supported'>;
      return e.by === 'hospital' && e.supportCenterId !== null;
    },
    dischargeStartNotice: ({ event }) => (event as Ev<'notice_delivered'>).notice === 'discharge_start_notice',
    deadlineStillOpen: ({ context, event }) => {
      const e = event as Ev<'deadline_approached'>;
      const d = find(context, e.key);
      return d !== undefined && d.status === 'open' && d.owner === 'care_office' && Date.parse(e.firedAt) < Date.parse(d.dueAt);
    },
    deadlineUnmet: ({ context, event }) => find(context, (event as Ev<'deadline_passed'>).key)?.status === 'open',
    deadlineStillOverdue: ({ context, event }) => find(context, (event as Ev<'deadline_escalated'>).key)?.status === 'overdue',
  },
}).createMachine({
  id: 'hospitalization',
  context: ({ input }) => ({
    caseId: input.caseId,
    hospitalId: input.hospitalId,
    route: input.usedCareServices || input.careOfficeId ? 'A' : 'B',
    careOfficeId: input.careOfficeId,
    officeKind: input.officeKind,
    officeHours: input.officeHours ?? DEFAULT_BUSINESS_HOURS,
    admittedAt: input.occurredAt,
    firstInformedBy: input.firstInformedBy,
    ward: input.ward,
    rule: input.rule,
    previousStay: input.previousStay,
    deadlines: [],
    admissionAcknowledgedAt: input.firstInformedBy === 'care_manager' ? input.occurredAt : null,
    informationSheet: null,
    eligibility: null,
    applicationSupport: null,
    assignment: null,
    hospitalContactedAt: null,
    careLevelChange: [],
    treatmentPlans: [],
    dischargeDifficulty: null,
    patientFamilyInterviewAt: null,
    dischargePlanning: null,
    dischargeStartNoticeDeliveredAt: null,
    conferences: [],
    infoExchanges: [],
    discharge: null,
    transfer: null,
    carePlanCopySentAt: null,
    leak: null,
    noExchangeBeforeDischarge: false,
    closedReason: null,
    retracted: [],
  }),
  initial: 'stay',
  // Facts recorded wherever the case is; the states below decide only where it moves.
  on: {
    information_sheet_provided: { actions: 'recordInformationSheet' },
    discharge_information_shared: { actions: 'recordInfoExchange' },
    notice_delivered: { guard: 'dischargeStartNotice', actions: 'recordNoticeDelivered' },
    deadline_approached: { guard: 'deadlineStillOpen', actions: 'remindOwner' },
    deadline_passed: { guard: 'deadlineUnmet', actions: ['markOverdue', 'tellOwnerOverdue'] },
    deadline_escalated: { guard: 'deadlineStillOverdue', actions: 'escalate' },
  },
  states: {
    stay: {
      initial: 'admission',
      entry: [
        { type: 'openDeadline', params: ({ context }) => ({ deadline: dischargeDifficultyScreeningDeadline(context.admittedAt, context.rule) }) },
      ],
      // Facts that may come at any point of the stay.
      on: {
        // The rule sets no order between finding the care manager and planning the discharge:
        // a care manager found late still gets what they missed.
        care_office_identified: {
          guard: 'officeChanges',
          actions: ['recordCareOffice', 'catchUpCareManager'],
        },
        care_manager_assigned: {
          guard: 'officeChanges',
          actions: ['recordCareOffice', 'recordAssignment', 'catchUpCareManager'],
        },
        care_level_change_needed: { actions: ['recordCareLevelChange', notice('care_level_change_notice', 'careOffice')] },
        treatment_plan_shared: { actions: ['recordTreatmentPlan', notice('treatment_plan_notice', 'careOffice')] },
        discharge_difficulty_screened: { actions: 'recordDischargeDifficulty' },
        patient_family_interviewed: { actions: 'recordPatientFamilyInterview' },
        discharge_planning_started: { target: '.dischargeStart', actions: 'recordDischargePlanning' },
        discharged: [
          { guard: 'goesHome', target: 'discharged', actions: ['recordDischarge', 'waiveStayDeadlines'] },
          { guard: 'goesToHospital', target: 'closed', actions: ['recordDischarge', 'recordTransfer', { type: 'close', params: { reason: 'transferred' } }, notice('stay_ended_notice', 'careOffice')] },
          { target: 'closed', actions: ['recordDischarge', { type: 'close', params: { reason: 'discharged_to_facility' } }, notice('stay_ended_notice', 'careOffice')] },
        ],
        transferred: {
          target: 'closed',
          actions: ['recordTransfer', { type: 'close', params: { reason: 'transferred' } }, notice('stay_ended_notice', 'careOffice'), 'sendInformationSheetCopy'],
        },
        died: { target: 'closed', actions: [{ type: 'close', params: { reason: 'died' } }, notice('stay_ended_notice', 'careOffice')] },
        admission_cancelled: { target: 'closed', actions: [{ type: 'close', params: { reason: 'admission_cancelled' } }, notice('stay_ended_notice', 'careOffice')] },
      },
      states: {
        admission: {
          always: [{ guard: 'routeA', target: 'admissionNotice' }, { target: 'eligibilityScreening' }],
        },
        // A① 入院時の連絡: whoever learns first tells the other.
        admissionNotice: {
          entry: enqueueActions(({ context, enqueue, check }) => {
            if (check('hasCareOffice')) {
              enqueue({ type: 'openDeadline', params: { deadline: informationSheetDeadline(context.admittedAt, context.rule, context.officeHours) } });
              enqueue({ type: 'openTask', params: { task: 'report_information_sheet' } });
              if (!check('acknowledged')) {
                enqueue({ type: 'openTask', params: { task: 'acknowledge_admission' } });
                enqueue(notice('admission_notice', 'careOffice', { task: 'acknowledge_admission' }));
              }
            } else {
              enqueue({ type: 'openDeadline', params: { deadline: careManagerIdentificationDeadline(context.admittedAt, context.rule) } });
            }
          }),
          always: { guard: 'acknowledged', target: 'informationProvision' },
          on: {
            care_office_identified: {
              guard: 'officeChanges',
              actions: [
                'recordCareOffice',
                { type: 'openTask', params: { task: 'acknowledge_admission' } },
                { type: 'openTask', params: { task: 'report_information_sheet' } },
                notice('admission_notice', 'careOffice', { task: 'acknowledge_admission' }),
              ],
            },
            admission_acknowledged: { target: 'informationProvision', actions: ['recordAcknowledgement', { type: 'closeTask', params: { task: 'acknowledge_admission' } }] },
            admission_reported_by_care_manager: { target: 'informationProvision', actions: ['recordAcknowledgement', { type: 'closeTask', params: { task: 'acknowledge_admission' } }] },
            information_sheet_provided: { target: 'inpatientCoordination', actions: ['recordAcknowledgement', 'recordInformationSheet'] },
          },
        },
        informationProvision: {
          on: {
            information_sheet_provided: { target: 'inpatientCoordination', actions: 'recordInformationSheet' },
          },
        },
        // B① 介護保険申請の支援: screening against the rule's criteria gives a decision with reasons.
        eligibilityScreening: {
          on: {
            eligibility_screened: [
              { guard: 'guidedToApplication', target: 'insuranceApplication', actions: 'recordEligibility' },
              { target: '#hospitalization.closed', actions: ['recordEligibility', { type: 'close', params: { reason: 'not_eligible' } }] },
            ],
            care_manager_assigned: { target: 'careManagerContact', actions: ['recordCareOffice', 'recordAssignment'] },
          },
        },
        // B① the family, or failing that the hospital, consults the community support center.
        insuranceApplication: {
          on: {
            insurance_application_supported: [
              { guard: 'hospitalAsksSupportCenter', target: 'careManagerAssignment', actions: ['recordApplicationSupport', notice('support_center_request', 'supportCenter')] },
              { target: 'careManagerAssignment', actions: 'recordApplicationSupport' },
            ],
            care_manager_assigned: { target: 'careManagerContact', actions: ['recordCareOffice', 'recordAssignment'] },
          },
        },
        // B② 担当依頼: 要支援 or unsure → community support center; 要介護 → home-care office.
        careManagerAssignment: {
          on: {
            care_manager_assigned: { target: 'careManagerContact', actions: ['recordCareOffice', 'recordAssignment'] },
          },
        },
        // B② the assigned care manager contacts the hospital early.
        careManagerContact: {
          entry: [
            { type: 'openTask', params: { task: 'report_hospital_contact' } },
            notice('assignment_request', 'careOffice', { task: 'report_hospital_contact' }),
          ],
          on: {
            care_manager_contacted_hospital: {
              target: 'inpatientCoordination',
              actions: ['recordHospitalContact', { type: 'closeTask', params: { task: 'report_hospital_contact' } }],
            },
          },
        },
        // A② / B② 入院中の連携.
        inpatientCoordination: {},
        // A③ 退院調整開始の連絡.
        dischargeStart: {
          entry: enqueueActions(({ enqueue, check }) => {
            if (check('hasCareOffice')) enqueue(notice('discharge_start_notice', 'careOffice'));
          }),
          on: {
            discharge_planning_started: { actions: ['recordDischargePlanning', notice('discharge_start_notice', 'careOffice')] },
            conference_scheduled: { target: 'preDischargeConference', actions: ['recordConferenceScheduled', notice('conference_notice', 'careOffice')] },
            conference_held: { target: 'preDischargeConference', actions: 'recordConferenceHeld' },
          },
        },
        // A④ 退院前調整.
        preDischargeConference: {
          on: {
            discharge_planning_started: { actions: ['recordDischargePlanning', notice('discharge_start_notice', 'careOffice')] },
            conference_scheduled: { actions: ['recordConferenceScheduled', notice('conference_notice', 'careOffice')] },
            conference_held: { actions: 'recordConferenceHeld' },
          },
        },
      },
    },
    // A⑤ 退院時・退院後の情報提供: the nursing summary from the hospital.
    discharged: {
      entry: enqueueActions(({ context, enqueue, check, event }) => {
        if (!check('hasCareOffice')) return;
        enqueue({ type: 'openTask', params: { task: 'confirm_care_plan_copy' } });
        enqueue({ type: 'openDeadline', params: { deadline: carePlanCopyDeadline(event.occurredAt, context.rule, context.officeHours) } });
        enqueue(check('plannedDischarge')
          ? notice('discharge_notice', 'careOffice', { task: 'confirm_care_plan_copy' })
          : notice('sudden_discharge_notice', 'careOffice', { task: 'confirm_care_plan_copy', urgent: true }));
      }),
      always: { guard: 'nursingSummarySent', target: 'carePlanCopy' },
      on: {
        nursing_summary_sent: { target: 'carePlanCopy', actions: 'recordNursingSummary' },
        care_plan_copy_sent: { actions: 'recordCarePlanCopy' },
      },
    },
    // A⑤ the care manager sends a copy of the care plan to the hospital.
    carePlanCopy: {
      always: [
        { guard: 'carePlanCopySent', target: 'closed', actions: { type: 'close', params: { reason: 'completed' } } },
        // No care manager: nobody can send a care plan; the leak is recorded and the stay ends.
        { guard: 'noCareOffice', target: 'closed', actions: { type: 'close', params: { reason: 'completed' } } },
      ],
      on: {
        care_plan_copy_sent: { target: 'closed', actions: ['recordCarePlanCopy', { type: 'close', params: { reason: 'completed' } }] },
      },
    },
    closed: {
      type: 'final',
      entry: 'closeEverything',
    },
  },
});

export type HospitalizationMachine = typeof hospitalizationMachine;

/** Leaf state names: the steps of the rule as the API and the console name them. */
export const STATES = [
  'admissionNotice', 'informationProvision', 'eligibilityScreening', 'insuranceApplication', 'careManagerAssignment',
  'careManagerContact', 'inpatientCoordination', 'dischargeStart', 'preDischargeConference', 'discharged', 'carePlanCopy', 'closed',
] as const;
export type HospitalizationState = (typeof STATES)[number];
