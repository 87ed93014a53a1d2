import { and, desc, eq, gte, inArray, isNotNull, ne, or } from 'drizzle-orm';
import {
  cases,
  deliveryAttempts,
  faxReceipts,
  informationSheets,
  nursingSummaries,
  outbox,
  tasks,
} from '../../db/schema.js';
import { medicalCareLinkageAddOn, type OfficeAddOn } from '../../machines/billing.js';
import { businessDaysLeft, DEFAULT_BUSINESS_HOURS } from '../../machines/businessCalendar.js';
import { jstDate } from '../../machines/calendar.js';
import { compareDischargeRecord, type RecordComparison } from '../../machines/dischargeRecord.js';
import type { HospitalizationState } from '../../machines/hospitalization.js';
import { DAY_MS } from '../../machines/time.js';
import type { DeadlineKey, HospitalizationContext, TaskKind } from '../../machines/types.js';
import { CLOSED_LABELS, DEADLINE_LABELS, noticeLabel, STATE_LABELS } from '../console/index.js';
import type { Deps } from '../deps.js';
import { type CareOffice, listHospitals } from '../directory/index.js';
import { taskLink } from '../links/index.js';
import { type CarePlanCopyView, carePlanCopiesOf, reportedAdmissionConfirmedBy } from '../notices/index.js';
import { casePatient } from '../patients/index.js';
import { type OfficeRecordsMonth, officeRecordMonths, recentMonths } from './officeRecords.js';

// What a care office reads on its own page: its clients' stays (open ones, and those closed in the
// last CLOSED_STAYS_DAYS), each with its stage, the office's deadlines counted on the office's own
// calendar, the open tasks with their links, the information sheets and how far they got, and the
// notices lately sent to the office. Only this office's stays: the query is scoped by its id.

/** Closed stays stay on the page this long after they closed. */
export const CLOSED_STAYS_DAYS = 90;
/** The notices listed under "recent". */
const RECENT_NOTICES = 20;

export interface OfficeDeadline {
  key: DeadlineKey;
  label: string;
  /** The last day (JST) it may be met on. */
  dueOn: string;
  /** Business days of the office's calendar left (0 = today); negative: calendar days overdue. */
  daysLeft: number;
  overdue: boolean;
}

export interface OfficeSheet {
  status: 'draft' | 'submitted' | 'sent';
  submittedAt: string | null;
  /** How far its notice got: queued, sent, delivered, failed, dead; null before it is sent. */
  delivery: string | null;
  /** A FAX the hospital confirmed receiving (`confirmed`), is yet to confirm (`open`), or null (not a FAX). */
  receipt: 'open' | 'confirmed' | null;
}

export interface OfficeStay {
  caseId: string;
  patientName: string;
  birthDate: string;
  hospitalName: string;
  ward: string;
  admittedOn: string;
  state: string;
  stage: string;
  closed: { on: string; label: string } | null;
  deadlines: OfficeDeadline[];
  tasks: { kind: TaskKind; url: string }[];
  sheets: OfficeSheet[];
  /**
   * A stay this office reported first: whether the hospital has confirmed it (from its notice's link,
   * or its own admission record arriving), and until when it may; null for a stay the hospital told.
   */
  hospitalConfirmation: { confirmedAt: string | null; dueOn: string | null; overdue: boolean } | null;
  /**
   * 退院・退所情報記録書, once the discharge is in view (planning, a conference, the discharge): the
   * hospital's facts beside the office's record and how they differ; null before.
   */
  dischargeRecord: RecordComparison | null;
  /** ケアプランの写し uploaded from the task: sent, delivered, receipt confirmed. */
  carePlanCopies: CarePlanCopyView[];
  /** 看護サマリー once the hospital recorded it sent: posted as data (its page opens it), or sent without data (FAX). */
  nursingSummary: { sentAt: string; asData: boolean } | null;
}

export interface OfficeNotice {
  at: string;
  label: string;
  patientName: string;
  status: 'pending' | 'held' | 'sent' | 'dead' | 'skipped';
  channel: 'email' | 'sms' | 'fax';
}

export interface OfficeView {
  office: CareOffice;
  today: string;
  open: OfficeStay[];
  closed: OfficeStay[];
  notices: OfficeNotice[];
  /** 特定事業所医療介護連携加算: the office's 退院・退所加算 linkages in the twelve months ending this month. */
  medicalCareLinkage: OfficeAddOn;
  /** 緊急時等居宅カンファレンス加算 and 通院時情報連携加算: the office's own records, last month and this. */
  records: OfficeRecordsMonth[];
}

/** Stays discharged this long ago may still claim 退院・退所加算 in the last twelve months (services start later). */
const LINKAGE_LOOKBACK_DAYS = 400;

function hospitalConfirmation(ctx: HospitalizationContext): OfficeStay['hospitalConfirmation'] {
  if (ctx.firstInformedBy !== 'care_manager') return null;
  const d = ctx.deadlines.find((x) => x.key === 'reportedAdmissionConfirmation');
  const pending = d && (d.status === 'open' || d.status === 'overdue');
  return {
    confirmedAt: reportedAdmissionConfirmedBy(ctx)?.at ?? null,
    dueOn: pending ? jstDate(new Date(Date.parse(d.dueAt) - 1)) : null,
    overdue: d?.status === 'overdue',
  };
}

export async function officeView(deps: Deps, office: CareOffice): Promise<OfficeView> {
  const { db } = deps.database;
  const now = deps.now().getTime();
  const today = jstDate(new Date(now));
  const hours = office.businessHours ?? DEFAULT_BUSINESS_HOURS;
  const since = now - CLOSED_STAYS_DAYS * DAY_MS;
  const rows = await db
    .select()
    .from(cases)
    .where(and(eq(cases.careOfficeId, office.id), or(ne(cases.state, 'closed'), gte(cases.updatedAt, since))))
    .orderBy(desc(cases.admittedAt));
  const ids = rows.map((r) => r.id);
  const months = recentMonths(new Date(now));
  const [taskRows, sheetRows, noticeRows, hospitals, claimRows, records, summaryRows] = await Promise.all([
    ids.length
      ? db
          .select()
          .from(tasks)
          .where(and(inArray(tasks.caseId, ids), eq(tasks.status, 'open')))
      : [],
    ids.length ? db.select().from(informationSheets).where(inArray(informationSheets.caseId, ids)) : [],
    db
      .select()
      .from(outbox)
      .where(and(eq(outbox.recipientKind, 'care_office'), eq(outbox.recipientId, office.id)))
      .orderBy(desc(outbox.createdAt))
      .limit(RECENT_NOTICES),
    listHospitals(deps),
    db
      .select({ addOns: cases.addOns })
      .from(cases)
      .where(
        and(
          eq(cases.careOfficeId, office.id),
          isNotNull(cases.dischargedAt),
          gte(cases.dischargedAt, now - LINKAGE_LOOKBACK_DAYS * DAY_MS),
        ),
      ),
    officeRecordMonths(deps, office, months.from, months.to),
    ids.length
      ? db
          .selectDistinct({ caseId: nursingSummaries.caseId })
          .from(nursingSummaries)
          .where(inArray(nursingSummaries.caseId, ids))
      : [],
  ]);
  const summarised = new Set(summaryRows.map((s) => s.caseId));
  const sheetNotices = sheetRows.flatMap((s) => (s.outboxId ? [s.outboxId] : []));
  const [attempts, receipts] = sheetNotices.length
    ? await Promise.all([
        db
          .select()
          .from(deliveryAttempts)
          .where(inArray(deliveryAttempts.outboxId, sheetNotices))
          .orderBy(deliveryAttempts.id),
        db.select().from(faxReceipts).where(inArray(faxReceipts.outboxId, sheetNotices)),
      ])
    : [[], []];
  const lastAttempt = new Map(attempts.map((a) => [a.outboxId, a.status]));
  const receiptOf = new Map(receipts.map((r) => [r.outboxId, r.status]));
  const hospitalName = new Map(hospitals.map((h) => [h.id, h.name]));
  const patients = new Map(await Promise.all(rows.map(async (r) => [r.id, await casePatient(deps, r)] as const)));

  const stays: OfficeStay[] = [];
  for (const r of rows) {
    const ctx = r.snapshot.context;
    const closedAt =
      r.state === 'closed' ? (ctx.discharge?.at ?? ctx.transfer?.at ?? new Date(r.updatedAt).toISOString()) : null;
    if (closedAt !== null && Date.parse(closedAt) < since) continue;
    const patient = patients.get(r.id)!;
    const caseTasks = taskRows.filter((t) => t.caseId === r.id && t.expiresAt > now);
    stays.push({
      caseId: r.id,
      patientName: patient.name,
      birthDate: patient.birthDate,
      hospitalName: hospitalName.get(r.hospitalId) ?? '',
      ward: ctx.ward,
      admittedOn: jstDate(ctx.admittedAt),
      state: r.state,
      stage: STATE_LABELS[r.state as HospitalizationState] ?? r.state,
      closed:
        closedAt === null
          ? null
          : { on: jstDate(closedAt), label: ctx.closedReason ? CLOSED_LABELS[ctx.closedReason] : STATE_LABELS.closed },
      deadlines: ctx.deadlines
        .filter((d) => d.owner === 'care_office' && (d.status === 'open' || d.status === 'overdue'))
        .map((d) => {
          const dueOn = jstDate(new Date(Date.parse(d.dueAt) - 1));
          return {
            key: d.key,
            label: DEADLINE_LABELS[d.key],
            dueOn,
            daysLeft: businessDaysLeft(today, dueOn, hours),
            overdue: d.status === 'overdue' || dueOn < today,
          };
        }),
      tasks: await Promise.all(
        caseTasks.map(async (t) => ({ kind: t.kind as TaskKind, url: await taskLink(deps, t) })),
      ),
      sheets: sheetRows
        .filter((s) => s.caseId === r.id)
        .map((s) => ({
          status: s.status,
          submittedAt: s.submittedAt === null ? null : new Date(s.submittedAt).toISOString(),
          delivery: s.outboxId ? (lastAttempt.get(s.outboxId) ?? 'queued') : null,
          receipt: s.outboxId ? (receiptOf.get(s.outboxId) ?? null) : null,
        })),
      hospitalConfirmation: hospitalConfirmation(ctx),
      dischargeRecord:
        ctx.dischargePlanning || ctx.conferences.length || ctx.discharge || ctx.dischargeRecords?.length
          ? compareDischargeRecord(ctx)
          : null,
      // Only a stay whose copy was recorded can have one uploaded.
      carePlanCopies: ctx.carePlanCopySentAt ? await carePlanCopiesOf(deps, r.id) : [],
      nursingSummary: ctx.discharge?.nursingSummarySentAt
        ? { sentAt: ctx.discharge.nursingSummarySentAt, asData: summarised.has(r.id) }
        : null,
    });
  }
  const byCase = new Map(stays.map((s) => [s.caseId, s.patientName]));
  return {
    office,
    today,
    open: stays.filter((s) => s.closed === null),
    closed: stays.filter((s) => s.closed !== null),
    notices: noticeRows.map((n) => ({
      at: new Date(n.createdAt).toISOString(),
      label: noticeLabel(n.notice),
      patientName: (n.caseId && byCase.get(n.caseId)) ?? '',
      status: n.status,
      channel: n.channel,
    })),
    medicalCareLinkage: medicalCareLinkageAddOn(
      claimRows.flatMap((r) => r.addOns ?? []),
      today.slice(0, 7),
    ),
    records,
  };
}
