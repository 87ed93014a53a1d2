import { and, eq, isNull } from 'drizzle-orm';
import { accounts, caseEvents, faxReceipts, outbox } from '../../db/schema.js';
import { jstDate } from '../../machines/calendar.js';
import type { DeadlineKey, HospitalizationContext } from '../../machines/types.js';
import type { Channel } from '../../notifiers/delivery.js';
import type { Attachment } from '../../notifiers/email.js';
import { noticeTitle } from '../../notifiers/noticeNames.js';
import {
  type CareOfficeNoticeKind,
  familyName,
  type NoticeFacts,
  noticeTexts,
  smsTexts,
  type UnconfirmedFax,
} from '../../notifiers/texts.js';
import { UNKNOWN_DOCUMENT } from '../../regions/document.js';
import type { RuleStep, WindowPurpose } from '../../regions/schema.js';
import { correctionSeq, providerContact } from '../cases/index.js';
import { groupedCode } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import { getRegionAdministrator, windowFor } from '../directory/index.js';
import { taskLink } from '../links/index.js';
import { faxPdf } from './faxDocuments.js';
import { NoticeReads } from './noticeReads.js';
import type { Reachable } from './routing.js';

export type OutboxRow = typeof outbox.$inferSelect;

/** The case a notice is about: every notice but the morning summary has one. */
export function caseIdOf(row: Pick<OutboxRow, 'id' | 'caseId'>): string {
  if (row.caseId === null) throw new Error(`notice ${row.id} is about no case`);
  return row.caseId;
}

/**
 * Whether a notice may carry its task's link: the task is still open, the notice's short link was
 * not revoked, and it goes to the task's addressee now: the case's care office (a resend of a notice
 * to the previous office after a reassignment must not hand it a fresh link), or for finding an
 * unknown care manager (Sanda A① ※) the support center asked.
 */
export function mayCarryTaskLink(
  row: Pick<OutboxRow, 'recipientKind' | 'recipientId' | 'linkRevokedAt'>,
  context: Pick<HospitalizationContext, 'careOfficeId' | 'careManagerSearch'>,
  task: { status: string; kind: string } | undefined,
): boolean {
  const addressee =
    task?.kind === 'identify_care_manager'
      ? (context.careManagerSearch?.supportCenterId ?? null)
      : context.careOfficeId;
  return (
    task?.status === 'open' &&
    row.linkRevokedAt === null &&
    row.recipientKind === 'care_office' &&
    row.recipientId === addressee
  );
}

export const DEADLINE_LABELS: Record<DeadlineKey, string> = {
  careManagerIdentification: '担当ケアマネジャーの確認',
  careManagerAssignment: '介護保険申請後の担当ケアマネジャーの決定',
  careManagerHospitalContact: '担当ケアマネジャーから病院への連絡',
  informationSheet: '入院時情報提供シートの提供',
  dischargeDifficultyScreening: '退院困難な患者の抽出 (入退院支援加算)',
  patientFamilyInterview: '患者・家族との面接 (入退院支援加算)',
  dischargeStartNotice: '退院見込みに向けた退院調整開始の連絡',
  carePlanCopy: 'ケアプランの写しの提供',
  reportedAdmissionConfirmation: 'ケアマネジャーから連絡された入院の確認 (病院)',
};

/** The step of the region's rule a deadline belongs to; the add-on's deadlines belong to no region's rule. */
export const DEADLINE_STEPS: Partial<Record<DeadlineKey, RuleStep>> = {
  careManagerIdentification: 'admission',
  careManagerAssignment: 'careManagerAssignment',
  careManagerHospitalContact: 'careManagerAssignment',
  informationSheet: 'admission',
  dischargeStartNotice: 'dischargeStart',
  carePlanCopy: 'afterDischarge',
  reportedAdmissionConfirmation: 'admission',
};

/**
 * A FAX document's file name shows in the gateway's mail and on some FAX machines' logs: it carries
 * the confirmation number printed on the page (「renkei-7KQ2-M9XW.pdf」), never an id of ours.
 */
export function faxFilename(shortCode: string | null): string {
  return shortCode ? `renkei-${groupedCode(shortCode)}.pdf` : 'renkei.pdf';
}

export const noticeLink = (deps: Deps, code: string) => `${deps.config.publicBaseUrl}/n/${code}`;
export const receiptLink = (deps: Deps, code: string) => `${deps.config.publicBaseUrl}/r/${code}`;
/** Where a hospital's window confirms an admission a care manager reported first (engine/notices/admissionConfirmation.ts). */
export const admissionConfirmLink = (deps: Deps, code: string) => `${deps.config.publicBaseUrl}/a/${code}`;

/** A notice's recipient as the directory has them now; the machine's `Recipient` is only their role. */
export interface RecipientContact extends Reachable {
  kind: OutboxRow['recipientKind'];
  id: string;
  name: string;
  phone: string | null;
}

/**
 * Looks the recipient up at the moment of sending, so a corrected directory entry is used: from the
 * reads of the notices being composed together (a dispatch's chunk), else read for this one.
 */
export async function loadRecipient(
  deps: Deps,
  row: Pick<OutboxRow, 'recipientKind' | 'recipientId' | 'recipientPurpose'>,
  reads?: NoticeReads,
): Promise<RecipientContact | null> {
  if (row.recipientKind === 'region_administrator') {
    // The address set in the console wins over the pack's.
    const admin = await getRegionAdministrator(deps, row.recipientId);
    return admin
      ? {
          kind: 'region_administrator',
          id: row.recipientId,
          name: admin.name,
          phone: admin.phone,
          email: admin.email,
          fax: admin.fax,
          smsPhone: null,
          preferredChannel: 'email',
        }
      : null;
  }
  if (row.recipientKind === 'account') {
    const [a] = await deps.database.db
      .select()
      .from(accounts)
      .where(and(eq(accounts.id, row.recipientId), isNull(accounts.disabledAt)));
    return a
      ? {
          kind: 'account',
          id: a.id,
          name: a.name,
          phone: null,
          email: a.email,
          fax: null,
          smsPhone: null,
          preferredChannel: 'email',
        }
      : null;
  }
  // Providers copied on a stay are reached through the cases room; the directory's entries from the reads.
  if (row.recipientKind === 'other_provider') return otherProvider(deps, row.recipientId);
  const read = reads ?? (await NoticeReads.of(deps, [{ ...row, caseId: null, taskId: null }]));
  if (row.recipientKind === 'hospital') {
    // A hospital named with a purpose: its window for that purpose, chosen now (入院予定 → 入院支援連携室).
    const window = windowFor(
      await read.windowsOfHospital(row.recipientId),
      (row.recipientPurpose ?? 'general') as WindowPurpose,
    );
    return window
      ? loadRecipient(deps, { recipientKind: 'hospital_window', recipientId: window.id, recipientPurpose: null }, read)
      : null;
  }
  if (row.recipientKind === 'receiving_hospital') {
    // A hospital outside the directory: the name and FAX number the sending hospital gave with the transfer.
    const c = await read.case(row.recipientId);
    const transfer = c?.snapshot.context.transfer;
    return transfer?.toHospitalFax
      ? {
          kind: 'receiving_hospital',
          id: row.recipientId,
          name: transfer.toHospitalName,
          phone: null,
          email: null,
          fax: transfer.toHospitalFax,
          smsPhone: null,
          preferredChannel: 'fax',
        }
      : null;
  }
  if (row.recipientKind === 'care_office') {
    const office = await read.office(row.recipientId);
    return (
      office && {
        kind: 'care_office',
        id: office.id,
        name: office.name,
        phone: office.phone,
        email: office.email,
        fax: office.fax,
        smsPhone: office.smsPhone,
        preferredChannel: office.preferredChannel,
      }
    );
  }
  const w = await read.window(row.recipientId);
  const hospital = w ? await read.hospital(w.hospitalId) : null;
  return !w
    ? null
    : {
        kind: 'hospital_window',
        id: w.id,
        name: `${hospital?.name ?? ''} ${w.name}`.trim(),
        phone: w.phone,
        email: w.email,
        fax: w.fax,
        smsPhone: null,
        preferredChannel: 'fax',
      };
}

/** Another provider of the patient, copied: gone once removed from the stay. */
async function otherProvider(deps: Deps, providerId: string): Promise<RecipientContact | null> {
  const p = await providerContact(deps, providerId);
  return (
    p && {
      kind: 'other_provider',
      id: p.id,
      name: p.name,
      phone: null,
      email: p.email,
      fax: p.fax,
      smsPhone: p.smsPhone,
      preferredChannel: p.preferredChannel,
    }
  );
}

export type Composed =
  | { channel: 'email'; subject: string; text: string; attachments?: Attachment[] }
  | { channel: 'sms'; body: string }
  | { channel: 'fax'; subject: string; pdf: Uint8Array; filename: string };

/**
 * Gathers what a notice to a care office says from the case, the directory and the task, at the
 * moment of sending: from the reads of the notices composed together, else read for this one.
 */
export async function noticeFacts(
  deps: Deps,
  row: OutboxRow,
  medium: NoticeFacts['medium'] = 'メール',
  reads?: NoticeReads,
): Promise<NoticeFacts> {
  const read = reads ?? (await NoticeReads.of(deps, [row]));
  const caseRow = await read.case(caseIdOf(row));
  if (!caseRow) throw new Error(`case ${row.caseId} not found`);
  const context = caseRow.snapshot.context;
  const [hospital, windows, recipient, task] = await Promise.all([
    read.hospital(caseRow.hospitalId),
    read.windowsOfHospital(caseRow.hospitalId),
    loadRecipient(deps, row, read),
    row.taskId ? read.task(row.taskId) : null,
  ]);
  const region = deps.regions.get(caseRow.regionId);
  // Before the stay (a planned admission, or its cancellation) the hospital's window for planned admissions answers.
  const beforeStay = caseRow.state === 'planned' || context.closedReason === 'admission_plan_cancelled';
  const window = windowFor(windows, beforeStay ? 'planned_admission' : 'inpatient');
  const due = context.deadlines.find((d) => d.key === 'informationSheet');
  const deadline = row.deadlineKey ? context.deadlines.find((d) => d.key === row.deadlineKey) : undefined;
  const conference = context.conferences.at(-1) ?? null;
  const dueOn = (dueAt: string) => jstDate(new Date(Date.parse(dueAt) - 1));
  const patient = await read.patient(caseRow);
  return {
    officeName: recipient?.name ?? '',
    hospitalName: hospital?.name ?? caseRow.hospitalId,
    window: window && { name: window.name, phone: window.phone ?? undefined, fax: window.fax ?? undefined },
    patientFamilyName: familyName(patient.name),
    ward: context.ward,
    admittedOn: jstDate(context.admittedAt),
    informationSheetDueOn: due ? dueOn(due.dueAt) : null,
    expectedDischargeDate: context.dischargePlanning?.expectedDischargeDate ?? null,
    conference: conference && { at: conference.at, place: conference.place, online: conference.online },
    discharge: context.discharge && { on: jstDate(context.discharge.at), destination: context.discharge.destination },
    link:
      task && mayCarryTaskLink(row, context, task)
        ? { url: await taskLink(deps, task), expiresOn: jstDate(new Date(task.expiresAt - 1)) }
        : null,
    shortLink: noticeLink(deps, row.shortCode ?? ''),
    // A copy of a sudden discharge is queued urgent, like the notice it copies.
    sudden: row.notice === 'sudden_discharge_notice' || (row.notice === 'discharge_copy' && row.urgent),
    fax: row.aboutNoticeId ? await unconfirmedFax(deps, row.aboutNoticeId, row) : null,
    medium,
    region: {
      name: region?.name ?? '',
      administratorName: region?.administrator.name ?? '',
      administratorPhone: region?.administrator.phone ?? null,
    },
    rule: {
      document: region?.document ?? UNKNOWN_DOCUMENT,
      informationSheetWithinDays: context.rule.informationSheet.withinDays,
    },
    deadline: deadline
      ? {
          label: DEADLINE_LABELS[deadline.key],
          step: DEADLINE_STEPS[deadline.key] ?? null,
          dueOn: dueOn(deadline.dueAt),
          reason: deadline.reason,
          owner:
            deadline.owner === 'hospital'
              ? `${hospital?.name ?? ''} ${window?.name ?? ''}`.trim()
              : (recipient?.name ?? ''),
        }
      : null,
    closedReason: context.closedReason,
    transferTo: context.transfer?.toHospitalName || null,
    transferSheet: transferSheet(context, task ?? undefined),
    expectedLengthOfStayDays: context.treatmentPlans.at(-1)?.expectedLengthOfStayDays ?? null,
    caseRef: `${hospital?.name ?? ''} 入院番号 ${caseRow.hospitalizationId}`.trim(),
    correction: row.notice === 'correction_notice' ? await correction(deps, row, context) : null,
    officePage: row.recipientKind === 'care_office' ? `${deps.config.publicBaseUrl}/office` : null,
    report:
      row.notice === 'admission_reported_notice' ? await reportedAdmission(deps, row, context, patient, read) : null,
    copy: row.recipientKind === 'other_provider' ? await providerCopy(context, read) : null,
  };
}

/** 他の事業所への写し: the care manager's office, as the copy names it for the provider to work with. */
async function providerCopy(
  context: HospitalizationContext,
  reads: NoticeReads,
): Promise<NonNullable<NoticeFacts['copy']>> {
  const office = context.careOfficeId ? await reads.office(context.careOfficeId) : null;
  return {
    careOfficeName: office?.name ?? '',
    careOfficePhone: office?.phone ?? null,
    careOfficeFax: office?.fax ?? null,
  };
}

/** 先に知った方が連絡する: what the hospital's window is told of an admission a care manager reported first. */
async function reportedAdmission(
  deps: Deps,
  row: OutboxRow,
  context: HospitalizationContext,
  patient: { name: string; birthDate: string },
  reads: NoticeReads,
): Promise<NonNullable<NoticeFacts['report']>> {
  const office = context.careOfficeId ? await reads.office(context.careOfficeId) : null;
  const due = context.deadlines.find((d) => d.key === 'reportedAdmissionConfirmation');
  return {
    officeName: office?.name ?? '',
    officePhone: office?.phone ?? null,
    officeFax: office?.fax ?? null,
    patientName: patient.name,
    birthDate: patient.birthDate,
    confirmUrl: admissionConfirmLink(deps, row.shortCode ?? ''),
    confirmBy: due ? jstDate(new Date(Date.parse(due.dueAt) - 1)) : null,
  };
}

/** 転院時の連絡: whether the receiving hospital gets a copy of the sheet on record, or the care manager is asked for one. */
function transferSheet(
  context: HospitalizationContext,
  task: { kind: string; status: string } | undefined,
): NoticeFacts['transferSheet'] {
  if (!context.transfer?.toHospitalId && !context.transfer?.toHospitalFax) return null;
  if (context.informationSheet) return 'copied';
  if (task?.kind !== 'send_sheet_to_receiving_hospital') return null;
  // Asked for while the task is open; once sent from the link's form, the copy has been provided.
  return task.status === 'done' ? 'copied' : task.status === 'open' ? 'requested' : null;
}

/** What the correction this notice tells of took back (its event is named in the notice's key), and the stay now. */
async function correction(
  deps: Deps,
  row: OutboxRow,
  context: HospitalizationContext,
): Promise<NoticeFacts['correction']> {
  const seq = correctionSeq(row.idempotencyKey);
  const retraction = seq === null ? undefined : await caseEvent(deps, caseIdOf(row), seq);
  const retractedSeq = (retraction?.fact as { seq?: unknown } | null)?.seq;
  const retracted = typeof retractedSeq === 'number' ? await caseEvent(deps, caseIdOf(row), retractedSeq) : undefined;
  if (!retracted) return null;
  return {
    retracted: retracted.type,
    now: context.closedReason ? 'ended' : context.discharge ? 'discharged' : 'in_hospital',
  };
}

async function caseEvent(deps: Deps, caseId: string, seq: number) {
  const { db } = deps.database;
  const [e] = await db
    .select({ type: caseEvents.type, fact: caseEvents.fact })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.seq, seq)));
  return e;
}

/**
 * The FAX a receipt reminder is about, told to its reader: the receiver itself (asked to confirm) or
 * the sender's side (told who has not confirmed).
 */
async function unconfirmedFax(
  deps: Deps,
  outboxId: string,
  reminder: Pick<OutboxRow, 'recipientKind' | 'recipientId'>,
): Promise<UnconfirmedFax | null> {
  const { db } = deps.database;
  const [[about], [receipt]] = await db.batch([
    db.select().from(outbox).where(eq(outbox.id, outboxId)),
    db.select().from(faxReceipts).where(eq(faxReceipts.outboxId, outboxId)),
  ]);
  if (!about || !receipt) return null;
  const recipient = await loadRecipient(deps, about);
  // A FAX to a hospital resolves to its window: the receiver is asked when the reminder goes to that window.
  const toReceiver = reminder.recipientKind === recipient?.kind && reminder.recipientId === recipient.id;
  return {
    reader: toReceiver ? 'receiver' : 'sender',
    title: noticeTitle(about.notice),
    sentAt: new Date(receipt.sentAt).toISOString(),
    faxNumber: recipient?.fax ?? '',
    receiverName: recipient?.name ?? '',
    receiverPhone: recipient?.phone ?? null,
    confirmUrl: receiptLink(deps, about.shortCode ?? ''),
    confirmCode: groupedCode(about.shortCode ?? ''),
  };
}

const REPORTED_ADMISSION_ASK =
  '【入院の確認のお願い】この方の入院を確認しましたら、右上のQRコードを読み取るか次のURLを開き、「入院を確認しました」を押してください (FAXの受信確認を兼ねます)。';

/** A notice to a care office, as it travels by one channel. */
export async function composeCareOfficeNotice(
  deps: Deps,
  row: OutboxRow,
  channel: Channel,
  recipient: RecipientContact,
  reads?: NoticeReads,
): Promise<Composed> {
  const kind = row.notice as CareOfficeNoticeKind;
  const facts = await noticeFacts(deps, row, channel === 'fax' ? 'FAX' : 'メール', reads);
  switch (channel) {
    case 'email':
      return { channel, ...noticeTexts[kind](facts) };
    case 'sms':
      return { channel, body: smsTexts[kind](facts) };
    case 'fax': {
      const { subject, text } = noticeTexts[kind](facts);
      // A receipt reminder comes from the region's center, not the hospital, and its QR code confirms
      // the FAX it is about: the reminder itself opens no receipt. A reported admission comes from the
      // care office, and its QR code confirms the admission (and with it the FAX).
      const about = kind === 'fax_receipt_reminder' ? facts.fax : null;
      const report = facts.report;
      // A copy to another provider is news, not a handoff: no receipt to confirm (engine/notices/outbox.ts).
      const copy = recipient.kind === 'other_provider';
      const pdf = await faxPdf(deps)({
        title: noticeTitle(kind),
        lead: about
          ? `「${about.title}」の受信確認 (${facts.rule.document.name}に基づく連絡)`
          : `${report ? report.officeName : facts.hospitalName}より (${facts.rule.document.name}に基づく連絡)`,
        to: { name: recipient.name, fax: recipient.fax ?? '' },
        from: about
          ? { name: facts.region.administratorName || 'renkei', phone: facts.region.administratorPhone }
          : report
            ? { name: report.officeName, phone: report.officePhone, fax: report.officeFax }
            : {
                name: `${facts.hospitalName}${facts.window ? ` ${facts.window.name}` : ''}`,
                phone: facts.window?.phone,
                fax: facts.window?.fax,
              },
        sentAt: deps.now().toISOString(),
        sections: [{ heading: 'ご連絡', text }],
        confirmation: copy
          ? undefined
          : about
            ? { url: about.confirmUrl, code: about.confirmCode }
            : report
              ? {
                  url: report.confirmUrl,
                  code: groupedCode(row.shortCode ?? ''),
                  ask: REPORTED_ADMISSION_ASK,
                  qrLabel: '入院確認用QRコード',
                }
              : { url: receiptLink(deps, row.shortCode ?? ''), code: groupedCode(row.shortCode ?? '') },
      });
      return { channel, subject, pdf, filename: faxFilename(row.shortCode) };
    }
  }
}
