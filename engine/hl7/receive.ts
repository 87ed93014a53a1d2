import { type HospitalEventResult, recordHospitalEvent, type WebhookPeek, type WebhookReads } from '../cases/index.js';
import type { Deps } from '../deps.js';
import { buildAck } from './ack.js';
import { adtToEvent, type EdgeText } from './adt.js';
import { decodeEr7, type Hl7Problem } from './er7.js';

/** What one HL7 message came to: the ACK to answer, and whether its content was used. */
export interface Hl7Outcome {
  ack: string;
  /** MSA-1: AA recorded (now or before), AE not usable; nothing is recorded with AE. */
  code: 'AA' | 'AE';
  controlId: string;
  problem: Hl7Problem | null;
  /** The decoded message, to keep for review with an AE; null when it could not be decoded. */
  text: string | null;
}

/** The id a message is recorded under: its MSH-10, so a resent message is a replay whatever its webhook-id. */
export function hl7DeliveryId(controlId: string): string {
  return `hl7:${controlId}`;
}

/** What the delivery's one read batch needs from the message, read before the signature is checked. */
export function peekHl7(bytes: Uint8Array): { deliveryId: string | null; peek: WebhookPeek } {
  const decoded = decodeEr7(bytes);
  if (!decoded.ok)
    return { deliveryId: null, peek: { type: null, hospitalizationId: null, careOfficeId: null, patient: null } };
  const mapped = adtToEvent(decoded.er7, undefined, { clean: (t) => t, hidden: () => false });
  const input = mapped.ok ? mapped.input : null;
  return {
    deliveryId: hl7DeliveryId(decoded.er7.controlId),
    peek: {
      type: input?.type ?? null,
      hospitalizationId: input?.hospitalizationId ?? null,
      careOfficeId: null,
      patient: input?.type === 'admitted' || input?.type === 'admission_planned' ? input.data.patient : null,
    },
  };
}

function problemOf(result: HospitalEventResult): Hl7Problem | null {
  switch (result.kind) {
    case 'accepted':
      return null;
    case 'rejected':
      return { location: { segment: 'MSH', field: 9 }, code: '207', detail: result.detail };
    case 'unknown_hospital':
      return { location: { segment: 'MSH', field: 6 }, code: '204', detail: 'unknown hospital' };
    case 'unknown_hospitalization':
      return {
        location: { segment: 'PV1', field: 19 },
        code: '204',
        detail: 'no admission (ADT^A01) or planned admission (ADT^A14) for this visit number; send it first',
      };
    case 'invalid':
      return {
        location:
          result.field === 'data.patient.birthDate' ? { segment: 'PID', field: 7 } : { segment: 'EVN', field: 2 },
        code: '102',
        detail: result.detail,
      };
    case 'unprocessable':
      return { location: { segment: 'MSH', field: 9 }, code: '204', detail: result.detail };
  }
}

/**
 * One signed HL7 v2 message from a hospital: decoded (UTF-8, or ISO-2022-JP for `~ISO IR87`),
 * mapped from its ADT trigger to the hospital event it states, and recorded through
 * `recordHospitalEvent`, the JSON webhook's own path, under its MSH-10.
 */
export async function recordHl7Message(
  deps: Deps,
  hospitalId: string,
  bytes: Uint8Array,
  edge: EdgeText,
  reads?: WebhookReads,
): Promise<Hl7Outcome> {
  const decoded = decodeEr7(bytes);
  const answer = (controlId: string, problem: Hl7Problem | null, ack: string): Hl7Outcome => ({
    ack,
    code: problem ? 'AE' : 'AA',
    controlId,
    problem,
    text: decoded.ok ? decoded.er7.text : null,
  });
  if (!decoded.ok) {
    const { controlId, problem } = decoded;
    return answer(controlId, problem, buildAck({ controlId }, problem));
  }
  const { er7 } = decoded;
  const region = reads?.hospital?.regionId ?? null;
  const codes = region ? deps.regions.get(region)?.hospitals.find((h) => h.id === hospitalId)?.hl7 : undefined;
  const mapped = adtToEvent(er7, codes, edge);
  if (!mapped.ok) return answer(er7.controlId, mapped.problem, buildAck(er7, mapped.problem));
  const result = await recordHospitalEvent(deps, hospitalId, hl7DeliveryId(er7.controlId), mapped.input, reads);
  const problem = problemOf(result);
  return answer(er7.controlId, problem, buildAck(er7, problem));
}
