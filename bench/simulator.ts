import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { readConfig } from '../engine/config.js';
import { jsonLogger, silentLogger } from '../engine/log.js';
import { type RunningServer, startNodeServer } from '../functions/node.js';
import { HOUR_MS as HOUR, jstWallClock } from '../machines/time.js';
import { prng } from '../scripts/prng.js';
import { signedHeaders } from './lib/sign.js';
import { eventBody, routeAStory, type StoryStep } from './lib/workload.js';

/**
 * A region, simulated: N hospitals post their patients' stays as signed webhooks, M care offices
 * read their notices and answer through the task links, with human delays, some late and some
 * missing steps. It drives the real server over HTTP; only the clock is simulated (days pass in
 * seconds), so deadlines, reminders and escalations fire as they would.
 */
export interface SimulationOptions {
  hospitals: number;
  careOffices: number;
  cases: number;
  days: number;
  /** Share of steps done late (hospital and care managers). */
  late: number;
  /** Share of steps never done (a discharge without the discharge-start step, a care manager who never answers). */
  missing: number;
  seed: number;
  region: string;
  start: string;
  /** Simulated hours per tick: the clock advances, due steps are sent, the sweep runs, mail is read. */
  tickHours: number;
  /** Database file; a temporary one when absent. */
  db?: string;
  port?: number;
  log?: boolean;
}

export const DEFAULTS: SimulationOptions = {
  hospitals: 8,
  careOffices: 12,
  cases: 60,
  days: 21,
  late: 0.15,
  missing: 0.1,
  seed: 1,
  region: 'sanda',
  start: '2026-12-01T08:00:00+09:00',
  tickHours: 1,
};

export interface SimulationSummary {
  cases: number;
  webhooks: Record<string, number>;
  careManagerActions: Record<string, number>;
  mails: number;
  states: Record<string, number>;
  overdueCases: number;
  leaks: Record<string, number>;
  simulatedDays: number;
  wallSeconds: number;
}

type Action = { at: number; run: () => Promise<void> };

/** `YYYY-MM-DDTHH:mm` in Japan time, as the task forms' datetime-local fields take it. */
function jstLocal(ms: number): string {
  return jstWallClock(ms).slice(0, 16);
}

export async function simulateRegion(
  input: Partial<SimulationOptions> = {},
): Promise<{ summary: SimulationSummary; running: RunningServer; close(): Promise<void> }> {
  const o = { ...DEFAULTS, ...input };
  const rng = prng(o.seed);
  const began = performance.now();
  let now = Date.parse(o.start);
  const dir = o.db ? null : await mkdtemp(join(tmpdir(), 'renkei-sim-'));
  const config = readConfig({
    DATABASE_URL: o.db ? `file:${o.db}` : `file:${join(dir!, 'sim.db')}`,
    PORT: String(o.port ?? 0),
    RENKEI_ADMIN_TOKEN: 'simulator-admin-token-0123',
    SCHEDULE_INTERVAL_SECONDS: '0',
    RENKEI_ENV: 'development',
  });
  const running = await startNodeServer(config, { log: o.log ? jsonLogger() : silentLogger, now: () => new Date(now) });
  const base = `http://127.0.0.1:${running.port}`;
  running.deps.config.publicBaseUrl = base;
  const auth = { authorization: `Bearer ${config.adminToken}` };
  const admin = async (path: string, method = 'GET', body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...auth, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };

  const { items } = (await admin('/v1/admin/hospitals')) as { items: { id: string; region: string }[] };
  const hospitals: { id: string; secret: string }[] = [];
  for (const h of items.filter((x) => x.region === o.region).slice(0, o.hospitals)) {
    const { secret } = (await admin(`/v1/admin/hospitals/${h.id}/secrets`, 'POST')) as { secret: string };
    hospitals.push({ id: h.id, secret });
  }
  const offices: string[] = [];
  for (let i = 1; i <= o.careOffices; i++) {
    const id = `${o.region}-sim-office-${String(i).padStart(2, '0')}`;
    await admin(`/v1/admin/care-offices/${id}`, 'PUT', {
      name: `シミュレーション居宅介護支援事業所${i}`,
      email: `office${i}@sim.example.jp`,
      fax: '000-0000-0000',
      phone: '000-0000-0001',
      region: o.region,
      businessHours: { open: '09:00', close: '18:00', closedDays: ['sat', 'sun', 'holiday'] },
    });
    offices.push(id);
  }

  const summary: SimulationSummary = {
    cases: o.cases,
    webhooks: {},
    careManagerActions: {},
    mails: 0,
    states: {},
    overdueCases: 0,
    leaks: {},
    simulatedDays: o.days,
    wallSeconds: 0,
  };
  const count = (m: Record<string, number>, k: string) => {
    m[k] = (m[k] ?? 0) + 1;
  };
  const queue: Action[] = [];
  const at = (when: number, run: () => Promise<void>) => queue.push({ at: when, run });
  const humanDelay = (hours: number) => {
    const late = rng() < o.late;
    return { late, ms: hours * HOUR * (late ? 3 + rng() * 3 : 0.5 + rng()) };
  };

  let webhookSeq = 0;
  const send = async (hospital: { id: string; secret: string }, encounter: string, step: StoryStep) => {
    const body = eventBody(encounter, step, new Date(now).toISOString());
    const id = `sim_${o.seed}_${++webhookSeq}`;
    const res = await fetch(`${base}/v1/hospitals/${hospital.id}/events`, {
      method: 'POST',
      headers: signedHeaders(hospital.secret, id, body),
      body,
    });
    await res.arrayBuffer();
    count(summary.webhooks, `${step.type} ${res.status}`);
  };

  // Hospitals: admissions spread over the first third of the period, in working hours.
  const admitWindow = Math.max(1, Math.floor(o.days / 3)) * 24 * HOUR;
  for (let n = 0; n < o.cases; n++) {
    const hospital = hospitals[n % hospitals.length]!;
    const encounter = `SIM-${o.seed}-${String(n + 1).padStart(5, '0')}`;
    const admittedAt = Date.parse(o.start) + Math.floor(rng() * admitWindow);
    const office = offices[Math.floor(rng() * offices.length)]!;
    const steps = routeAStory(n, office, admittedAt);
    // Some patients' care office is found only after admission (the hospital's deadline to find it).
    const unknownOffice = rng() < 0.15;
    if (unknownOffice) {
      steps[0] = { ...steps[0]!, data: { ...steps[0]!.data, careOfficeId: null, usedCareServices: true } };
      steps.splice(1, 0, { type: 'care_office_identified', afterHours: 24, data: { careOfficeId: office } });
    }
    // A missing discharge-planning step makes a sudden discharge (a leak); a late one a short notice.
    // Missing means no coordination before discharge at all: a conference alone would imply that
    // planning had started (and carry the discharge-start notice), so its conference goes too.
    const planning = steps.findIndex((s) => s.type === 'discharge_planning_started');
    const r = rng();
    if (r < o.missing) steps.splice(planning, 3);
    else if (r < o.missing + o.late) {
      // Late: discharge planning starts the day before discharge, and no conference is held.
      const late = steps.splice(planning, 3)[0]!;
      steps.splice(steps.length - 1, 1, { ...late, afterHours: 150 }, { ...steps.at(-1)!, afterHours: 20 });
    }
    let when = admittedAt;
    for (const step of steps) {
      when += step.afterHours * HOUR * (0.5 + rng());
      const t = when;
      at(t, () => send(hospital, encounter, step));
    }
  }

  // Care managers: each link is answered once, after a human delay, unless it never is.
  const answered = new Set<string>();
  const answer = async (link: string) => {
    const page = await fetch(link);
    const html = await page.text();
    if (page.status !== 200 || !html.includes('<form method="post">')) {
      count(summary.careManagerActions, `viewed ${page.status} (nothing to do)`);
      return;
    }
    const form: Record<string, string> = { confirm: 'yes' };
    if (html.includes('name="providedAt"'))
      Object.assign(form, { providedAt: jstLocal(now), means: rng() < 0.7 ? 'face_to_face' : 'fax' });
    if (html.includes('name="sentOn"')) form.sentOn = jstLocal(now).slice(0, 10);
    if (html.includes('name="contactedAt"')) form.contactedAt = jstLocal(now);
    const res = await fetch(link, {
      method: 'POST',
      headers: { 'user-agent': 'renkei-simulator' },
      body: new URLSearchParams(form),
    });
    const done = await res.text();
    count(summary.careManagerActions, `answered ${res.status}`);
    for (const next of done.matchAll(/href="(https?:\/\/[^"]+\/t\/[^"]+)"/g)) schedule(next[1]!);
  };
  const schedule = (link: string) => {
    if (answered.has(link)) return;
    answered.add(link);
    if (rng() < o.missing) {
      count(summary.careManagerActions, 'never answered');
      return;
    }
    const { ms } = humanDelay(rng() < 0.5 ? 3 : 20);
    at(now + ms, () => answer(link));
  };
  let lastMail = 0;
  const readMail = async () => {
    const res = await fetch(`${base}/dev/mailbox.json`);
    const { items: mails } = (await res.json()) as { items: { id: number; to: string; text: string }[] };
    for (const mail of mails.filter((m) => m.id > lastMail).sort((a, b) => a.id - b.id)) {
      lastMail = mail.id;
      summary.mails++;
      if (!mail.to.endsWith('@sim.example.jp')) continue;
      for (const link of mail.text.match(/https?:\/\/\S+\/t\/[A-Za-z0-9_.-]+/g) ?? []) schedule(link);
    }
  };

  const end = Date.parse(o.start) + o.days * 24 * HOUR;
  while (now < end) {
    now += o.tickHours * HOUR;
    queue.sort((a, b) => a.at - b.at);
    while (queue.length > 0 && queue[0]!.at <= now) await queue.shift()!.run();
    await admin('/v1/scheduled', 'POST', {});
    await readMail();
  }

  const { db } = running.deps.database;
  const states = await db.all<{ state: string; n: number }>(sql`SELECT state, count(*) AS n FROM cases GROUP BY state`);
  for (const s of states) summary.states[s.state] = Number(s.n);
  const leaks = await db.all<{ reason: string; n: number }>(
    sql`SELECT leak_reason AS reason, count(*) AS n FROM cases WHERE leak_reason IS NOT NULL GROUP BY leak_reason`,
  );
  for (const l of leaks) summary.leaks[l.reason] = Number(l.n);
  const overdue = (await admin('/v1/admin/hospitalizations?overdue=true')) as { items: unknown[] };
  summary.overdueCases = overdue.items.length;
  summary.wallSeconds = (performance.now() - began) / 1000;
  return {
    summary,
    running,
    async close() {
      await running.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

function parseArgs(args: string[]): Partial<SimulationOptions> & { serve: boolean } {
  const out: Partial<SimulationOptions> & { serve: boolean } = {
    serve: args.includes('--serve'),
    log: args.includes('--log'),
  };
  for (const a of args) {
    const m = a.match(/^--([a-z-]+)=(.*)$/);
    if (!m) continue;
    const [, key, value] = m as unknown as [string, string, string];
    const camel = key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof SimulationOptions;
    if (!(camel in DEFAULTS) && camel !== 'db' && camel !== 'port') throw new Error(`unknown option --${key}`);
    (out as Record<string, unknown>)[camel] = ['region', 'start', 'db'].includes(camel) ? value : Number(value);
  }
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log(`npm run simulate -- [--hospitals=${DEFAULTS.hospitals}] [--care-offices=${DEFAULTS.careOffices}] [--cases=${DEFAULTS.cases}] [--days=${DEFAULTS.days}]
  [--late=${DEFAULTS.late}] [--missing=${DEFAULTS.missing}] [--seed=${DEFAULTS.seed}] [--region=${DEFAULTS.region}] [--start=ISO] [--tick-hours=1]
  [--db=path/to/file.db] [--port=8787] [--serve] [--log]
--serve keeps the server running afterwards (the clock stays at the end of the period) to browse
/v1/admin/hospitalizations, /dev/mailbox and the task pages.`);
    return;
  }
  const { serve, ...options } = parseArgs(args);
  const sim = await simulateRegion(options);
  console.log(JSON.stringify(sim.summary, null, 2));
  if (serve) {
    console.log(
      `serving on http://127.0.0.1:${sim.running.port} (admin token ${sim.running.deps.config.adminToken}); Ctrl-C stops`,
    );
    process.on('SIGINT', () => {
      void sim.close().then(() => process.exit(0));
    });
  } else {
    await sim.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
