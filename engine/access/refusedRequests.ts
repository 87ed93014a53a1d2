import { desc } from 'drizzle-orm';
import { inboundRejections } from '../../db/schema.js';
import { isSealed, open, seal } from '../crypto/index.js';
import type { Deps } from '../deps.js';

// A refused delivery's raw body is kept for review, and raw input may name a patient: it is sealed
// as a whole, bound to the hospital and webhook-id it came with.

export const refusedBodyContext = (r: { hospitalId: string; webhookId: string }) =>
  `inbound_rejections.body|${r.hospitalId}|${r.webhookId}`;

/** Authenticated requests that were refused before reaching a case are kept for review. */
export async function keepRefusedRequest(
  deps: Deps,
  r: { hospitalId: string; webhookId: string; status: number; problem: object; body: string },
): Promise<void> {
  const body = await seal(deps.dataKeys, r.body, refusedBodyContext(r));
  await deps.database.db.insert(inboundRejections).values({ ...r, body, receivedAt: deps.now().getTime() });
  deps.log.warn('webhook refused', { hospitalId: r.hospitalId, webhookId: r.webhookId, status: r.status });
}

/** The refused requests, newest first, with their bodies opened (rows from before encryption are shown as kept). */
export async function refusedRequests(deps: Deps, limit = 100) {
  const rows = await deps.database.db.select().from(inboundRejections).orderBy(desc(inboundRejections.id)).limit(limit);
  return Promise.all(
    rows.map(async (r) => ({
      ...r,
      body: isSealed(r.body) ? await open(deps.dataKeys, r.body, refusedBodyContext(r)) : r.body,
    })),
  );
}
