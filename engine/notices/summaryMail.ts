import { eq } from 'drizzle-orm';
import { morningSummaries } from '../../db/schema.js';
import type { Deps } from '../deps.js';
import type { OutboxRow } from './notices.js';

/**
 * The morning summary's mail: the text written when it was queued (engine/summary/), so a retry
 * an hour later still says what the morning looked like.
 */
export async function composeMorningSummary(
  deps: Deps,
  row: OutboxRow,
): Promise<{ channel: 'email'; subject: string; text: string }> {
  const [summary] = await deps.database.db
    .select()
    .from(morningSummaries)
    .where(eq(morningSummaries.id, row.documentId ?? ''));
  if (!summary) throw new Error(`morning summary ${row.documentId} not found`);
  return { channel: 'email', subject: summary.subject, text: summary.text };
}
