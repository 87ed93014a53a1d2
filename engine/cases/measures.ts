import { eq, isNull } from 'drizzle-orm';
import { cases } from '../../db/schema.js';
import { caseMeasures } from '../../machines/measures.js';
import type { Deps } from '../deps.js';

const BATCH = 200;

/**
 * Derives the measures of stays recorded before they were kept (a database migrated from an
 * earlier version). Cheap when there are none: a probe of a partial index. `maxBatches` bounds
 * one call, so a Worker's start never runs long; what is left is done at the next start.
 */
export async function deriveMissingMeasures(deps: Deps, maxBatches = Infinity): Promise<number> {
  const { db } = deps.database;
  let done = 0;
  for (let b = 0; b < maxBatches; b++) {
    const rows = await db
      .select({ id: cases.id, snapshot: cases.snapshot })
      .from(cases)
      .where(isNull(cases.addOns))
      .limit(BATCH);
    if (rows.length === 0) break;
    await deps.database.commit(
      rows.map((r) => db.update(cases).set(caseMeasures(r.snapshot.context)).where(eq(cases.id, r.id))),
    );
    done += rows.length;
    if (rows.length < BATCH) break;
  }
  return done;
}
