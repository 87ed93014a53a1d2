import { isConstraintViolation } from '../../db/database.js';
import { isRevokedLinkUse } from '../links/index.js';

const MAX_ATTEMPTS = 12;

async function backoff(attempt: number): Promise<void> {
  await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 ** attempt)));
}

/**
 * Every write to a case is optimistic: an attempt reads the case at version v and commits only while
 * the row is still at v (the event log's unique (case, seq) and dedupe key enforce it). Losing that race
 * to a concurrent writer is normal, not an error: read again and try again after a short random pause,
 * a bounded number of times. One loop for every writer, so they all back off and give up alike.
 */
export async function retryLostRaces<T>(what: string, attempt: (n: number) => Promise<T>): Promise<T> {
  for (let n = 0; n < MAX_ATTEMPTS; n++) {
    try {
      return await attempt(n);
    } catch (e) {
      // A revoked task link is final: retrying would only be refused again (engine/links/taskLinks.ts).
      if (isRevokedLinkUse(e) || !isConstraintViolation(e)) throw e;
      await backoff(n);
    }
  }
  throw new Error(`could not commit ${what} after ${MAX_ATTEMPTS} attempts (contention)`);
}
