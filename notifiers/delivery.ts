/** The channels a notice can travel by, in the words the outbox and the directory use. */
export type Channel = 'email' | 'sms' | 'fax';

/**
 * What a provider said when it took a message: `queued` when it will report the outcome later
 * (Twilio, most FAX APIs), `sent` when accepting it is all we will ever hear (SMTP).
 */
export interface Accepted {
  providerId: string;
  status: 'queued' | 'sent';
}

/**
 * A send that did not go through. `permanent` means trying the same channel again cannot help
 * (a refused address, a rejected number), so the outbox moves on to the next channel at once;
 * otherwise (outage, rate limit) it retries the same channel after a backoff first.
 */
export class DeliveryError extends Error {
  /** `retryAfterMs`: the provider said when to try again (HTTP 429 Retry-After). */
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** HTTP statuses that say "later", not "never". */
export function transientHttpStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** Retry-After as seconds or an HTTP date, in milliseconds from `now`; null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
