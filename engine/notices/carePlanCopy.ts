import { desc, eq } from 'drizzle-orm';
import { carePlanCopies, cases, deliveryAttempts, faxReceipts, outbox } from '../../db/schema.js';
import type { Channel } from '../../notifiers/delivery.js';
import { DeliveryError } from '../../notifiers/delivery.js';
import { carePlanCopyMail, familyName, jaDate } from '../../notifiers/texts.js';
import { citeRule, UNKNOWN_DOCUMENT } from '../../regions/document.js';
import { completeTask, type Requester, type TaskAnswer, type TaskCompletion } from '../cases/index.js';
import { base64url, fromBase64url, groupedCode, newId, open, seal } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import { hospitalWindows, windowFor } from '../directory/index.js';
import { taskOfLink } from '../links/index.js';
import { carePlanCopySealContext as sealContext } from '../patients/index.js';
import { queueNotice } from '../queueNotice.js';
import { faxPdf } from './faxDocuments.js';
import type { NoticeReads } from './noticeReads.js';
import { type Composed, caseIdOf, faxFilename, type OutboxRow, type RecipientContact, receiptLink } from './notices.js';

// ケアプランの写し (the rule's after-discharge step): the care manager uploads the care plan as a PDF
// on the confirm_care_plan_copy task; it is kept sealed and sent to the hospital's window like any
// document (FAX: a cover with the receipt QR, then the uploaded pages; email: the PDF attached), and
// the window confirms its receipt from the QR code (faxReceipts.ts).

/** The largest copy taken: a scanned care plan of a few pages is well under it. */
export const MAX_CARE_PLAN_BYTES = 5 * 1024 * 1024;
/** A care plan (its tables, a weekly plan) is a handful of pages; more is a wrong file, and a FAX of it a stack of paper. */
export const MAX_CARE_PLAN_PAGES = 20;
/** Seed 001's directory: the discharge/regional-liaison office (退院支援連携室) is the inpatients' window. */
export const CARE_PLAN_WINDOW_PURPOSE = 'inpatient' as const;

export type CarePlanPdfCheck = { kind: 'ok'; pages: number | null } | { kind: 'refused'; message: string };

/**
 * What a care manager's file must be before it is kept: a PDF by its own first bytes (not the
 * browser's content type), not empty, within the size, readable with a sane number of pages. The
 * messages are shown next to the file field.
 */
export async function checkCarePlanPdf(deps: Pick<Deps, 'pdfTools'>, pdf: Uint8Array): Promise<CarePlanPdfCheck> {
  const refused = (message: string): CarePlanPdfCheck => ({ kind: 'refused', message });
  if (pdf.length === 0) return refused('ファイルが空です。PDFファイルを選んでください。');
  if (pdf.length > MAX_CARE_PLAN_BYTES)
    return refused(
      `ファイルが大きすぎます (${MAX_CARE_PLAN_BYTES / 1024 / 1024}MBまで)。ページを分けるか、解像度を下げてください。`,
    );
  if (new TextDecoder('latin1').decode(pdf.subarray(0, 5)) !== '%PDF-')
    return refused('PDFファイルではありません。ケアプランをPDFで保存してから選んでください。');
  if (!deps.pdfTools) return { kind: 'ok', pages: null };
  const pages = await deps.pdfTools.pageCount(pdf);
  if (pages === null) return refused('PDFを読み取れませんでした (壊れたファイルやパスワード付きのPDFは送れません)。');
  if (pages > MAX_CARE_PLAN_PAGES)
    return refused(
      `ページ数が多すぎます (${pages}ページ。${MAX_CARE_PLAN_PAGES}ページまで)。ケアプランのページだけを選んでください。`,
    );
  return { kind: 'ok', pages };
}

export type CarePlanCopyResult = TaskCompletion | { kind: 'no_window' };

/**
 * The answer of a confirm_care_plan_copy task with its PDF: the fact, the sealed copy and its notice
 * to the hospital's window commit together, or none does (a refused or repeated answer keeps no copy).
 */
export async function completeWithCarePlanCopy(
  deps: Deps,
  token: string,
  answer: Extract<TaskAnswer, { kind: 'confirm_care_plan_copy' }>,
  pdf: { bytes: Uint8Array; pages: number | null },
  requester: Requester,
): Promise<CarePlanCopyResult> {
  const linked = await taskOfLink(deps, token);
  if (linked.kind !== 'ok') return linked;
  const [caseRow] = await deps.database.db.select().from(cases).where(eq(cases.id, linked.task.caseId));
  if (!caseRow) return { kind: 'invalid' };
  const window = windowFor(await hospitalWindows(deps, caseRow.hospitalId), CARE_PLAN_WINDOW_PURPOSE);
  if (!window) return { kind: 'no_window' };
  const id = newId('cpc');
  const outboxId = newId('ntc');
  const sealed = await seal(deps.dataKeys, base64url(pdf.bytes), sealContext(id));
  const at = deps.now().getTime();
  const { db } = deps.database;
  const result = await completeTask(deps, token, { ...answer, uploadedCopyId: id }, requester, (task) => [
    db.insert(carePlanCopies).values({
      id,
      caseId: task.caseId,
      taskId: task.id,
      pdf: sealed,
      bytes: pdf.bytes.length,
      pages: pdf.pages,
      windowId: window.id,
      outboxId,
      uploadedAt: at,
    }),
    queueNotice(db, {
      id: outboxId,
      caseId: task.caseId,
      notice: 'care_plan_copy',
      route: 'document',
      recipientKind: 'hospital_window',
      recipientId: window.id,
      taskId: task.id,
      documentId: id,
      idempotencyKey: `care-plan-copy:${task.id}`,
      at,
    }),
  ]);
  if (result.kind === 'done') deps.afterCommit?.();
  return result;
}

type CopyRow = typeof carePlanCopies.$inferSelect;

/** The uploaded PDF, opened; a copy moved to another row does not authenticate. */
export async function carePlanCopyPdf(deps: Pick<Deps, 'dataKeys'>, copy: CopyRow): Promise<Uint8Array> {
  return fromBase64url(await open(deps.dataKeys, copy.pdf, sealContext(copy.id)));
}

export interface CarePlanCopyView {
  id: string;
  caseId: string;
  uploadedAt: string;
  bytes: number;
  pages: number | null;
  /** The window it went to, by name. */
  windowName: string;
  /** The last try of its notice: channel and status (sent, delivered, failed, …); null before the first. */
  delivery: { channel: string | null; status: string; at: string } | null;
  noticeStatus: string;
  /** The window's confirmation of receipt: open until confirmed (who, when). */
  receipt: { status: 'open' | 'confirmed'; confirmedAt: string | null; confirmedBy: string | null } | null;
}

/** The copies of a stay with how far each has travelled: for the office page and the console's case page. */
export async function carePlanCopiesOf(deps: Deps, caseId: string): Promise<CarePlanCopyView[]> {
  const { db } = deps.database;
  const copies = await db
    .select({
      id: carePlanCopies.id,
      caseId: carePlanCopies.caseId,
      uploadedAt: carePlanCopies.uploadedAt,
      bytes: carePlanCopies.bytes,
      pages: carePlanCopies.pages,
      windowId: carePlanCopies.windowId,
      outboxId: carePlanCopies.outboxId,
      noticeStatus: outbox.status,
      receipt: faxReceipts,
    })
    .from(carePlanCopies)
    .leftJoin(outbox, eq(outbox.id, carePlanCopies.outboxId))
    .leftJoin(faxReceipts, eq(faxReceipts.outboxId, carePlanCopies.outboxId))
    .where(eq(carePlanCopies.caseId, caseId))
    .orderBy(desc(carePlanCopies.uploadedAt));
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return Promise.all(
    copies.map(async (c) => {
      const [[attempt], windows] = await Promise.all([
        db
          .select()
          .from(deliveryAttempts)
          .where(eq(deliveryAttempts.outboxId, c.outboxId))
          .orderBy(desc(deliveryAttempts.id))
          .limit(1),
        db.select().from(cases).where(eq(cases.id, c.caseId)),
      ]);
      const hospitalId = windows[0]?.hospitalId;
      const window = hospitalId ? (await hospitalWindows(deps, hospitalId)).find((w) => w.id === c.windowId) : null;
      return {
        id: c.id,
        caseId: c.caseId,
        uploadedAt: new Date(c.uploadedAt).toISOString(),
        bytes: c.bytes,
        pages: c.pages,
        windowName: window?.name ?? '',
        noticeStatus: c.noticeStatus ?? 'pending',
        delivery: attempt
          ? {
              channel: attempt.channel,
              status: attempt.status,
              at: new Date(attempt.updatedAt ?? attempt.at).toISOString(),
            }
          : null,
        receipt: c.receipt
          ? { status: c.receipt.status, confirmedAt: iso(c.receipt.confirmedAt), confirmedBy: c.receipt.confirmedBy }
          : null,
      };
    }),
  );
}

/** One copy of one stay, opened for a person allowed to read it (the caller scopes and audits). */
export async function readCarePlanCopy(
  deps: Deps,
  caseId: string,
  copyId: string,
): Promise<{ pdf: Uint8Array; uploadedAt: string } | null> {
  const [copy] = await deps.database.db.select().from(carePlanCopies).where(eq(carePlanCopies.id, copyId));
  if (!copy || copy.caseId !== caseId) return null;
  return { pdf: await carePlanCopyPdf(deps, copy), uploadedAt: new Date(copy.uploadedAt).toISOString() };
}

/** The copy as it travels: a FAX (a cover with the receipt QR, then the uploaded pages) or an email with the PDF. */
export async function composeCarePlanCopy(
  deps: Deps,
  row: OutboxRow,
  channel: Channel,
  recipient: RecipientContact,
  reads: NoticeReads,
): Promise<Composed> {
  if (channel === 'sms') throw new Error('a care plan copy is never sent by SMS');
  const { db } = deps.database;
  // The copy is this notice's own read; its case and the directory come from the chunk's reads.
  const [[copy], caseRow] = await Promise.all([
    db
      .select()
      .from(carePlanCopies)
      .where(eq(carePlanCopies.id, row.documentId ?? '')),
    reads.case(caseIdOf(row)),
  ]);
  if (!copy || !caseRow) throw new Error(`care plan copy ${row.documentId} not found`);
  const ctx = caseRow.snapshot.context;
  const [patient, hospital, office, pdf] = await Promise.all([
    reads.patient(caseRow),
    reads.hospital(caseRow.hospitalId),
    ctx.careOfficeId ? reads.office(ctx.careOfficeId) : Promise.resolve(null),
    carePlanCopyPdf(deps, copy),
  ]);
  const ruleDocument = deps.regions.get(caseRow.regionId)?.document ?? UNKNOWN_DOCUMENT;
  const officeName = office?.name ?? '居宅介護支援事業所';
  const confirmUrl = receiptLink(deps, row.shortCode ?? '');
  if (channel === 'email') {
    const mail = carePlanCopyMail({
      officeName,
      hospitalName: hospital?.name ?? '',
      windowName: recipient.name,
      patientFamilyName: familyName(patient.name),
      confirmUrl,
      documentName: ruleDocument.name,
    });
    return {
      channel,
      ...mail,
      attachments: [{ filename: 'care-plan-copy.pdf', contentType: 'application/pdf', content: pdf }],
    };
  }
  // The FAX is one document: the cover, then the pages as uploaded. Without a PDF reader here (Workers)
  // it cannot be joined: the notice moves on to the window's email.
  if (!deps.pdfTools) throw new DeliveryError('uploaded PDFs cannot be joined on this runtime', true);
  const cover = await faxPdf(deps)({
    title: 'ケアプランの写し',
    lead: `${citeRule(ruleDocument, 'afterDischarge')}に基づく情報提供`,
    to: { name: recipient.name, fax: recipient.fax ?? '' },
    from: { name: officeName, phone: office?.phone, fax: office?.fax },
    sentAt: deps.now().toISOString(),
    sections: [
      {
        heading: '利用者',
        rows: [
          ['氏名', `${patient.name} 様`],
          ['生年月日', jaDate(patient.birthDate)],
          ['入院番号', caseRow.hospitalizationId],
        ],
      },
      {
        heading: '送付する書類',
        rows: [
          ['書類', 'ケアプランの写し (居宅サービス計画書)'],
          ['枚数', copy.pages === null ? 'この送付状の後に続きます' : `${copy.pages}枚 (この送付状の後に続きます)`],
        ],
      },
    ],
    confirmation: { url: confirmUrl, code: groupedCode(row.shortCode ?? '') },
  });
  return {
    channel,
    subject: 'ケアプランの写し',
    pdf: await deps.pdfTools.join([cover, pdf]),
    filename: faxFilename(row.shortCode),
  };
}
