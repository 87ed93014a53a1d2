import { eq } from 'drizzle-orm';
import { cases } from '../../db/schema.js';
import { accepts } from '../../machines/run.js';
import type { EventType, HospitalizationEvent } from '../../machines/types.js';
import { type HospitalFactInput, type ManualFactInput, toMachineEvent } from '../cases/index.js';
import type { Deps } from '../deps.js';

// Which facts a person may record by hand now: the ones the case's current state accepts, asked of
// the machine itself with a stand-in of each fact, mapped the webhook's way (toMachineEvent). Its
// fields decide no transition but the office's: the stand-in names an office no case has.

// Corrections and retractions rebuild a case rather than add a fact: they are not offered here.
type HospitalFact = HospitalFactInput;

const ANOTHER_OFFICE = { id: '\u0000another-office', kind: 'home_care_office' as const, businessHours: null };

const STAND_IN_DATA: { [T in HospitalFact['type']]: Extract<HospitalFact, { type: T }>['data'] } = {
  care_office_identified: { careOfficeId: ANOTHER_OFFICE.id },
  admission_reported_by_care_manager: {},
  eligibility_screened: { age: 80, criteria: [], specifiedDisease: null, wantsServices: true },
  insurance_application_supported: { by: 'family', supportCenterId: null },
  care_manager_assigned: { careOfficeId: ANOTHER_OFFICE.id, expectedCareLevel: 'care' },
  care_manager_contacted_hospital: {},
  care_level_change_needed: {},
  treatment_plan_shared: { expectedLengthOfStayDays: null },
  discharge_difficulty_screened: { difficult: false },
  patient_family_interviewed: {},
  discharge_planning_started: { expectedDischargeDate: '2000-01-01' },
  discharge_information_shared: { method: 'phone' },
  conference_scheduled: { at: '2000-01-01T00:00:00+09:00', online: false },
  conference_held: { participants: [] },
  discharged: { destination: 'home', nursingSummarySent: false },
  transferred: { toHospitalName: '—' },
  died: {},
  admission_cancelled: {},
  admission_plan_cancelled: {},
  // With its content: a summary as data is taken after the discharge said it was sent, too.
  nursing_summary_sent: { summary: { expectedCareProblems: '—', writer: { name: '—' } } },
  ward_changed: { ward: '—' },
  information_sheet_not_needed_agreed: { agreedWith: { name: '—', role: '—' } },
};

function standIn(type: ManualFactInput['type'], occurredAt: string): HospitalizationEvent {
  switch (type) {
    // A care manager's reports, which a person may also record by hand.
    case 'admission_acknowledged':
    case 'care_plan_copy_sent':
    case 'brought_into_rule_scope':
      return { type, occurredAt };
    case 'information_sheet_provided':
      return { type, occurredAt, at: occurredAt, means: 'fax' };
    default:
      return toMachineEvent(
        { type, occurredAt, hospitalizationId: '', data: STAND_IN_DATA[type] } as HospitalFact,
        ANOTHER_OFFICE,
      );
  }
}

/** Of `types`, those the case's state accepts now (in the given order); none for a case not found. */
export async function offeredFacts<T extends ManualFactInput['type'] & EventType>(
  deps: Deps,
  caseId: string,
  types: readonly T[],
): Promise<T[]> {
  const [row] = await deps.database.db.select({ snapshot: cases.snapshot }).from(cases).where(eq(cases.id, caseId));
  if (!row) return [];
  const now = deps.now().toISOString();
  return types.filter((type) => accepts(row.snapshot, standIn(type, now)));
}

/** The hospital a case belongs to (null when there is no such case); the caller has checked who may see it. */
export async function caseHospital(deps: Deps, caseId: string): Promise<string | null> {
  const [row] = await deps.database.db.select({ hospitalId: cases.hospitalId }).from(cases).where(eq(cases.id, caseId));
  return row?.hospitalId ?? null;
}
