import { desc, eq } from 'drizzle-orm';
import { cases } from '../db/schema.js';
import type { StoredSnapshot } from '../machines/run.js';
import type { HospitalizationContext } from '../machines/types.js';
import { base64url, hmacSha256 } from './crypto.js';
import type { Deps } from './deps.js';
import type { Db } from '../db/database.js';

const DAY_MS = 86_400_000;
/** A transfer is continued by an admission at the receiving hospital within this many days. */
export const TRANSFER_LINK_DAYS = 7;
/** An admission within this many days of a discharge is a readmission of the same patient. */
export const READMISSION_DAYS = 30;

/**
 * A keyed hash of the patient's normalized name and birth date: stays of one person can be linked
 * without a second copy of the name, and the key cannot be reversed without the server's secret.
 */
export async function patientKey(deps: Deps, patient: { name: string; birthDate: string }): Promise<string> {
  const name = patient.name.normalize('NFKC').replace(/\s+/g, '');
  return base64url(await hmacSha256(deps.signingKey, `patient-v1|${name}|${patient.birthDate}`));
}

export function previousStayQuery(db: Db, key: string) {
  return db.select({ id: cases.id, snapshot: cases.snapshot, dischargedAt: cases.dischargedAt })
    .from(cases).where(eq(cases.patientKey, key)).orderBy(desc(cases.admittedAt)).limit(5);
}

export type PreviousStayRow = Awaited<ReturnType<typeof previousStayQuery>>[number];

/** The earlier stay this admission continues: a transfer into this hospital, or a readmission within 30 days. */
export function previousStayFrom(
  rows: PreviousStayRow[], hospitalId: string, admittedAt: string,
): { stay: HospitalizationContext['previousStay']; careOfficeId: string | null } {
  const at = Date.parse(admittedAt);
  for (const row of rows) {
    const ctx = (row.snapshot as StoredSnapshot).context;
    if (ctx.transfer && ctx.transfer.toHospitalId === hospitalId) {
      const since = at - Date.parse(ctx.transfer.at);
      if (since >= 0 && since <= TRANSFER_LINK_DAYS * DAY_MS) return { stay: { caseId: row.id, reason: 'transfer' }, careOfficeId: ctx.careOfficeId };
    }
    if (row.dischargedAt !== null && ctx.discharge?.destination === 'home') {
      const since = at - row.dischargedAt;
      if (since >= 0 && since <= READMISSION_DAYS * DAY_MS) return { stay: { caseId: row.id, reason: 'readmission' }, careOfficeId: ctx.careOfficeId };
    }
  }
  return { stay: null, careOfficeId: null };
}
