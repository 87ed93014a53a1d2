import { signWebhook } from '../../engine/crypto/index.js';

let counter = 0;

export interface SignOptions {
  id?: string;
  secret?: string;
  timestamp?: number;
  rawBody?: string | Uint8Array;
  contentType?: string;
}

/** A hospital's delivery as its system sends it: Standard Webhooks headers over the raw body. */
export async function signedEventInit(secret: string, body: unknown, opts: SignOptions = {}): Promise<RequestInit> {
  const id = opts.id ?? `msg_${Date.now()}_${++counter}`;
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const raw = opts.rawBody ?? JSON.stringify(body);
  return {
    method: 'POST',
    headers: {
      'content-type': opts.contentType ?? 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': await signWebhook(secret, id, timestamp, raw),
    },
    body: typeof raw === 'string' ? raw : new Blob([new Uint8Array(raw)]),
  };
}
