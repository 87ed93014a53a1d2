import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_COLUMNS } from '../../functions/ledgerCsv.js';
import { launchChromium } from '../support/browser.js';
import { createAccount } from '../support/console.js';
import { registerCareOffice, startTestServer, type TestServer } from '../support/server.js';

// A hospital's liaison nurse in headless Chromium: logs in, registers an admission by the form
// (searching the care office) and sees it as a case, imports a ledger with one bad row.

describe('hospital staff register admissions in a real browser', () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await registerCareOffice(s);
    await createAccount(s, {
      loginId: 'shimin-ns',
      name: '市民病院 看護師',
      role: 'hospital_staff',
      hospitalId: 'sanda-shimin',
      password: 'browser-staff-password',
    });
    browser = await launchChromium();
    page = await browser.newPage({ locale: 'ja-JP' });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('logs in as hospital staff', async () => {
    await page.goto(`${s.base}/console/admissions/new`);
    await page.fill('#loginId', 'shimin-ns');
    await page.fill('#password', 'browser-staff-password');
    await page.click('button[type=submit]');
    await page.waitForURL(`${s.base}/console/admissions/new`);
    expect(await page.textContent('h1')).toBe('入院の登録');
  });

  it('registers an admission by the form, finding the care office by phone, and sees it as a case', async () => {
    await page.fill('#hospitalizationId', 'B-0001');
    await page.fill('#name', '三田 花子');
    await page.fill('#nameKana', 'さんだ はなこ');
    await page.fill('#birthDate', '1942-07-07');
    await page.fill('#ward', '4階東病棟');
    await page.fill('#admittedAt', '2026-12-04T09:30');
    await page.fill('#officeQuery', '079-000-0001');
    await page.click('button[value=search]');
    await page.check('input[name=office][value="sanda-kyotaku-01"]');
    // What was typed before the search is still there.
    expect(await page.inputValue('#name')).toBe('三田 花子');
    await page.click('#register');
    await page.waitForURL(/\/console\/cases\/.+\?done=registered/);
    expect(await page.textContent('h1')).toContain('B-0001');
    expect(await page.textContent('[role=status]')).toContain('入院を登録しました');
  });

  it('imports a CSV with one bad row: the preview shows its error; confirming records the others', async () => {
    const csv = [
      LEDGER_COLUMNS.join(','),
      'B-0002,三田 二郎,,1940/01/01,5階病棟,2026/12/03 10:00,三田ケアプランセンター,病院',
      'B-0003,三田 三郎,,1941/02/02,5階病棟,2026/12/03 11:00,なし,病院',
      'B-0004,三田 四郎,,1941/02/02,5階病棟,2026/12/03 12:00,どこにもない事業所,病院',
    ].join('\r\n');
    await page.goto(`${s.base}/console/admissions/import`);
    await page.setInputFiles('#file', { name: 'ledger.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('form[enctype] button[type=submit]');
    await page.waitForSelector('#import-rows');
    expect(await page.locator('tr.bad').count()).toBe(1);
    expect(await page.locator('tr.bad').textContent()).toContain('どこにもない事業所」が名簿にありません');
    await page.click('#confirm-import');
    await page.waitForSelector('#import-summary');
    expect(await page.textContent('#import-summary')).toContain('登録 2件');
    await page.goto(`${s.base}/console/cases`);
    const list = await page.textContent('body');
    expect(list).toContain('B-0002');
    expect(list).toContain('B-0003');
    expect(list).not.toContain('B-0004');
  });
});
