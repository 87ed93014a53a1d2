// npm run demo: a month of Sanda traffic (about 200 cases across the 8 hospitals, some stuck or
// leaked on purpose) in a fresh libSQL file, generated through the real signed webhook path
// against a server started in this process on that file. Then: how to log in.
//   npm run demo                       → ./data/demo.db
//   npm run demo -- --db ./data/x.db --cases 120 --seed 7
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readConfig } from '../engine/config.js';
import { generatePassword } from '../engine/crypto/index.js';
import { silentLogger } from '../engine/log.js';
import { startNodeServer } from '../functions/node.js';
import { demoOfficeRecords } from './demo/officeRecords.js';
import { demoPlan, expectedLeaks, stuckCases } from './demo/plan.js';
import { demoReportsAndRecords } from './demo/reports.js';
import { runDemo } from './demo/run.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: './data/demo.db' },
    cases: { type: 'string', default: '200' },
    seed: { type: 'string', default: '5' },
  },
});
const path = values.db!;
if (existsSync(path)) {
  console.error(`demo: ${path} exists; the demo fills a fresh database (remove it or pass --db)`);
  process.exit(2);
}
const adminToken = `demo-${generatePassword()}`;
const end = Date.now();
let now = new Date(end);
const running = await startNodeServer(
  readConfig({
    DATABASE_URL: `file:${path}`,
    PORT: '0',
    RENKEI_ADMIN_TOKEN: adminToken,
    SCHEDULE_INTERVAL_SECONDS: '0',
    RENKEI_ENV: 'development',
  }),
  { log: silentLogger, now: () => new Date(now) },
);
const base = `http://127.0.0.1:${running.port}`;
running.deps.config.publicBaseUrl = base;
// Before the month runs, with an email each: every demo morning mails them the summary (the development mailbox).
const passwords = { admin: generatePassword(), staff: generatePassword() };
const create = (body: unknown) =>
  fetch(`${base}/v1/admin/accounts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
await create({
  loginId: 'demo-admin',
  name: '三田市在宅医療・介護連携支援センター (デモ)',
  role: 'admin',
  email: 'center@demo.example.jp',
  password: passwords.admin,
});
await create({
  loginId: 'demo-shimin',
  name: '三田市民病院 退院支援連携室 (デモ)',
  role: 'hospital_staff',
  hospitalId: 'sanda-shimin',
  email: 'taiin@shimin.demo.example.jp',
  password: passwords.staff,
});
const plan = demoPlan({ end, cases: Number(values.cases), seed: Number(values.seed) });
console.log(`demo: ${plan.length} cases into ${path} ...`);
const started = Date.now();
const { caseIds } = await runDemo(
  {
    base,
    adminToken,
    setNow: (iso) => {
      now = new Date(iso);
    },
  },
  plan,
  end,
  console.log,
);
const officeRecords = await demoOfficeRecords(running.deps, end);
const reports = await demoReportsAndRecords(
  running.deps,
  {
    base,
    setNow: (ms) => {
      now = new Date(ms);
    },
    sweep: async () => {
      await fetch(`${base}/v1/scheduled`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: '{}',
      });
    },
  },
  plan,
  caseIds,
  end,
);
await running.close();
console.log(
  `demo: ${reports.reported} admissions reported first by a care manager (${reports.stuck} past its confirmation deadline), ${reports.records} discharge records filed`,
);
console.log(`demo: ${officeRecords} conference and clinic-visit records on the first care office's page`);
console.log(
  `demo: done in ${Math.round((Date.now() - started) / 1000)} s; ${stuckCases(plan).length} cases stuck on purpose`,
);
for (const [month, m] of expectedLeaks(plan, end))
  console.log(`  ${month}: ${m.leaks} leaks and ${m.late} late notices of ${m.home} discharges home`);
console.log(`
Start the server on the demo database and open the console:
  DATABASE_URL=file:${path} npm start
  http://localhost:8787/console
Log in as
  demo-admin  / ${passwords.admin}   (administrator: every hospital; enrols an authenticator app at first login)
  demo-shimin / ${passwords.staff}   (三田市民病院 staff: its cases only)
(the passwords are shown only now; \`npm run account -- password demo-admin\` sets a new one)
A care office's own page: http://localhost:8787/office, sign in as cm1@demo.example.jp (… cm12@);
the sign-in link arrives in the development mailbox, http://localhost:8787/dev/mailbox`);
