import { and, eq } from 'drizzle-orm';
import { caseEvents, cases } from '../../db/schema.js';
import type { Deps } from '../deps.js';
import { type Patient, patientKey, sealPatient } from '../patients/index.js';
import { readForEvent } from './caseStore.js';
import type { CorrectionResult } from './corrections.js';
import { retryLostRaces } from './lostRaces.js';
import { resultRecordedBefore } from './record.js';

/**
 * The hospital corrects the patient's name or birth date (HL7 ADT^A08). The new identity is sealed
 * on the case row like the admission's, with the patient hash recomputed so later stays still link;
 * the event log says that a correction happened and keeps neither the old nor the new values. The
 * machine is not involved: a name is not a fact of the rule, and a closed case may still be corrected.
 */
export async function recordPatientCorrection(
  deps: Deps,
  hospitalId: string,
  hospitalizationId: string,
  r: { dedupeKey: string; occurredAt: string; patient: Patient },
): Promise<CorrectionResult> {
  const { db } = deps.database;
  return retryLostRaces('the correction', async () => {
    const { prior, loaded } = await readForEvent(deps, { hospitalId, hospitalizationId }, r.dedupeKey, null);
    if (prior) return resultRecordedBefore(prior);
    if (!loaded) return { kind: 'no_case' };
    const { row } = loaded;
    const seq = row.version + 1;
    const now = deps.now().getTime();
    await deps.database.commit([
      db
        .update(cases)
        .set({
          patient: await sealPatient(deps, row.id, r.patient),
          patientKey: await patientKey(deps, r.patient),
          version: seq,
          updatedAt: now,
        })
        .where(and(eq(cases.id, row.id), eq(cases.version, row.version))),
      db.insert(caseEvents).values({
        caseId: row.id,
        seq,
        source: 'hospital',
        dedupeKey: r.dedupeKey,
        type: 'patient_corrected',
        occurredAt: r.occurredAt,
        receivedAt: now,
        data: {},
        fact: null,
        outcome: 'accepted',
        stateAfter: row.state,
        detail: 'name or birth date corrected',
      }),
    ]);
    deps.log.info('patient corrected', { caseId: row.id, seq });
    return { kind: 'accepted', caseId: row.id, state: row.state, replayed: false };
  });
}
