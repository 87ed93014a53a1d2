import { Secret, TOTP } from 'otpauth';

// A person's authenticator app, for tests: it holds the secret read off the enrolment page (as a
// person types the key shown under the QR code) and the recovery codes shown once, and answers a
// code the server has not accepted yet. No test reaches past the pages for any of this.

const PERIOD_MS = 30_000;

export interface Authenticator {
  secret: string;
  /** The recovery codes not used yet, as shown (XXXX-XXXX-XXXX-XXXX). */
  recoveryCodes: string[];
  /** The last 30-second step this app gave a code for: the server takes each step once. */
  lastStep: number;
}

export function authenticator(secretAsShown: string): Authenticator {
  return { secret: secretAsShown.replace(/[\s-]/g, ''), recoveryCodes: [], lastStep: -Infinity };
}

/** The code of one 30-second step. */
export function codeAt(secret: string, at: number): string {
  return new TOTP({ secret: Secret.fromBase32(secret.replace(/[\s-]/g, '')), period: 30, digits: 6 }).generate({
    timestamp: at,
  });
}

/**
 * A code the server will take at `now`: the earliest step within its one-step skew that is later than
 * the last one used (a server's clock in a test stands still, so three logins fit in one instant), or
 * null when all three are spent.
 */
export function nextCode(app: Authenticator, now: number): string | null {
  const step = Math.floor(now / PERIOD_MS);
  for (const s of [step - 1, step, step + 1]) {
    if (s > app.lastStep) {
      app.lastStep = s;
      return codeAt(app.secret, s * PERIOD_MS);
    }
  }
  return null;
}

/** The enrolment page's key and the recovery-code page's codes, as a person reads them. */
export const pageReads = {
  secret: (html: string) => /id="totp-secret">([A-Z2-7-]+)</.exec(html)?.[1] ?? null,
  recoveryCodes: (html: string) =>
    [
      ...(/<ul id="recovery-codes"[^>]*>([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(
        /<code>([0-9A-Z-]+)<\/code>/g,
      ),
    ].map((m) => m[1]!),
};
