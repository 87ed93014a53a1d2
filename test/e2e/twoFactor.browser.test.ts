import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Authenticator } from '../support/authenticator.js';
import { codeAt, nextCode } from '../support/authenticator.js';
import { enrolInBrowser, launchChromium } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

// Two-factor sign-in in headless Chromium: an administrator's first login goes through enrolment
// (the key read off the page, the code computed here with otpauth), later logins ask for the
// app's code or a recovery code, each recovery code good once, and no page breaks the strict
// Content-Security-Policy (the QR code is inline SVG, no script).

const ARTIFACTS = 'test-artifacts';
const PASSWORD = 'browser-2fa-password';

describe('two-factor sign-in in a real browser', () => {
  let s: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let app: Authenticator;
  const violations: string[] = [];
  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}/two-factor-${name}.png`, fullPage: true });

  async function password() {
    await page.goto(`${s.base}/console/login`);
    await page.fill('#loginId', 'kanri');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
  }
  async function logout() {
    await page.click('nav form[action="/console/logout"] button');
    await page.waitForURL(/\/console\/login$/);
  }

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    s = await startTestServer({ smtp: false, start: '2026-12-04T09:00:10+09:00' });
    await s.admin('/v1/admin/accounts', {
      method: 'POST',
      body: { loginId: 'kanri', name: '支援センター 管理者', role: 'admin', password: PASSWORD },
    });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'ja-JP' });
    page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('the first login of an administrator goes to enrolment and nowhere else until it is done', async () => {
    await password();
    await page.waitForURL(`${s.base}/console/two-factor?next=%2Fconsole`);
    expect(await page.textContent('h1')).toBe('二段階認証の設定');
    expect(await page.locator('svg.qr path').count()).toBe(1);
    await shot('enrol');
    await page.goto(`${s.base}/console/cases`);
    expect(page.url()).toBe(`${s.base}/console/two-factor`);
  });

  it('a wrong first code leaves it off; the right one shows 10 recovery codes once and signs in', async () => {
    const key = (await page.textContent('#totp-secret'))!;
    await page.fill('#code', codeAt(key.replace(/-/g, ''), s.clock.now().getTime() + 10 * 30_000));
    await page.click('form[action="/console/two-factor"] button[type=submit]');
    expect(await page.textContent('[role=alert]')).toContain('コードが違います');
    // The same key after the refusal: the QR code does not change under the person scanning it.
    expect(await page.textContent('#totp-secret')).toBe(key);
    app = await enrolInBrowser(page, s.clock.now);
    expect(app.recoveryCodes).toHaveLength(10);
    await shot('recovery-codes');
    await page.click('text=控えたので続ける');
    await page.waitForURL(`${s.base}/console`);
    expect(await page.textContent('h1')).toBe('概要');
    await page.goto(`${s.base}/console/two-factor`);
    expect(await page.textContent('#recovery-left')).toBe('10');
    expect(await page.locator('#recovery-codes').count()).toBe(0);
    await logout();
  });

  it('a later login asks for the code from the app', async () => {
    s.clock.set('2026-12-04T13:00:10+09:00');
    await password();
    await page.waitForURL(/\/console\/login\/code/);
    await shot('code');
    await page.fill('#code', '000000');
    await page.click('button[type=submit]');
    expect(await page.textContent('[role=alert]')).toContain('コードが違うか');
    await page.fill('#code', nextCode(app, s.clock.now().getTime())!);
    await page.click('form[action="/console/login/code"] button[type=submit]');
    await page.waitForURL(`${s.base}/console`);
    expect(await page.textContent('h1')).toBe('概要');
    await logout();
  });

  it('a recovery code signs in once; the same code again is refused', async () => {
    s.clock.set('2026-12-05T09:00:10+09:00');
    const recovery = app.recoveryCodes[0]!;
    await password();
    await page.waitForURL(/\/console\/login\/code/);
    await page.fill('#code', recovery.toLowerCase());
    await page.click('form[action="/console/login/code"] button[type=submit]');
    await page.waitForURL(`${s.base}/console`);
    await page.goto(`${s.base}/console/two-factor`);
    expect(await page.textContent('#recovery-left')).toBe('9');
    await logout();
    await password();
    await page.waitForURL(/\/console\/login\/code/);
    await page.fill('#code', recovery);
    await page.click('form[action="/console/login/code"] button[type=submit]');
    expect(await page.textContent('[role=alert]')).toContain('すでに使われています');
    expect(page.url()).toContain('/console/login/code');
  });

  it('no page of the flow broke the Content-Security-Policy', () => {
    expect(violations).toEqual([]);
  });
});
