// The SDK is loaded at the first send, not at start (~180 ms of a cold start, for a deployment without SMS too).
import type twilio from 'twilio';
import { type Accepted, DeliveryError, retryAfterMs, transientHttpStatus } from './delivery.js';

export interface SmsMessage {
  noticeId: string;
  /** E.164, e.g. +819012345678. */
  to: string;
  body: string;
  /** Where Twilio reports queued → sent → delivered / failed for this message. */
  statusCallback: string;
}

export interface SmsSender {
  readonly kind: 'twilio';
  send(message: SmsMessage): Promise<Accepted>;
}

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** A sender number (+81…) or a Messaging Service SID (MG…). */
  from: string;
  /** Replaces https://api.twilio.com, for a local stand-in of the Messages API in tests and drills. */
  apiBaseUrl?: string | undefined;
  /** One API call that takes longer is a failed attempt (the SDK's default is 30 s). */
  timeoutMs?: number | undefined;
}

const TWILIO_API = 'https://api.twilio.com';

/** A 429 from Twilio with the wait it asked for: the outbox waits at least that long. */
class RateLimited extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }
}

/**
 * The SDK's own HTTP client, with its timeout and, for tests and drills, another API origin:
 * every request is still built, signed and sent by the SDK. The SDK's 429 auto-retry stays off:
 * the outbox's backoff (or Twilio's Retry-After, read here because the SDK's error drops the
 * headers) decides when to try again, so a rate limit never holds a sweep.
 */
function requestClient(sdk: typeof twilio, base: string | undefined, timeoutMs: number): twilio.RequestClient {
  const client = new sdk.RequestClient({ autoRetry: false, timeout: timeoutMs });
  const original = client.request.bind(client);
  client.request = async (opts) => {
    const res = await original(base ? { ...opts, uri: opts.uri.replace(TWILIO_API, base.replace(/\/$/, '')) } : opts);
    if (res.statusCode === 429) {
      const body = (typeof res.body === 'string' ? safeJson(res.body) : res.body) as {
        code?: number;
        message?: string;
      } | null;
      const header = (res.headers as Record<string, string | undefined> | undefined)?.['retry-after'];
      throw new RateLimited(429, body?.code, body?.message ?? 'Too Many Requests', retryAfterMs(header));
    }
    return res;
  };
  return client;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function twilioSender(options: TwilioOptions): SmsSender {
  let loaded: Promise<twilio.Twilio> | null = null;
  const twilioClient = () =>
    (loaded ??= import('twilio').then(
      ({ default: sdk }) =>
        sdk(options.accountSid, options.authToken, {
          httpClient: requestClient(sdk, options.apiBaseUrl, options.timeoutMs ?? 30_000),
          autoRetry: false,
        }),
      (e: unknown) => {
        // Not kept: the next send tries to load it again (the send fails as a delivery error, retried).
        loaded = null;
        throw e;
      },
    ));
  const sender = options.from.startsWith('MG') ? { messagingServiceSid: options.from } : { from: options.from };
  return {
    kind: 'twilio',
    async send(m) {
      try {
        const client = await twilioClient();
        const message = await client.messages.create({
          to: m.to,
          body: m.body,
          statusCallback: m.statusCallback,
          ...sender,
        });
        return { providerId: message.sid, status: 'queued' };
      } catch (e) {
        const err = e as { status?: number; code?: number; message?: string };
        const status = typeof err.status === 'number' ? err.status : null;
        const message = `twilio ${status ?? 'network'}${err.code ? ` code ${err.code}` : ''}: ${(err.message ?? String(e)).slice(0, 300)}`;
        // No HTTP status means the request never got an answer (an outage, a timeout): try again later.
        throw new DeliveryError(
          message,
          status !== null && !transientHttpStatus(status),
          e instanceof RateLimited ? e.retryAfterMs : null,
        );
      }
    },
  };
}

/** "090-1234-5678" → "+819012345678"; already-E.164 numbers pass through. Null when it is not a number. */
export { toE164Japan } from './phone.js';

export type AttemptOutcome = 'queued' | 'sent' | 'delivered' | 'failed';

/** What a Twilio message status means for our delivery record (null: one we do not track). */
export function outcomeOfTwilioStatus(status: string): AttemptOutcome | null {
  switch (status) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
    case 'sending':
      return 'queued';
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return null;
  }
}
