// hl7: HL7 v2 ADT messages from a hospital's information system (ER7, UTF-8 or ISO-2022-JP),
// mapped to the hospital events the JSON webhook records and answered with an HL7 ACK. The room's public face.

export { buildAck } from './ack.js';
export { adtToEvent, DEFAULT_DISPOSITIONS, type EdgeText, SUPPORTED_TRIGGERS } from './adt.js';
export { decodeEr7, type Er7, type Hl7Problem, isEr7 } from './er7.js';
export { type Hl7Outcome, hl7DeliveryId, peekHl7, recordHl7Message } from './receive.js';
export { hl7Date, hl7Instant } from './time.js';
