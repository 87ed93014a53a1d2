import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchPhone, layoutWidth, PHONE } from '../support/browser.js';
import { signInOfficeInBrowser } from '../support/office.js';
import { admittedEvent, mailsSent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

// Issue 16 (3) on a phone (390 px wide) in headless Chromium: from a stay's card the care manager opens
// 「他の事業所に写しを送る」, adds the visiting nurse (a bad email first: the error shows next to the
// field), and the nurse gets the copy of the discharge-start notice.

const NURSE = 'nurse@houmon.example.jp';

describe("the office page's add-provider form on a phone, in a real browser", () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}/providers-${name}.png`, fullPage: true });
  /** Nothing wider than the phone: no sideways scrolling. */
  const fitsThePhone = () => layoutWidth(page);

  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-04T11:00:00+09:00' });
    await registerCareOffice(s);
    await s.sendEvent('sanda-shimin', admittedEvent('E-phone-p'));
    ({ browser, page } = await launchPhone());
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('他の事業所に写しを送る: a bad email is shown next to its field; the corrected provider is listed', async () => {
    await signInOfficeInBrowser(page, s, 'cm@kyotaku.example.jp');
    await page.click('.stay a:has-text("他の事業所に写しを送る")');
    expect(await page.textContent('h1')).toBe('他の事業所に写しを送る');
    expect(await fitsThePhone()).toBeLessThanOrEqual(PHONE.width);
    await page.selectOption('#provider-kind', 'visiting_nursing');
    await page.fill('#provider-name', 'さくら訪問看護ステーション');
    // The browser's own check of type=email would stop the form before the server sees it: a person
    // typing an address without its domain's dot gets past it, and the server's message shows.
    await page.fill('#provider-email', 'nurse@houmon');
    await page.click('#add-provider button[type=submit]');
    await page.waitForSelector('#provider-email-error');
    expect(await page.textContent('#provider-email-error')).toContain('メールアドレスの形をご確認ください');
    expect(await page.inputValue('#provider-name')).toBe('さくら訪問看護ステーション');
    expect(await fitsThePhone()).toBeLessThanOrEqual(PHONE.width);
    await shot('error');
    await page.fill('#provider-email', NURSE);
    await page.click('#add-provider button[type=submit]');
    await page.waitForSelector('text=追加しました');
    expect(await page.textContent('ul.providers')).toContain('さくら訪問看護ステーション');
    expect(await page.textContent('ul.providers')).toContain(`メールで送付 (${NURSE})`);
    expect(await fitsThePhone()).toBeLessThanOrEqual(PHONE.width);
    await shot('listed');
  }, 90_000);

  it('the added provider gets the copy of the discharge-start notice', async () => {
    s.clock.set('2026-12-08T10:00:00+09:00');
    await s.sendEvent('sanda-shimin', {
      type: 'discharge_planning_started',
      hospitalizationId: 'E-phone-p',
      occurredAt: '2026-12-08T09:50:00+09:00',
      data: { expectedDischargeDate: '2026-12-20' },
    });
    await waitUntil(() => mailsSent(s).some((m) => m.to.includes(NURSE)), 20_000);
    expect(mailsSent(s).find((m) => m.to.includes(NURSE))!.subject).toBe(
      '【退院調整開始のお知らせ (写し)】三田市民病院',
    );
  });
});
