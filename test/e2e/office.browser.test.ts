import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchPhone, layoutWidth, PHONE } from '../support/browser.js';
import { signInLink } from '../support/office.js';
import { decodeQrOnPage } from '../support/pdf.js';
import {
  admittedEvent,
  faxesSent,
  mailsSent,
  registerCareOffice,
  startTestServer,
  type TestServer,
} from '../support/server.js';
import { waitUntil } from '../support/wait.js';

// Issue 16 on a phone (390 px wide) in headless Chromium: a care manager asks for a sign-in link,
// reads it from a real SMTP server, presses the button and sees the office's clients.

describe("the care office's page on a phone, in a real browser", () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}/office-${name}.png`, fullPage: true });
  /** Nothing wider than the phone: no sideways scrolling. */
  const fitsThePhone = () => layoutWidth(page);

  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-04T11:00:00+09:00', fax: true });
    await registerCareOffice(s);
    await s.sendEvent('sanda-shimin', admittedEvent('E-phone-1'));
    ({ browser, page } = await launchPhone());
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('signs in by the mailed link: the link shows a button, the button opens the list of clients', async () => {
    await page.goto(`${s.base}/office`);
    expect(await fitsThePhone()).toBeLessThanOrEqual(PHONE.width);
    await shot('sign-in');
    await page.fill('#email', 'cm@kyotaku.example.jp');
    await page.click('button[type=submit]');
    await page.waitForSelector('text=メールを確認してください');
    await waitUntil(() => mailsSent(s).some((m) => m.subject.includes('事業所のページへのログイン')));
    const mail = mailsSent(s).find((m) => m.subject.includes('事業所のページへのログイン'))!;
    expect(mail.to).toEqual(['cm@kyotaku.example.jp']);
    await page.goto(signInLink(mail.text)!);
    expect(await page.textContent('h1')).toBe('事業所のページへのログイン');
    await shot('button');
    await page.click('button[type=submit]');
    await page.waitForURL(`${s.base}/office`);
    expect(await page.textContent('.stay h3')).toBe('山田 花子 様');
    expect(await page.textContent('.stay .stage')).toBe('入院時の連絡');
    expect(await page.locator('.stay a', { hasText: '入院連絡の確認' }).count()).toBe(1);
    expect(await fitsThePhone()).toBeLessThanOrEqual(PHONE.width);
    await shot('clients');
  });

  it('the task link on the page opens the existing task page', async () => {
    await page.click('.stay a:has-text("入院連絡の確認")');
    expect(page.url()).toContain('/t/');
    expect(await page.content()).toContain('入院連絡の確認');
    expect(await fitsThePhone()).toBeLessThanOrEqual(PHONE.width);
  });

  it('reports an admission heard first from the family: search the hospital, fill the form, the client is listed', async () => {
    await page.goto(`${s.base}/office`);
    await page.click('a:has-text("入院を病院に知らせる")');
    await page.fill('#q', '市民');
    await page.click('button:has-text("探す")');
    expect(await page.locator('#hospitalId option').allTextContents()).toEqual(['三田市民病院']);
    await page.fill('#name', '佐藤 花子');
    await page.fill('#birthDate', '1940-03-03');
    await page.fill('#admittedOn', '2026-12-04');
    expect(await fitsThePhone()).toBeLessThanOrEqual(PHONE.width);
    await shot('report');
    await page.click('button:has-text("入院を記録する")');
    await page.waitForURL(`${s.base}/office`);
    const card = page.locator('.stay', { hasText: '佐藤 花子 様' });
    expect(await card.locator('.stage').textContent()).toBe('情報提供');
    expect(await card.locator('a', { hasText: '入院時情報提供シートの提供記録' }).count()).toBe(1);
    expect(await card.locator('a', { hasText: '入院連絡の確認' }).count()).toBe(0);
    expect(await card.textContent()).toContain('病院へ知らせた入院: 病院の確認待ち (確認の期限 2026年12月7日(月)中)');
  });

  it("the hospital's window confirms from the FAX's QR code: the page shows, the tick and button confirm, the office sees it", async () => {
    await waitUntil(() => faxesSent(s).some((m) => m.subject.includes('入院のご連絡・確認のお願い')));
    const fax = faxesSent(s).find((m) => m.subject.includes('入院のご連絡・確認のお願い'))!;
    const url = (await decodeQrOnPage(new Uint8Array(fax.attachments[0]!.content)))!;
    const desk = await browser.newPage({ locale: 'ja-JP' });
    await desk.goto(url);
    expect(await desk.textContent('h1')).toBe('入院の確認 (ケアマネジャーからの連絡)');
    await desk.check('input[name=confirm]');
    await desk.fill('#name', '山本');
    await desk.click('button:has-text("入院を確認しました")');
    await desk.waitForSelector('text=入院を確認しました。ケアマネジャーに伝わります。');
    await desk.screenshot({ path: `${ARTIFACTS}/office-hospital-confirms.png`, fullPage: true });
    await desk.close();
    await page.goto(`${s.base}/office`);
    const card = page.locator('.stay', { hasText: '佐藤 花子 様' });
    expect(await card.textContent()).toContain('病院へ知らせた入院: 病院が確認しました');
    expect(await fitsThePhone()).toBeLessThanOrEqual(PHONE.width);
    await shot('hospital-confirmed');
  });
});
