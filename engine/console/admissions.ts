import { and, eq, inArray } from 'drizzle-orm';
import { cases } from '../../db/schema.js';
import type { Deps } from '../deps.js';

/**
 * Which of these 入院番号 the hospital has registered already, and their cases: a second
 * registration is refused before anything is recorded, with a link to the stay that exists.
 */
export async function registeredStays(
  deps: Deps,
  hospitalId: string,
  hospitalizationIds: string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const unique = [...new Set(hospitalizationIds)];
  // SQLite binds at most a few hundred values per statement comfortably: ask in slices.
  for (let i = 0; i < unique.length; i += 200) {
    const rows = await deps.database.db
      .select({ id: cases.id, hospitalizationId: cases.hospitalizationId })
      .from(cases)
      .where(and(eq(cases.hospitalId, hospitalId), inArray(cases.hospitalizationId, unique.slice(i, i + 200))));
    for (const r of rows) found.set(r.hospitalizationId, r.id);
  }
  return found;
}
