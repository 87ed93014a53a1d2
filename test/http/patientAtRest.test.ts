// Issue 8 (security): the patient's name and birth date are encrypted at rest with the data key,
// yet every page and document that names the patient still does.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibsqlDatabase } from '../../db/database.js';
import { needlesInColumns, needlesInFiles } from '../support/atRest.js';
import { consoleClient } from '../support/console.js';
import { pdfText } from '../support/pdf.js';
import {
  admittedEvent,
  faxesSent,
  mailsSent,
  registerCareOffice,
  startTestServer,
  type TestServer,
  taskLinks,
} from '../support/server.js';
import { waitUntil } from '../support/wait.js';

const NAME = '暗号 試子';
const BIRTH = '1938-07-19';
// The whole name, each part, and the birth date as the webhook, a person or the PDF would write it.
const NEEDLES = [NAME, '暗号試子', '暗号', '試子', BIRTH, '1938/07/19', '19380719', '1938年7月19日', '昭和13年'];
const DATA_KEYS = `k1:${Buffer.alloc(32, 1).toString('base64')}`;

const sheetAnswers = {
  admittedOn: '2026-12-04',
  careLevel: '要介護1',
  history: '高血圧',
  dementia: 'なし',
  wandering: 'なし',
  adl: '自立',
  household: '独居',
  mainCarer: 'なし',
  services: '通所介護 週2回',
  patientWishes: '自宅に戻りたい',
  familyWishes: '同左',
  assessment: '退院前に調整が必要',
  careManagerName: '田中 一郎',
  contactPhone: '079-000-0001',
};

describe('patient name and birth date at rest', () => {
  let s: TestServer;
  let dir: string;
  let caseId: string;
  const post = (url: string, form: Record<string, string>) =>
    fetch(url, { method: 'POST', body: new URLSearchParams(form) });
  const patientEvent = (encounter: string, birthDate = BIRTH) => {
    const event = admittedEvent(encounter);
    return { ...event, data: { ...event.data, patient: { name: NAME, birthDate } } };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-at-rest-'));
    s = await startTestServer({ dir, fax: true, env: { RENKEI_DATA_KEYS: DATA_KEYS } });
    await registerCareOffice(s);
    await s.admin('/v1/admin/accounts', {
      method: 'POST',
      body: { loginId: 'center', name: '支援センター 佐藤', role: 'admin', password: 'center-password-1' },
    });
  });
  afterAll(async () => {
    await s.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('through the real webhook: an admission, the same admission again, and a refused body naming the patient', async () => {
    const res = await s.sendEvent('sanda-shimin', patientEvent('E-rest-1'));
    expect(res.status).toBe(202);
    ({ caseId } = (await res.json()) as { caseId: string });
    expect((await s.sendEvent('sanda-shimin', patientEvent('E-rest-1'))).status).toBe(409);
    expect((await s.sendEvent('sanda-shimin', patientEvent('E-rest-2', '1938/07/19'))).status).toBe(400);
  });

  it('the task page, the information sheet page and its FAX, and the console case page name the patient', async () => {
    const admission = () => mailsSent(s).find((m) => m.subject.startsWith('【入院のお知らせ】'));
    await waitUntil(() => admission() !== undefined);
    const [ack] = taskLinks(admission()!.text);
    // Opening the task link shows no one; the press that records does (test/http/linkGuessing.test.ts).
    expect(await (await fetch(ack!)).text()).not.toContain(NAME);
    const done = await (await post(ack!, { confirm: 'yes' })).text();
    expect(done).toContain(`${NAME} 様 (生年月日 ${BIRTH})`);
    const sheetUrl = `${taskLinks(done.replace(/href="/g, ' '))[0]!}/sheet`;
    expect(await (await fetch(sheetUrl)).text()).toContain(`${NAME} 様`);
    s.clock.set('2026-12-05T10:00:00+09:00');
    expect((await post(sheetUrl, { action: 'submit', ...sheetAnswers })).status).toBe(200);
    await waitUntil(() => faxesSent(s).length === 1);
    const { flat } = await pdfText(new Uint8Array(faxesSent(s)[0]!.attachments[0]!.content));
    expect(flat).toContain('暗号試子様');
    expect(flat).toContain('1938年7月19日');
    const c = consoleClient(s);
    expect((await c.login('center', 'center-password-1')).status).toBe(303);
    const page = await (await c.get(`/console/cases/${caseId}`)).text();
    expect(page).toContain(`${NAME} 様 (生年月日 ${BIRTH})`);
  });

  it('no text column of any table holds them, only the sealed value bound to the case', async () => {
    const database = s.running.deps.database as LibsqlDatabase;
    const { found, values } = await needlesInColumns(database, NEEDLES);
    // The scan does see plain text: the ward, which is not personal data, is found where it is kept.
    expect((await needlesInColumns(database, ['4階東病棟'])).found).toContain('4階東病棟 in cases.snapshot');
    console.log(
      `at rest: ${values} values in all tables scanned for ${NEEDLES.length} forms of the name and birth date`,
    );
    expect(found).toEqual([]);
    const rows = await database.client.execute({ sql: 'SELECT patient FROM cases WHERE id = ?', args: [caseId] });
    expect(String(rows.rows[0]!.patient)).toMatch(/^enc:v1:k1:/);
    const refused = await database.client.execute('SELECT body FROM inbound_rejections');
    expect(refused.rows.map((r) => String(r.body).slice(0, 10))).toEqual(['enc:v1:k1:']);
  });

  it('nor do the bytes of the database file and its write-ahead log, before and after the server stops', async () => {
    const running = await needlesInFiles(dir, NEEDLES);
    expect(running.files).toBeGreaterThanOrEqual(2);
    expect(running.found).toEqual([]);
    expect((await needlesInFiles(dir, ['4階東病棟', '三田ケアプランセンター'])).found.length).toBeGreaterThanOrEqual(2);
    await s.close();
    const stopped = await needlesInFiles(dir, NEEDLES);
    console.log(
      `at rest: ${running.files} files (${running.bytes} bytes) while running, ${stopped.files} (${stopped.bytes} bytes) after stop`,
    );
    expect(stopped.bytes).toBeGreaterThan(0);
    expect(stopped.found).toEqual([]);
  });
});
