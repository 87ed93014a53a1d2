import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks signing, synchronous: a load generator signs inside autocannon's
 * setupRequest, which cannot await. test/bench/sign.test.ts proves it equals
 * engine/webhookSignature.ts signWebhook.
 */
export function signWebhookSync(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The three Standard Webhooks headers and the JSON content type, signed now. */
export function signedHeaders(
  secret: string,
  id: string,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(nowSeconds),
    'webhook-signature': signWebhookSync(secret, id, nowSeconds, body),
  };
}
