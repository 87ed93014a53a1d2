import type { NursingSummary } from '../../notifiers/nursingSummaryItems.js';
import { open, seal } from '../crypto/index.js';
import type { Deps } from '../deps.js';

// 看護サマリー at rest: sealed like the patient's name (engine/patients/patients.ts), with the same
// data keys, so `npm run keys:rotate` re-seals it with them.

/** What the ciphertext is bound to: this summary's row, so it cannot be moved onto another. */
export const nursingSummaryContext = (id: string) => `nursing_summaries.content|${id}`;

export function sealNursingSummary(deps: Pick<Deps, 'dataKeys'>, id: string, summary: NursingSummary): Promise<string> {
  return seal(deps.dataKeys, JSON.stringify(summary), nursingSummaryContext(id));
}

export async function openNursingSummary(
  deps: Pick<Deps, 'dataKeys'>,
  row: { id: string; content: string },
): Promise<NursingSummary> {
  return JSON.parse(await open(deps.dataKeys, row.content, nursingSummaryContext(row.id))) as NursingSummary;
}
