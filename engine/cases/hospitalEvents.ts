import { infoLinkageClaimedAt } from '../../machines/billing.js';
import type { BusinessHours } from '../../machines/businessCalendar.js';
import type { Criterion, ExpectedCareLevel, OfficeKind, SpecifiedDisease } from '../../machines/eligibility.js';
import { CLOCK_SKEW_MS, jstWallClock } from '../../machines/time.js';
import type {
  ConferenceKind,
  Destination,
  HospitalizationEvent,
  InfoExchangeMethod,
  PreAdmissionSupport,
  Profession,
  RuleParams,
  Side,
  WardType,
} from '../../machines/types.js';
import type { NursingSummary } from '../../notifiers/nursingSummaryItems.js';
import { ruleParams } from '../../regions/rules.js';
import { audit, type Principal, type Requester } from '../access/index.js';
import type { Deps } from '../deps.js';
import {
  directoryCache,
  directoryVersionQuery,
  entriesFrom,
  getCareOffice,
  getHospital,
  type HospitalRow,
  supportCenterFor,
  uncachedQueries,
} from '../directory/index.js';
import {
  type PreviousStayRow,
  patientKeys,
  previousStayFrom,
  previousStayQuery,
  repeatAdmissionFrom,
} from '../patients/index.js';
import { type EventReads, eventQueries, eventReads, readForEvent } from './caseStore.js';
import { type CorrectionResult, recordRetraction } from './corrections.js';
import { nursingSummaryParts } from './nursingSummaries.js';
import {
  isProblem,
  type OtherProviderInput,
  providerStatements,
  type ResolvedProvider,
  resolveProvider,
} from './otherProviders.js';
import { recordPatientCorrection } from './patientCorrection.js';
import { type Recorded, recordAdmission, recordEvent } from './record.js';
import { reportedStayFor, takeHospitalNumber } from './reportedStays.js';

/** A hospital's event as its webhook delivers it (already checked at the edge). */
export type HospitalEventInput = { hospitalizationId: string; occurredAt: string } & (
  | {
      type: 'admitted';
      data: {
        patient: { name: string; birthDate: string; nameKana?: string | undefined };
        ward: string;
        careOfficeId: string | null;
        usedCareServices?: boolean | undefined;
        firstInformedBy?: 'hospital' | 'care_manager' | undefined;
        wardType?: WardType | undefined;
        preAdmissionSupport?: PreAdmissionSupport | undefined;
        /** Sanda §2(3): admitted from home and expected to go home. false: out of the rule's scope. */
        fromHomeToHome?: boolean | undefined;
        /** The patient's address town (市町村・町名): which community support center is asked when the care manager is unknown. */
        addressTown?: string | undefined;
        /** 他の事業所への写し: the patient's other providers, copied on the discharge start and discharge. */
        otherProviders?: OtherProviderInput[] | undefined;
      };
    }
  /** 入院予定: the admission is planned for a day; the stay begins with `admitted` of the same number. */
  | {
      type: 'admission_planned';
      data: {
        patient: { name: string; birthDate: string; nameKana?: string | undefined };
        expectedAdmissionDate: string;
        ward?: string | undefined;
        careOfficeId: string | null;
        usedCareServices?: boolean | undefined;
        fromHomeToHome?: boolean | undefined;
        addressTown?: string | undefined;
        wardType?: WardType | undefined;
        otherProviders?: OtherProviderInput[] | undefined;
      };
    }
  /** The planned admission will not take place (ADT^A27). */
  | { type: 'admission_plan_cancelled'; data: Record<string, never> }
  | { type: 'care_office_identified'; data: { careOfficeId: string } }
  | { type: 'admission_reported_by_care_manager'; data: Record<string, never> }
  | {
      type: 'eligibility_screened';
      data: {
        age: number;
        criteria: Criterion[];
        specifiedDisease?: SpecifiedDisease | null | undefined;
        wantsServices: boolean;
      };
    }
  | {
      type: 'insurance_application_supported';
      data: { by: 'family' | 'hospital'; supportCenterId?: string | null | undefined };
    }
  | { type: 'care_manager_assigned'; data: { careOfficeId: string; expectedCareLevel: ExpectedCareLevel } }
  | { type: 'care_manager_contacted_hospital'; data: Record<string, never> }
  | { type: 'care_level_change_needed'; data: Record<string, never> }
  | { type: 'treatment_plan_shared'; data: { expectedLengthOfStayDays?: number | null | undefined } }
  | { type: 'discharge_difficulty_screened'; data: { difficult: boolean } }
  | { type: 'patient_family_interviewed'; data: Record<string, never> }
  | { type: 'discharge_planning_started'; data: { expectedDischargeDate: string } }
  | { type: 'discharge_information_shared'; data: { method: InfoExchangeMethod } }
  | {
      type: 'conference_scheduled';
      data: { at: string; place?: string | undefined; online: boolean; kind?: ConferenceKind | undefined };
    }
  | {
      type: 'conference_held';
      data: { participants: { profession: Profession; side?: Side | undefined }[]; kind?: ConferenceKind | undefined };
    }
  | {
      type: 'discharged';
      data: {
        destination: Destination;
        nursingSummarySent: boolean;
        regionalCarePlan?: boolean | undefined;
      } & Partial<ReceivingHospitalInput>;
    }
  | { type: 'transferred'; data: ReceivingHospitalInput }
  | { type: 'died'; data: Record<string, never> }
  | { type: 'admission_cancelled'; data: Record<string, never> }
  /** 看護サマリー: with `summary` it travels as data (sealed at rest); without, it went by FAX or by hand. */
  | { type: 'nursing_summary_sent'; data: { summary?: NursingSummary | undefined } }
  /** 「今回は提供不要（病院と合意）」 on a repeat admission, and who at the hospital agreed (name, role). */
  | { type: 'information_sheet_not_needed_agreed'; data: { agreedWith: { name: string; role: string } } }
  | { type: 'event_retracted'; data: { webhookId: string; reason: string } }
  // From HL7 ADT (engine/hl7/): a ward move, a corrected identity, a discharge taken back.
  | { type: 'ward_changed'; data: { ward: string } }
  | { type: 'patient_corrected'; data: { patient: { name: string; birthDate: string; kana?: string | undefined } } }
  | { type: 'discharge_retracted'; data: { reason: string } }
);

/** Where a patient leaving for another hospital goes, as the hospital says it (its FAX when not in the directory). */
interface ReceivingHospitalInput {
  toHospitalId?: string | null | undefined;
  toHospitalName: string;
  toHospitalFax?: string | undefined;
}

/** The machine's receiving hospital, from the fact's data. */
const receivingOf = (d: Partial<ReceivingHospitalInput>) => ({
  toHospitalId: d.toHospitalId ?? null,
  toHospitalName: d.toHospitalName ?? '',
  ...(d.toHospitalFax ? { toHospitalFax: d.toHospitalFax } : {}),
});

export type HospitalEventResult =
  | { kind: 'accepted'; caseId: string; state: string; replayed: boolean }
  | { kind: 'rejected'; caseId: string; state: string; detail: string; replayed: boolean }
  | { kind: 'unknown_hospital' }
  | { kind: 'unknown_hospitalization'; detail: string }
  | { kind: 'invalid'; field: string; detail: string }
  /** Well-formed, but a field names something that does not exist (a retraction's unknown webhook-id). */
  | { kind: 'unprocessable'; field: string; detail: string };

/** Care managers and visiting nurses attend from the home side unless the hospital says otherwise. */
const HOME_BY_DEFAULT: Profession[] = ['care_manager', 'visiting_nurse'];

export interface Office {
  id: string;
  kind: OfficeKind;
  businessHours: BusinessHours | null;
}

/** The hospital's events that are one machine fact each (the others create, correct or rebuild a case). */
export type HospitalFactInput = Exclude<
  HospitalEventInput,
  { type: 'admitted' | 'admission_planned' | 'event_retracted' | 'patient_corrected' | 'discharge_retracted' }
>;

export function toMachineEvent(input: HospitalFactInput, office: Office | null): HospitalizationEvent {
  const { occurredAt } = input;
  switch (input.type) {
    case 'care_office_identified':
      return {
        type: input.type,
        occurredAt,
        careOfficeId: office!.id,
        officeKind: office!.kind,
        officeHours: office!.businessHours,
      };
    case 'care_manager_assigned':
      return {
        type: input.type,
        occurredAt,
        careOfficeId: office!.id,
        officeKind: office!.kind,
        officeHours: office!.businessHours,
        expectedCareLevel: input.data.expectedCareLevel,
      };
    case 'eligibility_screened':
      return {
        type: input.type,
        occurredAt,
        age: input.data.age,
        criteria: input.data.criteria,
        specifiedDisease: input.data.specifiedDisease ?? null,
        wantsServices: input.data.wantsServices,
      };
    case 'insurance_application_supported':
      return { type: input.type, occurredAt, by: input.data.by, supportCenterId: input.data.supportCenterId ?? null };
    case 'treatment_plan_shared':
      return { type: input.type, occurredAt, expectedLengthOfStayDays: input.data.expectedLengthOfStayDays ?? null };
    case 'discharge_difficulty_screened':
      return { type: input.type, occurredAt, difficult: input.data.difficult };
    case 'ward_changed':
      return { type: input.type, occurredAt, ward: input.data.ward };
    case 'information_sheet_not_needed_agreed':
      return { type: input.type, occurredAt, agreedWith: input.data.agreedWith, by: 'hospital' };
    case 'discharge_planning_started':
      return { type: input.type, occurredAt, expectedDischargeDate: input.data.expectedDischargeDate };
    case 'discharge_information_shared':
      return { type: input.type, occurredAt, method: input.data.method };
    case 'conference_scheduled':
      return {
        type: input.type,
        occurredAt,
        at: input.data.at,
        place: input.data.place ?? null,
        online: input.data.online,
        kind: input.data.kind ?? 'pre_discharge',
      };
    case 'conference_held':
      return {
        type: input.type,
        occurredAt,
        kind: input.data.kind ?? 'pre_discharge',
        participants: input.data.participants.map((p) => ({
          profession: p.profession,
          side: p.side ?? (HOME_BY_DEFAULT.includes(p.profession) ? 'home' : 'hospital'),
        })),
      };
    case 'discharged':
      return {
        type: input.type,
        occurredAt,
        destination: input.data.destination,
        nursingSummarySent: input.data.nursingSummarySent,
        ...(input.data.regionalCarePlan ? { regionalCarePlan: true } : {}),
        ...(input.data.destination === 'other_hospital' ? receivingOf(input.data) : {}),
      };
    case 'transferred':
      return { type: input.type, occurredAt, ...receivingOf(input.data) };
    case 'admission_reported_by_care_manager':
    case 'care_manager_contacted_hospital':
    case 'care_level_change_needed':
    case 'patient_family_interviewed':
    case 'died':
    case 'admission_cancelled':
    case 'admission_plan_cancelled':
      return { type: input.type, occurredAt };
    case 'nursing_summary_sent':
      return { type: input.type, occurredAt, ...(input.data.summary ? { carriesSummary: true } : {}) };
  }
}

function webhookDedupeKey(hospitalId: string, webhookId: string): string {
  return `wh:${hospitalId}:${webhookId}`;
}

/**
 * Everything a webhook delivery needs from the database, read in one round trip before its
 * signature is checked: the hospital, its valid secrets, an earlier delivery with this id, the
 * case, the care office the body names, and the patient's earlier stays. The body is only peeked
 * at for those; it is trusted as data only after the signature and the schema hold.
 */
export interface WebhookReads extends EventReads {
  hospital: HospitalRow | null;
  secrets: string[];
  /** Which case, care office and patient were read, so a later step uses them only if the valid body agrees. */
  hospitalizationId: string | null;
  careOfficeId: string | null;
  careOffice: Office | null;
  patientKey: string | null;
  previousStays: PreviousStayRow[];
}

/** What a delivery's read batch takes from a body it does not trust yet. */
export interface WebhookPeek {
  /** The fact's type: the stay's other providers are read only for a fact that may copy them. */
  type: string | null;
  hospitalizationId: string | null;
  careOfficeId: string | null;
  patient: { name: string; birthDate: string } | null;
}

/** A JSON body's peek: its hospitalization, care office and (for an admission) patient, when present. */
export function peekJson(rawBody: string): WebhookPeek {
  try {
    const body = JSON.parse(rawBody) as {
      type?: unknown;
      hospitalizationId?: unknown;
      data?: { careOfficeId?: unknown; patient?: { name?: unknown; birthDate?: unknown } };
    };
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    const name = text(body?.data?.patient?.name);
    const birthDate = text(body?.data?.patient?.birthDate);
    return {
      type: text(body?.type),
      hospitalizationId: text(body?.hospitalizationId),
      careOfficeId: text(body?.data?.careOfficeId),
      patient: name && birthDate ? { name, birthDate } : null,
    };
  } catch {
    return { type: null, hospitalizationId: null, careOfficeId: null, patient: null };
  }
}

export async function readWebhook(
  deps: Deps,
  hospitalId: string,
  /** The id the delivery is recorded under (its webhook-id, or an HL7 message's MSH-10 id). */
  webhookId: string | null,
  peeked: WebhookPeek,
): Promise<WebhookReads> {
  const { db } = deps.database;
  const { hospitalizationId, careOfficeId, patient } = peeked;
  const keys = patient ? await patientKeys(deps, patient) : [];
  const key = keys[0] ?? null;
  const cache = deps.config.directoryCache ? directoryCache(deps.database) : null;
  for (;;) {
    // The directory entries no cache holds, the version the cached ones are good for, the case: one batch.
    const directory = cache
      ? cache.queries(db, hospitalId, careOfficeId)
      : uncachedQueries(db, hospitalId, careOfficeId);
    const [previousStays, version, ...rest] = await db.batch([
      previousStayQuery(db, keys),
      directoryVersionQuery(db),
      ...directory.map((d) => d.query),
      ...eventQueries(
        db,
        { hospitalId, hospitalizationId: hospitalizationId ?? '' },
        webhookId ? webhookDedupeKey(hospitalId, webhookId) : null,
        peeked.type,
      ),
    ] as unknown as Parameters<typeof db.batch>[0]);
    const read = rest.slice(0, directory.length);
    const event = rest.slice(directory.length) as unknown as Parameters<typeof eventReads>[0];
    const readRows = directory.map((query, i) => ({ query, rows: read[i] as unknown[] }));
    const entries = cache
      ? cache.take((version as { version: number }[])[0]?.version ?? 0, hospitalId, careOfficeId, readRows)
      : entriesFrom(readRows);
    // The directory was edited since this process cached what this delivery needs: read it again.
    if (!entries) continue;
    const now = deps.now().getTime();
    const office = entries.careOffice;
    return {
      hospital: entries.hospital,
      secrets: entries.secrets.filter((s) => s.expiresAt === null || s.expiresAt > now).map((s) => s.secret),
      hospitalizationId,
      careOfficeId,
      careOffice: office ? { id: office.id, kind: office.kind, businessHours: office.businessHours } : null,
      patientKey: key,
      previousStays: previousStays as PreviousStayRow[],
      ...eventReads(event),
    };
  }
}

export function ruleFor(deps: Deps, regionId: string): RuleParams {
  const region = deps.regions.get(regionId);
  if (!region) throw new Error(`hospital belongs to region ${regionId}, which is not loaded`);
  return ruleParams(region).machine;
}

async function officeById(deps: Deps, id: string, reads: WebhookReads | undefined): Promise<Office | null> {
  if (reads?.careOfficeId === id) return reads.careOffice;
  const found = await getCareOffice(deps, id);
  return found && { id: found.id, kind: found.kind, businessHours: found.businessHours };
}

/** The directory entries an event names must exist: a clear 400 now beats a notice to nobody later. */
/**
 * 他の事業所への写し: the other providers an admission names, each from the region directory or given in
 * full (its contact already checked at the edge); an id the region's directory does not list is refused.
 */
function namedProviders(
  deps: Deps,
  regionId: string,
  input: HospitalEventInput,
): { named: ResolvedProvider[] } | { invalid: { field: string; detail: string } } {
  const given =
    input.type === 'admitted' || input.type === 'admission_planned' ? (input.data.otherProviders ?? []) : [];
  const named: ResolvedProvider[] = [];
  for (const [i, p] of given.entries()) {
    const r = resolveProvider(deps, regionId, p);
    if (isProblem(r))
      return {
        invalid: {
          field: `data.otherProviders.${i}.${r.field}`,
          detail:
            r.reason === 'unknown_directory_id'
              ? `provider "${p.directoryId ?? ''}" is not in the region's directory (providers in directory.json)`
              : r.reason === 'incomplete'
                ? 'required without directoryId'
                : r.reason === 'no_contact'
                  ? 'give an email, fax or smsPhone'
                  : 'the preferred channel needs its address',
        },
      };
    named.push(r);
  }
  return { named };
}

export async function checkReferences(
  deps: Deps,
  input: HospitalEventInput,
  reads?: WebhookReads,
): Promise<{ office: Office | null } | { invalid: { field: string; detail: string } }> {
  const officeId =
    input.type === 'admitted' || input.type === 'admission_planned'
      ? input.data.careOfficeId
      : input.type === 'care_office_identified' || input.type === 'care_manager_assigned'
        ? input.data.careOfficeId
        : null;
  const centerId = input.type === 'insurance_application_supported' ? (input.data.supportCenterId ?? null) : null;
  const toHospital =
    input.type === 'transferred' || input.type === 'discharged' ? (input.data.toHospitalId ?? null) : null;
  const missingOffice = (field: string, id: string) => ({
    invalid: {
      field,
      detail: `care office "${id}" is not in the directory; register it with PUT /v1/admin/care-offices/{id}`,
    },
  });
  let office: Office | null = null;
  if (officeId !== null) {
    office = await officeById(deps, officeId, reads);
    if (!office) return missingOffice('data.careOfficeId', officeId);
  }
  if (centerId !== null) {
    const center = await getCareOffice(deps, centerId);
    if (!center) return missingOffice('data.supportCenterId', centerId);
    if (center.kind !== 'community_support_center') {
      return {
        invalid: {
          field: 'data.supportCenterId',
          detail: `"${centerId}" is not a community support center (地域包括支援センター)`,
        },
      };
    }
  }
  if (toHospital !== null && !(await getHospital(deps, toHospital))) {
    return {
      invalid: {
        field: 'data.toHospitalId',
        detail: `no hospital "${toHospital}" in the directory; send toHospitalName only`,
      },
    };
  }
  return { office };
}

/**
 * A person who delivered a hospital's fact instead of its system: hospital staff (source `staff`) or
 * an administrator (source `admin`), by API token, the console's form or a ledger import. The event
 * log keeps the source; the audit log names the account.
 */
export interface RecordedBy {
  principal: Principal;
  requester: Requester;
  via: 'api' | 'console' | 'import';
}

/**
 * One well-formed event from a hospital (its system's signed webhook, or a person of `by`): find or
 * create its case and apply it. `webhookId` is the delivery's idempotency key in the hospital's
 * namespace. Given the delivery's reads, the usual path is that one read batch and one write batch.
 */
export async function recordHospitalEvent(
  deps: Deps,
  hospitalId: string,
  webhookId: string,
  input: HospitalEventInput,
  reads?: WebhookReads,
  by?: RecordedBy,
): Promise<HospitalEventResult> {
  const result = await recordFromHospital(deps, hospitalId, webhookId, input, reads, by);
  if (by && (result.kind === 'accepted' || result.kind === 'rejected') && !result.replayed) {
    await audit(
      deps,
      {
        actor: by.principal.actor,
        action: `case.fact.${input.type}${result.kind === 'rejected' ? '.refused' : ''}`,
        target: result.caseId,
        detail: { via: by.via, occurredAt: input.occurredAt },
      },
      by.requester,
    );
  }
  return result;
}

function sourceOf(by: RecordedBy | undefined): 'hospital' | 'staff' | 'admin' {
  if (!by) return 'hospital';
  return by.principal.role === 'admin' ? 'admin' : 'staff';
}

async function recordFromHospital(
  deps: Deps,
  hospitalId: string,
  webhookId: string,
  input: HospitalEventInput,
  reads: WebhookReads | undefined,
  by: RecordedBy | undefined,
): Promise<HospitalEventResult> {
  const hospital = reads ? reads.hospital : await getHospital(deps, hospitalId);
  if (!hospital) return { kind: 'unknown_hospital' };
  if (Date.parse(input.occurredAt) > deps.now().getTime() + CLOCK_SKEW_MS) {
    return {
      kind: 'invalid',
      field: 'occurredAt',
      detail: 'occurredAt is in the future; it is when the fact happened',
    };
  }
  if (
    (input.type === 'admitted' || input.type === 'admission_planned' || input.type === 'patient_corrected') &&
    input.data.patient.birthDate > jstWallClock(deps.now()).slice(0, 10)
  ) {
    return { kind: 'invalid', field: 'data.patient.birthDate', detail: 'birthDate is after today (Japan)' };
  }
  const refs = await checkReferences(deps, input, reads);
  if ('invalid' in refs) return { kind: 'invalid', ...refs.invalid };
  const providers = namedProviders(deps, hospital.regionId, input);
  if ('invalid' in providers) return { kind: 'invalid', ...providers.invalid };
  const providerRows = (caseId: string) => providerStatements(deps, caseId, providers.named, `hospital:${hospitalId}`);
  const dedupeKey = webhookDedupeKey(hospitalId, webhookId);
  const preloaded =
    reads?.hospitalizationId === input.hospitalizationId ? { prior: reads.prior, loaded: reads.loaded } : undefined;
  let result: Recorded | CorrectionResult;
  const locator = { hospitalId, hospitalizationId: input.hospitalizationId };
  // 入院予定: the admission of a planned stay is a fact of that case, not a new case; so is a new plan for it.
  const seen =
    input.type === 'admitted' || input.type === 'admission_planned'
      ? (preloaded ?? (await readForEvent(deps, locator, dedupeKey, input.type)))
      : undefined;
  const onPlannedCase = seen && !seen.prior && seen.loaded?.row.state === 'planned';
  if (onPlannedCase && (input.type === 'admission_planned' || input.type === 'admitted')) {
    // A second plan (ADT^A14 again) moves the day and ward; the admission itself opens the stay. The
    // patient was sealed at the first plan, so the log keeps the rest of the body.
    const { patient: _sealedAtPlanning, ...logged } = input.data;
    const event: HospitalizationEvent =
      input.type === 'admission_planned'
        ? {
            type: 'admission_plan_changed',
            occurredAt: input.occurredAt,
            expectedAdmissionDate: input.data.expectedAdmissionDate,
            ward: input.data.ward ?? null,
            ...(input.data.wardType ? { wardType: input.data.wardType } : {}),
          }
        : {
            type: 'admitted',
            occurredAt: input.occurredAt,
            ward: input.data.ward,
            careOfficeId: refs.office?.id ?? null,
            officeKind: refs.office?.kind ?? null,
            officeHours: refs.office?.businessHours ?? null,
            usedCareServices: input.data.usedCareServices ?? refs.office !== null,
            ...(input.data.wardType ? { wardType: input.data.wardType } : {}),
            ...(input.data.preAdmissionSupport ? { preAdmissionSupport: input.data.preAdmissionSupport } : {}),
          };
    result = await recordEvent(
      deps,
      locator,
      {
        source: sourceOf(by),
        dedupeKey,
        event,
        data: logged,
        extra: input.type === 'admitted' ? (loaded) => providerRows(loaded.row.id) : undefined,
        ifRefused: 'store',
      },
      seen,
    );
  } else if (input.type === 'admitted' || input.type === 'admission_planned') {
    const keys = await patientKeys(deps, input.data.patient);
    const key = keys[0]!;
    const stays = reads?.patientKey === key ? reads.previousStays : await previousStayQuery(deps.database.db, keys);
    const previous = previousStayFrom(stays, hospitalId, input.occurredAt);
    // A transfer continues with the same care manager unless the receiving hospital names another.
    const officeId = input.data.careOfficeId ?? (previous.stay?.reason === 'transfer' ? previous.careOfficeId : null);
    const office =
      officeId === input.data.careOfficeId ? refs.office : officeId ? await officeById(deps, officeId, reads) : null;
    // The name and birth date are sealed on the case row; the event log keeps the rest of the body.
    const { patient, ...logged } = input.data;
    const plannedFor = input.type === 'admission_planned' ? input.data.expectedAdmissionDate : null;
    const rule = ruleFor(deps, hospital.regionId);
    const usedCareServices = input.data.usedCareServices ?? officeId !== null;
    // ケアマネジャーが不明 (route A, no office): the support center of the patient's address is asked to find them.
    const searchCenter =
      officeId === null && usedCareServices
        ? await supportCenterFor(
            deps,
            hospital.regionId,
            input.data.addressTown,
            deps.regions.get(hospital.regionId)?.careManagerSearch?.defaultSupportCenterId,
          )
        : null;
    const reported = plannedFor ? null : reportedStayFor(deps, stays, hospitalId, hospital.regionId, input.occurredAt);
    if (reported && input.type === 'admitted') {
      // 先に知った方が連絡する: the care manager reported this stay first; the hospital's admission joins
      // it, and from now on the stay answers to the hospital's own admission number.
      result = await recordEvent(
        deps,
        { hospitalId, hospitalizationId: reported.hospitalizationId },
        {
          source: sourceOf(by),
          dedupeKey,
          event: { type: 'hospital_admission_joined', occurredAt: input.occurredAt, ward: input.data.ward },
          data: { ...logged, joined: reported.hospitalizationId },
          extra: (loaded) => [
            takeHospitalNumber(deps, loaded.row.id, input.hospitalizationId),
            ...providerRows(loaded.row.id),
          ],
          ifRefused: 'store',
        },
      );
    } else
      result = await recordAdmission(
        deps,
        {
          hospitalId,
          hospitalizationId: input.hospitalizationId,
          regionId: hospital.regionId,
          dedupeKey,
          source: sourceOf(by),
          patientKey: key,
          patient,
          data: logged,
          extra: providerRows,
          input: {
            hospitalId,
            occurredAt: input.occurredAt,
            ward: input.data.ward ?? '',
            careOfficeId: officeId,
            officeKind: office?.kind ?? null,
            officeHours: office?.businessHours ?? null,
            usedCareServices,
            firstInformedBy: (input.type === 'admitted' && input.data.firstInformedBy) || 'hospital',
            ...(input.data.wardType ? { wardType: input.data.wardType } : {}),
            ...(input.type === 'admitted' && input.data.preAdmissionSupport
              ? { preAdmissionSupport: input.data.preAdmissionSupport }
              : {}),
            rule,
            previousStay: previous.stay,
            repeatAdmission: repeatAdmissionFrom(stays, input.occurredAt, rule.repeatAdmission?.withinDays),
            ...(input.data.fromHomeToHome === false ? { inRuleScope: false } : {}),
            careManagerSearchCenterId: searchCenter?.id ?? null,
            earlierInfoLinkage: stays.flatMap((s) => infoLinkageClaimedAt(s.snapshot.context) ?? []),
            ...(plannedFor ? { expectedAdmissionDate: plannedFor } : {}),
          },
        },
        seen ?? preloaded,
      );
  } else if (input.type === 'event_retracted') {
    result = await recordRetraction(deps, hospitalId, input.hospitalizationId, {
      dedupeKey,
      occurredAt: input.occurredAt,
      retracted: { webhookId: input.data.webhookId },
      reason: input.data.reason,
      data: input.data,
    });
  } else if (input.type === 'discharge_retracted') {
    result = await recordRetraction(deps, hospitalId, input.hospitalizationId, {
      dedupeKey,
      occurredAt: input.occurredAt,
      retracted: { latest: 'discharged' },
      reason: input.data.reason,
      data: input.data,
    });
  } else if (input.type === 'patient_corrected') {
    result = await recordPatientCorrection(deps, hospitalId, input.hospitalizationId, {
      dedupeKey,
      occurredAt: input.occurredAt,
      patient: input.data.patient,
    });
  } else {
    // 看護サマリー as data: sealed before the fact, its row committed with it; the log names the row.
    const summary =
      input.type === 'nursing_summary_sent'
        ? await nursingSummaryParts(deps, input.data.summary, input.occurredAt, sourceOf(by))
        : null;
    result = await recordEvent(
      deps,
      { hospitalId, hospitalizationId: input.hospitalizationId },
      {
        source: sourceOf(by),
        dedupeKey,
        event: toMachineEvent(input, refs.office),
        data: summary ? summary.logged : input.data,
        ...(summary ? { extra: summary.extra } : {}),
        ifRefused: 'store',
      },
      preloaded,
    );
  }
  // Accepted and rejected pass through as recorded; only "no case" needs the hospital's words.
  switch (result.kind) {
    case 'no_case':
      return {
        kind: 'unknown_hospitalization',
        detail: `no case for hospitalization ${input.hospitalizationId}; send "admitted" first (this delivery is kept for review and may be retried)`,
      };
    case 'unknown_reference':
      return { kind: 'unprocessable', field: result.field, detail: result.detail };
    case 'skipped':
      throw new Error('hospital events are never skipped');
    default:
      return result;
  }
}
