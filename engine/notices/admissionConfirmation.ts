import { and, eq } from 'drizzle-orm';
import { auditLog, cases, faxReceipts } from '../../db/schema.js';
import { jstDate } from '../../machines/calendar.js';
import type { HospitalizationContext } from '../../machines/types.js';
import { noticeTitle } from '../../notifiers/noticeNames.js';
import { familyName } from '../../notifiers/texts.js';
import { type Requester, recordEvent } from '../cases/index.js';
import type { Deps } from '../deps.js';
import { getCareOffice, getHospital } from '../directory/index.js';
import { casePatient } from '../patients/index.js';
import { caseIdOf, type OutboxRow } from './notices.js';
import { findByShortCode } from './shortLinks.js';

// 先に知った方が連絡する, the hospital's half: a care manager reported an admission first, the
// hospital's window got a notice (`admission_reported_notice`) with a link, `/a/{code}`. Opening
// it shows what was reported and changes nothing (mail scanners open links); the page's buttons
// record the hospital's answer once, with the audit entry and the FAX's receipt (the window that
// answers has the FAX) in the same batch: `admission_confirmed_by_hospital` (確認しました), or
// `admission_denied_by_hospital` (該当する入院はありません: the report closes without a stay and the
// care manager is told).

/** What the window reads behind the link: the family name only; the FAX or mail carries the rest. */
export interface ReportedAdmissionView {
  title: string;
  hospitalName: string;
  officeName: string;
  officePhone: string | null;
  patientFamilyName: string | null;
  admittedOn: string;
  reportedAt: string;
  /** The last day (JST) to confirm; null once the stay owes no confirmation. */
  confirmBy: string | null;
  /** Confirmed from this link (with who), or by the hospital's own admission record arriving. */
  confirmed: { at: string; by: string | null; byRecord: boolean } | null;
  /** The window answered 「該当する入院はありません」 (with who). */
  denied: { at: string; by: string | null } | null;
  /** The stay ended before anyone confirmed it. */
  closed: boolean;
}

export type ReportedAdmissionLookup =
  | { kind: 'ok'; view: ReportedAdmissionView; row: OutboxRow }
  | { kind: 'invalid' }
  | { kind: 'expired' };

export function reportedAdmissionConfirmedBy(
  ctx: HospitalizationContext,
): { at: string; by: string | null; byRecord: boolean } | null {
  if (ctx.hospitalConfirmation) return { ...ctx.hospitalConfirmation, byRecord: false };
  if (ctx.hospitalJoinedAt) return { at: ctx.hospitalJoinedAt, by: null, byRecord: true };
  return null;
}

/** The stay behind an `admission_reported_notice`'s short code; any other notice's code is not valid here. */
export async function viewReportedAdmission(deps: Deps, code: string): Promise<ReportedAdmissionLookup> {
  const found = await findByShortCode(deps, code);
  if (found.kind !== 'ok') return found;
  if (found.row.notice !== 'admission_reported_notice') return { kind: 'invalid' };
  const [caseRow] = await deps.database.db
    .select()
    .from(cases)
    .where(eq(cases.id, caseIdOf(found.row)));
  if (!caseRow) return { kind: 'invalid' };
  const ctx = caseRow.snapshot.context;
  const [hospital, office, patient] = await Promise.all([
    getHospital(deps, caseRow.hospitalId),
    ctx.careOfficeId ? getCareOffice(deps, ctx.careOfficeId) : null,
    casePatient(deps, caseRow),
  ]);
  const due = ctx.deadlines.find((d) => d.key === 'reportedAdmissionConfirmation');
  return {
    kind: 'ok',
    row: found.row,
    view: {
      title: noticeTitle(found.row.notice),
      hospitalName: hospital?.name ?? '',
      officeName: office?.name ?? '',
      officePhone: office?.phone ?? null,
      patientFamilyName: familyName(patient.name),
      admittedOn: jstDate(ctx.admittedAt),
      reportedAt: ctx.reportedAt ?? ctx.admittedAt,
      confirmBy:
        due && (due.status === 'open' || due.status === 'overdue')
          ? jstDate(new Date(Date.parse(due.dueAt) - 1))
          : null,
      confirmed: reportedAdmissionConfirmedBy(ctx),
      denied: ctx.hospitalDenial ?? null,
      closed: caseRow.state === 'closed',
    },
  };
}

export type ReportedAdmissionConfirmation =
  | { kind: 'confirmed' | 'denied' | 'already_confirmed' | 'closed'; view: ReportedAdmissionView }
  | { kind: 'invalid' }
  | { kind: 'expired' };

/**
 * The window's explicit answer (the POST of the link's page): 確認しました, or 該当する入院はありません.
 * Idempotent: either answer is recorded under one key per notice, so a second press (or two windows
 * at once, one answering each way) records nothing more and reads the first; a stay the hospital's
 * own record already joined is confirmed already.
 */
export async function confirmReportedAdmission(
  deps: Deps,
  code: string,
  confirmedBy: string | null,
  requester: Requester,
  answer: 'confirmed' | 'not_found' = 'confirmed',
): Promise<ReportedAdmissionConfirmation> {
  const found = await viewReportedAdmission(deps, code);
  if (found.kind !== 'ok') return found;
  if (found.view.confirmed) return { kind: 'already_confirmed', view: found.view };
  if (found.view.closed) return { kind: 'closed', view: found.view };
  const { row } = found;
  const { db } = deps.database;
  const now = deps.now();
  const recorded = await recordEvent(
    deps,
    { caseId: caseIdOf(row) },
    {
      source: 'hospital',
      dedupeKey: `admission-confirmed:${row.id}`,
      event:
        answer === 'confirmed'
          ? { type: 'admission_confirmed_by_hospital', occurredAt: now.toISOString(), confirmedBy }
          : { type: 'admission_denied_by_hospital', occurredAt: now.toISOString(), deniedBy: confirmedBy },
      data: { via: 'link', noticeId: row.id },
      ifRefused: 'skip',
      extra: () => [
        db.insert(auditLog).values({
          at: now.getTime(),
          actor: `hospital_window:${row.recipientKind}:${row.recipientId}`,
          action: answer === 'confirmed' ? 'reported_admission.confirmed' : 'reported_admission.not_found',
          target: caseIdOf(row),
          ip: requester.ip,
          userAgent: requester.userAgent?.slice(0, 500) ?? null,
          detail: { noticeId: row.id },
        }),
        // Whoever answers has the FAX: its receipt needs no second confirmation.
        db
          .update(faxReceipts)
          .set({ status: 'confirmed', confirmedAt: now.getTime(), confirmedBy })
          .where(and(eq(faxReceipts.outboxId, row.id), eq(faxReceipts.status, 'open'))),
      ],
    },
  );
  const again = await viewReportedAdmission(deps, code);
  if (again.kind !== 'ok') return again;
  if (recorded.kind === 'accepted' && !recorded.replayed) {
    deps.log.info(answer === 'confirmed' ? 'reported admission confirmed' : 'reported admission not found', {
      noticeId: row.id,
      caseId: caseIdOf(row),
    });
    return { kind: answer === 'confirmed' ? 'confirmed' : 'denied', view: again.view };
  }
  return { kind: again.view.confirmed ? 'already_confirmed' : 'closed', view: again.view };
}
