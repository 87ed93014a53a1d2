import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveMissingMeasures } from '../../../engine/cases/index.js';
import { listStuck, monthlyMetrics } from '../../../engine/console/index.js';
import { demoPlan } from '../../../scripts/demo/plan.js';
import { runDemo } from '../../../scripts/demo/run.js';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../../support/server.js';

// The metrics page reads measures derived at every commit and held in indexes. Stays recorded
// before the measures were kept get them derived from their snapshots at the next start.

const END = '2026-11-30T20:00:00+09:00';

describe('monthly measures are kept at every commit, and derived for stays recorded before', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false, start: END });
    const plan = demoPlan({ end: Date.parse(END) });
    await runDemo({ base: s.base, adminToken: ADMIN_TOKEN, setNow: (iso) => s.clock.set(iso) }, plan, Date.parse(END));
  }, 180_000);
  afterAll(async () => {
    await s?.close();
  });

  it('every stay keeps its measures; wiped, the stuck list reads its snapshot, they are derived again and the month reads the same', async () => {
    const deps = s.running.deps;
    const { db } = deps.database;
    const unmeasured = async () =>
      Number((await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM cases WHERE add_ons IS NULL`))[0]!.n);
    expect(await unmeasured()).toBe(0);
    const kept = await monthlyMetrics(deps, { month: '2026-11' });
    const region = kept.rows.find((r) => r.scope === 'region')!;
    expect(region.dischargesHome).toBeGreaterThan(0);
    expect(region.informationSheets).toBeGreaterThan(0);
    expect(Object.keys(region.addOns).length).toBeGreaterThan(0);
    expect(region.dischargeStartDays.count).toBeGreaterThan(0);
    const stuck = await listStuck(deps, {});
    expect(stuck.filter((i) => i.kind === 'deadline').length).toBeGreaterThan(0);

    await db.run(
      sql`UPDATE cases SET add_ons = NULL, add_on_claims = NULL, information_sheet_status = NULL, discharge_planning_started_at = NULL, overdue_deadlines = NULL`,
    );
    const total = Number((await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM cases`))[0]!.n);
    expect(
      (await monthlyMetrics(deps, { month: '2026-11' })).rows.find((r) => r.scope === 'region')!.informationSheets,
    ).toBe(0);
    expect(await listStuck(deps, {})).toEqual(stuck);
    expect(await deriveMissingMeasures(deps)).toBe(total);
    expect(await unmeasured()).toBe(0);
    expect(await monthlyMetrics(deps, { month: '2026-11' })).toEqual(kept);
    expect(await listStuck(deps, {})).toEqual(stuck);
  });
});
