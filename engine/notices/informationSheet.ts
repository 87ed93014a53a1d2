import { and, desc, eq } from 'drizzle-orm';
import { isConstraintViolation, type Statement } from '../../db/database.js';
import {
  cases,
  contactWindows,
  deliveryAttempts,
  faxReceipts,
  informationSheets,
  outbox,
  tasks,
} from '../../db/schema.js';
import { jstDate } from '../../machines/calendar.js';
import type { Channel } from '../../notifiers/delivery.js';
import type { FaxSection } from '../../notifiers/faxDocument.js';
import { sheetSections } from '../../notifiers/informationSheetItems.js';
import { familyName, informationSheetMail, jaDate } from '../../notifiers/texts.js';
import { citeRule, UNKNOWN_DOCUMENT } from '../../regions/document.js';
import { NATIONAL_SHEET_FORM, regionSheetForm } from '../../regions/nationalSheetForm.js';
import { type SheetForm, sheetFormSchema } from '../../regions/sheetForm.js';
import { RECEIVING_WINDOW_PURPOSE, recordEvent, sheetHospital } from '../cases/index.js';
import { groupedCode, newId } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import { getCareOffice, getHospital, hospitalWindows, type WindowRow, windowFor } from '../directory/index.js';
import { type HospitalContact, isRevokedLinkUse, linkUse, taskOfLink } from '../links/index.js';
import { casePatient, type Patient } from '../patients/index.js';
import { queueNotice } from '../queueNotice.js';
import { faxPdf } from './faxDocuments.js';
import type { NoticeReads } from './noticeReads.js';
import { type Composed, caseIdOf, type OutboxRow, type RecipientContact, receiptLink } from './notices.js';
import { channelPlan } from './routing.js';

export type SheetRow = typeof informationSheets.$inferSelect;

export interface SheetContext {
  taskId: string;
  /** The generation of the link the sheet was opened with: submitting re-checks it in its own batch. */
  linkGeneration: number;
  taskStatus: string;
  caseId: string;
  hospitalName: string;
  patient: Patient;
  admittedOn: string;
  officeName: string | null;
  window: WindowRow | null;
  /** Whether renkei can deliver the sheet to that window here (a FAX provider, or the window's email). */
  canSend: boolean;
  sheet: SheetRow | null;
  /**
   * The form the page shows: a sheet already submitted keeps the one it was written against; a new
   * sheet or a draft follows the region's form as it is now (answers under the same keys carry over).
   */
  form: SheetForm;
  delivery: { channel: string | null; status: string; at: string; receipt: 'open' | 'confirmed' | null } | null;
}

export type SheetLookup =
  | { kind: 'ok'; context: SheetContext }
  | { kind: 'invalid' }
  | { kind: 'expired' }
  | { kind: 'revoked'; contact: HospitalContact };

/**
 * Seed 001's directory: 「入院中の患者→退院支援連携室」「通院患者および入院予定患者→入院支援連携室」.
 * A sheet sent before the admission instant is for a planned admission.
 */
export function sheetWindowPurpose(admittedAt: string, now: Date): 'inpatient' | 'planned_admission' {
  return now.getTime() < Date.parse(admittedAt) ? 'planned_admission' : 'inpatient';
}

/** The sheet behind a report_information_sheet task link. Reads only. */
export async function loadSheet(deps: Deps, token: string): Promise<SheetLookup> {
  const linked = await taskOfLink(deps, token);
  if (linked.kind !== 'ok') return linked;
  const { task } = linked;
  const { db } = deps.database;
  if (task.kind !== 'report_information_sheet' && task.kind !== 'send_sheet_to_receiving_hospital')
    return { kind: 'invalid' };
  const [caseRow] = await db.select().from(cases).where(eq(cases.id, task.caseId));
  if (!caseRow) return { kind: 'invalid' };
  const ctx = caseRow.snapshot.context;
  const to = sheetHospital(task.kind, caseRow);
  const [hospital, windows, office, [sheet]] = await Promise.all([
    getHospital(deps, to.hospitalId),
    hospitalWindows(deps, to.hospitalId),
    ctx.careOfficeId ? getCareOffice(deps, ctx.careOfficeId) : Promise.resolve(null),
    db.select().from(informationSheets).where(eq(informationSheets.taskId, task.id)),
  ]);
  const window = sheet?.windowId
    ? (windows.find((w) => w.id === sheet.windowId) ?? null)
    : windowFor(windows, to.receiving ? RECEIVING_WINDOW_PURPOSE : sheetWindowPurpose(ctx.admittedAt, deps.now()));
  const reach = { email: window?.email ?? null, fax: window?.fax ?? null, smsPhone: null, preferredChannel: null };
  return {
    kind: 'ok',
    context: {
      taskId: task.id,
      linkGeneration: task.linkGeneration,
      taskStatus: task.status,
      caseId: caseRow.id,
      hospitalName: hospital?.name ?? to.hospitalId,
      patient: await casePatient(deps, caseRow),
      admittedOn: jstDate(ctx.admittedAt),
      officeName: office?.name ?? null,
      window,
      canSend: channelPlan(deps, 'document', reach).plan.length > 0,
      sheet: sheet ?? null,
      form:
        sheet && sheet.status !== 'draft' ? writtenAgainst(sheet) : regionSheetForm(deps.regions.get(caseRow.regionId)),
      delivery: sheet?.outboxId ? await deliveryOf(deps, sheet.outboxId) : null,
    },
  };
}

async function deliveryOf(deps: Deps, outboxId: string): Promise<SheetContext['delivery']> {
  const { db } = deps.database;
  const [[row], [attempt], [receipt]] = await db.batch([
    db.select().from(outbox).where(eq(outbox.id, outboxId)),
    db
      .select()
      .from(deliveryAttempts)
      .where(eq(deliveryAttempts.outboxId, outboxId))
      .orderBy(desc(deliveryAttempts.id))
      .limit(1),
    db.select().from(faxReceipts).where(eq(faxReceipts.outboxId, outboxId)),
  ]);
  if (!row) return null;
  return {
    channel: attempt?.channel ?? null,
    status: attempt?.status ?? row.status,
    at: new Date(attempt?.updatedAt ?? attempt?.at ?? row.createdAt).toISOString(),
    receipt: receipt?.status ?? null,
  };
}

/** Keeps the care manager's draft; nothing is sent. A sheet already submitted is not changed. */
export async function saveDraft(
  deps: Deps,
  context: SheetContext,
  answers: Record<string, string>,
): Promise<'saved' | 'already_submitted'> {
  const { db } = deps.database;
  const now = deps.now().getTime();
  const row = await db
    .insert(informationSheets)
    .values({
      id: newId('sheet'),
      caseId: context.caseId,
      taskId: context.taskId,
      status: 'draft',
      answers,
      form: context.form,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: informationSheets.taskId,
      set: { answers, form: context.form, updatedAt: now },
      setWhere: eq(informationSheets.status, 'draft'),
    })
    .returning({ id: informationSheets.id });
  return row.length > 0 ? 'saved' : 'already_submitted';
}

export type SubmitResult = 'submitted' | 'already_submitted' | 'no_window' | 'task_closed' | 'revoked';

/**
 * Submitting queues the sheet for the hospital window in one batch with its status change. The
 * outbox row's idempotency key is the sheet, so a second submit (double click, two tabs) fails the
 * batch and sends nothing: submitting twice sends once.
 */
export async function submitSheet(
  deps: Deps,
  context: SheetContext,
  answers: Record<string, string>,
): Promise<SubmitResult> {
  if (context.taskStatus !== 'open')
    return context.sheet && context.sheet.status !== 'draft' ? 'already_submitted' : 'task_closed';
  if (!context.window) return 'no_window';
  if ((await saveDraft(deps, context, answers)) === 'already_submitted') return 'already_submitted';
  const { db } = deps.database;
  const [sheet] = await db.select().from(informationSheets).where(eq(informationSheets.taskId, context.taskId));
  const now = deps.now().getTime();
  const outboxId = newId('ntc');
  try {
    await deps.database.commit([
      linkUse(deps, { id: context.taskId, linkGeneration: context.linkGeneration }, 'sheet.submitted', now),
      db
        .update(informationSheets)
        .set({
          status: 'submitted',
          answers,
          form: context.form,
          windowId: context.window.id,
          outboxId,
          submittedAt: now,
          updatedAt: now,
        })
        .where(and(eq(informationSheets.id, sheet!.id), eq(informationSheets.status, 'draft'))),
      queueNotice(db, {
        id: outboxId,
        caseId: context.caseId,
        notice: 'information_sheet',
        route: 'document',
        recipientKind: 'hospital_window',
        recipientId: context.window.id,
        taskId: context.taskId,
        documentId: sheet!.id,
        idempotencyKey: `sheet:${sheet!.id}`,
        at: now,
      }),
    ]);
  } catch (e) {
    if (isRevokedLinkUse(e)) return 'revoked';
    if (isConstraintViolation(e)) return 'already_submitted';
    throw e;
  }
  deps.log.info('information sheet submitted', {
    caseId: context.caseId,
    sheetId: sheet!.id,
    windowId: context.window.id,
  });
  deps.afterCommit?.();
  return 'submitted';
}

/** The form a stored sheet was written against; a sheet stored before forms were regions' names none. */
export function writtenAgainst(sheet: SheetRow): SheetForm {
  return sheet.form ? sheetFormSchema.parse(sheet.form) : NATIONAL_SHEET_FORM;
}

/**
 * The sheet's pages as the hospital reads them: the patient, then every item of the form it was written
 * against with its answer. The copy a receiving hospital gets on a transfer is built here too, so it is
 * the same document.
 */
export function sheetPages(sheet: SheetRow, patient: Patient, ward: { label: string; name: string }): FaxSection[] {
  return [
    {
      heading: '利用者',
      rows: [
        ['氏名', `${patient.name} 様`],
        ['生年月日', jaDate(patient.birthDate)],
        [ward.label, ward.name],
      ],
    },
    ...sheetSections(writtenAgainst(sheet), sheet.answers),
  ];
}

/** The sheet as it travels: a FAX to the window, or an email with the same PDF attached. */
export async function composeInformationSheet(
  deps: Deps,
  row: OutboxRow,
  channel: Channel,
  recipient: RecipientContact,
  reads: NoticeReads,
): Promise<Composed> {
  const { db } = deps.database;
  // The sheet itself is this notice's own; its case, task and the directory come from the chunk's reads.
  const [[sheet], caseRow, task] = await Promise.all([
    db
      .select()
      .from(informationSheets)
      .where(eq(informationSheets.id, row.documentId ?? '')),
    reads.case(caseIdOf(row)),
    row.taskId ? reads.task(row.taskId) : null,
  ]);
  if (!sheet || !caseRow) throw new Error(`information sheet ${row.documentId} not found`);
  const ctx = caseRow.snapshot.context;
  const patient = await reads.patient(caseRow);
  const office = ctx.careOfficeId ? await reads.office(ctx.careOfficeId) : null;
  const ruleDocument = deps.regions.get(caseRow.regionId)?.document ?? UNKNOWN_DOCUMENT;
  const to = sheetHospital(task?.kind ?? '', caseRow);
  const [hospital, from] = await Promise.all([
    reads.hospital(to.hospitalId),
    to.receiving ? reads.hospital(caseRow.hospitalId) : Promise.resolve(null),
  ]);
  const confirmUrl = receiptLink(deps, row.shortCode ?? '');
  const form = writtenAgainst(sheet);
  const pdf = await faxPdf(deps)({
    title: form.name,
    lead: to.receiving
      ? `${citeRule(ruleDocument, 'transfer')}に基づく情報提供 (転院元: ${from?.name ?? ''})`
      : `${citeRule(ruleDocument, 'admission')}に基づく情報提供`,
    to: { name: recipient.name, fax: recipient.fax ?? '' },
    from: {
      name: office?.name ?? '居宅介護支援事業所',
      phone: sheet.answers.contactPhone || office?.phone,
      fax: office?.fax,
    },
    sentAt: deps.now().toISOString(),
    sections: sheetPages(sheet, patient, { label: to.receiving ? '転院元の病棟' : '病棟', name: ctx.ward }),
    confirmation: { url: confirmUrl, code: groupedCode(row.shortCode ?? '') },
  });
  const filename = `information-sheet-${jstDate(deps.now())}.pdf`;
  if (channel === 'fax') return { channel, subject: form.name, pdf, filename };
  if (channel === 'sms') throw new Error('an information sheet is never sent by SMS');
  const window = await reads.window(row.recipientId);
  const mail = informationSheetMail({
    officeName: office?.name ?? '居宅介護支援事業所',
    hospitalName: hospital?.name ?? '',
    windowName: window?.name ?? '',
    patientFamilyName: familyName(patient.name),
    confirmUrl,
    documentName: ruleDocument.name,
    formName: form.name,
  });
  return { channel, ...mail, attachments: [{ filename, contentType: 'application/pdf', content: pdf }] };
}

/**
 * The send of a sheet is the care manager's information provision (A①): the machine's event is
 * recorded in the same batch as the delivery, with the date/time, means and recipient that billing
 * (入院時情報連携加算) needs. Its dedupe key is the sheet, so a resend records nothing twice.
 */
export async function recordSheetSent(
  deps: Deps,
  row: OutboxRow,
  sent: { channel: Channel; address: string },
  at: number,
  statements: Statement[],
): Promise<void> {
  const { db } = deps.database;
  const atIso = new Date(at).toISOString();
  const means = sent.channel === 'fax' ? ('fax' as const) : ('email' as const);
  const [window] = await db.select().from(contactWindows).where(eq(contactWindows.id, row.recipientId));
  const recipient = { windowId: row.recipientId, name: window?.name ?? null, [sent.channel]: sent.address };
  const sheetSent = db
    .update(informationSheets)
    .set({ status: 'sent', sentAt: at, updatedAt: at })
    .where(and(eq(informationSheets.id, row.documentId ?? ''), eq(informationSheets.status, 'submitted')));
  const taskDone = db
    .update(tasks)
    .set({
      status: 'done',
      doneAt: at,
      result: { kind: 'report_information_sheet', at: atIso, means, via: 'renkei', recipient },
    })
    .where(and(eq(tasks.id, row.taskId ?? ''), eq(tasks.status, 'open')));
  const [task] = await db
    .select()
    .from(tasks)
    .where(eq(tasks.id, row.taskId ?? ''));
  if (task?.kind === 'send_sheet_to_receiving_hospital') {
    // 転院時の連絡: the stay it was asked in has ended (a closed case takes no facts); the send to the
    // receiving hospital is its record, and the task is done with it.
    await deps.database.commit([...statements, sheetSent, taskDone]);
    return;
  }
  const result = await recordEvent(
    deps,
    { caseId: caseIdOf(row) },
    {
      source: 'care_manager',
      dedupeKey: `sheet:${row.documentId}`,
      event: { type: 'information_sheet_provided', occurredAt: atIso, at: atIso, means },
      data: { sheetId: row.documentId, noticeId: row.id, means, recipient },
      ifRefused: 'store',
      extra: () => [...statements, sheetSent, taskDone],
    },
  );
  // Replayed or refused (the case moved on meanwhile): the delivery is still recorded.
  if (result.kind !== 'accepted' || result.replayed) await deps.database.commit([...statements, sheetSent]);
}
