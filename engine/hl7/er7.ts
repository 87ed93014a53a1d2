import { Hl7Message } from '@medplum/core';

/** Where an ACK's ERR segment points (ERR-2, HL7 ERL): segment, its sequence, the field. */
export interface Hl7Location {
  segment: string;
  field: number;
}

/** Why a message cannot be used, as an ACK's ERR says it (HL7 table 0357 codes). */
export interface Hl7Problem {
  location: Hl7Location | null;
  code: '100' | '101' | '102' | '103' | '200' | '204' | '207';
  detail: string;
}

/** The parts of a message renkei reads, decoded and parsed by @medplum/core's ER7 parser. */
export interface Er7 {
  message: Hl7Message;
  /** The decoded text, segments separated by CR: what is kept for review when the content is refused. */
  text: string;
  controlId: string;
  /** MSH-9.1 and MSH-9.2: ADT and A01. */
  messageType: string;
  trigger: string;
}

export type Decoded = { ok: true; er7: Er7 } | { ok: false; controlId: string; problem: Hl7Problem };

/** ISO-IR 87 is JIS X 0208 (SS-MIX2): anything outside it, half-width kana included, is refused. */
const HALF_WIDTH_KANA = /[\uFF61-\uFF9F]/;

/**
 * The MSH fields, read before the character set is known. Decoded leniently as ISO-2022-JP: its
 * JIS X 0208 bytes include `|`, `^` and `~`, which must not split fields, while ASCII reads as
 * itself and a UTF-8 byte sequence (never an ASCII byte inside) only becomes replacement characters.
 */
function headerFields(bytes: Uint8Array): string[] | null {
  const end = bytes.findIndex((b) => b === 0x0d || b === 0x0a);
  const header = new TextDecoder('iso-2022-jp').decode(end < 0 ? bytes : bytes.subarray(0, end));
  if (!/^MSH[|]/.test(header) || header.length < 8) return null;
  return header.split('|');
}

/** Whether bytes look like an HL7 v2 message at all (MSH with the standard separators). */
export function isEr7(bytes: Uint8Array): boolean {
  const fields = headerFields(bytes);
  return fields !== null && fields[1] === '^~\\&';
}

function decodeText(bytes: Uint8Array, msh18: string): { text: string } | { problem: Hl7Problem } {
  const charsets = msh18
    .split('~')
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  const at = { segment: 'MSH', field: 18 };
  const undecodable = (what: string): { problem: Hl7Problem } => ({
    problem: { location: at, code: '102', detail: what },
  });
  if (charsets.some((c) => c === 'ISO IR87')) {
    let text: string;
    try {
      text = new TextDecoder('iso-2022-jp', { fatal: true }).decode(bytes);
    } catch {
      return undecodable('the body is not valid ISO-2022-JP (MSH-18 ~ISO IR87): 外字 or bytes outside JIS X 0208');
    }
    if (HALF_WIDTH_KANA.test(text)) return undecodable('half-width kana are outside JIS X 0208 (MSH-18 ~ISO IR87)');
    return { text };
  }
  if (charsets.some((c) => c !== 'UNICODE UTF-8' && c !== 'ASCII' && c !== 'ISO IR6')) {
    return {
      problem: {
        location: at,
        code: '103',
        detail: `character set ${msh18} is not supported; send UTF-8 or ~ISO IR87`,
      },
    };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return undecodable('the body is not valid UTF-8 (MSH-18 empty or UNICODE UTF-8)');
  }
}

/**
 * One ER7 message from its bytes: the character set from MSH-18 (UTF-8 unless `~ISO IR87`, then
 * ISO-2022-JP), segments split on CR (LF and CRLF tolerated), parsed by @medplum/core.
 */
export function decodeEr7(bytes: Uint8Array): Decoded {
  const fields = headerFields(bytes) ?? [];
  const controlId = (fields[9] ?? '').slice(0, 199);
  const decoded = decodeText(bytes, fields[17] ?? '');
  if ('problem' in decoded) return { ok: false, controlId, problem: decoded.problem };
  const text = decoded.text.replace(/\r\n|\n/g, '\r').replace(/\r+$/, '');
  let message: Hl7Message;
  let id: string;
  let messageType: string;
  let trigger: string;
  try {
    message = Hl7Message.parse(text);
    const msh = message.getSegment('MSH');
    if (!msh || message.segments[0] !== msh)
      return { ok: false, controlId, problem: { location: null, code: '100', detail: 'the message starts with MSH' } };
    // A short header has no field 9 or 10 at all: read through optional fields.
    id = msh.getField(10)?.getComponent(1) ?? '';
    messageType = msh.getField(9)?.getComponent(1) ?? '';
    trigger = msh.getField(9)?.getComponent(2) ?? '';
  } catch {
    return { ok: false, controlId, problem: { location: null, code: '100', detail: 'the message cannot be parsed' } };
  }
  if (!id)
    return {
      ok: false,
      controlId,
      problem: {
        location: { segment: 'MSH', field: 10 },
        code: '101',
        detail: 'MSH-10 message control id is required',
      },
    };
  return {
    ok: true,
    er7: {
      message,
      text,
      controlId: id,
      messageType,
      trigger,
    },
  };
}
