import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InStatement } from '@libsql/client';
import { and, eq, gte, isNotNull, sql } from 'drizzle-orm';
import { cases } from '../db/schema.js';
import { type HospitalEventInput, recordHospitalEvent } from '../engine/cases/index.js';
import { readConfig } from '../engine/config.js';
import { listCases, listStuck, monthlyMetrics, overview } from '../engine/console/index.js';
import { upsertCareOffice } from '../engine/directory/index.js';
import { silentLogger } from '../engine/log.js';
import { fireDueTimers } from '../engine/sweep/index.js';
import type { NodeDeps as Deps } from '../functions/runtime.js';
import { startEngine } from '../functions/runtime.js';
import { DAY_MS as DAY, HOUR_MS } from '../machines/time.js';
import type { Table } from './lib/report.js';
import { sqlRecorder } from './lib/sqlPlan.js';
import { round, summarize } from './lib/stats.js';
import type { Profile } from './profile.js';

const T0 = Date.parse('2026-12-01T10:00:00+09:00');
/** The sweep runs an hour after the template admission: only the timers made due fire. */
const SWEEP_AT = T0 + HOUR_MS;
// The months as the console in Japan names them at SWEEP_AT.
const THIS_MONTH = '2026-12';
const LAST_MONTH = '2026-11';
const CHUNK = 50_000;

interface ScaleRun {
  activeCases: number;
  seedSeconds: number;
  databaseMiB: number;
  dueTimers: number;
  sweep: { ms: number; fired: number; skipped: number };
  idleSweep: ReturnType<typeof summarize>;
  stuckList: ReturnType<typeof summarize> & { rows: number };
  leakRate: ReturnType<typeof summarize>;
  /** What the console runs: its stuck list, its first page, its monthly measures (this month and the last). */
  consoleStuck: ReturnType<typeof summarize> & { rows: number };
  consoleOverview: ReturnType<typeof summarize>;
  metricsThisMonth: ReturnType<typeof summarize>;
  metricsLastMonth: ReturnType<typeof summarize>;
  stateCounts: ReturnType<typeof summarize>;
  plans: Record<string, string[]>;
}

async function timed(runs: number, f: () => Promise<unknown>) {
  const samples: number[] = [];
  await f(); // a first run warms the page cache, as a live server's would be
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

/** Leak rate by hospital over the last 30 days: the kind of aggregate the console shows. */
function leakRate(deps: Deps, now: number) {
  const { db } = deps.database;
  return db
    .select({
      hospitalId: cases.hospitalId,
      dischargedHome: sql<number>`count(*)`,
      leaks: sql<number>`sum(${cases.leakReason} IS NOT NULL)`,
    })
    .from(cases)
    .where(
      and(
        isNotNull(cases.dischargedAt),
        gte(cases.dischargedAt, now - 30 * DAY),
        eq(cases.dischargeDestination, 'home'),
      ),
    )
    .groupBy(cases.hospitalId);
}

function stateCounts(deps: Deps) {
  const { db } = deps.database;
  return db.select({ state: cases.state, n: sql<number>`count(*)` }).from(cases).groupBy(cases.state);
}

/**
 * Seeds `n` active cases by direct bulk inserts: one real admission is recorded through the
 * engine, then copied n times by SQL (recursive CTE, 50k rows per transaction) with its timers,
 * tasks and event, new ids throughout. Then a share becomes overdue (2%), a share discharged home
 * within 90 days (20%, a tenth of them leaks), and `due` cases get one timer due before the sweep.
 */
async function seed(deps: Deps, n: number, due: number): Promise<void> {
  const { client } = deps.database;
  await upsertCareOffice(deps, 'sanda-scale-office', { name: 'スケール居宅', email: 'scale@bench.example.jp' });
  const template = await recordHospitalEvent(deps, 'sanda-shimin', 'template', {
    type: 'admitted',
    hospitalizationId: 'TEMPLATE',
    occurredAt: new Date(T0).toISOString(),
    data: {
      patient: { name: '佐藤 花子', birthDate: '1940-01-01' },
      ward: '4階東病棟',
      careOfficeId: 'sanda-scale-office',
    },
  } as HospitalEventInput);
  if (template.kind !== 'accepted') throw new Error(`template admission: ${template.kind}`);
  const tpl = template.caseId;
  const tplRow = await client.execute({ sql: 'SELECT snapshot FROM cases WHERE id = ?', args: [tpl] });
  const sheetDeadline = (
    JSON.parse(String(tplRow.rows[0]!.snapshot)) as { context: { deadlines: { key: string }[] } }
  ).context.deadlines.findIndex((d) => d.key === 'informationSheet');
  if (sheetDeadline < 0) throw new Error('the template admission has no informationSheet deadline');
  const newId = `'case_s' || n`;
  const copy = (from: number, to: number): InStatement[] => {
    const seq = `WITH RECURSIVE seq(n) AS (SELECT ${from} UNION ALL SELECT n + 1 FROM seq WHERE n < ${to}),
      h(i, id) AS (SELECT row_number() OVER (ORDER BY id) - 1, id FROM hospitals WHERE region_id = 'sanda')`;
    return [
      `${seq} INSERT INTO cases (id, hospital_id, hospitalization_id, region_id, care_office_id, route, state, snapshot, version,
         overdue, admitted_at, discharged_at, discharge_destination, leak_reason, closed_reason, patient_key, previous_case_id, created_at, updated_at, information_sheet_status, discharge_planning_started_at, add_ons, add_on_claims, overdue_deadlines)
       SELECT ${newId}, h.id, 'S-' || n, c.region_id, c.care_office_id, c.route, c.state,
         replace(c.snapshot, '${tpl}', ${newId}), c.version, c.overdue, c.admitted_at - (n % 60) * ${DAY}, NULL, NULL, NULL, NULL,
         'pk' || n, NULL, c.created_at, c.updated_at, c.information_sheet_status, c.discharge_planning_started_at, c.add_ons, c.add_on_claims, c.overdue_deadlines
       FROM seq JOIN h ON h.i = n % (SELECT count(*) FROM h) CROSS JOIN cases c WHERE c.id = '${tpl}'`,
      `${seq} INSERT INTO timers (id, case_id, deadline_key, kind, due_at, status, claimed_until, fired_at) SELECT replace(t.id, '${tpl}', ${newId}), ${newId}, t.deadline_key, t.kind,
         t.due_at + (n % 1440) * 60000, 'pending', NULL, NULL FROM seq CROSS JOIN timers t WHERE t.case_id = '${tpl}'`,
      `${seq} INSERT INTO tasks (id, case_id, kind, status, created_at, expires_at, done_at, result) SELECT t.id || '_' || n, ${newId}, t.kind, t.status, t.created_at, t.expires_at, NULL, NULL
         FROM seq CROSS JOIN tasks t WHERE t.case_id = '${tpl}'`,
      `${seq} INSERT INTO case_events (case_id, seq, source, dedupe_key, type, occurred_at, received_at, data, fact, outcome, state_after, detail)
         SELECT ${newId}, e.seq, e.source, e.dedupe_key || ':' || n, e.type, e.occurred_at, e.received_at, e.data, e.fact, e.outcome, e.state_after, e.detail
         FROM seq CROSS JOIN case_events e WHERE e.case_id = '${tpl}'`,
    ];
  };
  for (let from = 1; from <= n; from += CHUNK) {
    await client.batch(copy(from, Math.min(n, from + CHUNK - 1)), 'write');
  }
  await client.batch(
    [
      // Overdue in the snapshot too, as a sweep leaves it: the console's stuck list reads the deadline there.
      `UPDATE cases SET overdue = '["informationSheet"]', snapshot = json_set(snapshot, '$.context.deadlines[${sheetDeadline}].status', 'overdue'),
         overdue_deadlines = json_array(json_extract(snapshot, '$.context.deadlines[${sheetDeadline}]'))
       WHERE id LIKE 'case_s%' AND rowid % 50 = 0`,
      `UPDATE cases SET state = 'closed', discharge_destination = 'home', discharged_at = ${T0} - (rowid % 90) * ${DAY},
       leak_reason = CASE WHEN rowid % 10 = 0 THEN 'no_discharge_start_notice' END WHERE id LIKE 'case_s%' AND rowid % 5 = 1`,
    ],
    'write',
  );
  const step = Math.max(1, Math.floor(n / due));
  await client.execute({
    sql: `UPDATE timers SET due_at = ? WHERE kind = 'remind' AND case_id IN
      (SELECT 'case_s' || (value * ${step} + 1) FROM json_each(?))`,
    args: [SWEEP_AT - 60_000, JSON.stringify(Array.from({ length: due }, (_, i) => i))],
  });
  await client.execute('ANALYZE');
}

async function measureScale(profile: Profile, n: number): Promise<ScaleRun> {
  const dir = await mkdtemp(join(profile.dir ?? tmpdir(), 'renkei-scale-'));
  const path = join(dir, 'scale.db');
  const deps = await startEngine(
    readConfig({ DATABASE_URL: `file:${path}`, RENKEI_ADMIN_TOKEN: 'x'.repeat(20), SCHEDULE_INTERVAL_SECONDS: '0' }),
    {
      log: silentLogger,
      now: () => new Date(SWEEP_AT),
    },
  );
  try {
    const t0 = performance.now();
    await seed(deps, n, profile.dueTimers);
    const seedSeconds = (performance.now() - t0) / 1000;
    const pages = await deps.database.client.execute(
      'SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()',
    );
    const rec = sqlRecorder(deps);
    const plans: Record<string, string[]> = {};
    plans['due timers (engine/timers.ts fireDueTimers)'] = await rec.planOf((d) =>
      fireDueTimers(d, new Date(T0 - DAY)),
    );
    plans['stuck list (GET /v1/admin/hospitalizations?overdue=true)'] = await rec.planOf((d) =>
      listCases(d, { overdue: true }),
    );
    plans['leak rate by hospital, 30 days'] = await rec.planOf((d) => leakRate(d, T0));
    plans['cases by state'] = await rec.planOf((d) => stateCounts(d));
    plans['console stuck list (engine/stuck.ts listStuck)'] = await rec.planOf((d) => listStuck(d, {}));
    plans['console metrics, this month (engine/metrics.ts monthlyMetrics)'] = await rec.planOf((d) =>
      monthlyMetrics(d, { month: THIS_MONTH }),
    );

    const dueBefore = await deps.database.client.execute({
      sql: `SELECT count(*) AS n FROM timers WHERE status = 'pending' AND due_at <= ?`,
      args: [SWEEP_AT],
    });
    const s0 = performance.now();
    const fired = await fireDueTimers(deps, new Date(SWEEP_AT));
    const sweepMs = performance.now() - s0;
    const idleSweep = await timed(profile.queryRuns, () => fireDueTimers(deps, new Date(SWEEP_AT)));
    rec.close();
    const stuck = await listCases(deps, { overdue: true });
    const stuckList = {
      ...(await timed(profile.queryRuns, () => listCases(deps, { overdue: true }))),
      rows: stuck.length,
    };
    return {
      activeCases: n,
      seedSeconds,
      databaseMiB: Number(pages.rows[0]!.bytes) / 2 ** 20,
      dueTimers: Number(dueBefore.rows[0]!.n),
      sweep: { ms: sweepMs, fired: fired.fired, skipped: fired.skipped },
      idleSweep,
      stuckList,
      leakRate: await timed(profile.queryRuns, () => leakRate(deps, T0)),
      stateCounts: await timed(profile.queryRuns, () => stateCounts(deps)),
      consoleStuck: {
        ...(await timed(profile.queryRuns, () => listStuck(deps, {}))),
        rows: (await listStuck(deps, {})).length,
      },
      consoleOverview: await timed(profile.queryRuns, () => overview(deps, {})),
      metricsThisMonth: await timed(profile.queryRuns, () => monthlyMetrics(deps, { month: THIS_MONTH })),
      metricsLastMonth: await timed(profile.queryRuns, () => monthlyMetrics(deps, { month: LAST_MONTH })),
      plans,
    };
  } finally {
    deps.database.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function scaleBench(profile: Profile): Promise<{ tables: Table[]; raw: ScaleRun[] }> {
  const runs: ScaleRun[] = [];
  for (const n of profile.scales) {
    console.log(`scale: ${n.toLocaleString('en')} active cases, ${profile.dueTimers} due timers`);
    runs.push(await measureScale(profile, n));
  }
  const last = runs.at(-1)!;
  return {
    raw: runs,
    tables: [
      {
        title: `Sweep and queries at scale (${profile.dueTimers} due timers at every size; ${profile.queryRuns} runs per query)`,
        columns: [
          'active cases',
          'seed s',
          'DB MiB',
          'due timers',
          'sweep ms (fires them)',
          'ms per fired timer',
          'idle sweep p50/p99 ms',
          'stuck list p50/p99 ms (rows)',
          'leak rate p50/p99 ms',
          'cases by state p50/p99 ms',
        ],
        rows: runs.map((r) => [
          r.activeCases.toLocaleString('en'),
          round(r.seedSeconds, 1),
          round(r.databaseMiB, 0),
          r.dueTimers,
          round(r.sweep.ms, 0),
          round(r.sweep.ms / Math.max(1, r.sweep.fired)),
          `${round(r.idleSweep.p50)} / ${round(r.idleSweep.p99)}`,
          `${round(r.stuckList.p50)} / ${round(r.stuckList.p99)} (${r.stuckList.rows})`,
          `${round(r.leakRate.p50)} / ${round(r.leakRate.p99)}`,
          `${round(r.stateCounts.p50)} / ${round(r.stateCounts.p99)}`,
        ]),
      },
      {
        title: 'The console at scale: what an administrator opens (the same runs per query)',
        columns: [
          'active cases',
          'stuck list p50/p99 ms (items)',
          'overview p50/p99 ms',
          'metrics this month p50/p99 ms',
          'metrics last month p50/p99 ms',
        ],
        rows: runs.map((r) => [
          r.activeCases.toLocaleString('en'),
          `${round(r.consoleStuck.p50)} / ${round(r.consoleStuck.p99)} (${r.consoleStuck.rows})`,
          `${round(r.consoleOverview.p50)} / ${round(r.consoleOverview.p99)}`,
          `${round(r.metricsThisMonth.p50)} / ${round(r.metricsThisMonth.p99)}`,
          `${round(r.metricsLastMonth.p50)} / ${round(r.metricsLastMonth.p99)}`,
        ]),
      },
      {
        title: `EXPLAIN QUERY PLAN at ${last.activeCases.toLocaleString('en')} cases`,
        columns: ['query', 'plan'],
        rows: Object.entries(last.plans).map(([q, plan]) => [q, plan.map((p) => `\`${p}\``).join('; ')]),
      },
    ],
  };
}
