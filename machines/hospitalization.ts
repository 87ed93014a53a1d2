import { assertEvent, assign, enqueueActions, not, type ParameterizedObject, setup } from 'xstate';
import { DEFAULT_BUSINESS_HOURS } from './businessCalendar.js';
import { jstDate } from './calendar.js';
import {
  careManagerAssignmentDeadline,
  careManagerHospitalContactDeadline,
  careManagerIdentificationDeadline,
  carePlanCopyDeadline,
  dischargeDifficultyScreeningDeadline,
  dischargeStartNoticeDeadline,
  expectedDischargeDate,
  informationSheetDeadline,
  leadDays,
  patientFamilyInterviewDeadline,
  reportedAdmissionConfirmationDeadline,
} from './deadlines.js';
import { withDischargeRecord } from './dischargeRecord.js';
import { decideEligibility, recommendedOfficeKind } from './eligibility.js';
import type {
  AdmissionInput,
  Deadline,
  DeadlineKey,
  Effect,
  HospitalizationContext,
  HospitalizationEvent,
  LeakReason,
  NoticeKind,
  Recipient,
  TaskKind,
} from './types.js';

type Ctx = HospitalizationContext;

const ALL_TASKS: TaskKind[] = [
  'acknowledge_admission',
  'report_information_sheet',
  'report_hospital_contact',
  'confirm_care_plan_copy',
  'identify_care_manager',
  'file_discharge_record',
];
const STAY_DEADLINES: DeadlineKey[] = [
  'careManagerIdentification',
  'careManagerAssignment',
  'careManagerHospitalContact',
  'informationSheet',
  'dischargeDifficultyScreening',
  'patientFamilyInterview',
  'dischargeStartNotice',
  'reportedAdmissionConfirmation',
];

function find(ctx: Ctx, key: DeadlineKey): Deadline | undefined {
  return ctx.deadlines.find((d) => d.key === key);
}

/** A deadline still waiting to be met: only these can be settled. */
type PendingDeadline = Deadline & { status: 'open' | 'overdue' };
const isPending = (d: Deadline | undefined): d is PendingDeadline =>
  d !== undefined && (d.status === 'open' || d.status === 'overdue');

/** An exchange about the discharge between the care manager and the hospital before it happened. */
function exchangedBefore(ctx: Ctx, dischargedAt: string): boolean {
  const before = (at: string | null) => at !== null && Date.parse(at) <= Date.parse(dischargedAt);
  return (
    ctx.infoExchanges.some((x) => before(x.at)) ||
    ctx.conferences.some((c) => before(c.heldAt) && c.participants.some((p) => p.profession === 'care_manager'))
  );
}

/**
 * 「急遽退院が決まった場合は速やかに連絡を行う」 (the rule's discharge-start step): a discharge decided with
 * fewer than the region's lead days to go, whose notice reached the care manager within this many
 * hours of the decision, followed the rule. renkei's reading of 速やかに; docs/billing.md says so.
 */
export const SUDDEN_DISCHARGE_PROMPT_HOURS = 24;

function suddenAndToldPromptly(ctx: Ctx, deliveredAt: string): boolean {
  const p = ctx.dischargePlanning;
  if (!p || p.leadDays === null || p.leadDays >= ctx.rule.dischargeStartLeadDays) return false;
  return Date.parse(deliveredAt) - Date.parse(p.startedAt) <= SUDDEN_DISCHARGE_PROMPT_HOURS * 3_600_000;
}

/**
 * Where a handoff fell short, checked at a discharge home. Which of these the survey counts as a leak
 * and which as a late notice is machines/measures.ts's (SURVEY_LEAKS, LATE_NOTICE).
 */
function leakAt(ctx: Ctx, dischargedAt: string): Ctx['leak'] {
  const leak = (reason: LeakReason, detail: string) => ({ reason, detail });
  if (!ctx.careOfficeId) return leak('no_care_manager', '担当ケアマネジャーが決まらないまま退院');
  if (ctx.rule.careManagerContactCountsAsHandoff && exchangedBefore(ctx, dischargedAt)) return null;
  if (!ctx.dischargePlanning) return leak('no_discharge_start_notice', '退院調整開始の連絡がないまま退院 (急な退院)');
  if (!ctx.dischargeStartNoticeDeliveredAt)
    return leak('discharge_start_notice_undelivered', '退院調整開始の連絡がケアマネジャーに届かないまま退院');
  const days = leadDays(ctx.dischargeStartNoticeDeliveredAt, jstDate(dischargedAt));
  if (days < ctx.rule.dischargeStartLeadDays && !suddenAndToldPromptly(ctx, ctx.dischargeStartNoticeDeliveredAt)) {
    return leak(
      'discharge_start_notice_late',
      `退院調整開始の連絡が退院の${days}日前 (地域の目安: ${ctx.rule.dischargeStartLeadDays}日前まで)`,
    );
  }
  return null;
}

/**
 * A discharge announced with fewer than the region's lead days to go: the care manager has less time
 * than the rule gives, so the notice is urgent (SMS and email at once), not a routine email.
 */
export function shortNotice(ctx: Ctx): boolean {
  const lead = ctx.dischargePlanning?.leadDays;
  return lead !== null && lead !== undefined && lead < ctx.rule.dischargeStartLeadDays;
}

const notice = (
  n: NoticeKind,
  to: Recipient,
  opts: { task?: TaskKind; urgent?: boolean; deadline?: DeadlineKey } = {},
) => ({
  type: 'sendNotice' as const,
  params: { notice: n, to, task: opts.task ?? null, urgent: opts.urgent ?? false, deadline: opts.deadline ?? null },
});

/** The care manager is told of a nursing summary posted as data (also on a closed stay: machines/run.ts). */
export const NURSING_SUMMARY_NOTICE = notice('nursing_summary_notice', 'careOffice');

/** Who is reminded before a deadline and told when it passes; a deadline not listed is watched on the console only. */
const TOLD: Partial<
  Record<DeadlineKey, { to: Recipient; reminder: NoticeKind; overdue?: NoticeKind; task?: TaskKind }>
> = {
  informationSheet: { to: 'careOffice', reminder: 'information_sheet_reminder', task: 'report_information_sheet' },
  carePlanCopy: { to: 'careOffice', reminder: 'care_plan_copy_reminder', task: 'confirm_care_plan_copy' },
  careManagerHospitalContact: {
    to: 'careOffice',
    reminder: 'hospital_contact_reminder',
    task: 'report_hospital_contact',
  },
  // The hospital window sees its deadline on the console; the support center it asked is reminded.
  // Its one text reads right before and after the due day: a support center has no task link to report on.
  careManagerAssignment: { to: 'supportCenter', reminder: 'assignment_reminder', overdue: 'assignment_reminder' },
  // The hospital's own step, told to its window: one text for before and after the day.
  dischargeStartNotice: {
    to: 'hospitalWindow',
    reminder: 'discharge_start_reminder',
    overdue: 'discharge_start_reminder',
  },
};

/** The params of an effect action: the effect without its type, which is the action's name. */
type EffectParams<T extends Effect['type']> = Omit<Extract<Effect, { type: T }>, 'type'>;
/** The effect actions as the machine names them: all that a composite action may enqueue. */
type EffectAction = { [T in Effect['type']]: { type: T; params: EffectParams<T> } }[Effect['type']];

// Composite actions are declared in the same setup() as the effect actions they enqueue, so
// XState cannot infer the action names for them yet; giving enqueueActions the effect actions
// explicitly keeps every enqueued name and its params checked against the Effect type.
type CompositeBody<P extends ParameterizedObject['params'] | undefined> = Parameters<
  typeof enqueueActions<Ctx, HospitalizationEvent, P, HospitalizationEvent, never, EffectAction, never, never>
>[0];
type Enqueue = Parameters<CompositeBody<undefined>>[0]['enqueue'];
const composite = <P extends ParameterizedObject['params'] | undefined = undefined>(body: CompositeBody<P>) =>
  enqueueActions<Ctx, HospitalizationEvent, P, HospitalizationEvent, never, EffectAction, never, never>(body);

/**
 * A③ 退院調整開始の連絡 to the care office, carrying the 退院・退所情報記録書 as its task until the care
 * manager has filed one: what the hospital tells them from now on is their evidence for 退院・退所加算.
 */
function tellDischargeStartIn(enqueue: Enqueue, context: Ctx): void {
  const ask = !context.dischargeRecords?.length;
  if (ask) enqueue({ type: 'openTask', params: { task: 'file_discharge_record' } });
  enqueue(
    notice('discharge_start_notice', 'careOffice', {
      urgent: shortNotice(context),
      ...(ask ? { task: 'file_discharge_record' as const } : {}),
    }),
  );
}

function openDeadlineIn(enqueue: Enqueue, deadline: Deadline): void {
  enqueue.assign(({ context }) => ({
    deadlines: [...context.deadlines.filter((d) => d.key !== deadline.key), deadline],
  }));
  enqueue({
    type: 'setDeadline',
    params: { key: deadline.key, dueAt: deadline.dueAt, remindAt: deadline.remindAt, escalateAt: deadline.escalateAt },
  });
}

/**
 * `agreed`: the step was agreed as not needed this time (a repeat admission's information sheet):
 * waived even when already overdue, since the rule lets the two sides decide it (Sanda FAQ 3–4).
 */
function settleDeadlineIn(
  enqueue: Enqueue,
  context: Ctx,
  key: DeadlineKey,
  at: string,
  waived: boolean | 'agreed',
): void {
  const d = find(context, key);
  // Absent, or already met or waived: nothing left to settle.
  if (!isPending(d)) return;
  const status: Deadline['status'] = waived
    ? d.status === 'overdue' && waived !== 'agreed'
      ? 'missed'
      : 'waived'
    : d.status === 'overdue' || Date.parse(at) >= Date.parse(d.dueAt)
      ? 'late'
      : 'met';
  enqueue.assign(({ context: now }) => ({
    deadlines: now.deadlines.map((x) => (x.key === key ? { ...x, status, metAt: waived ? null : at } : x)),
  }));
  enqueue({ type: 'clearDeadline', params: { key } });
}

/**
 * One hospitalization under a region's admission/discharge support rule (Sanda §4 routes A and B,
 * transfers and exits). States are the rule's steps; events are facts that happened. Effects are
 * described by the named actions openTask / sendNotice / setDeadline / ... and carried out by the
 * engine after the snapshot is committed. Deadlines are database timers, never XState `after`.
 *
 * Each action and guard that reads an event's own fields asserts which facts it is meant for: a
 * fact wired to the wrong action throws instead of recording undefined fields.
 */
export const hospitalizationMachine = setup({
  // XState reads the machine's types from this object's type only; there is no value to give.
  types: {} as { context: Ctx; events: HospitalizationEvent; input: AdmissionInput },
  actions: {
    // Effect descriptions: the bodies are empty on purpose; the engine reads type + params.
    openTask: (_, _params: EffectParams<'openTask'>) => {},
    closeTask: (_, _params: EffectParams<'closeTask'>) => {},
    sendNotice: (_, _params: EffectParams<'sendNotice'>) => {},
    setDeadline: (_, _params: EffectParams<'setDeadline'>) => {},
    clearDeadline: (_, _params: EffectParams<'clearDeadline'>) => {},

    /** A deadline enters the record and its timers are asked for, in one step. */
    openDeadline: composite<{ deadline: Deadline }>(({ enqueue }, { deadline }) => openDeadlineIn(enqueue, deadline)),
    /** Leaving the stay: the stay's own deadlines no longer apply. */
    waiveStayDeadlines: composite(({ context, enqueue, event }) => {
      for (const key of STAY_DEADLINES) settleDeadlineIn(enqueue, context, key, event.occurredAt, true);
      // Nobody is looking for a care manager of a stay that ended.
      if (context.careManagerSearch) enqueue({ type: 'closeTask', params: { task: 'identify_care_manager' } });
    }),
    closeEverything: composite(({ context, enqueue, event }) => {
      for (const d of context.deadlines) settleDeadlineIn(enqueue, context, d.key, event.occurredAt, true);
      for (const task of ALL_TASKS) enqueue({ type: 'closeTask', params: { task } });
    }),
    /** A care manager named after discharge planning began is told both the admission and the discharge start. */
    catchUpCareManager: composite(({ context, enqueue }) => {
      if (!context.admissionAcknowledgedAt) {
        enqueue({ type: 'openTask', params: { task: 'acknowledge_admission' } });
        enqueue(notice('admission_notice', 'careOffice', { task: 'acknowledge_admission' }));
      }
      if (context.route === 'A' && !context.informationSheet && !context.informationSheetNotNeeded)
        enqueue({ type: 'openTask', params: { task: 'report_information_sheet' } });
      if (context.dischargePlanning) tellDischargeStartIn(enqueue, context);
    }),
    /** The sheet is asked for unless it was given or agreed not needed this time. */
    askForSheet: composite(({ context, enqueue }) => {
      if (!context.informationSheet && !context.informationSheetNotNeeded)
        enqueue({ type: 'openTask', params: { task: 'report_information_sheet' } });
    }),
    /** A③ 退院調整開始の連絡, urgent when the discharge is nearer than the region's lead days. */
    tellDischargeStart: composite(({ context, enqueue }) => {
      if (context.careOfficeId !== null) tellDischargeStartIn(enqueue, context);
    }),
    /**
     * 転院時の連絡: the care manager is told, and the receiving hospital gets the information sheet.
     * With a sheet on record a copy goes to its window now; without one (route A) the care manager is
     * asked to send it there, through a task whose sheet form goes to that window.
     */
    tellTransfer: composite(({ context, enqueue, event }) => {
      assertEvent(event, ['transferred', 'discharged']);
      // A hospital outside the directory is reached at the FAX number given with the fact.
      const reachable = Boolean(event.toHospitalId || event.toHospitalFax);
      if (reachable && context.informationSheet) {
        enqueue(notice('stay_ended_notice', 'careOffice'));
        enqueue(notice('information_sheet_copy', 'receivingHospital'));
      } else if (event.toHospitalId && context.route === 'A' && context.careOfficeId) {
        enqueue({ type: 'openTask', params: { task: 'send_sheet_to_receiving_hospital' } });
        enqueue(notice('stay_ended_notice', 'careOffice', { task: 'send_sheet_to_receiving_hospital' }));
      } else {
        enqueue(notice('stay_ended_notice', 'careOffice'));
      }
    }),

    recordCareOffice: composite(({ context, enqueue, event }) => {
      assertEvent(event, ['care_office_identified', 'care_manager_assigned']);
      const officeHours = event.officeHours ?? DEFAULT_BUSINESS_HOURS;
      enqueue.assign(() => ({ careOfficeId: event.careOfficeId, officeKind: event.officeKind, officeHours }));
      if (
        context.route === 'A' &&
        !context.informationSheet &&
        !context.informationSheetNotNeeded &&
        !context.discharge
      ) {
        openDeadlineIn(enqueue, informationSheetDeadline(context.admittedAt, context.rule, officeHours));
      }
      settleDeadlineIn(enqueue, context, 'careManagerIdentification', event.occurredAt, false);
      settleDeadlineIn(enqueue, context, 'careManagerAssignment', event.occurredAt, false);
      if (context.careManagerSearch) enqueue({ type: 'closeTask', params: { task: 'identify_care_manager' } });
    }),
    /**
     * 入院予定: the care manager (when known, and when the region's rule says so) is told of the planned
     * admission, with the information sheet as a task: information given before admission counts.
     */
    tellPlannedAdmission: composite(({ context, enqueue }) => {
      if (!context.plannedAdmission || !context.careOfficeId || !context.rule.plannedAdmission?.tellCareManager) return;
      if (context.informationSheet) return;
      enqueue({ type: 'openTask', params: { task: 'report_information_sheet' } });
      enqueue(notice('planned_admission_notice', 'careOffice', { task: 'report_information_sheet' }));
    }),
    /** 入院予定の変更: the stay is now expected from the new day; the plan keeps when it was first made. */
    recordPlanChange: assign(({ context, event }) => {
      assertEvent(event, 'admission_plan_changed');
      return {
        admittedAt: `${event.expectedAdmissionDate}T00:00:00+09:00`,
        plannedAdmission: {
          plannedAt: context.plannedAdmission?.plannedAt ?? event.occurredAt,
          expectedOn: event.expectedAdmissionDate,
        },
        ward: event.ward ?? context.ward,
        ...(event.wardType ? { wardType: event.wardType } : {}),
      };
    }),
    /**
     * The care manager told of the plan is told again of the changed one (the planning notice promises
     * it: 入院の日程が変わった場合…改めてお知らせします), with the sheet's task while it is not given.
     */
    tellPlanChanged: composite(({ context, enqueue }) => {
      if (!context.careOfficeId || !context.rule.plannedAdmission?.tellCareManager) return;
      if (context.informationSheet) {
        enqueue(notice('planned_admission_notice', 'careOffice'));
        return;
      }
      enqueue({ type: 'openTask', params: { task: 'report_information_sheet' } });
      enqueue(notice('planned_admission_notice', 'careOffice', { task: 'report_information_sheet' }));
    }),
    recordPlannedCareOffice: assign(({ event }) => {
      assertEvent(event, 'care_office_identified');
      return {
        careOfficeId: event.careOfficeId,
        officeKind: event.officeKind,
        officeHours: event.officeHours ?? DEFAULT_BUSINESS_HOURS,
        route: 'A' as const,
      };
    }),
    /** The planned admission took place: the stay starts now, with what the hospital knows at admission. */
    recordAdmissionTakingPlace: assign(({ context, event }) => {
      assertEvent(event, 'admitted');
      const office =
        event.careOfficeId !== null
          ? {
              careOfficeId: event.careOfficeId,
              officeKind: event.officeKind,
              officeHours: event.officeHours ?? DEFAULT_BUSINESS_HOURS,
            }
          : {};
      const careOfficeId = event.careOfficeId ?? context.careOfficeId;
      return {
        ...office,
        admittedAt: event.occurredAt,
        ward: event.ward || context.ward,
        // The plan's ward type (ADT^A14) carries over unless the admission says another.
        ...(event.wardType ? { wardType: event.wardType } : {}),
        ...(event.preAdmissionSupport ? { preAdmissionSupport: event.preAdmissionSupport } : {}),
        route: context.route === 'A' || event.usedCareServices || careOfficeId ? ('A' as const) : ('B' as const),
      };
    }),
    /** The care manager told of the plan hears that it is off; nobody else was told. */
    tellPlanCancelled: composite(({ context, enqueue }) => {
      if (context.careOfficeId && context.rule.plannedAdmission?.tellCareManager)
        enqueue(notice('stay_ended_notice', 'careOffice'));
    }),
    /** The hospital's own admission arrived: it confirms the report too. */
    recordHospitalJoin: composite(({ context, enqueue, event }) => {
      assertEvent(event, 'hospital_admission_joined');
      enqueue.assign(() => ({ hospitalJoinedAt: event.occurredAt, ward: event.ward }));
      settleDeadlineIn(enqueue, context, 'reportedAdmissionConfirmation', event.occurredAt, false);
    }),
    /** 先に知った方が連絡する, the other way: the hospital's window is told, and confirms by its link. */
    tellHospitalOfReport: composite(({ context, enqueue }) => {
      if (context.firstInformedBy !== 'care_manager') return;
      const reportedAt = context.reportedAt ?? context.admittedAt;
      openDeadlineIn(enqueue, reportedAdmissionConfirmationDeadline(reportedAt, context.rule));
      enqueue(notice('admission_reported_notice', 'hospitalWindow'));
    }),
    recordHospitalConfirmation: composite(({ context, enqueue, event }) => {
      assertEvent(event, 'admission_confirmed_by_hospital');
      enqueue.assign(() => ({ hospitalConfirmation: { at: event.occurredAt, by: event.confirmedBy } }));
      settleDeadlineIn(enqueue, context, 'reportedAdmissionConfirmation', event.occurredAt, false);
    }),
    recordHospitalDenial: assign({
      hospitalDenial: ({ event }) => {
        assertEvent(event, 'admission_denied_by_hospital');
        return { at: event.occurredAt, by: event.deniedBy };
      },
    }),
    recordAcknowledgement: assign({
      admissionAcknowledgedAt: ({ context, event }) => context.admissionAcknowledgedAt ?? event.occurredAt,
    }),
    recordInformationSheet: composite(({ context, enqueue, event }) => {
      assertEvent(event, 'information_sheet_provided');
      // The first provision is the one the add-on and the deadline are judged by.
      if (context.informationSheet) return;
      enqueue.assign(() => ({ informationSheet: { at: event.at, means: event.means } }));
      settleDeadlineIn(enqueue, context, 'informationSheet', event.at, false);
      enqueue({ type: 'closeTask', params: { task: 'report_information_sheet' } });
      enqueue({ type: 'closeTask', params: { task: 'acknowledge_admission' } });
    }),
    /**
     * 「今回は提供不要（病院と合意）」 (Sanda FAQ 3–4): on a repeat admission the care manager and the
     * hospital agreed that the sheet is not needed this time. The deadline is settled (not met, not
     * missed: its own outcome in the measures) and nobody is reminded or escalated about it.
     */
    recordSheetNotNeeded: composite(({ context, enqueue, event }) => {
      assertEvent(event, 'information_sheet_not_needed_agreed');
      enqueue.assign(() => ({
        informationSheetNotNeeded: { at: event.occurredAt, agreedWith: event.agreedWith, recordedBy: event.by },
      }));
      settleDeadlineIn(enqueue, context, 'informationSheet', event.occurredAt, 'agreed');
      enqueue({ type: 'closeTask', params: { task: 'report_information_sheet' } });
    }),
    /**
     * A stay recorded out of the rule's scope (§2(3)) is brought into it: its open deadlines' timers are
     * asked for again (those already past fire at the next sweep), and a discharge home already
     * recorded is judged for a leak as any stay in scope.
     */
    recordBroughtIntoScope: composite(({ context, enqueue, event }) => {
      enqueue.assign(() => ({
        inRuleScope: true,
        broughtIntoScopeAt: event.occurredAt,
        ...(context.discharge?.destination === 'home'
          ? { leak: leakAt({ ...context, inRuleScope: true }, context.discharge.at) }
          : {}),
      }));
      for (const d of context.deadlines.filter(isPending))
        enqueue({
          type: 'setDeadline',
          params: { key: d.key, dueAt: d.dueAt, remindAt: d.remindAt, escalateAt: d.escalateAt },
        });
    }),
    recordEligibility: assign({
      eligibility: ({ event }) => {
        assertEvent(event, 'eligibility_screened');
        return {
          ...decideEligibility(event),
          screenedAt: event.occurredAt,
          age: event.age,
          criteria: event.criteria,
          specifiedDisease: event.specifiedDisease,
        };
      },
    }),
    recordApplicationSupport: assign({
      applicationSupport: ({ event }) => {
        assertEvent(event, 'insurance_application_supported');
        return { at: event.occurredAt, by: event.by, supportCenterId: event.supportCenterId };
      },
    }),
    recordAssignment: assign({
      assignment: ({ event }) => {
        assertEvent(event, 'care_manager_assigned');
        const recommended = recommendedOfficeKind(event.expectedCareLevel);
        return {
          at: event.occurredAt,
          expectedCareLevel: event.expectedCareLevel,
          recommended,
          matchesRecommendation: recommended === event.officeKind,
        };
      },
    }),
    recordHospitalContact: composite(({ context, enqueue, event }) => {
      enqueue.assign(() => ({ hospitalContactedAt: context.hospitalContactedAt ?? event.occurredAt }));
      settleDeadlineIn(enqueue, context, 'careManagerHospitalContact', event.occurredAt, false);
    }),
    recordCareLevelChange: assign({
      careLevelChange: ({ context, event }) => [...context.careLevelChange, { at: event.occurredAt }],
    }),
    recordWardChange: assign({
      ward: ({ event }) => {
        assertEvent(event, 'ward_changed');
        return event.ward;
      },
    }),
    /**
     * A treatment plan with an expected length of stay makes the discharge expected: until discharge
     * planning starts, telling the care manager in time is the hospital's deadline (a later plan moves it).
     */
    recordTreatmentPlan: composite(({ context, enqueue, event }) => {
      assertEvent(event, 'treatment_plan_shared');
      const treatmentPlans = [
        ...context.treatmentPlans,
        { at: event.occurredAt, expectedLengthOfStayDays: event.expectedLengthOfStayDays },
      ];
      enqueue.assign(() => ({ treatmentPlans }));
      const expectedOn = expectedDischargeDate({ ...context, treatmentPlans });
      if (context.dischargePlanning || event.expectedLengthOfStayDays === null || !expectedOn) return;
      // The earlier plan's timers must not fire against the new day.
      if (find(context, 'dischargeStartNotice'))
        enqueue({ type: 'clearDeadline', params: { key: 'dischargeStartNotice' } });
      openDeadlineIn(enqueue, dischargeStartNoticeDeadline(expectedOn, event.occurredAt, context.rule));
    }),
    /** Discharge planning started (said or implied): the care manager is told now, the hospital's deadline is met. */
    settleDischargeStart: composite(({ context, enqueue, event }) =>
      settleDeadlineIn(enqueue, context, 'dischargeStartNotice', event.occurredAt, false),
    ),
    recordDischargeDifficulty: composite(({ context, enqueue, event }) => {
      assertEvent(event, 'discharge_difficulty_screened');
      enqueue.assign(() => ({
        dischargeDifficulty: context.dischargeDifficulty ?? {
          screenedAt: event.occurredAt,
          difficult: event.difficult,
        },
      }));
      settleDeadlineIn(enqueue, context, 'dischargeDifficultyScreening', event.occurredAt, false);
      if (event.difficult && !context.patientFamilyInterviewAt && !find(context, 'patientFamilyInterview')) {
        openDeadlineIn(enqueue, patientFamilyInterviewDeadline(context.admittedAt, event.occurredAt, context.rule));
      }
    }),
    recordPatientFamilyInterview: composite(({ context, enqueue, event }) => {
      enqueue.assign(() => ({ patientFamilyInterviewAt: context.patientFamilyInterviewAt ?? event.occurredAt }));
      settleDeadlineIn(enqueue, context, 'patientFamilyInterview', event.occurredAt, false);
    }),
    recordDischargePlanning: assign({
      dischargePlanning: ({ context, event }) => {
        assertEvent(event, 'discharge_planning_started');
        const startedAt = context.dischargePlanning?.startedAt ?? event.occurredAt;
        return {
          ...context.dischargePlanning,
          startedAt,
          expectedDischargeDate: event.expectedDischargeDate,
          leadDays: leadDays(event.occurredAt, event.expectedDischargeDate),
        };
      },
    }),
    /**
     * A conference is about the discharge: one in the stay means discharge planning has started, even
     * when the hospital's system never sends that fact on its own. The date is not known yet.
     */
    recordImpliedDischargePlanning: assign({
      dischargePlanning: ({ context, event }) => {
        assertEvent(event, ['conference_scheduled', 'conference_held']);
        return (
          context.dischargePlanning ?? {
            startedAt: event.occurredAt,
            expectedDischargeDate: null,
            leadDays: null,
            impliedBy: event.type,
          }
        );
      },
    }),
    recordInfoExchange: assign({
      infoExchanges: ({ context, event }) => {
        assertEvent(event, 'discharge_information_shared');
        return [...context.infoExchanges, { at: event.occurredAt, method: event.method }];
      },
    }),
    recordConferenceScheduled: assign({
      conferences: ({ context, event }) => {
        assertEvent(event, 'conference_scheduled');
        return [
          ...context.conferences,
          { at: event.at, place: event.place, online: event.online, heldAt: null, kind: event.kind, participants: [] },
        ];
      },
    }),
    recordConferenceHeld: assign({
      conferences: ({ context, event }) => {
        assertEvent(event, 'conference_held');
        const pending = context.conferences.findIndex((c) => c.heldAt === null);
        const held = { heldAt: event.occurredAt, kind: event.kind, participants: event.participants };
        if (pending === -1)
          return [...context.conferences, { at: event.occurredAt, place: null, online: false, ...held }];
        return context.conferences.map((c, i) => (i === pending ? { ...c, ...held } : c));
      },
    }),
    recordDischarge: assign(({ context, event }) => {
      assertEvent(event, 'discharged');
      const home = event.destination === 'home';
      return {
        discharge: {
          at: event.occurredAt,
          destination: event.destination,
          nursingSummarySentAt: event.nursingSummarySent ? event.occurredAt : null,
          sudden: !context.dischargePlanning,
          ...(event.regionalCarePlan ? { regionalCarePlan: true } : {}),
        },
        // Out of the rule's scope (§2(3)): kept and shown, but not judged against the rule.
        leak: home && context.inRuleScope !== false ? leakAt(context, event.occurredAt) : null,
        noExchangeBeforeDischarge:
          home &&
          context.route === 'B' &&
          context.infoExchanges.length === 0 &&
          !context.conferences.some((c) => c.heldAt),
      };
    }),
    recordTransfer: assign({
      transfer: ({ event }) => {
        assertEvent(event, ['transferred', 'discharged']);
        return {
          at: event.occurredAt,
          toHospitalId: event.toHospitalId ?? null,
          toHospitalName: event.toHospitalName ?? '',
          ...(event.toHospitalFax ? { toHospitalFax: event.toHospitalFax } : {}),
        };
      },
    }),
    recordNursingSummary: assign({
      discharge: ({ context, event }) =>
        context.discharge && {
          ...context.discharge,
          nursingSummarySentAt: context.discharge.nursingSummarySentAt ?? event.occurredAt,
        },
    }),
    /** A summary posted as data reaches the care manager (its link opens it); one sent by FAX is not announced again. */
    tellNursingSummary: composite(({ context, enqueue, event }) => {
      assertEvent(event, 'nursing_summary_sent');
      if (event.carriesSummary && context.careOfficeId !== null) enqueue(NURSING_SUMMARY_NOTICE);
    }),
    recordCarePlanCopy: composite(({ context, enqueue, event }) => {
      assertEvent(event, 'care_plan_copy_sent');
      enqueue.assign(() => ({
        carePlanCopySentAt: context.carePlanCopySentAt ?? event.occurredAt,
        servicesStartedOn: context.servicesStartedOn ?? event.servicesStartedOn ?? null,
      }));
      settleDeadlineIn(enqueue, context, 'carePlanCopy', event.occurredAt, false);
      enqueue({ type: 'closeTask', params: { task: 'confirm_care_plan_copy' } });
    }),
    /** 退院・退所情報記録書: the later record supersedes the earlier; the log keeps both. */
    recordDischargeRecord: composite(({ context, enqueue, event }) => {
      assertEvent(event, 'discharge_record_filed');
      enqueue.assign(() => ({ dischargeRecords: withDischargeRecord(context, event) }));
      enqueue({ type: 'closeTask', params: { task: 'file_discharge_record' } });
    }),
    recordNoticeDelivered: assign({
      dischargeStartNoticeDeliveredAt: ({ context, event }) =>
        context.dischargeStartNoticeDeliveredAt ?? event.occurredAt,
    }),
    markOverdue: assign({
      deadlines: ({ context, event }) => {
        assertEvent(event, 'deadline_passed');
        return context.deadlines.map((d) => (d.key === event.key ? { ...d, status: 'overdue' as const } : d));
      },
    }),
    remindOwner: composite(({ enqueue, event }) => {
      assertEvent(event, 'deadline_approached');
      const r = TOLD[event.key];
      if (r) enqueue(notice(r.reminder, r.to, { deadline: event.key, ...(r.task ? { task: r.task } : {}) }));
    }),
    tellOwnerOverdue: composite(({ enqueue, event }) => {
      assertEvent(event, 'deadline_passed');
      const r = TOLD[event.key];
      if (r)
        enqueue(
          notice(r.overdue ?? 'deadline_overdue_notice', r.to, {
            deadline: event.key,
            ...(r.task ? { task: r.task } : {}),
          }),
        );
    }),
    escalate: composite(({ enqueue, event }) => {
      assertEvent(event, 'deadline_escalated');
      enqueue(notice('escalation_notice', 'regionAdministrator', { deadline: event.key }));
    }),
    close: assign({ closedReason: (_, params: { reason: NonNullable<Ctx['closedReason']> }) => params.reason }),
  },
  guards: {
    routeA: ({ context }) => context.route === 'A',
    outOfRuleScope: ({ context }) => context.inRuleScope === false,
    /** A repeat admission with a care manager and no sheet yet: the two may agree it is not needed this time. */
    sheetMayBeAgreedNotNeeded: ({ context }) =>
      context.route === 'A' &&
      context.careOfficeId !== null &&
      context.repeatAdmission != null &&
      context.informationSheet === null &&
      !context.informationSheetNotNeeded,
    admissionPlanned: ({ context }) => context.plannedAdmission != null,
    sheetGiven: ({ context }) => context.informationSheet !== null,
    hasCareOffice: ({ context }) => context.careOfficeId !== null,
    noCareOffice: ({ context }) => context.careOfficeId === null,
    /** A plan resent as it stands changes nothing: only a new day, ward or ward type is a change. */
    planChanges: ({ context, event }) => {
      assertEvent(event, 'admission_plan_changed');
      return (
        event.expectedAdmissionDate !== context.plannedAdmission?.expectedOn ||
        (event.ward !== null && event.ward !== context.ward) ||
        (event.wardType !== undefined && event.wardType !== context.wardType)
      );
    },
    officeChanges: ({ context, event }) => {
      assertEvent(event, ['care_office_identified', 'care_manager_assigned']);
      return event.careOfficeId !== context.careOfficeId;
    },
    acknowledged: ({ context }) => context.admissionAcknowledgedAt !== null,
    /** A record is the care office's: with no care office on the stay there is nobody to file it. */
    canFileDischargeRecord: ({ context }) => context.careOfficeId !== null,
    goesHome: ({ event }) => {
      assertEvent(event, 'discharged');
      return event.destination === 'home';
    },
    goesToHospital: ({ event }) => {
      assertEvent(event, 'discharged');
      return event.destination === 'other_hospital';
    },
    plannedDischarge: ({ context }) => context.dischargePlanning !== null,
    nursingSummarySent: ({ context }) => context.discharge?.nursingSummarySentAt != null,
    carriesSummary: ({ event }) => event.type === 'nursing_summary_sent' && event.carriesSummary === true,
    carePlanCopySent: ({ context }) => context.carePlanCopySentAt !== null,
    guidedToApplication: ({ event }) => {
      assertEvent(event, 'eligibility_screened');
      return decideEligibility(event).guideToApplication;
    },
    hospitalAsksSupportCenter: ({ event }) => {
      assertEvent(event, 'insurance_application_supported');
      return event.by === 'hospital' && event.supportCenterId !== null;
    },
    reportedByCareManager: ({ context }) => context.firstInformedBy === 'care_manager' && !context.hospitalJoinedAt,
    awaitingHospitalConfirmation: ({ context }) =>
      context.firstInformedBy === 'care_manager' && !context.hospitalJoinedAt && !context.hospitalConfirmation,
    dischargeStartNotice: ({ event }) => {
      assertEvent(event, 'notice_delivered');
      return event.notice === 'discharge_start_notice';
    },
    deadlineStillOpen: ({ context, event }) => {
      assertEvent(event, 'deadline_approached');
      const d = find(context, event.key);
      return (
        context.inRuleScope !== false &&
        d !== undefined &&
        d.status === 'open' &&
        TOLD[d.key] !== undefined &&
        Date.parse(event.firedAt) < Date.parse(d.dueAt)
      );
    },
    deadlineUnmet: ({ context, event }) => {
      assertEvent(event, 'deadline_passed');
      // Out of the rule's scope the stay is not chased: its deadlines stay open, never overdue.
      return context.inRuleScope !== false && find(context, event.key)?.status === 'open';
    },
    deadlineStillOverdue: ({ context, event }) => {
      assertEvent(event, 'deadline_escalated');
      return context.inRuleScope !== false && find(context, event.key)?.status === 'overdue';
    },
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
    // A planned admission has no stay yet: until it takes place, the stay is expected from the planned day.
    admittedAt: input.expectedAdmissionDate ? `${input.expectedAdmissionDate}T00:00:00+09:00` : input.occurredAt,
    plannedAdmission: input.expectedAdmissionDate
      ? { plannedAt: input.occurredAt, expectedOn: input.expectedAdmissionDate }
      : null,
    firstInformedBy: input.firstInformedBy,
    ...(input.firstInformedBy === 'care_manager' ? { reportedAt: input.reportedAt ?? input.occurredAt } : {}),
    ward: input.ward,
    ...(input.wardType ? { wardType: input.wardType } : {}),
    ...(input.preAdmissionSupport ? { preAdmissionSupport: input.preAdmissionSupport } : {}),
    rule: input.rule,
    previousStay: input.previousStay,
    ...(input.repeatAdmission ? { repeatAdmission: input.repeatAdmission } : {}),
    ...(input.inRuleScope === false ? { inRuleScope: false } : {}),
    ...(input.careManagerSearchCenterId
      ? { careManagerSearch: { supportCenterId: input.careManagerSearchCenterId } }
      : {}),
    earlierInfoLinkage: input.earlierInfoLinkage ?? [],
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
  initial: 'planned',
  // Facts recorded wherever the case is; the states below decide only where it moves.
  on: {
    information_sheet_provided: { actions: 'recordInformationSheet' },
    // The rule lets the two sides agree the sheet is not needed on a repeat admission, whenever before it is given.
    information_sheet_not_needed_agreed: { guard: 'sheetMayBeAgreedNotNeeded', actions: 'recordSheetNotNeeded' },
    brought_into_rule_scope: { guard: 'outOfRuleScope', actions: 'recordBroughtIntoScope' },
    // The care manager's answers to their tasks: the rule sets no order between them and the
    // hospital's facts, so a task stays answerable whatever the hospital did meanwhile. The
    // acknowledgement is a step, not a counter; a contact is recorded at its first time, and a task
    // asking for one (a new assignment) is answerable even after an earlier contact.
    admission_acknowledged: {
      guard: not('acknowledged'),
      actions: ['recordAcknowledgement', { type: 'closeTask', params: { task: 'acknowledge_admission' } }],
    },
    admission_reported_by_care_manager: {
      guard: not('acknowledged'),
      actions: ['recordAcknowledgement', { type: 'closeTask', params: { task: 'acknowledge_admission' } }],
    },
    care_manager_contacted_hospital: {
      actions: ['recordHospitalContact', { type: 'closeTask', params: { task: 'report_hospital_contact' } }],
    },
    discharge_information_shared: { actions: 'recordInfoExchange' },
    notice_delivered: { guard: 'dischargeStartNotice', actions: 'recordNoticeDelivered' },
    deadline_approached: { guard: 'deadlineStillOpen', actions: 'remindOwner' },
    deadline_passed: { guard: 'deadlineUnmet', actions: ['markOverdue', 'tellOwnerOverdue'] },
    deadline_escalated: { guard: 'deadlineStillOverdue', actions: 'escalate' },
  },
  states: {
    // 入院予定: the hospital planned the admission; the stay has not begun. A case admitted without a
    // plan passes straight through. Nothing of the stay runs here: no deadline, no leak, no stuck item.
    planned: {
      entry: 'tellPlannedAdmission',
      always: { guard: not('admissionPlanned'), target: 'stay' },
      on: {
        admitted: { target: 'stay', actions: 'recordAdmissionTakingPlace' },
        admission_plan_cancelled: {
          target: 'closed',
          actions: [{ type: 'close', params: { reason: 'admission_plan_cancelled' } }, 'tellPlanCancelled'],
        },
        care_office_identified: {
          guard: 'officeChanges',
          actions: ['recordPlannedCareOffice', 'tellPlannedAdmission'],
        },
        admission_plan_changed: { guard: 'planChanges', actions: ['recordPlanChange', 'tellPlanChanged'] },
      },
    },
    stay: {
      initial: 'admission',
      entry: [
        {
          type: 'openDeadline',
          params: ({ context }) => ({
            deadline: dischargeDifficultyScreeningDeadline(context.admittedAt, context.rule),
          }),
        },
        'tellHospitalOfReport',
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
        care_level_change_needed: {
          actions: ['recordCareLevelChange', notice('care_level_change_notice', 'careOffice')],
        },
        treatment_plan_shared: { actions: ['recordTreatmentPlan', notice('treatment_plan_notice', 'careOffice')] },
        discharge_difficulty_screened: { actions: 'recordDischargeDifficulty' },
        ward_changed: { actions: 'recordWardChange' },
        // The care manager's record of what the hospital told them: taken in any step of the stay,
        // whatever the hospital has recorded (both sides act in any order).
        discharge_record_filed: { guard: 'canFileDischargeRecord', actions: 'recordDischargeRecord' },
        // 先に知った方が連絡する: the hospital's admission of a stay the care manager reported first.
        hospital_admission_joined: { guard: 'reportedByCareManager', actions: 'recordHospitalJoin' },
        admission_confirmed_by_hospital: {
          guard: 'awaitingHospitalConfirmation',
          actions: 'recordHospitalConfirmation',
        },
        // The window has no such admission: the report ends without a stay, and the care manager hears so.
        admission_denied_by_hospital: {
          guard: 'awaitingHospitalConfirmation',
          target: 'closed',
          actions: [
            'recordHospitalDenial',
            { type: 'close', params: { reason: 'admission_not_found' } },
            notice('stay_ended_notice', 'careOffice'),
          ],
        },
        patient_family_interviewed: { actions: 'recordPatientFamilyInterview' },
        discharge_planning_started: {
          target: '.dischargeStart',
          actions: ['recordDischargePlanning', 'settleDischargeStart'],
        },
        // A conference before discharge planning was reported: planning has started, so the care
        // manager gets the discharge-start notice with the conference notice.
        conference_scheduled: {
          target: '.preDischargeConference',
          actions: [
            'recordImpliedDischargePlanning',
            'settleDischargeStart',
            'tellDischargeStart',
            'recordConferenceScheduled',
            notice('conference_notice', 'careOffice'),
          ],
        },
        conference_held: {
          target: '.preDischargeConference',
          actions: [
            'recordImpliedDischargePlanning',
            'settleDischargeStart',
            'tellDischargeStart',
            'recordConferenceHeld',
          ],
        },
        discharged: [
          { guard: 'goesHome', target: 'discharged', actions: ['recordDischarge', 'waiveStayDeadlines'] },
          {
            guard: 'goesToHospital',
            target: 'closed',
            actions: [
              'recordDischarge',
              'recordTransfer',
              { type: 'close', params: { reason: 'transferred' } },
              'tellTransfer',
            ],
          },
          {
            target: 'closed',
            actions: [
              'recordDischarge',
              { type: 'close', params: { reason: 'discharged_to_facility' } },
              notice('stay_ended_notice', 'careOffice'),
            ],
          },
        ],
        transferred: {
          target: 'closed',
          actions: ['recordTransfer', { type: 'close', params: { reason: 'transferred' } }, 'tellTransfer'],
        },
        died: {
          target: 'closed',
          actions: [{ type: 'close', params: { reason: 'died' } }, notice('stay_ended_notice', 'careOffice')],
        },
        admission_cancelled: {
          target: 'closed',
          actions: [
            { type: 'close', params: { reason: 'admission_cancelled' } },
            notice('stay_ended_notice', 'careOffice'),
          ],
        },
      },
      states: {
        admission: {
          always: [{ guard: 'routeA', target: 'admissionNotice' }, { target: 'eligibilityScreening' }],
        },
        // A① 入院時の連絡: whoever learns first tells the other.
        admissionNotice: {
          entry: enqueueActions(({ context, enqueue, check }) => {
            if (check('hasCareOffice')) {
              const deadline = informationSheetDeadline(context.admittedAt, context.rule, context.officeHours);
              const given = context.informationSheet;
              if (given) {
                // Given before a planned admission: the deadline is met by it (入院日以前の情報提供を含む).
                enqueue.assign(({ context: now }) => ({
                  deadlines: [...now.deadlines, { ...deadline, status: 'met' as const, metAt: given.at }],
                }));
              } else if (context.informationSheetNotNeeded) {
                // Agreed as not needed before a planned admission took place: settled from the start.
                enqueue.assign(({ context: now }) => ({
                  deadlines: [...now.deadlines, { ...deadline, status: 'waived' as const, metAt: null }],
                }));
              } else {
                enqueue({ type: 'openDeadline', params: { deadline } });
                enqueue({ type: 'openTask', params: { task: 'report_information_sheet' } });
              }
              if (!check('acknowledged')) {
                enqueue({ type: 'openTask', params: { task: 'acknowledge_admission' } });
                enqueue(notice('admission_notice', 'careOffice', { task: 'acknowledge_admission' }));
              }
            } else {
              enqueue({
                type: 'openDeadline',
                params: { deadline: careManagerIdentificationDeadline(context.admittedAt, context.rule) },
              });
              // ケアマネジャーが不明な場合は居住地の地域包括支援センターに確認 (Sanda A① ※, FAQ 13).
              if (context.careManagerSearch) {
                enqueue({ type: 'openTask', params: { task: 'identify_care_manager' } });
                enqueue(
                  notice('care_manager_search_request', 'supportCenter', {
                    task: 'identify_care_manager',
                    deadline: 'careManagerIdentification',
                  }),
                );
              }
            }
          }),
          always: { guard: 'acknowledged', target: 'informationProvision' },
          on: {
            care_office_identified: {
              guard: 'officeChanges',
              actions: [
                'recordCareOffice',
                { type: 'openTask', params: { task: 'acknowledge_admission' } },
                'askForSheet',
                notice('admission_notice', 'careOffice', { task: 'acknowledge_admission' }),
              ],
            },
            admission_acknowledged: {
              target: 'informationProvision',
              actions: ['recordAcknowledgement', { type: 'closeTask', params: { task: 'acknowledge_admission' } }],
            },
            admission_reported_by_care_manager: {
              target: 'informationProvision',
              actions: ['recordAcknowledgement', { type: 'closeTask', params: { task: 'acknowledge_admission' } }],
            },
            // A sheet given (again) after the admission notice acknowledges it, even when the first sheet
            // came before a planned admission and is the one on record.
            information_sheet_provided: {
              target: 'inpatientCoordination',
              actions: [
                'recordAcknowledgement',
                'recordInformationSheet',
                { type: 'closeTask', params: { task: 'acknowledge_admission' } },
              ],
            },
          },
        },
        informationProvision: {
          always: { guard: 'sheetGiven', target: 'inpatientCoordination' },
          on: {
            information_sheet_provided: { target: 'inpatientCoordination', actions: 'recordInformationSheet' },
          },
        },
        // B① 介護保険申請の支援: screening against the rule's criteria gives a decision with reasons.
        eligibilityScreening: {
          on: {
            eligibility_screened: [
              { guard: 'guidedToApplication', target: 'insuranceApplication', actions: 'recordEligibility' },
              {
                target: '#hospitalization.closed',
                actions: ['recordEligibility', { type: 'close', params: { reason: 'not_eligible' } }],
              },
            ],
            care_manager_assigned: { target: 'careManagerContact', actions: ['recordCareOffice', 'recordAssignment'] },
          },
        },
        // B① the family, or failing that the hospital, consults the community support center.
        insuranceApplication: {
          on: {
            insurance_application_supported: [
              {
                guard: 'hospitalAsksSupportCenter',
                target: 'careManagerAssignment',
                actions: ['recordApplicationSupport', notice('support_center_request', 'supportCenter')],
              },
              { target: 'careManagerAssignment', actions: 'recordApplicationSupport' },
            ],
            care_manager_assigned: { target: 'careManagerContact', actions: ['recordCareOffice', 'recordAssignment'] },
          },
        },
        // B② 担当依頼: 要支援 or unsure → community support center; 要介護 → home-care office.
        careManagerAssignment: {
          entry: enqueueActions(({ context, enqueue }) => {
            // A stay admitted before the region set these days keeps the rule it was admitted under.
            if (!context.applicationSupport || context.rule.careManagerAssignmentBusinessDays === undefined) return;
            enqueue({
              type: 'openDeadline',
              params: { deadline: careManagerAssignmentDeadline(context.applicationSupport.at, context.rule) },
            });
          }),
          on: {
            care_manager_assigned: { target: 'careManagerContact', actions: ['recordCareOffice', 'recordAssignment'] },
          },
        },
        // B② the assigned care manager contacts the hospital early.
        careManagerContact: {
          entry: enqueueActions(({ context, enqueue }) => {
            enqueue({ type: 'openTask', params: { task: 'report_hospital_contact' } });
            enqueue(notice('assignment_request', 'careOffice', { task: 'report_hospital_contact' }));
            if (!context.assignment || context.rule.careManagerContactBusinessDays === undefined) return;
            const d = careManagerHospitalContactDeadline(context.assignment.at, context.rule, context.officeHours);
            enqueue({ type: 'openDeadline', params: { deadline: d } });
          }),
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
          entry: 'tellDischargeStart',
          on: {
            discharge_planning_started: { actions: ['recordDischargePlanning', 'tellDischargeStart'] },
            conference_scheduled: {
              target: 'preDischargeConference',
              actions: ['recordConferenceScheduled', notice('conference_notice', 'careOffice')],
            },
            conference_held: { target: 'preDischargeConference', actions: 'recordConferenceHeld' },
          },
        },
        // A④ 退院前調整.
        preDischargeConference: {
          on: {
            discharge_planning_started: { actions: ['recordDischargePlanning', 'tellDischargeStart'] },
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
        enqueue({
          type: 'openDeadline',
          params: { deadline: carePlanCopyDeadline(event.occurredAt, context.rule, context.officeHours) },
        });
        enqueue(
          check('plannedDischarge')
            ? notice('discharge_notice', 'careOffice', { task: 'confirm_care_plan_copy' })
            : notice('sudden_discharge_notice', 'careOffice', { task: 'confirm_care_plan_copy', urgent: true }),
        );
      }),
      always: { guard: 'nursingSummarySent', target: 'carePlanCopy' },
      on: {
        nursing_summary_sent: { target: 'carePlanCopy', actions: ['recordNursingSummary', 'tellNursingSummary'] },
        care_plan_copy_sent: { actions: 'recordCarePlanCopy' },
        discharge_record_filed: { guard: 'canFileDischargeRecord', actions: 'recordDischargeRecord' },
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
        care_plan_copy_sent: {
          target: 'closed',
          actions: ['recordCarePlanCopy', { type: 'close', params: { reason: 'completed' } }],
        },
        discharge_record_filed: { guard: 'canFileDischargeRecord', actions: 'recordDischargeRecord' },
        // The summary's content after the discharge said it was sent (or a corrected one): it still travels.
        nursing_summary_sent: { guard: 'carriesSummary', actions: ['recordNursingSummary', 'tellNursingSummary'] },
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
  'planned',
  'admissionNotice',
  'informationProvision',
  'eligibilityScreening',
  'insuranceApplication',
  'careManagerAssignment',
  'careManagerContact',
  'inpatientCoordination',
  'dischargeStart',
  'preDischargeConference',
  'discharged',
  'carePlanCopy',
  'closed',
] as const;
export type HospitalizationState = (typeof STATES)[number];
