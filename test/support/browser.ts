import { mkdir } from 'node:fs/promises';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type Authenticator, authenticator, nextCode } from './authenticator.js';

/** Debian's headless Chromium, as every browser test runs it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Where browser tests put their screenshots. */
export const ARTIFACTS = 'test-artifacts';
/** A phone's screen, as the care managers' pages are tested on. */
export const PHONE = { width: 390, height: 844 };

/** A phone (390 px wide, touch, Japanese) in headless Chromium, with the screenshots' folder made. */
export async function launchPhone(
  options: { acceptDownloads?: boolean } = {},
): Promise<{ browser: Browser; page: Page }> {
  await mkdir(ARTIFACTS, { recursive: true });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: PHONE, locale: 'ja-JP', isMobile: true, hasTouch: true, ...options });
  return { browser, page };
}

/** How wide the page is laid out: no wider than the phone means no sideways scrolling. */
export function layoutWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/**
 * On the enrolment page: reads the key shown under the QR code (as a person types it into the app),
 * answers the app's code, and reads the recovery codes off the page that follows.
 */
export async function enrolInBrowser(page: Page, now: () => Date): Promise<Authenticator> {
  const app = authenticator((await page.textContent('#totp-secret'))!);
  await page.fill('#code', nextCode(app, now().getTime())!);
  await page.click('form[action="/console/two-factor"] button[type=submit]');
  await page.waitForSelector('#recovery-codes');
  app.recoveryCodes = await page.locator('#recovery-codes code').allTextContents();
  return app;
}

/**
 * Signs in through the login form as a person does; an administrator without a second factor enrols
 * the authenticator app first (as at first login) and goes on from the recovery codes' page. Ends on
 * the page the login leads to: the overview for the center, today's work for hospital staff.
 */
export async function loginInBrowser(
  page: Page,
  base: string,
  now: () => Date,
  account: { loginId: string; password: string },
): Promise<void> {
  await page.goto(`${base}/console/login`);
  await page.fill('#loginId', account.loginId);
  await page.fill('#password', account.password);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/console/login'), page.click('button[type=submit]')]);
  if (new URL(page.url()).pathname !== '/console/two-factor') return;
  await enrolInBrowser(page, now);
  await Promise.all([
    page.waitForURL((u) => u.pathname !== '/console/two-factor'),
    page.click('text=控えたので続ける'),
  ]);
}
