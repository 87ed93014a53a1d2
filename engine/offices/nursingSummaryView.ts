import { jstDate } from '../../machines/calendar.js';
import { type NursingSummary, SUMMARY_SENT_SEPARATELY, summarySections } from '../../notifiers/nursingSummaryItems.js';
import { citeRule, UNKNOWN_DOCUMENT } from '../../regions/document.js';
import { type CaseRow, latestNursingSummary } from '../cases/index.js';
import type { Deps } from '../deps.js';
import { getHospital } from '../directory/index.js';
import { faxPdf } from '../notices/index.js';
import { casePatient, type Patient } from '../patients/index.js';
import { stayHeader } from './dischargeRecordView.js';

// What the 看護サマリー page and its PDF show (the notice's link, the care office's page and the
// console alike): the stay, and the hospital's summary posted as data; a summary recorded as sent
// without data (by FAX, before summaries travelled as data) is said so.

export interface NursingSummaryView {
  caseId: string;
  patient: Patient;
  hospitalName: string;
  ward: string;
  admittedOn: string;
  dischargedOn: string | null;
  /** When the hospital recorded the summary as sent; null: not yet. */
  sentAt: string | null;
  /** The summary as posted (the latest); null when it was sent without data (「内容はFAX等で別送」) or not yet. */
  summary: NursingSummary | null;
  /** How many were posted: more than one means this one superseded the earlier. */
  versions: number;
  lead: string;
}

export async function nursingSummaryView(deps: Deps, row: CaseRow): Promise<NursingSummaryView> {
  const ctx = row.snapshot.context;
  const [hospital, patient, stored] = await Promise.all([
    getHospital(deps, row.hospitalId),
    casePatient(deps, row),
    latestNursingSummary(deps, row.id),
  ]);
  const pack = deps.regions.get(row.regionId);
  return {
    caseId: row.id,
    patient,
    hospitalName: hospital?.name ?? '',
    ward: ctx.ward,
    admittedOn: jstDate(ctx.admittedAt),
    dischargedOn: ctx.discharge ? jstDate(ctx.discharge.at) : null,
    sentAt: stored?.sentAt ?? ctx.discharge?.nursingSummarySentAt ?? null,
    summary: stored?.summary ?? null,
    versions: stored?.count ?? 0,
    lead: `${citeRule(pack?.document ?? UNKNOWN_DOCUMENT, 'afterDischarge')}による情報提供`,
  };
}

/** How a stay's summary reads in a list: posted as data, sent without data, or not yet. */
export function summaryStatus(view: Pick<NursingSummaryView, 'sentAt' | 'summary'>): string {
  if (view.summary) return '届いています';
  return view.sentAt ? SUMMARY_SENT_SEPARATELY : 'まだ届いていません';
}

/** The summary printed (A4, the FAX renderer's layout); null when none was posted as data. */
export async function nursingSummaryPdf(deps: Deps, view: NursingSummaryView): Promise<Uint8Array | null> {
  if (!view.summary || !view.sentAt) return null;
  return faxPdf(deps)({
    title: '看護サマリー',
    lead: view.lead,
    from: {
      name: `${view.hospitalName} ${view.summary.writer.ward ?? view.ward}`.trim(),
      phone: view.summary.writer.phone,
    },
    sentAt: view.sentAt,
    sections: [stayHeader('患者', view), ...summarySections(view.summary)],
    footer:
      'この看護サマリーには個人情報が含まれます。居宅サービス計画等とともに保管し、不要になったら破棄してください。',
  });
}
