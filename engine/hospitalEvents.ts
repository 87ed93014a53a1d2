import { inboundRejections } from '../db/schema.js';
import type { Destination, HospitalizationEvent, Profession, RuleParams } from '../machines/types.js';
import type { Deps } from './deps.js';
import { eventQueries, eventReads, type EventReads } from './caseStore.js';
import { careOfficeQuery, getCareOffice, getHospital, hospitalQuery, validSecretsQuery, type HospitalRow } from './directory.js';
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

function webhookDedupeKey(hospitalId: string, webhookId: string): string {
  return `wh:${hospitalId}:${webhookId}`;
}

/**
 * Everything a webhook delivery needs from the database, read in one round trip before its
 * signature is checked: the hospital, its valid secrets, an earlier delivery with this id, and
 * the case and care office the body names. The body is only peeked at for those two ids; it is
 * trusted as data only after the signature and the schema hold.
 */
export interface WebhookReads extends EventReads {
  hospital: HospitalRow | null;
  secrets: string[];
  /** Which case and care office were read, so a later step uses them only if the valid body agrees. */
  hospitalizationId: string | null;
  careOfficeId: string | null;
  careOfficeKnown: boolean;
}

function peek(rawBody: string): { hospitalizationId: string | null; careOfficeId: string | null } {
  try {
    const body = JSON.parse(rawBody) as { hospitalizationId?: unknown; data?: { careOfficeId?: unknown } };
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    return { hospitalizationId: text(body?.hospitalizationId), careOfficeId: text(body?.data?.careOfficeId) };
  } catch {
    return { hospitalizationId: null, careOfficeId: null };
  }
}

export async function readWebhook(deps: Deps, hospitalId: string, webhookId: string | null, rawBody: string): Promise<WebhookReads> {
  const { db } = deps.database;
  const { hospitalizationId, careOfficeId } = peek(rawBody);
  const [hospitals, secrets, office, ...event] = await db.batch([
    hospitalQuery(db, hospitalId),
    validSecretsQuery(db, hospitalId, deps.now().getTime()),
    careOfficeQuery(db, careOfficeId ?? ''),
    ...eventQueries(db, { hospitalId, hospitalizationId: hospitalizationId ?? '' }, webhookId ? webhookDedupeKey(hospitalId, webhookId) : null),
  ]);
  return {
    hospital: hospitals[0] ?? null,
    secrets: secrets.map((r) => r.secret),
    hospitalizationId, careOfficeId, careOfficeKnown: office.length > 0,
    ...eventReads(event),
  };
}

/**
 * One signed, well-formed event from a hospital's system: find or create its case and apply it.
 * Given the delivery's reads, the usual path is that one read batch and one write batch.
 */
export async function recordHospitalEvent(
  deps: Deps, hospitalId: string, webhookId: string, input: HospitalEventInput, reads?: WebhookReads,
): Promise<HospitalEventResult> {
  const hospital = reads ? reads.hospital : await getHospital(deps, hospitalId);
  if (!hospital) return { kind: 'unknown_hospital' };
  if (Date.parse(input.occurredAt) > deps.now().getTime() + CLOCK_SKEW_MS) {
    return { kind: 'invalid', field: 'occurredAt', detail: 'occurredAt is in the future; it is when the fact happened' };
  }
  const dedupeKey = webhookDedupeKey(hospitalId, webhookId);
  const careOfficeId = input.type === 'admitted' ? input.data.careOfficeId : input.type === 'care_office_identified' ? input.data.careOfficeId : null;
  const careOfficeKnown = async (id: string) => (reads?.careOfficeId === id ? reads.careOfficeKnown : (await getCareOffice(deps, id)) !== null);
  if (careOfficeId !== null && !(await careOfficeKnown(careOfficeId))) {
    return { kind: 'invalid', field: 'data.careOfficeId', detail: `care office "${careOfficeId}" is not in the directory; register it with PUT /v1/admin/care-offices/{id}` };
  }
  const preloaded = reads?.hospitalizationId === input.hospitalizationId ? { prior: reads.prior, loaded: reads.loaded } : undefined;
  const result = input.type === 'admitted'
    ? await recordAdmission(deps, {
      hospitalId, hospitalizationId: input.hospitalizationId, regionId: hospital.regionId, dedupeKey, data: input.data,
      input: {
        hospitalId, occurredAt: input.occurredAt, ward: input.data.ward, patient: input.data.patient,
        careOfficeId: input.data.careOfficeId, rule: ruleFor(deps, hospital.regionId),
      },
    }, preloaded)
    : await recordEvent(deps, { hospitalId, hospitalizationId: input.hospitalizationId }, {
      source: 'hospital', dedupeKey, event: toMachineEvent(input), data: input.data, ifRefused: 'store',
    }, preloaded);
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
