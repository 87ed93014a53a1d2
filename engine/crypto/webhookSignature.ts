import { concatBytes, equalBytes, fromBase64, hmacSha256, toBase64 } from './crypto.js';

/** Standard Webhooks: timestamps further than this from now are refused (replay window). */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export type SignatureFailure = 'missing_headers' | 'stale_timestamp' | 'bad_signature';

function secretKey(secret: string): Uint8Array {
  return fromBase64(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
}

export async function signWebhook(
  secret: string,
  id: string,
  timestamp: number,
  body: string | Uint8Array,
): Promise<string> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const mac = await hmacSha256(secretKey(secret), concatBytes(new TextEncoder().encode(`${id}.${timestamp}.`), bytes));
  return `v1,${toBase64(mac)}`;
}

/**
 * Verifies `webhook-signature` (space-separated `v1,<base64>` entries) against any of the
 * hospital's valid secrets: during a rotation two secrets are valid at once.
 */
export async function verifyWebhook(
  secrets: string[],
  headers: { id?: string | null; timestamp?: string | null; signature?: string | null },
  /** The raw body: bytes as received (a signature covers bytes, not a decoding of them), or the same as text. */
  body: string | Uint8Array,
  nowSeconds: number,
): Promise<SignatureFailure | null> {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return 'missing_headers';
  if (!/^\d+$/.test(timestamp)) return 'stale_timestamp';
  if (Math.abs(nowSeconds - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) return 'stale_timestamp';
  const offered = signature
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => s.slice(3));
  for (const secret of secrets) {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    const expected = await hmacSha256(
      secretKey(secret),
      concatBytes(new TextEncoder().encode(`${id}.${timestamp}.`), bytes),
    );
    for (const candidate of offered) {
      let bytes: Uint8Array;
      try {
        bytes = fromBase64(candidate);
      } catch {
        continue;
      }
      if (equalBytes(bytes, expected)) return null;
    }
  }
  return 'bad_signature';
}

export function newWebhookSecret(random: Uint8Array): string {
  return `whsec_${toBase64(random)}`;
}
