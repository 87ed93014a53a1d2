import { inboundRejections } from '../db/schema.js';
import type { Destination, HospitalizationEvent, Profession, RuleParams } from '../machines/types.js';
import type { Deps } from './deps.js';
import { getCareOffice, getHospital } from './directory.js';
import { recordAdmission, recordEvent } from './record.js';

/** A hospital's event as its webhook delivers it (already checked at the edge). */
export type HospitalEventInput = { hospitalizationId: string; occurredAt: string } & (
  | { type: 'admitted'; data: { patient: { name: string; birthDate: string }; ward: string; careOfficeId: string | null } }
  | { type: 'care_office_identified'; data: { careOfficeId: string } }
  | { type: 'discharge_planning_started'; data: { expectedDischargeDate: string } }
  | { type: 'conference_scheduled'; data: { at: string; place?: string | undefined; online: boolean } }
  | { type: 'conference_held'; data: { participants: { profession: Profession }[] } }
  | { type: 'discharged'; data: { destination: Destination; nursingSummarySent: boolean } }
  | { type: 'nursing_summary_sent'; data: Record<string, never> }
);

export type HospitalEventResult =
  | { kind: 'accepted'; caseId: string; state: string; replayed: boolean }
  | { kind: 'rejected'; caseId: string; state: string; detail: string; replayed: boolean }
  | { kind: 'unknown_hospital' }
  | { kind: 'unknown_hospitalization'; detail: string }
  | { kind: 'invalid'; field: string; detail: string };

/** Hospital clocks drift; a fact a few minutes "ahead" is still a fact. */
const CLOCK_SKEW_MS = 10 * 60_000;

function toMachineEvent(input: Exclude<HospitalEventInput, { type: 'admitted' }>): HospitalizationEvent {
  const { occurredAt } = input;
  switch (input.type) {
    case 'care_office_identified':
      return { type: input.type, occurredAt, careOfficeId: input.data.careOfficeId };
    case 'discharge_planning_started':
      return { type: input.type, occurredAt, expectedDischargeDate: input.data.expectedDischargeDate };
    case 'conference_scheduled':
      return { type: input.type, occurredAt, at: input.data.at, place: input.data.place ?? null, online: input.data.online };
    case 'conference_held':
      return { type: input.type, occurredAt, professions: input.data.participants.map((p) => p.profession) };
    case 'discharged':
      return { type: input.type, occurredAt, destination: input.data.destination, nursingSummarySent: input.data.nursingSummarySent };
    case 'nursing_summary_sent':
      return { type: input.type, occurredAt };
  }
}

function ruleFor(deps: Deps, regionId: string): RuleParams {
  const region = deps.regions.get(regionId);
  if (!region) throw new Error(`hospital belongs to region ${regionId}, which is not loaded`);
  return { regionId, informationSheet: region.rule.informationSheet };
}

/** One signed, well-formed event from a hospital's system: find or create its case and apply it. */
export async function recordHospitalEvent(
  deps: Deps, hospitalId: string, webhookId: string, input: HospitalEventInput,
): Promise<HospitalEventResult> {
  const hospital = await getHospital(deps, hospitalId);
  if (!hospital) return { kind: 'unknown_hospital' };
  if (Date.parse(input.occurredAt) > deps.now().getTime() + CLOCK_SKEW_MS) {
    return { kind: 'invalid', field: 'occurredAt', detail: 'occurredAt is in the future; it is when the fact happened' };
  }
  const dedupeKey = `wh:${hospitalId}:${webhookId}`;
  const careOfficeId = input.type === 'admitted' ? input.data.careOfficeId : input.type === 'care_office_identified' ? input.data.careOfficeId : null;
  if (careOfficeId !== null && (await getCareOffice(deps, careOfficeId)) === null) {
    return { kind: 'invalid', field: 'data.careOfficeId', detail: `care office "${careOfficeId}" is not in the directory; register it with PUT /v1/admin/care-offices/{id}` };
  }
  const result = input.type === 'admitted'
    ? await recordAdmission(deps, {
      hospitalId, hospitalizationId: input.hospitalizationId, regionId: hospital.regionId, dedupeKey, data: input.data,
      input: {
        hospitalId, occurredAt: input.occurredAt, ward: input.data.ward, patient: input.data.patient,
        careOfficeId: input.data.careOfficeId, rule: ruleFor(deps, hospital.regionId),
      },
    })
    : await recordEvent(deps, { hospitalId, hospitalizationId: input.hospitalizationId }, {
      source: 'hospital', dedupeKey, event: toMachineEvent(input), data: input.data, ifRefused: 'store',
    });
  switch (result.outcome) {
    case 'accepted':
      return { kind: 'accepted', caseId: result.caseId, state: result.state, replayed: result.replayed };
    case 'rejected':
      return { kind: 'rejected', caseId: result.caseId, state: result.state, detail: result.detail, replayed: result.replayed };
    case 'no_case':
      return {
        kind: 'unknown_hospitalization',
        detail: `no case for hospitalization ${input.hospitalizationId}; send "admitted" first (this delivery is kept for review and may be retried)`,
      };
    case 'skipped':
      throw new Error('hospital events are never skipped');
  }
}

/** Authenticated requests that were refused before reaching a case are kept for review. */
export async function keepRefusedRequest(
  deps: Deps, r: { hospitalId: string; webhookId: string; status: number; problem: object; body: string },
): Promise<void> {
  await deps.database.db.insert(inboundRejections).values({ ...r, receivedAt: deps.now().getTime() });
  deps.log.warn('webhook refused', { hospitalId: r.hospitalId, webhookId: r.webhookId, status: r.status });
}
