import { and, desc, eq } from 'drizzle-orm';
import type { Statement } from '../../db/database.js';
import { nursingSummaries } from '../../db/schema.js';
import type { NursingSummary } from '../../notifiers/nursingSummaryItems.js';
import { newId } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import { openNursingSummary, sealNursingSummary } from '../patients/index.js';
import type { LoadedCase } from './caseStore.js';
import type { Source } from './record.js';

// 看護サマリー (Sanda A⑤) posted as data with `nursing_summary_sent`, by the hospital's webhook or by
// hand in the console: sealed before the fact is recorded, written in the fact's own batch (only
// when the machine accepts it), and named in the event log by its row id instead of its content.

export interface SummaryParts {
  /** What the event log keeps in place of the summary. */
  logged: { summaryId: string };
  /** The sealed row, committed with the accepted fact. */
  extra: (loaded: LoadedCase) => Statement[];
}

/** Seals a posted summary for its fact; null for an old-style fact that carries none (sent by FAX or by hand). */
export async function nursingSummaryParts(
  deps: Deps,
  summary: NursingSummary | undefined,
  occurredAt: string,
  source: Source,
): Promise<SummaryParts | null> {
  if (!summary) return null;
  const id = newId('nsum');
  const content = await sealNursingSummary(deps, id, summary);
  return {
    logged: { summaryId: id },
    extra: (loaded) => [
      deps.database.db.insert(nursingSummaries).values({
        id,
        caseId: loaded.row.id,
        sentAt: Date.parse(occurredAt),
        source,
        content,
        createdAt: deps.now().getTime(),
      }),
    ],
  };
}

export interface StoredSummary {
  summary: NursingSummary;
  /** When the hospital sent it (ISO). */
  sentAt: string;
  /** How many summaries the stay has: a later one supersedes. */
  count: number;
}

/** The stay's latest nursing summary, opened; null when none was posted as data. */
export async function latestNursingSummary(deps: Deps, caseId: string): Promise<StoredSummary | null> {
  const rows = await deps.database.db
    .select()
    .from(nursingSummaries)
    .where(and(eq(nursingSummaries.caseId, caseId)))
    .orderBy(desc(nursingSummaries.sentAt), desc(nursingSummaries.createdAt));
  const row = rows[0];
  if (!row) return null;
  return {
    summary: await openNursingSummary(deps, row),
    sentAt: new Date(row.sentAt).toISOString(),
    count: rows.length,
  };
}
