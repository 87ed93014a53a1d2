import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCareOffice } from '../../engine/directory/index.js';
import { launchChromium, loginInBrowser } from '../support/browser.js';
import { ACCOUNTS, createConsoleAccounts } from '../support/console.js';
import { registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

// The center edits a care office in the console's directory, in headless Chromium, as a person does:
// the form shows every field the office has and sends every one back, so a save changes only what the
// person changed. The office's preferred channel and SMS number (set through the API) survive an edit.

const OFFICE = 'sanda-kyotaku-01';

describe('the console directory: editing a care office keeps every field it does not change', () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;
  const saved = () => getCareOffice(s.running.deps, OFFICE);
  const openForm = () => page.goto(`${s.base}/console/directory/care-offices/${OFFICE}`);
  const submit = () => page.click('#office-form button[type=submit]');

  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await createConsoleAccounts(s);
    await registerCareOffice(s, OFFICE, 'cm@kyotaku.example.jp', {
      preferredChannel: 'sms',
      smsPhone: '090-1234-5678',
    });
    browser = await launchChromium();
    page = await browser.newPage({ locale: 'ja-JP' });
    await loginInBrowser(page, s.base, s.clock.now, ACCOUNTS.admin);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('an edit of the name keeps the preferred channel (SMS) and the SMS number', async () => {
    await openForm();
    expect(await page.inputValue('#preferredChannel')).toBe('sms');
    expect(await page.inputValue('#smsPhone')).toBe('090-1234-5678');
    await page.fill('#name', '三田ケアプランセンター本店');
    await Promise.all([page.waitForURL(/saved=office/), submit()]);
    expect(await page.textContent('[role=status]')).toContain('事業所を保存しました');
    expect(await saved()).toMatchObject({
      name: '三田ケアプランセンター本店',
      preferredChannel: 'sms',
      smsPhone: '090-1234-5678',
      fax: '079-000-0000',
      town: '三田市けやき台',
      businessHours: { open: '09:00', close: '18:00', closedDays: ['sat', 'sun', 'holiday'] },
    });
  });

  it('the preferred channel and SMS number are edited on the form', async () => {
    await openForm();
    await page.selectOption('#preferredChannel', 'fax');
    await page.fill('#smsPhone', '080-2222-3333');
    await Promise.all([page.waitForURL(/saved=office/), submit()]);
    expect(await saved()).toMatchObject({ preferredChannel: 'fax', smsPhone: '080-2222-3333' });
    await openForm();
    expect(await page.inputValue('#preferredChannel')).toBe('fax');
    // 指定なし sends the default back: email first.
    await page.selectOption('#preferredChannel', '');
    await Promise.all([page.waitForURL(/saved=office/), submit()]);
    expect(await saved()).toMatchObject({ preferredChannel: null, smsPhone: '080-2222-3333' });
  });

  it('SMS as the preferred channel needs a mobile number: said in Japanese next to the form, nothing saved', async () => {
    await openForm();
    await page.selectOption('#preferredChannel', 'sms');
    await page.fill('#smsPhone', '');
    await submit();
    await page.waitForSelector('[role=alert]');
    expect(await page.textContent('[role=alert]')).toContain(
      'SMSで受け取るにはSMSを受け取る携帯電話番号を登録してください。',
    );
    await page.fill('#smsPhone', '079-565-8000');
    await submit();
    await page.waitForSelector('[role=alert]');
    expect(await page.textContent('[role=alert]')).toContain('SMSを受け取る携帯電話番号の形式が正しくありません。');
    expect(await saved()).toMatchObject({ preferredChannel: null, smsPhone: '080-2222-3333' });
  });
});
