// HL7 v2 ADT messages as a Japanese hospital information system writes them (JAHIS conventions),
// and a signed delivery of one to renkei's /hl7 route. Shared by the route, fuzz and bridge tests.
import iconv from 'iconv-lite';
import type { ServiceClient } from './client.js';
import { signedEventInit } from './signed.js';

export interface AdtOptions {
  trigger: 'A01' | 'A02' | 'A03' | 'A08' | 'A11' | 'A13' | 'A14' | 'A16' | 'A27' | 'A04' | 'A05';
  controlId: string;
  visit?: string;
  patientId?: string;
  /** Kanji family^given and kana family^given (PID-5 repetitions I and P). */
  name?: [string, string] | null;
  kana?: [string, string] | null;
  birthDate?: string;
  ward?: string;
  /** EVN-2, YYYYMMDDHHMM[SS] (Japan's time). */
  at?: string;
  expectedDischarge?: string;
  /** PV2-8 expected admit date (ADT^A14 入院予定), YYYYMMDD[HHMM]. */
  expectedAdmission?: string;
  disposition?: string;
  location?: string;
  charset?: string;
}

/** One ADT message in ER7, segments separated by CR. */
export function adt(o: AdtOptions): string {
  const name = o.name === undefined ? ['山田', '太郎'] : o.name;
  const kana = o.kana === undefined ? ['ヤマダ', 'タロウ'] : o.kana;
  const pid5 = [
    ...(name ? [`${name[0]}^${name[1]}^^^^^L^I`] : []),
    ...(kana ? [`${kana[0]}^${kana[1]}^^^^^L^P`] : []),
  ].join('~');
  const at = o.at ?? '202612040930';
  const pv1 = Array.from({ length: 46 }, () => '');
  pv1[0] = 'PV1';
  pv1[1] = '1';
  pv1[2] = 'I';
  pv1[3] = o.ward ?? '4E^401^1';
  pv1[19] = o.visit ?? 'V0001';
  if (o.disposition !== undefined) pv1[36] = o.disposition;
  if (o.location !== undefined) pv1[37] = o.location;
  const segments = [
    `MSH|^~\\&|HIS|H001|RENKEI|R|${at}||ADT^${o.trigger}^ADT_A01|${o.controlId}|P|2.5||||||${o.charset ?? ''}`,
    `EVN|${o.trigger}|${at}`,
    `PID|1||${o.patientId ?? 'P0001'}^^^H001^PI||${pid5}||${o.birthDate ?? '19410502'}|M`,
    pv1.join('|'),
    ...(o.expectedDischarge || o.expectedAdmission
      ? [`PV2||||||||${o.expectedAdmission ?? ''}|${o.expectedDischarge ?? ''}`]
      : []),
  ];
  return segments.join('\r');
}

/** Posts one message to /v1/hospitals/{id}/hl7, signed over its raw bytes like a JSON event. */
export async function sendHl7(
  base: string,
  client: Pick<ServiceClient, 'secretFor'>,
  hospitalId: string,
  body: string | Uint8Array,
  opts: { id?: string; secret?: string } = {},
): Promise<Response> {
  const secret = opts.secret ?? (await client.secretFor(hospitalId));
  const raw = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const init = await signedEventInit(secret, null, { ...opts, rawBody: raw, contentType: 'x-application/hl7-v2+er7' });
  return fetch(`${base}/v1/hospitals/${hospitalId}/hl7`, init);
}

/** MSA-1, MSA-2 and the ERR segment of an ACK. */
export function readAck(ack: string): { code: string; controlId: string; err: string | null } {
  const segments = ack.split(/\r\n|\r|\n/);
  const msa = (segments.find((s) => s.startsWith('MSA|')) ?? '').split('|');
  return { code: msa[1] ?? '', controlId: msa[2] ?? '', err: segments.find((s) => s.startsWith('ERR|')) ?? null };
}

/**
 * Text as ISO-2022-JP (what MSH-18 `~ISO IR87` means): ASCII as is, JIS X 0208 runs between
 * ESC $ B and ESC ( B. Built from EUC-JP (JIS X 0208 with the high bit set), which iconv-lite has.
 */
export function iso2022jp(text: string): Uint8Array {
  const out: number[] = [];
  let run = '';
  const flush = () => {
    if (!run) return;
    out.push(0x1b, 0x24, 0x42, ...[...iconv.encode(run, 'euc-jp')].map((b) => b & 0x7f), 0x1b, 0x28, 0x42);
    run = '';
  };
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) {
      flush();
      out.push(ch.charCodeAt(0));
    } else run += ch;
  }
  flush();
  return new Uint8Array(out);
}
