import { Hl7Message, Hl7Segment } from '@medplum/core';
import type { Er7, Hl7Problem } from './er7.js';

/** HL7 table 0357's names for the codes an ERR carries. */
const CODE_NAMES: Record<Hl7Problem['code'], string> = {
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '204': 'Unknown key identifier',
  '207': 'Application internal error',
};

/** ER7 separators and the escape character are sent as HL7 escapes inside a text field. */
function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\E\\')
    .replace(/\|/g, '\\F\\')
    .replace(/\^/g, '\\S\\')
    .replace(/&/g, '\\T\\')
    .replace(/~/g, '\\R\\')
    .replace(/[\r\n]/g, ' ');
}

/** A header to acknowledge when the message could not be parsed: only its MSH-10 is known. */
function bareHeader(controlId: string): Hl7Message {
  return Hl7Message.parse(`MSH|^~\\&|||||||ADT|${escapeText(controlId)}|P|2.5`);
}

/**
 * The HL7 ACK for a message: MSA-1 AA when recorded (or already recorded), AE with an ERR naming
 * the field (ERR-2 location, ERR-3 code from table 0357, ERR-8 the explanation) when its content
 * cannot be used. MSA-2 is the message's MSH-10; ERR-8 is kept to ASCII.
 */
export function buildAck(of: Er7 | { controlId: string }, problem: Hl7Problem | null): string {
  const message = 'message' in of ? of.message : bareHeader(of.controlId);
  if (!problem) return message.buildAck({ ackCode: 'AA' }).toString();
  const location = problem.location ? `${problem.location.segment}^1^${problem.location.field}` : '';
  const err = Hl7Segment.parse(
    `ERR||${location}|${problem.code}^${CODE_NAMES[problem.code]}^HL70357|E||||${escapeText(problem.detail).replace(/[^\x20-\x7e]/g, '?')}`,
  );
  return message.buildAck({ ackCode: 'AE', errSegment: err }).toString();
}
