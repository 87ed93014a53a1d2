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
