import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthlyMetrics } from '../../engine/metrics.js';
import { demoPlan } from '../../scripts/demo/plan.js';
import { runDemo } from '../../scripts/demo/run.js';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.js';

// The metrics page reads the measures kept beside each snapshot; stays recorded before they were
// kept are measured from their snapshot. Both must give the same month, on the demo's varied stays.

const END = '2026-11-30T20:00:00+09:00';

describe('monthly measures from the kept measures equal those from the snapshots', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false, start: END });
    const plan = demoPlan({ end: Date.parse(END) });
    await runDemo({ base: s.base, adminToken: ADMIN_TOKEN, setNow: (iso) => s.clock.set(iso) }, plan, Date.parse(END));
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  it('every stay keeps its measures, and the month reads the same without them', async () => {
    const deps = s.running.deps;
    const { db } = deps.database;
    const missing = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM cases WHERE measures IS NULL`);
    expect(Number(missing[0]!.n)).toBe(0);
    const kept = await monthlyMetrics(deps, { month: '2026-11' });
    expect(kept.rows.find((r) => r.scope === 'region')!.dischargesHome).toBeGreaterThan(0);
    expect(kept.rows.some((r) => Object.keys(r.addOns).length > 0)).toBe(true);
    expect(kept.rows.some((r) => r.dischargeStartDays.count > 0)).toBe(true);

    await db.run(sql`UPDATE cases SET measures = NULL`);
    const fromSnapshots = await monthlyMetrics(deps, { month: '2026-11' });
    expect(fromSnapshots).toEqual(kept);
  });
});
