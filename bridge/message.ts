import { decodeEr7 } from '../engine/hl7/index.js';

/**
 * What the bridge needs from a message: MSH-10 (its identity, for dedupe) and PID-3 (whose it is,
 * for order per patient). Decoded with renkei's own ER7 decoder; a message it cannot decode is still
 * forwarded (renkei answers it with AE) under the MSH-10 read from the ASCII header.
 */
export function identify(bytes: Uint8Array, fallbackPatient = ''): { controlId: string; patient: string } | null {
  const decoded = decodeEr7(bytes);
  if (!decoded.ok) return decoded.controlId ? { controlId: decoded.controlId, patient: fallbackPatient } : null;
  const pid = decoded.er7.message.getSegment('PID')?.getField(3)?.getComponent(1) ?? '';
  return { controlId: decoded.er7.controlId, patient: pid || fallbackPatient };
}
