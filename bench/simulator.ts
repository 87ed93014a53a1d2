import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { readConfig } from '../engine/config.js';
import { jsonLogger, silentLogger } from '../engine/log.js';
import { type RunningServer, startNodeServer } from '../functions/node.js';
import { DAY_MS as DAY, HOUR_MS as HOUR, jstWallClock } from '../machines/time.js';
import type { LeakReason } from '../machines/types.js';
import { faxDigits } from '../notifiers/fax.js';
import { prng } from '../scripts/prng.js';
import { signedHeaders } from './lib/sign.js';
import {
  compareStays,
  type ReminderComparison,
  type SimulatedStay,
  type SurveyRates,
  surveyRates,
} from './lib/stayOutcomes.js';
import { eventBody, routeAStory, type StoryStep } from './lib/workload.js';

/**
 * A region, simulated: N hospitals post their patients' stays as signed webhooks, M care offices
 * read their notices and answer through the task links, with human delays, some late and some
 * missing steps. It drives the real server over HTTP; only the clock is simulated (days pass in
 * seconds), so deadlines, reminders and escalations fire as they would. Hospital windows read their
 * FAXes (through the email-to-FAX gateway into the development mailbox) and may act on the
 * discharge-start reminders; compareReminders runs the same seeded region with and without that.
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
  /**
   * Share of stays whose treatment plan carries an expected length of stay: what the hospital's
   * discharge-start deadline (and so its reminder) is counted from. The others have no reminder.
   */
  expected: number;
  /** Share of the discharge-start reminder FAXes a hospital window acts on (it starts discharge planning). */
  heed: number;
  /**
   * Whether the hospitals read the discharge-start reminders renkei FAXes to their window. Off, the
   * same hospitals (the same seeded behaviour) leave their FAX tray unread: the region without them.
   */
  reminders: boolean;
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
  expected: 0.85,
  heed: 0.8,
  reminders: true,
  region: 'sanda',
  start: '2026-12-01T08:00:00+09:00',
  tickHours: 1,
};

export interface SimulationSummary {
  seed: number;
  reminders: boolean;
  cases: number;
  webhooks: Record<string, number>;
  careManagerActions: Record<string, number>;
  mails: number;
  /** Discharge-start reminders FAXed to the hospitals' windows, and how many the hospitals acted on. */
  dischargeStartReminders: { faxed: number; actedOn: number };
  states: Record<string, number>;
  overdueCases: number;
  leaks: Record<string, number>;
  /** The survey's measures (seed 003) over the stays discharged home in the period. */
  survey: SurveyRates;
  simulatedDays: number;
  wallSeconds: number;
}

type Action = { at: number; run: () => Promise<void> };

/** `YYYY-MM-DDTHH:mm` in Japan time, as the task forms' datetime-local fields take it. */
function jstLocal(ms: number): string {
  return jstWallClock(ms).slice(0, 16);
}

/** The FAX gateway's mail domain: a FAX to a hospital window lands in the development mailbox as `<digits>@` it. */
const FAX_DOMAIN = 'fax.sim.example.jp';
const EXPECTED_STAY_DAYS = 14;

export async function simulateRegion(input: Partial<SimulationOptions> = {}): Promise<{
  summary: SimulationSummary;
  stays: SimulatedStay[];
  running: RunningServer;
  close(): Promise<void>;
}> {
  const o = { ...DEFAULTS, ...input };
  // Hospitals' habits are drawn from `rng` before the run, care managers' answers from their own
  // stream during it: with and without reminders, the hospitals behave the same.
  const rng = prng(o.seed);
  const careManagerRng = prng(o.seed ^ 0x5eed_cafe);
  const began = performance.now();
  let now = Date.parse(o.start);
  const dir = o.db ? null : await mkdtemp(join(tmpdir(), 'renkei-sim-'));
  const config = readConfig({
    DATABASE_URL: o.db ? `file:${o.db}` : `file:${join(dir!, 'sim.db')}`,
    PORT: String(o.port ?? 0),
    RENKEI_ADMIN_TOKEN: 'simulator-admin-token-0123',
    SCHEDULE_INTERVAL_SECONDS: '0',
    RENKEI_ENV: 'development',
    // Hospital windows take documents and reminders by FAX; through the gateway they reach the mailbox.
    FAX_PROVIDER: 'email-gateway',
    FAX_GATEWAY_DOMAIN: FAX_DOMAIN,
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

  const { items } = (await admin('/v1/admin/hospitals')) as {
    items: { id: string; region: string; windows: { fax: string | null }[] }[];
  };
  const hospitals: { id: string; secret: string; faxes: Set<string> }[] = [];
  for (const h of items.filter((x) => x.region === o.region).slice(0, o.hospitals)) {
    const { secret } = (await admin(`/v1/admin/hospitals/${h.id}/secrets`, 'POST')) as { secret: string };
    const faxes = new Set(h.windows.flatMap((w) => (w.fax ? [`${faxDigits(w.fax)}@${FAX_DOMAIN}`] : [])));
    hospitals.push({ id: h.id, secret, faxes });
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
    seed: o.seed,
    reminders: o.reminders,
    cases: o.cases,
    webhooks: {},
    careManagerActions: {},
    mails: 0,
    dischargeStartReminders: { faxed: 0, actedOn: 0 },
    states: {},
    overdueCases: 0,
    leaks: {},
    survey: surveyRates([]),
    simulatedDays: o.days,
    wallSeconds: 0,
  };
  const count = (m: Record<string, number>, k: string) => {
    m[k] = (m[k] ?? 0) + 1;
  };
  const queue: Action[] = [];
  const at = (when: number, run: () => Promise<void>) => queue.push({ at: when, run });

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
    return res.status;
  };

  // Hospitals: admissions spread over the first third of the period, in working hours. Each stay's
  // steps are timed first; a hospital's habit then drops or moves its discharge-planning step, so
  // the discharge itself comes when it would have.
  interface Stay extends SimulatedStay {
    hospital: (typeof hospitals)[number];
    /** The day the hospital will discharge: what it gives as the expected date when a reminder starts its planning. */
    dischargeOn: string;
    reactHours: number;
  }
  const stays = new Map<string, Stay>();
  const admitWindow = Math.max(1, Math.floor(o.days / 3)) * 24 * HOUR;
  for (let n = 0; n < o.cases; n++) {
    const hospital = hospitals[n % hospitals.length]!;
    const encounter = `SIM-${o.seed}-${String(n + 1).padStart(5, '0')}`;
    const admittedAt = Date.parse(o.start) + Math.floor(rng() * admitWindow);
    const office = offices[Math.floor(rng() * offices.length)]!;
    const story = routeAStory(n, office, admittedAt);
    // Some patients' care office is found only after admission (the hospital's deadline to find it).
    const unknownOffice = rng() < 0.15;
    if (unknownOffice) {
      story[0] = { ...story[0]!, data: { ...story[0]!.data, careOfficeId: null, usedCareServices: true } };
      story.splice(1, 0, { type: 'care_office_identified', afterHours: 24, data: { careOfficeId: office } });
    }
    const expectedShared = rng() < o.expected;
    const plan = story.findIndex((s) => s.type === 'treatment_plan_shared');
    story[plan] = {
      ...story[plan]!,
      data: { expectedLengthOfStayDays: expectedShared ? EXPECTED_STAY_DAYS : null },
    };
    let when = admittedAt;
    const timed = story.map((step) => {
      when += step.afterHours * HOUR * (0.5 + rng());
      return { step, at: when };
    });
    // A missing discharge-planning step makes a sudden discharge (a leak); a late one a short notice.
    // Missing means no coordination before discharge at all: a conference alone would imply that
    // planning had started (and carry the discharge-start notice), so its conference goes too.
    const planningAt = timed.findIndex((s) => s.step.type === 'discharge_planning_started');
    const r = rng();
    const planning: SimulatedStay['planning'] = r < o.missing ? 'missing' : r < o.missing + o.late ? 'late' : 'on_time';
    const dischargeAt = timed.at(-1)!.at;
    if (planning !== 'on_time') {
      timed.splice(planningAt, 3);
      // Late: discharge planning starts two days before the discharge, no conference is held, and the
      // date it gives is the one its treatment plan foresaw (the discharge came sooner): the care
      // manager hears of it with fewer than the region's lead days to go, a late notice.
      const step = {
        type: 'discharge_planning_started',
        afterHours: 0,
        data: { expectedDischargeDate: jstWallClock(admittedAt + EXPECTED_STAY_DAYS * DAY).slice(0, 10) },
      };
      if (planning === 'late') timed.splice(timed.length - 1, 0, { step, at: dischargeAt - 44 * HOUR });
    }
    const stay: Stay = {
      encounter,
      planning,
      expectedShared,
      heedsReminder: rng() < o.heed,
      reactHours: 1 + rng() * 7,
      remindedAt: null,
      planningAt: null,
      planningBy: null,
      dischargedAt: null,
      leakReason: null,
      dischargedHome: false,
      hospital,
      dischargeOn: jstWallClock(dischargeAt).slice(0, 10),
    };
    stays.set(encounter, stay);
    for (const { step, at: t } of timed) at(t, () => hospitalStep(stay, step));
  }
  async function hospitalStep(stay: Stay, step: StoryStep, by: 'habit' | 'reminder' = 'habit') {
    if (step.type === 'discharge_planning_started') {
      if (stay.planningAt !== null) return; // started already (after a reminder, or by habit first)
      stay.planningAt = now;
      stay.planningBy = by;
      if (by === 'reminder') summary.dischargeStartReminders.actedOn++;
    }
    if (step.type === 'discharged') stay.dischargedAt = now;
    await send(stay.hospital, stay.encounter, step);
  }

  // A hospital window reads its FAX: a discharge-start reminder for a stay whose planning has not
  // started is acted on (planning starts within hours) unless this stay's habit is to let it lie.
  const REMINDER = /^【退院調整開始の連絡期限】.*入院番号 (\S+)$/;
  const readReminderFax = (mail: { to: string; subject: string }) => {
    const stay = stays.get(mail.subject.match(REMINDER)?.[1] ?? '');
    if (!stay?.hospital.faxes.has(mail.to)) return;
    summary.dischargeStartReminders.faxed++;
    if (!o.reminders || stay.remindedAt !== null || stay.dischargedAt !== null) return;
    stay.remindedAt = now;
    if (!stay.heedsReminder || stay.planningAt !== null) return;
    const step: StoryStep = {
      type: 'discharge_planning_started',
      afterHours: 0,
      data: { expectedDischargeDate: stay.dischargeOn },
    };
    at(now + stay.reactHours * HOUR, () =>
      stay.dischargedAt === null ? hospitalStep(stay, step, 'reminder') : Promise.resolve(),
    );
  };

  // Care managers: each link is answered once, after a human delay, unless it never is.
  const humanDelay = (hours: number) => {
    const late = careManagerRng() < o.late;
    return { late, ms: hours * HOUR * (late ? 3 + careManagerRng() * 3 : 0.5 + careManagerRng()) };
  };
  const answered = new Set<string>();
  const answer = async (link: string) => {
    const page = await fetch(link);
    const html = await page.text();
    // Any form that posts (the care-plan copy's posts multipart to its own route; a care manager without
    // a file to upload answers the task link itself, as on paper).
    if (page.status !== 200 || !html.includes('<form method="post"')) {
      count(summary.careManagerActions, `viewed ${page.status} (nothing to do)`);
      return;
    }
    const form: Record<string, string> = { confirm: 'yes' };
    if (html.includes('name="providedAt"'))
      Object.assign(form, { providedAt: jstLocal(now), means: careManagerRng() < 0.7 ? 'face_to_face' : 'fax' });
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
    if (careManagerRng() < o.missing) {
      count(summary.careManagerActions, 'never answered');
      return;
    }
    const { ms } = humanDelay(careManagerRng() < 0.5 ? 3 : 20);
    at(now + ms, () => answer(link));
  };
  let lastMail = 0;
  const readMail = async () => {
    const res = await fetch(`${base}/dev/mailbox.json`);
    const { items: mails } = (await res.json()) as {
      items: { id: number; to: string; subject: string; text: string }[];
    };
    for (const mail of mails.filter((m) => m.id > lastMail).sort((a, b) => a.id - b.id)) {
      lastMail = mail.id;
      summary.mails++;
      if (mail.to.endsWith(`@${FAX_DOMAIN}`)) readReminderFax(mail);
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
  const ended = await db.all<{ encounter: string; reason: LeakReason | null; destination: string | null }>(
    sql`SELECT hospitalization_id AS encounter, leak_reason AS reason, discharge_destination AS destination FROM cases`,
  );
  for (const c of ended) {
    const stay = stays.get(c.encounter);
    if (stay) Object.assign(stay, { leakReason: c.reason, dischargedHome: c.destination === 'home' });
    if (c.reason) count(summary.leaks, c.reason);
  }
  const out = [...stays.values()].map(({ hospital: _h, dischargeOn: _d, reactHours: _r, ...s }) => s);
  summary.survey = surveyRates(out);
  const overdue = (await admin('/v1/admin/hospitalizations?overdue=true')) as { items: unknown[] };
  summary.overdueCases = overdue.items.length;
  summary.wallSeconds = (performance.now() - began) / 1000;
  return {
    summary,
    stays: out,
    running,
    async close() {
      await running.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The same seeded region twice, without and with the hospitals reading renkei's discharge-start
 * reminders (issue "Prevent the leak before it happens"): the survey's leak and late-notice rates
 * of each, which leaks the reminders prevented, and which they did not and why.
 */
export async function compareReminders(
  input: Partial<Omit<SimulationOptions, 'reminders' | 'db' | 'port'>> = {},
): Promise<{ comparison: ReminderComparison; summaries: { without: SimulationSummary; with: SimulationSummary } }> {
  const runs: { summary: SimulationSummary; stays: SimulatedStay[] }[] = [];
  for (const reminders of [false, true]) {
    const sim = await simulateRegion({ ...input, reminders });
    runs.push({ summary: sim.summary, stays: sim.stays });
    await sim.close();
  }
  const [without, withReminders] = runs as [(typeof runs)[0], (typeof runs)[0]];
  return {
    comparison: compareStays(without.summary.seed, without.stays, withReminders.stays, (ms) => jstLocal(ms)),
    summaries: { without: without.summary, with: withReminders.summary },
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
    if (camel === 'reminders') {
      if (value !== 'on' && value !== 'off') throw new Error('--reminders is on or off');
      out.reminders = value === 'on';
      continue;
    }
    const text = ['region', 'start', 'db'].includes(camel);
    if (!text && !Number.isFinite(Number(value))) throw new Error(`--${key} takes a number`);
    (out as Record<string, unknown>)[camel] = text ? value : Number(value);
  }
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log(`npm run simulate -- [--hospitals=${DEFAULTS.hospitals}] [--care-offices=${DEFAULTS.careOffices}] [--cases=${DEFAULTS.cases}] [--days=${DEFAULTS.days}]
  [--late=${DEFAULTS.late}] [--missing=${DEFAULTS.missing}] [--expected=${DEFAULTS.expected}] [--heed=${DEFAULTS.heed}] [--seed=${DEFAULTS.seed}]
  [--region=${DEFAULTS.region}] [--start=ISO] [--tick-hours=1] [--reminders=on|off] [--db=path/to/file.db] [--port=8787] [--serve] [--log]
Without --reminders or --serve it runs the region twice with the same seed, the hospitals reading
renkei's discharge-start reminder FAXes or not, and prints both runs' leak and late-notice rates and
the stays the reminders changed. --reminders=on|off runs once. --serve (one run, reminders on unless
off) keeps the server running afterwards (the clock stays at the end of the period) to browse
/v1/admin/hospitalizations, /dev/mailbox and the task pages.`);
    return;
  }
  const { serve, ...options } = parseArgs(args);
  const seed = options.seed ?? DEFAULTS.seed;
  console.log(`seed ${seed} (repeat with --seed=${seed})`);
  if (!serve && options.reminders === undefined) {
    const { comparison, summaries } = await compareReminders(options);
    console.log(JSON.stringify({ runs: summaries, comparison }, null, 2));
    const pct = (r: number) => `${(r * 100).toFixed(1)}%`;
    const line = (name: string, r: SurveyRates) =>
      `${name}: ${r.leaks} leaks (${pct(r.leakRate)}) and ${r.lateNotices} late notices (${pct(r.lateNoticeRate)}) of ${r.dischargedHome} discharges home`;
    console.log(line('without reminders', comparison.without));
    console.log(line('with reminders   ', comparison.with));
    console.log(`prevented ${comparison.prevented.length}, not prevented ${comparison.notPrevented.length}`);
    return;
  }
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
