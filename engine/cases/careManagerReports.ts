import { jstDate, jstInstant } from '../../machines/calendar.js';
import { newShortCode } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import { type CareOffice, getHospital } from '../directory/index.js';
import { type Patient, patientKeys } from '../patients/index.js';
import { ruleFor } from './hospitalEvents.js';
import { recordAdmission } from './record.js';
import { REPORTED_PREFIX } from './reportedStays.js';

// 先に知った方が連絡する (whoever learns first tells the other): a care manager who hears of an
// admission before the hospital's record arrives reports it from the office's page. The stay starts
// then, told by the care manager (no admission notice to acknowledge; the information sheet's
// deadline runs and the sheet can be written at once), and the hospital's inpatient window is told,
// with a link to confirm it (engine/notices/admissionConfirmation.ts) before the region's deadline. Its admission number is a placeholder until
// the hospital's own admission of the same patient arrives and joins it (hospitalEvents.ts).

export type CareManagerReportResult =
  | { kind: 'recorded'; caseId: string }
  | { kind: 'invalid'; field: 'hospital' | 'admittedOn' | 'birthDate'; detail: string };

export async function reportAdmission(
  deps: Deps,
  office: CareOffice,
  input: { patient: Patient; hospitalId: string; admittedOn: string },
): Promise<CareManagerReportResult> {
  const hospital = await getHospital(deps, input.hospitalId);
  if (!hospital || (office.region && hospital.regionId !== office.region))
    return { kind: 'invalid', field: 'hospital', detail: '病院を一覧から選んでください。' };
  const now = deps.now();
  const today = jstDate(now);
  if (input.admittedOn > today) return { kind: 'invalid', field: 'admittedOn', detail: '入院日は今日までの日付です。' };
  if (input.patient.birthDate > today)
    return { kind: 'invalid', field: 'birthDate', detail: '生年月日は今日までの日付です。' };
  // The hour is not known: the office's opening on that day, or now when that is later than now.
  const opening = jstInstant(input.admittedOn, office.businessHours?.open ?? '09:00');
  const occurredAt = Date.parse(opening) > now.getTime() ? now.toISOString() : opening;
  const code = newShortCode();
  const keys = await patientKeys(deps, input.patient);
  const result = await recordAdmission(deps, {
    hospitalId: hospital.id,
    hospitalizationId: `${REPORTED_PREFIX}${input.admittedOn}-${code}`,
    regionId: hospital.regionId,
    dedupeKey: `office-report:${code}`,
    // 先に知った方が連絡する: the care manager told renkei first; the log says so.
    source: 'care_manager',
    patientKey: keys[0]!,
    patient: input.patient,
    data: { reportedBy: office.id },
    input: {
      hospitalId: hospital.id,
      occurredAt,
      ward: '',
      careOfficeId: office.id,
      officeKind: office.kind,
      officeHours: office.businessHours,
      usedCareServices: true,
      firstInformedBy: 'care_manager',
      // The hospital's time to confirm runs from the report, not from the admission it reports.
      reportedAt: now.toISOString(),
      rule: ruleFor(deps, hospital.regionId),
      previousStay: null,
    },
  });
  if (result.kind !== 'accepted') throw new Error(`a reported admission was not recorded: ${result.kind}`);
  return { kind: 'recorded', caseId: result.caseId };
}
