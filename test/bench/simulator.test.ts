import { describe, expect, it } from 'vitest';
import { compareStays, type SimulatedStay } from '../../bench/lib/stayOutcomes.js';
import { compareReminders, simulateRegion } from '../../bench/simulator.js';
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
  }, 240_000); // a simulated month on a shared machine

  it('with every step missing and no reminder read: each discharge home is a leak, and unanswered notices leave cases overdue', async () => {
    const sim = await simulateRegion({
      cases: 6,
      hospitals: 2,
      careOffices: 2,
      days: 40,
      late: 0,
      missing: 1,
      seed: 9,
      tickHours: 4,
      reminders: false,
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
  }, 240_000); // a simulated month on a shared machine
});

// Issue 14 item 5: the hospital-owned discharge-start deadline reminds the hospital's window before an
// expected discharge; the simulator runs the same seeded hospitals with and without reading it.
describe('region simulator: leak rate with and without the discharge-start reminders', () => {
  // Overridable and printed, so a failing draw can be replayed.
  const seed = Number(process.env.SIMULATOR_SEED ?? 11);

  it('a reminder FAXed to the hospital window before an expected discharge prevents the leak of a forgotten discharge-start notice', async () => {
    console.log(`simulator seed ${seed} (SIMULATOR_SEED=${seed} repeats it)`);
    const { comparison, summaries } = await compareReminders({
      cases: 6,
      hospitals: 3,
      careOffices: 2,
      days: 20,
      late: 0,
      missing: 1,
      expected: 1,
      heed: 1,
      seed,
      tickHours: 6,
    });
    // The same hospitals: the same stays were discharged home in both runs.
    expect(comparison.with.dischargedHome).toBe(comparison.without.dischargedHome);
    expect(comparison.without.dischargedHome).toBeGreaterThan(0);
    // Unread, the reminders change nothing: every forgotten notice is a leak.
    expect(comparison.without.leaks).toBe(comparison.without.dischargedHome);
    expect(summaries.without.dischargeStartReminders.actedOn).toBe(0);
    // Read, they are the only thing that starts discharge planning (the habit is to forget it).
    expect(summaries.with.dischargeStartReminders.actedOn).toBeGreaterThan(0);
    expect(comparison.with.leakRate).toBeLessThan(comparison.without.leakRate);
    expect(comparison.prevented.length).toBe(comparison.without.leaks - comparison.with.leaks);
    for (const p of comparison.prevented) expect(p.remindedAt).not.toBeNull();
    expect(comparison.worse).toEqual([]);
    // With every habit a forgotten notice and every reminder heeded, only an early discharge beats it.
    for (const n of comparison.notPrevented)
      expect([
        'discharged before the reminder (earlier than expected)',
        'discharged before the window acted on the reminder',
      ]).toContain(n.why);
  }, 300_000); // two simulated three weeks on a shared machine
});

describe('comparing a stay with itself, without and with reminders', () => {
  const stay = (over: Partial<SimulatedStay>): SimulatedStay => ({
    encounter: 'A-1',
    planning: 'missing',
    expectedShared: true,
    heedsReminder: true,
    remindedAt: null,
    planningAt: null,
    planningBy: null,
    dischargedAt: 10,
    leakReason: 'no_discharge_start_notice',
    dischargedHome: true,
    ...over,
  });
  const clock = (ms: number) => `t${ms}`;

  it('a leak that became on time is prevented; one that became a late notice is a prevented leak too', () => {
    const without = [stay({}), stay({ encounter: 'A-2' })];
    const withR = [
      stay({ remindedAt: 5, planningAt: 6, leakReason: null }),
      stay({ encounter: 'A-2', remindedAt: 5, planningAt: 6, leakReason: 'discharge_start_notice_late' }),
    ];
    const c = compareStays(1, without, withR, clock);
    expect(c.prevented).toEqual([
      { encounter: 'A-1', without: 'leak', with: 'on time', remindedAt: 't5' },
      { encounter: 'A-2', without: 'leak', with: 'late notice', remindedAt: 't5' },
    ]);
    expect(c.without).toMatchObject({ dischargedHome: 2, leaks: 2, lateNotices: 0, leakRate: 1 });
    expect(c.with).toMatchObject({ dischargedHome: 2, leaks: 0, lateNotices: 1, leakRate: 0, lateNoticeRate: 0.5 });
  });

  it('a leak or late notice not prevented says why: no expected stay, discharged first, not acted on, late anyway', () => {
    const without = ['B-1', 'B-2', 'B-3', 'B-4', 'B-5'].map((encounter) => stay({ encounter }));
    const late = 'discharge_start_notice_late' as const;
    const withR = [
      stay({ encounter: 'B-1', expectedShared: false }),
      stay({ encounter: 'B-2' }),
      stay({ encounter: 'B-3', remindedAt: 5, heedsReminder: false }),
      stay({ encounter: 'B-4', remindedAt: 5, planningAt: 6, planningBy: 'habit', leakReason: late }),
      stay({ encounter: 'B-5', remindedAt: 5 }),
    ];
    const c = compareStays(1, without, withR, clock);
    expect(c.notPrevented.map((n) => n.why)).toEqual([
      'no expected length of stay shared: no deadline, so no reminder',
      'discharged before the reminder (earlier than expected)',
      'reminder FAXed and read, not acted on',
      'discharged before the window acted on the reminder',
    ]);
    // A leak that became a late notice is a prevented leak, whatever else is said of it.
    expect(c.prevented.map((p) => p.encounter)).toEqual(['B-4']);
    const lateBoth = compareStays(
      1,
      [stay({ leakReason: late })],
      [stay({ remindedAt: 5, planningAt: 6, planningBy: 'habit', leakReason: late })],
      clock,
    );
    expect(lateBoth.notPrevented.map((n) => n.why)).toEqual([
      'its own late planning came before the window acted on the reminder',
    ]);
  });

  it('a stay not discharged home in either run is not counted', () => {
    const c = compareStays(1, [stay({ dischargedHome: false })], [stay({ dischargedHome: false })], clock);
    expect(c.without.dischargedHome).toBe(0);
    expect([...c.prevented, ...c.notPrevented, ...c.worse]).toEqual([]);
  });
});
