import { desc, inArray } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { cases } from '../../db/schema.js';
import { DAY_MS } from '../../machines/time.js';
import type { HospitalizationContext, RepeatAdmission } from '../../machines/types.js';
import { base64url, hmacSha256, open, seal } from '../crypto/index.js';
import type { Deps } from '../deps.js';

/** A transfer is continued by an admission at the receiving hospital within this many days. */
export const TRANSFER_LINK_DAYS = 7;
/** An admission within this many days of a discharge is a readmission of the same patient. */
export const READMISSION_DAYS = 30;

/** Who the case is about. Kept only sealed in `cases.patient`: never in the snapshot or the event log. */
export interface Patient {
  name: string;
  birthDate: string;
  /** How the name reads (ふりがな), when the hospital gave it: a liaison office files by it. */
  nameKana?: string | undefined;
}

/** What the ciphertext is bound to: this column of this case, so it cannot be moved to another case. */
const patientContext = (caseId: string) => `cases.patient|${caseId}`;

export async function sealPatient(deps: Pick<Deps, 'dataKeys'>, caseId: string, patient: Patient): Promise<string> {
  return seal(
    deps.dataKeys,
    JSON.stringify({
      name: patient.name,
      birthDate: patient.birthDate,
      ...(patient.nameKana ? { nameKana: patient.nameKana } : {}),
    }),
    patientContext(caseId),
  );
}

/**
 * The patient of a case, for the pages and documents that name them (task page, information sheet
 * and its FAX, notices, console). Every reader goes through here. A row from before encryption
 * (patient null) still has them in its snapshot until `npm run keys:rotate` seals them.
 */
export async function casePatient(
  deps: Pick<Deps, 'dataKeys'>,
  row: { id: string; patient: string | null; snapshot: unknown },
): Promise<Patient> {
  if (row.patient !== null)
    return JSON.parse(await open(deps.dataKeys, row.patient, patientContext(row.id))) as Patient;
  const legacy = (row.snapshot as { context?: { patient?: Patient } }).context?.patient;
  if (!legacy) throw new Error(`case ${row.id} has no patient`);
  return legacy;
}

/** What the patient hash covers: the normalized name and the birth date. */
function hashed(patient: Patient): string {
  const name = patient.name.normalize('NFKC').replace(/\s+/g, '');
  return `patient-v1|${name}|${patient.birthDate}`;
}

/** Hashes under the current key carry this prefix; `npm run keys:rotate` hashes the others again. */
export const PATIENT_KEY_PREFIX = 'v2:';

/**
 * A keyed hash of the patient's normalized name and birth date: stays of one person can be linked
 * without a second copy of the name. Its key is derived from RENKEI_SECRET for this purpose only,
 * so neither a copy of the database nor the task-link key can test a name and birth date.
 */
export async function patientKey(deps: Pick<Deps, 'keys'>, patient: Patient): Promise<string> {
  return PATIENT_KEY_PREFIX + base64url(await hmacSha256(deps.keys.patients, hashed(patient)));
}

/** The current hash first, then the ones earlier versions wrote, so stays recorded before are still found. */
export async function patientKeys(deps: Pick<Deps, 'keys'>, patient: Patient): Promise<string[]> {
  const legacy = await Promise.all(deps.keys.legacyPatients.map((k) => hmacSha256(k, hashed(patient))));
  return [await patientKey(deps, patient), ...legacy.map(base64url)];
}

export function previousStayQuery(db: Db, keys: string[]) {
  return db
    .select({
      id: cases.id,
      snapshot: cases.snapshot,
      dischargedAt: cases.dischargedAt,
      // For a stay a care manager reported first, which this admission may join (engine/cases/reportedStays.ts).
      hospitalId: cases.hospitalId,
      hospitalizationId: cases.hospitalizationId,
      state: cases.state,
      admittedAt: cases.admittedAt,
    })
    .from(cases)
    .where(inArray(cases.patientKey, keys.length > 0 ? keys : ['']))
    .orderBy(desc(cases.admittedAt))
    .limit(5);
}

export type PreviousStayRow = Awaited<ReturnType<typeof previousStayQuery>>[number];

/**
 * 入退院を繰り返す (Sanda FAQ 3–4): the same patient's latest earlier stay that ended (a discharge or a
 * transfer, at any hospital) at most `withinDays` days before this admission; null when none or when
 * the region's rule has no such days.
 */
export function repeatAdmissionFrom(
  rows: PreviousStayRow[],
  admittedAt: string,
  withinDays: number | undefined,
): RepeatAdmission | null {
  if (withinDays === undefined) return null;
  const at = Date.parse(admittedAt);
  for (const row of rows) {
    const ctx = row.snapshot.context;
    const ended = row.dischargedAt ?? (ctx.transfer ? Date.parse(ctx.transfer.at) : null);
    if (ended === null || ended > at) continue;
    if (at - ended <= withinDays * DAY_MS) return { previousCaseId: row.id, endedAt: new Date(ended).toISOString() };
  }
  return null;
}

/** The earlier stay this admission continues: a transfer into this hospital, or a readmission within 30 days. */
export function previousStayFrom(
  rows: PreviousStayRow[],
  hospitalId: string,
  admittedAt: string,
): { stay: HospitalizationContext['previousStay']; careOfficeId: string | null } {
  const at = Date.parse(admittedAt);
  for (const row of rows) {
    const ctx = row.snapshot.context;
    if (ctx.transfer && ctx.transfer.toHospitalId === hospitalId) {
      const since = at - Date.parse(ctx.transfer.at);
      if (since >= 0 && since <= TRANSFER_LINK_DAYS * DAY_MS)
        return { stay: { caseId: row.id, reason: 'transfer' }, careOfficeId: ctx.careOfficeId };
    }
    if (row.dischargedAt !== null && ctx.discharge?.destination === 'home') {
      const since = at - row.dischargedAt;
      if (since >= 0 && since <= READMISSION_DAYS * DAY_MS)
        return { stay: { caseId: row.id, reason: 'readmission' }, careOfficeId: ctx.careOfficeId };
    }
  }
  return { stay: null, careOfficeId: null };
}
