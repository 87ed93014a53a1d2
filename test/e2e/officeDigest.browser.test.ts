import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema.js';
import { ARTIFACTS, launchPhone, layoutWidth, PHONE } from '../support/browser.js';
import { signInOfficeInBrowser } from '../support/office.js';
import {
  admittedEvent,
  mailsSent,
  registerCareOffice,
  startTestServer,
  type TestServer,
  taskLinks,
} from '../support/server.js';
import { waitUntil } from '../support/wait.js';

// Issue 16 item 3 on a phone (390 px wide) in headless Chromium: the care manager switches the
// office to one digest a day on its own page, and opens a client's task from the digest mail.

const OFFICE = 'cm@kyotaku.example.jp';
const digest = (s: TestServer) => mailsSent(s).find((m) => m.subject.startsWith('【お知らせのまとめ】'));

describe('notice by digest, chosen on the office page on a phone', () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;
  const fitsThePhone = () => layoutWidth(page);

  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-04T09:00:00+09:00' });
    await registerCareOffice(s);
    ({ browser, page } = await launchPhone());
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('the office switches itself to one digest a day at 17:00 on its page; the change is audited', async () => {
    await signInOfficeInBrowser(page, s, OFFICE);
    expect(await page.textContent('#notifications')).toContain('現在: お知らせごとにすぐ受け取る');
    await page.check('input[name=mode][value=digest]');
    await page.selectOption('#hour', '17');
    await page.click('button:has-text("受け取り方を保存する")');
    await page.waitForURL(`${s.base}/office`);
    expect(await page.textContent('#notifications')).toContain('現在: 1日1回 17時にまとめて受け取る');
    expect(await fitsThePhone()).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: `${ARTIFACTS}/office-digest-setting.png`, fullPage: true });
    const audited = await s.running.deps.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'office.notification_mode_changed'));
    expect(audited.map((a) => a.detail)).toEqual([{ mode: 'digest', hour: 17 }]);
  });

  it("an admission waits for the digest; the digest mail's link opens the client's task on the phone", async () => {
    s.clock.set('2026-12-04T10:00:00+09:00');
    await s.sendEvent('sanda-shimin', admittedEvent('E-digest-1', { occurredAt: '2026-12-04T09:50:00+09:00' }));
    await s.sweep('2026-12-04T16:59:00+09:00');
    expect(mailsSent(s).some((m) => m.subject.startsWith('【入院のお知らせ】'))).toBe(false);
    expect(digest(s)).toBeUndefined();
    await s.sweep('2026-12-04T17:00:00+09:00');
    await waitUntil(() => digest(s) !== undefined);
    const [link] = taskLinks(digest(s)!.text);
    await page.goto(link!);
    expect(await page.content()).toContain('入院連絡の確認');
    expect(await fitsThePhone()).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: `${ARTIFACTS}/office-digest-task.png`, fullPage: true });
  });
});
