import { and, eq } from 'drizzle-orm';
import type { Statement } from '../../db/database.js';
import { auditLog, cases, tasks } from '../../db/schema.js';
import { jstDate } from '../../machines/calendar.js';
import type {
  DischargeRecordContent,
  HospitalizationContext,
  HospitalizationEvent,
  HospitalStaff,
  InfoMeans,
  TaskKind,
} from '../../machines/types.js';
import { UNKNOWN_DOCUMENT } from '../../regions/document.js';
import type { RuleDocument } from '../../regions/schema.js';
import type { Deps } from '../deps.js';
import { getCareOffice, getHospital, hospitalWindows, windowFor } from '../directory/index.js';
import { type HospitalContact, hospitalContact, isRevokedLinkUse, linkUse, taskOfLink } from '../links/index.js';
import { casePatient, type Patient } from '../patients/index.js';
import type { Office } from './hospitalEvents.js';
import { recordEvent } from './record.js';
import { RECEIVING_WINDOW_PURPOSE, sheetHospital } from './sheetHospital.js';

export type TaskRow = typeof tasks.$inferSelect;

export interface TaskView {
  task: { id: string; kind: TaskKind; status: TaskRow['status']; doneAt: string | null; expiresAt: string };
  hospital: { name: string; window: { name: string; phone: string | null; fax: string | null } | null };
  /** For a sheet asked for after a transfer: the hospital the patient left (`hospital` is the receiving one). */
  transferredFrom: string | null;
  officeName: string | null;
  patient: Patient;
  ward: string;
  admittedOn: string;
  /** `withinDays`: the region's days for the sheet, counted with the admission day. */
  informationSheet: { dueOn: string; status: string; withinDays: number } | null;
  expectedDischargeDate: string | null;
  dischargedOn: string | null;
  state: string;
  /** How the page cites the rule: the case's region's document and its own step names. */
  rule: { document: RuleDocument };
  /** The case's region: an identify-care-manager task picks offices of it (never shown). */
  regionId: string;
  /**
   * 「今回は提供不要（病院と合意）」 (repeat admissions): offered when the stay qualifies; otherwise why not.
   * `withinDays` null: the region's rule has no such settling.
   */
  sheetNotNeeded: SheetNotNeededOffer;
}

export type SheetNotNeededOffer =
  | { offered: true; previousEndedOn: string; withinDays: number }
  | { offered: false; withinDays: number | null; agreed: { name: string; role: string } | null };

export type TaskLookup =
  | { kind: 'ok'; view: TaskView }
  | { kind: 'invalid' }
  | { kind: 'expired' }
  | { kind: 'revoked'; contact: HospitalContact };

/** Reads the task behind a link. Reads only: a mail scanner opening the link changes nothing. */
export async function viewTask(deps: Deps, token: string): Promise<TaskLookup> {
  const linked = await taskOfLink(deps, token);
  if (linked.kind !== 'ok') return linked;
  const { task } = linked;
  const { db } = deps.database;
  const [caseRow] = await db.select().from(cases).where(eq(cases.id, task.caseId));
  if (!caseRow) return { kind: 'invalid' };
  const ctx = caseRow.snapshot.context;
  const to = sheetHospital(task.kind, caseRow);
  const [hospital, windows, office, from] = await Promise.all([
    getHospital(deps, to.hospitalId),
    hospitalWindows(deps, to.hospitalId),
    ctx.careOfficeId ? getCareOffice(deps, ctx.careOfficeId) : Promise.resolve(null),
    to.receiving ? getHospital(deps, caseRow.hospitalId) : Promise.resolve(null),
  ]);
  const window = windowFor(windows, to.receiving ? RECEIVING_WINDOW_PURPOSE : 'inpatient');
  const due = ctx.deadlines.find((d) => d.key === 'informationSheet');
  return {
    kind: 'ok',
    view: {
      task: {
        id: task.id,
        kind: task.kind as TaskKind,
        status: task.status,
        doneAt: task.doneAt ? new Date(task.doneAt).toISOString() : null,
        expiresAt: new Date(task.expiresAt).toISOString(),
      },
      hospital: {
        name: hospital?.name ?? ctx.transfer?.toHospitalName ?? caseRow.hospitalId,
        window: window && { name: window.name, phone: window.phone, fax: window.fax },
      },
      transferredFrom: to.receiving ? (from?.name ?? caseRow.hospitalId) : null,
      officeName: office?.name ?? null,
      patient: await casePatient(deps, caseRow),
      ward: ctx.ward,
      admittedOn: jstDate(ctx.admittedAt),
      informationSheet: due
        ? {
            dueOn: jstDate(new Date(Date.parse(due.dueAt) - 1)),
            status: due.status,
            withinDays: ctx.rule.informationSheet.withinDays,
          }
        : null,
      expectedDischargeDate: ctx.dischargePlanning?.expectedDischargeDate ?? null,
      dischargedOn: ctx.discharge ? jstDate(ctx.discharge.at) : null,
      state: caseRow.state,
      rule: { document: deps.regions.get(caseRow.regionId)?.document ?? UNKNOWN_DOCUMENT },
      regionId: caseRow.regionId,
      sheetNotNeeded: sheetNotNeededOffer(ctx),
    },
  };
}

/** Whether the stay is a repeat admission whose sheet the two sides may agree is not needed (the machine's guard, read). */
export function sheetNotNeededOffer(ctx: HospitalizationContext): SheetNotNeededOffer {
  const withinDays = ctx.rule.repeatAdmission?.withinDays ?? null;
  const agreed = ctx.informationSheetNotNeeded?.agreedWith ?? null;
  if (
    withinDays !== null &&
    ctx.repeatAdmission &&
    ctx.route === 'A' &&
    ctx.careOfficeId !== null &&
    !ctx.informationSheet &&
    !agreed
  )
    return { offered: true, previousEndedOn: jstDate(ctx.repeatAdmission.endedAt), withinDays };
  return { offered: false, withinDays, agreed };
}

export type TaskAnswer =
  | { kind: 'acknowledge_admission' }
  | { kind: 'report_information_sheet'; at: string; means: InfoMeans }
  /** 「今回は提供不要（病院と合意）」 on a repeat admission: who at the hospital agreed. */
  | { kind: 'report_information_sheet'; notNeeded: HospitalStaff }
  /** The community support center asked to find the care manager names the office it found. */
  | { kind: 'identify_care_manager'; office: Office }
  /** `servicesStartedOn`: the day home services started (退院・退所加算 is that month's), if known. */
  | {
      kind: 'confirm_care_plan_copy';
      sentOn: string;
      servicesStartedOn?: string | null;
      /** The copy uploaded with the answer (engine/notices/carePlanCopy.ts), sent to the hospital's window. */
      uploadedCopyId?: string;
    }
  | { kind: 'report_hospital_contact'; contactedAt: string }
  /** 退院・退所情報記録書: filed from the office page or the task's own page (engine/cases/dischargeRecords.ts). */
  | { kind: 'file_discharge_record'; record: DischargeRecordContent };

export interface Requester {
  ip: string | null;
  userAgent: string | null;
}

export type TaskCompletion =
  | { kind: 'done'; caseId: string; state: string; next: TaskRow | null }
  | { kind: 'already_done'; doneAt: string }
  | { kind: 'no_longer_needed' }
  | { kind: 'refused'; detail: string }
  | { kind: 'wrong_task' }
  | { kind: 'invalid' }
  | { kind: 'expired' }
  | { kind: 'revoked'; contact: HospitalContact };

/** The fact a care manager's answer to a task records: what the machine must accept while the task is open. */
export function answerFact(answer: TaskAnswer, nowIso: string): HospitalizationEvent {
  switch (answer.kind) {
    case 'acknowledge_admission':
      return { type: 'admission_acknowledged', occurredAt: nowIso };
    case 'report_information_sheet':
      if ('notNeeded' in answer)
        return {
          type: 'information_sheet_not_needed_agreed',
          occurredAt: nowIso,
          agreedWith: answer.notNeeded,
          by: 'care_manager',
        };
      return { type: 'information_sheet_provided', occurredAt: answer.at, at: answer.at, means: answer.means };
    case 'identify_care_manager':
      return {
        type: 'care_office_identified',
        occurredAt: nowIso,
        careOfficeId: answer.office.id,
        officeKind: answer.office.kind,
        officeHours: answer.office.businessHours,
      };
    case 'confirm_care_plan_copy':
      return {
        type: 'care_plan_copy_sent',
        occurredAt: `${answer.sentOn}T12:00:00+09:00`,
        servicesStartedOn: answer.servicesStartedOn ?? null,
      };
    case 'report_hospital_contact':
      return { type: 'care_manager_contacted_hospital', occurredAt: answer.contactedAt };
    case 'file_discharge_record':
      return { type: 'discharge_record_filed', occurredAt: nowIso, record: answer.record };
  }
}

/**
 * The care manager's explicit confirmation (a POST from the task page). Idempotent: the event's
 * dedupe key is the task, so a double submit records once. The audit keeps address and user agent.
 */
export async function completeTask(
  deps: Deps,
  token: string,
  answer: TaskAnswer,
  requester: Requester,
  /** What commits with the answer, only if the machine accepts it (a care plan's copy and its notice). */
  also: (task: TaskRow) => Statement[] = () => [],
): Promise<TaskCompletion> {
  const now = deps.now();
  const linked = await taskOfLink(deps, token);
  if (linked.kind !== 'ok') return linked;
  const { task } = linked;
  const { db } = deps.database;
  if (task.kind !== answer.kind) return { kind: 'wrong_task' };
  if (task.status === 'done') return { kind: 'already_done', doneAt: new Date(task.doneAt!).toISOString() };
  if (task.status === 'closed') return { kind: 'no_longer_needed' };
  const recorded = recordEvent(
    deps,
    { caseId: task.caseId },
    {
      source: 'care_manager',
      dedupeKey: `task:${task.id}`,
      event: answerFact(answer, now.toISOString()),
      data: { taskId: task.id, answer },
      ifRefused: 'store',
      extra: (loaded) => [
        linkUse(deps, task, `task.${task.kind}.completed`, now.getTime()),
        db
          .update(tasks)
          .set({ status: 'done', doneAt: now.getTime(), result: answer })
          .where(and(eq(tasks.id, task.id), eq(tasks.status, 'open'))),
        db.insert(auditLog).values({
          at: now.getTime(),
          actor: `care_office:${loaded.row.careOfficeId ?? 'unknown'}`,
          action: `task.${task.kind}.completed`,
          target: task.id,
          ip: requester.ip,
          userAgent: requester.userAgent?.slice(0, 500) ?? null,
          detail: { caseId: task.caseId },
        }),
        ...also(task),
      ],
    },
  );
  // Revoked between the check above and the commit: the trigger refused the whole batch.
  const result = await recorded.catch(async (e: unknown) => {
    if (isRevokedLinkUse(e)) return null;
    throw e;
  });
  if (result === null) return { kind: 'revoked', contact: await hospitalContact(deps, task.caseId) };
  if (result.kind === 'rejected') return { kind: 'refused', detail: result.detail };
  if (result.kind !== 'accepted') return { kind: 'invalid' };
  if (result.replayed) {
    const [again] = await db.select().from(tasks).where(eq(tasks.id, task.id));
    return { kind: 'already_done', doneAt: new Date(again?.doneAt ?? now.getTime()).toISOString() };
  }
  // After acknowledging the admission the next step is the information sheet: offer its link.
  const [next] =
    task.kind === 'acknowledge_admission'
      ? await db
          .select()
          .from(tasks)
          .where(
            and(eq(tasks.caseId, task.caseId), eq(tasks.kind, 'report_information_sheet'), eq(tasks.status, 'open')),
          )
      : [];
  return { kind: 'done', caseId: result.caseId, state: result.state, next: next ?? null };
}
