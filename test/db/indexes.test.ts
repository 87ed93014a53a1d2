import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRecorder } from '../../bench/lib/sqlPlan.js';
import { readConfig } from '../../engine/config.js';
import { listCases } from '../../engine/console/index.js';
import { silentLogger } from '../../engine/log.js';
import { fireDueTimers } from '../../engine/sweep/index.js';
import type { NodeDeps as Deps } from '../../functions/runtime.js';
import { startEngine } from '../../functions/runtime.js';

// Cost must follow due work and listed rows, not the number of active cases: these plans say so
// (the figures at 100k cases are in BENCHMARKS.md, measured by npm run bench -- scale).
describe('the sweep and the stuck list are served by indexes', () => {
  let dir: string;
  let deps: Deps;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-plans-'));
    deps = await startEngine(
      readConfig({ DATABASE_URL: `file:${join(dir, 'p.db')}`, RENKEI_ADMIN_TOKEN: 'x'.repeat(20) }),
      { log: silentLogger },
    );
  });
  afterAll(async () => {
    deps.database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('deadlines: due timers are found through the pending-due index', async () => {
    const rec = sqlRecorder(deps);
    const plan = await rec.planOf((d) => fireDueTimers(d, new Date())).finally(() => rec.close());
    expect(plan.join('\n')).toMatch(/SEARCH timers USING INDEX timers_pending_due/);
  });

  it('administrators: the overdue list reads only overdue cases, newest first, without sorting', async () => {
    const rec = sqlRecorder(deps);
    const plan = await rec.planOf((d) => listCases(d, { overdue: true })).finally(() => rec.close());
    expect(plan.join('\n')).toMatch(/USING INDEX cases_overdue_admitted/);
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
  });
});
