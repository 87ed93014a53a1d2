import { describe, expect, it } from 'vitest';
import { simulateRegion } from '../../bench/simulator.js';
import { tasks } from '../../db/schema.js';

// The simulator is a demo and load tool; these prove it drives the real paths and that its
// late and missing steps show up the way the rule says they should.
describe('region simulator over the real signed webhooks and task links', () => {
  it('with every step on time: every webhook accepted, every task answered, every stay closed, no leak', async () => {
    const sim = await simulateRegion({
      cases: 10,
      hospitals: 4,
      careOffices: 3,
      days: 40,
      late: 0,
      missing: 0,
      seed: 5,
      tickHours: 4,
    });
    try {
      const { summary } = sim;
      expect(summary.webhooks['admitted 202']).toBe(10);
      expect(Object.keys(summary.webhooks).every((k) => k.endsWith(' 202'))).toBe(true);
      expect(summary.careManagerActions['never answered']).toBeUndefined();
      expect(summary.careManagerActions['answered 200']).toBeGreaterThanOrEqual(10 * 2);
      const open = (await sim.running.deps.database.db.select().from(tasks)).filter((t) => t.status === 'open');
      expect(open).toEqual([]);
      expect(summary.states).toEqual({ closed: 10 });
      expect(summary.leaks).toEqual({});
      expect(summary.overdueCases).toBe(0);
    } finally {
      await sim.close();
    }
  });

  it('with every step missing: each discharge home is a leak, and unanswered notices leave cases overdue', async () => {
    const sim = await simulateRegion({
      cases: 6,
      hospitals: 2,
      careOffices: 2,
      days: 40,
      late: 0,
      missing: 1,
      seed: 9,
      tickHours: 4,
    });
    try {
      const { summary } = sim;
      expect(summary.webhooks['discharged 202']).toBe(6);
      expect(summary.leaks).toEqual({ no_discharge_start_notice: 6 });
      expect(summary.careManagerActions['answered 200']).toBeUndefined();
      expect(summary.overdueCases).toBeGreaterThan(0);
    } finally {
      await sim.close();
    }
  });
});
