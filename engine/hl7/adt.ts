import type { Hl7Message } from '@medplum/core';
import type { Hl7DischargeOutcome, HospitalHl7 } from '../../regions/schema.js';
import type { HospitalEventInput } from '../cases/index.js';
import type { Er7, Hl7Problem } from './er7.js';
import { hl7Date, hl7Instant } from './time.js';

/** The text rules of the edge (functions/input.ts), handed in so that HL7 text is cleaned the one way JSON is. */
export interface EdgeText {
  /** Free text (a ward): NFC, no controls or bidi marks. */
  clean(text: string): string;
  /** A name or an identifier holding a character nobody typed: refused, not cleaned. */
  hidden(text: string): boolean;
}

/** HL7 table 0112 (discharge disposition), for codes a hospital has not mapped in the directory. */
export const DEFAULT_DISPOSITIONS: Record<string, Hl7DischargeOutcome> = {
  '01': 'home', // discharged to home or self care
  '02': 'other_hospital', // to a short-term general hospital
  '03': 'facility', // to a skilled nursing facility
  '04': 'facility', // to an intermediate care facility
  '05': 'facility', // to another type of institution
  '06': 'home', // to home under a home health service
  '07': 'home', // left against medical advice
  '20': 'died', // expired
};

/** The ADT triggers renkei records, and what each becomes (README: "Connecting a hospital information system"). */
export const SUPPORTED_TRIGGERS = ['A01', 'A02', 'A03', 'A08', 'A11', 'A13', 'A14', 'A16', 'A27'] as const;

export type Mapped = { ok: true; input: HospitalEventInput } | { ok: false; problem: Hl7Problem };

const fail = (segment: string, field: number, code: Hl7Problem['code'], detail: string): Mapped => ({
  ok: false,
  problem: { location: { segment, field }, code, detail },
});
const missing = (segment: string, field: number, what: string) =>
  fail(segment, field, '101', `${segment}-${field} ${what} is required`);

function component(message: Hl7Message, segment: string, field: number, comp = 1, repetition = 0): string {
  return message.getSegment(segment)?.getField(field)?.getComponent(comp, undefined, repetition)?.trim() ?? '';
}

/**
 * PID-5 as JAHIS writes it: repetitions of family^given^…, the one with representation (PID-5.8)
 * `I` in kanji, `P` the kana reading. The kanji name is the name; the kana is kept for reading.
 */
function patientName(message: Hl7Message): { name: string; kana: string | null } | null {
  const field = message.getSegment('PID')?.getField(5);
  if (!field) return null;
  const reps = field.components.map((_, i) => ({
    family: field.getComponent(1, undefined, i).trim(),
    given: field.getComponent(2, undefined, i).trim(),
    representation: field.getComponent(8, undefined, i).trim().toUpperCase(),
  }));
  const full = (r: (typeof reps)[number]) => [r.family, r.given].filter(Boolean).join(' ');
  const kanji =
    reps.find((r) => r.representation === 'I' && full(r)) ?? reps.find((r) => r.representation !== 'P' && full(r));
  if (!kanji) return null;
  const kana = reps.find((r) => r.representation === 'P' && full(r));
  return { name: full(kanji), kana: kana ? full(kana) : null };
}

function patient(message: Hl7Message, edge: EdgeText): { patient: HospitalPatient } | { fail: Mapped } {
  const name = patientName(message);
  if (!name) return { fail: missing('PID', 5, 'patient name (kanji family^given)') };
  if (edge.hidden(name.name) || (name.kana !== null && edge.hidden(name.kana)))
    return { fail: fail('PID', 5, '102', 'PID-5 holds a control character or a bidirectional mark') };
  const raw = component(message, 'PID', 7);
  if (!raw) return { fail: missing('PID', 7, 'birth date') };
  const birthDate = hl7Date(raw);
  if (!birthDate || birthDate < '1900-01-01')
    return { fail: fail('PID', 7, '102', 'PID-7 is not a birth date (YYYYMMDD, from 1900)') };
  const normal = (s: string) => s.normalize('NFC').slice(0, 100);
  return {
    patient: {
      name: normal(name.name),
      birthDate,
      ...(name.kana ? { nameKana: normal(name.kana) } : {}),
    },
  };
}

type HospitalPatient = { name: string; birthDate: string; kana?: string };

/** When it happened: EVN-6 (event occurred), else EVN-2 (recorded); Japan's time unless a zone is given. */
function eventTime(message: Hl7Message, preferred?: { segment: string; field: number }): string | Mapped {
  const candidates = [...(preferred ? [preferred] : []), { segment: 'EVN', field: 6 }, { segment: 'EVN', field: 2 }];
  for (const at of candidates) {
    const raw = component(message, at.segment, at.field);
    if (!raw) continue;
    return hl7Instant(raw) ?? fail(at.segment, at.field, '102', `${at.segment}-${at.field} is not a date and time`);
  }
  return missing('EVN', 2, 'recorded date/time (or EVN-6)');
}

/** Where a discharge goes: the hospital's own codes first (PV1-37, then PV1-36), then HL7 table 0112. */
function dischargeOutcome(message: Hl7Message, codes: HospitalHl7 | undefined): Hl7DischargeOutcome | Mapped {
  const location = component(message, 'PV1', 37);
  const disposition = component(message, 'PV1', 36);
  const byLocation = location ? codes?.dischargeLocations?.[location] : undefined;
  if (byLocation) return byLocation;
  if (disposition) {
    const found = codes?.dischargeDispositions?.[disposition] ?? DEFAULT_DISPOSITIONS[disposition];
    if (found) return found;
    return fail(
      'PV1',
      36,
      '103',
      `discharge disposition "${disposition}" is not known; map it in the hospital's hl7.dischargeDispositions in the directory`,
    );
  }
  if (location)
    return fail(
      'PV1',
      37,
      '103',
      `discharged-to location "${location}" is not known; map it in the hospital's hl7.dischargeLocations in the directory`,
    );
  return missing('PV1', 36, 'discharge disposition (or PV1-37 discharged-to location)');
}

/**
 * One ADT message as the hospital event it states, or the field that keeps it from being one.
 * Nothing is recorded here; the caller records the event through the JSON webhook's own path.
 */
export function adtToEvent(er7: Er7, codes: HospitalHl7 | undefined, edge: EdgeText): Mapped {
  const { message, messageType, trigger } = er7;
  if (messageType !== 'ADT' || !(SUPPORTED_TRIGGERS as readonly string[]).includes(trigger))
    return fail(
      'MSH',
      9,
      '200',
      `${messageType}^${trigger} is not supported; renkei records ADT^${SUPPORTED_TRIGGERS.join('/')}`,
    );
  const visit = component(message, 'PV1', 19);
  if (!visit) return missing('PV1', 19, 'visit number');
  if (edge.hidden(visit) || visit.length > 100)
    return fail('PV1', 19, '102', 'PV1-19 holds a control character or is longer than 100');
  const at = eventTime(message, trigger === 'A03' ? { segment: 'PV1', field: 45 } : undefined);
  if (typeof at !== 'string') return at;
  const base = { hospitalizationId: visit, occurredAt: at };
  const ward = () =>
    edge
      .clean(component(message, 'PV1', 3))
      .trim()
      .slice(0, 100);
  const ok = (input: HospitalEventInput): Mapped => ({ ok: true, input });
  // 療養病棟 or not: the hospital's own ward list in the directory (hl7.wardTypes), keyed by PV1-3.1.
  const wardType = () => {
    const type = codes?.wardTypes?.[ward()];
    return type ? { wardType: type } : {};
  };
  switch (trigger) {
    case 'A01': {
      const p = patient(message, edge);
      if ('fail' in p) return p.fail;
      if (!ward()) return missing('PV1', 3, 'assigned patient location (ward)');
      // The care office is unknown until the hospital identifies it (care_office_identified).
      return ok({
        ...base,
        type: 'admitted',
        data: { patient: p.patient, ward: ward(), careOfficeId: null, ...wardType() },
      });
    }
    case 'A02':
      if (!ward()) return missing('PV1', 3, 'new patient location (ward)');
      return ok({ ...base, type: 'ward_changed', data: { ward: ward() } });
    case 'A03': {
      const outcome = dischargeOutcome(message, codes);
      if (typeof outcome !== 'string') return outcome;
      if (outcome === 'died') return ok({ ...base, type: 'died', data: {} });
      return ok({ ...base, type: 'discharged', data: { destination: outcome, nursingSummarySent: false } });
    }
    case 'A08': {
      const p = patient(message, edge);
      if ('fail' in p) return p.fail;
      return ok({ ...base, type: 'patient_corrected', data: { patient: p.patient } });
    }
    case 'A11':
      return ok({ ...base, type: 'admission_cancelled', data: {} });
    case 'A13':
      return ok({ ...base, type: 'discharge_retracted', data: { reason: 'ADT^A13 退院取消' } });
    case 'A14': {
      // 入院予定 (SS-MIX2 ADT-21): PV2-8 the expected admission date; the ward may not be known yet.
      const p = patient(message, edge);
      if ('fail' in p) return p.fail;
      const raw = component(message, 'PV2', 8);
      if (!raw) return missing('PV2', 8, 'expected admission date');
      const expected = hl7Date(raw);
      if (!expected) return fail('PV2', 8, '102', 'PV2-8 is not a date (YYYYMMDD)');
      return ok({
        ...base,
        type: 'admission_planned',
        data: {
          patient: p.patient,
          expectedAdmissionDate: expected,
          ...(ward() ? { ward: ward(), ...wardType() } : {}),
          careOfficeId: null,
        },
      });
    }
    case 'A27':
      return ok({ ...base, type: 'admission_plan_cancelled', data: {} });
    default: {
      // A16: discharge planning started, with the expected discharge date.
      const raw = component(message, 'PV2', 9);
      if (!raw) return missing('PV2', 9, 'expected discharge date');
      const expected = hl7Date(raw);
      if (!expected) return fail('PV2', 9, '102', 'PV2-9 is not a date (YYYYMMDD)');
      return ok({ ...base, type: 'discharge_planning_started', data: { expectedDischargeDate: expected } });
    }
  }
}
