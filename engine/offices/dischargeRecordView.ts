import { jstDate } from '../../machines/calendar.js';
import {
  compareDischargeRecord,
  conferenceForRecord,
  currentDischargeRecord,
  type RecordComparison,
} from '../../machines/dischargeRecord.js';
import { jstWallClock } from '../../machines/time.js';
import type { DischargeRecord, DischargeRecordContent, HospitalizationContext } from '../../machines/types.js';
import { NATIONAL_RECORD_FORM, type RecordForm, recordSections } from '../../notifiers/dischargeRecordItems.js';
import type { FaxSection } from '../../notifiers/faxDocument.js';
import { jaDate } from '../../notifiers/texts.js';
import { citeRule, UNKNOWN_DOCUMENT } from '../../regions/document.js';
import type { CaseRow } from '../cases/index.js';
import type { Deps } from '../deps.js';
import { getCareOffice, getHospital } from '../directory/index.js';
import { faxPdf } from '../notices/index.js';
import { casePatient, type Patient } from '../patients/index.js';

// What the 退院・退所情報記録書 page shows (the office page's and the task link's alike): the stay,
// the record in force or a form prefilled from the hospital's facts, the two side by side, and the
// region's form the PDF follows.

export interface DischargeRecordView {
  caseId: string;
  patient: Patient;
  hospitalName: string;
  officeName: string;
  ward: string;
  admittedOn: string;
  expectedDischargeDate: string | null;
  dischargedOn: string | null;
  /** The region's form (its pack's `discharge_record` form), or the national items. */
  form: RecordForm;
  current: DischargeRecord | null;
  /** How many records were filed: a form sent over this many supersedes the last. */
  records: number;
  /** What the form shows: the record in force, or the hospital's facts as a start. */
  values: DischargeRecordContent;
  comparison: RecordComparison;
  lead: string;
}

/** The record's first draft from what the hospital recorded: its last conference, else its last exchange. */
export function prefillFromHospital(ctx: HospitalizationContext, today: string): DischargeRecordContent {
  const blank: DischargeRecordContent = {
    receivedOn: today,
    time: null,
    place: 'hospital',
    placeDetail: '',
    conference: false,
    attendees: [],
    keyPoints: '',
    medicalNeeds: '',
    adl: '',
    services: '',
    wishes: '',
  };
  const conference = conferenceForRecord(ctx);
  if (conference) {
    const at = conference.heldAt ?? conference.at;
    return {
      ...blank,
      ...(at ? { receivedOn: jstDate(at), time: jstWallClock(at).slice(11, 16) } : {}),
      place: conference.online ? 'online' : 'hospital',
      placeDetail: conference.place ?? '',
      conference: true,
      attendees: conference.participants.map((p) => ({ name: '', profession: p.profession, side: p.side })),
    };
  }
  const exchange = ctx.infoExchanges.at(-1);
  if (exchange)
    return {
      ...blank,
      receivedOn: jstDate(exchange.at),
      time: jstWallClock(exchange.at).slice(11, 16),
      place: exchange.method === 'online' ? 'online' : exchange.method === 'phone' ? 'phone' : 'hospital',
    };
  return blank;
}

export async function dischargeRecordView(deps: Deps, row: CaseRow): Promise<DischargeRecordView> {
  const ctx = row.snapshot.context;
  const [hospital, office, patient] = await Promise.all([
    getHospital(deps, row.hospitalId),
    ctx.careOfficeId ? getCareOffice(deps, ctx.careOfficeId) : Promise.resolve(null),
    casePatient(deps, row),
  ]);
  const pack = deps.regions.get(row.regionId);
  const found = pack?.forms.find((f) => f.use === 'discharge_record');
  // The pack's forms are a union by use: narrow to the record's (an information sheet's has fields, not items).
  const own = found?.use === 'discharge_record' ? found : undefined;
  const current = currentDischargeRecord(ctx);
  return {
    caseId: row.id,
    patient,
    hospitalName: hospital?.name ?? '',
    officeName: office?.name ?? '居宅介護支援事業所',
    ward: ctx.ward,
    admittedOn: jstDate(ctx.admittedAt),
    expectedDischargeDate: ctx.dischargePlanning?.expectedDischargeDate ?? null,
    dischargedOn: ctx.discharge ? jstDate(ctx.discharge.at) : null,
    form: own ? { name: own.name, source: own.source, sections: own.sections } : NATIONAL_RECORD_FORM,
    current,
    records: ctx.dischargeRecords?.length ?? 0,
    values: current ?? prefillFromHospital(ctx, jstDate(deps.now())),
    comparison: compareDischargeRecord(ctx),
    lead: `${citeRule(pack?.document ?? UNKNOWN_DOCUMENT, 'preDischarge')}に基づく記録 (${own ? own.source : NATIONAL_RECORD_FORM.source})`,
  };
}

/** A printed document's first section: who the stay is and where (the record's and the nursing summary's PDFs). */
export function stayHeader(
  heading: string,
  view: Pick<DischargeRecordView, 'patient' | 'hospitalName' | 'ward' | 'admittedOn' | 'dischargedOn'>,
): FaxSection {
  return {
    heading,
    rows: [
      ['氏名', `${view.patient.name} 様`],
      ['生年月日', jaDate(view.patient.birthDate)],
      ['医療機関', `${view.hospitalName} ${view.ward}`],
      ['入院日', jaDate(view.admittedOn)],
      ['退院日', view.dischargedOn ? jaDate(view.dischargedOn) : '(退院前)'],
    ],
  };
}

/** The record in force as the region's form, printed (A4, the FAX renderer's layout); null before any is filed. */
export async function dischargeRecordPdf(deps: Deps, view: DischargeRecordView): Promise<Uint8Array | null> {
  const record = view.current;
  if (!record) return null;
  return faxPdf(deps)({
    title: view.form.name,
    lead: view.lead,
    from: { name: view.officeName },
    sentAt: record.filedAt,
    sections: [stayHeader('利用者', view), ...recordSections(view.form, record)],
    footer: 'この記録書には個人情報が含まれます。居宅サービス計画等(支援経過)とともに保管してください。',
  });
}
