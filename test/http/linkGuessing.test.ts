import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer, taskLinks } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

// Short codes (/n/, /r/) and task tokens (/t/) are capabilities. Guessing them is limited per client
// address (LINK_MISSES_PER_MINUTE unknown links, default 10); a care manager opening real links is
// never limited; and opening a task link shows nothing personal — the patient's name and birth date
// appear only on the answer to the button press that records.

const MISSES = 10;
type Mail = { to: string[]; text: string };

async function admitAndMail(s: TestServer, encounter: string) {
  const res = await s.sendEvent('sanda-shimin', admittedEvent(encounter));
  const { caseId } = (await res.json()) as { caseId: string };
  const before = s.smtp!.mails.length;
  await s.sweep();
  await waitUntil(() => s.smtp!.mails.length > before, 5000, 'the admission notice');
  const mail = (s.smtp!.mails as Mail[]).at(-1)!;
  const [link] = taskLinks(mail.text);
  const code = (await s.running.deps.database.db.select().from(outbox).where(eq(outbox.caseId, caseId)))[0]!.shortCode!;
  return { link: link!, code };
}

describe("care managers' links: nothing personal before the press, guessing limited per client address", () => {
  let s: TestServer;
  // One server, so one limiter: the test that empties the bucket comes last.
  beforeAll(async () => {
    s = await startTestServer();
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });

  it('opening the link (directly or from a short code) shows neither name nor birth date; recording shows both', async () => {
    const { link, code } = await admitAndMail(s, 'E-private-1');
    const viaShort = await fetch(`${s.base}/n/${code}`);
    expect(viaShort.url).toBe(link);
    for (const page of [await viaShort.text(), await (await fetch(link)).text()]) {
      expect(page).toContain('入院連絡の確認');
      expect(page).toContain('4階東病棟');
      for (const personal of ['山田', '花子', '1941']) expect(page).not.toContain(personal);
    }
    const refused = await fetch(link, { method: 'POST', body: new URLSearchParams({}) });
    expect(refused.status).toBe(400);
    expect(await refused.text()).not.toContain('山田');
    const done = await fetch(link, { method: 'POST', body: new URLSearchParams({ confirm: 'yes' }) });
    expect(done.status).toBe(200);
    const html = await done.text();
    expect(html).toContain('記録しました');
    expect(html).toContain('山田 花子 様 (生年月日 1941-05-02)');
  });

  it('a care manager opening real links (and mistyping a code twice) is never limited', async () => {
    const { link, code } = await admitAndMail(s, 'E-guess-1');
    expect((await fetch(`${s.base}/n/XXXXXXXX`)).status).toBe(404);
    expect((await fetch(`${s.base}/n/YYYYYYYY`)).status).toBe(404);
    for (let i = 0; i < 40; i++) {
      expect((await fetch(`${s.base}/n/${code}`, { redirect: 'manual' })).status).toBe(303);
      expect((await fetch(link)).status).toBe(200);
    }
    expect((await fetch(link, { method: 'POST', body: new URLSearchParams({ confirm: 'yes' }) })).status).toBe(200);
  });

  it(`after ${MISSES} unknown links a minute from one address, every link answers 429 with Retry-After and a Japanese page naming nothing`, async () => {
    const { link, code } = await admitAndMail(s, 'E-guess-2');
    // Two misses were spent above; the bucket holds MISSES.
    for (let i = 2; i < MISSES; i++) expect((await fetch(`${s.base}/n/G${i}ZZZZZZ`)).status).toBe(404);
    const refused = await fetch(`${s.base}/n/GUESSED1`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await refused.text();
    expect(html).toContain('しばらくしてからお試しください');
    expect(html).not.toMatch(/case_|ntc_|sanda|山田|GUESSED1/);
    // A real code is refused too (a refusal tells nothing), on every prefix, whatever
    // X-Forwarded-For the client makes up.
    for (const path of [`/n/${code}`, `/r/${code}`, new URL(link).pathname, `${new URL(link).pathname}/sheet`]) {
      const res = await fetch(`${s.base}${path}`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
      expect(res.status, path).toBe(429);
    }
    expect((await fetch(link, { method: 'POST', body: new URLSearchParams({ confirm: 'yes' }) })).status).toBe(429);
  });
});
