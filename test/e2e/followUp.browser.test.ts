import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginInBrowser } from '../support/browser.js';
import { admittedEvent, startTestServer, type TestServer } from '../support/server.js';

// The coordination center's morning round in headless Chromium: a stuck case is one row with its
// items, a follow-up recorded through the form takes the item out of the default view, the audit
// log finds it by action and 入院番号, and on a phone the tables become cards. Screenshots in test-artifacts/.

const ARTIFACTS = 'test-artifacts';

describe('follow-up, audit filters and the phone layout in a real browser', () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;
  const shot = (p: Page, name: string) => p.screenshot({ path: `${ARTIFACTS}/followup-${name}.png`, fullPage: true });

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    s = await startTestServer({ smtp: false });
    await s.admin('/v1/admin/care-offices/no-mail', {
      method: 'PUT',
      body: { name: 'メール未登録の事業所', phone: '079-111-2222', region: 'sanda' },
    });
    await s.admin('/v1/admin/accounts', {
      method: 'POST',
      body: { loginId: 'center', name: '支援センター 佐藤', role: 'admin', password: 'browser-test-password' },
    });
    for (const hid of ['B-100', 'B-200']) {
      await s.sendEvent('sanda-shimin', {
        ...admittedEvent(hid),
        data: { ...admittedEvent(hid).data, careOfficeId: 'no-mail' },
      });
    }
    await s.sweep();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1300, height: 900 }, locale: 'ja-JP' });
    // An administrator enrols an authenticator app at the first login.
    await loginInBrowser(page, s.base, s.clock.now, { loginId: 'center', password: 'browser-test-password' });
    expect(page.url()).toBe(`${s.base}/console`);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('a follow-up recorded through the form leaves the default view and shows under 連絡済み', async () => {
    await page.goto(`${s.base}/console/stuck`);
    const row = page.locator('tr[data-case]', { hasText: 'B-100' });
    expect(await row.count()).toBe(1);
    // The undelivered notice is said in Japanese, with a link to the office's directory entry.
    expect(await row.textContent()).toContain('メールアドレス・FAX番号');
    expect(await row.textContent()).toContain(
      'が未登録のため送れませんでした。名簿で登録するか、電話で連絡してください。',
    );
    expect(await row.locator('a.directory-link').getAttribute('href')).toBe('/console/directory/care-offices/no-mail');
    await shot(page, 'stuck');
    const item = row.locator('li.stuck-item').first();
    await item.locator('summary').click();
    await item.locator('select[name=status]').selectOption('contacted');
    await item.locator('textarea[name=note]').fill('事業所に電話し、FAX番号を確認した');
    await item.locator('button[type=submit]').click();
    await page.waitForURL(/done=follow-up/);
    expect(await page.textContent('[role=status]')).toContain('対応を記録しました');
    expect(await page.locator('tr[data-case]', { hasText: 'B-100' }).textContent()).toContain('連絡済み');
    await page.goto(`${s.base}/console/stuck?view=open`);
    expect(await page.locator('tr[data-case]', { hasText: 'B-100' }).count()).toBe(0);
    await page.goto(`${s.base}/console/stuck?view=contacted`);
    expect(await page.locator('tr[data-case]', { hasText: 'B-100' }).textContent()).toContain('事業所に電話し');
    await shot(page, 'contacted');
  });

  it('the audit log finds the follow-up by action and 入院番号, in Japanese and by name', async () => {
    await page.goto(`${s.base}/console/audit`);
    await page.selectOption('#audit-filters select[name=action]', 'stuck.follow_up');
    await page.fill('#audit-filters input[name=hospitalization]', 'B-100');
    await page.click('#audit-filters button[type=submit]');
    await page.waitForURL(/action=stuck.follow_up/);
    expect(await page.textContent('#audit-count')).toContain('1件');
    const text = (await page.locator('#audit').textContent())!;
    expect(text).toContain('滞留への対応を記録');
    expect(text).toContain('支援センター 佐藤');
    expect(text).toContain('入院番号 B-100');
    expect(text).not.toContain('account:');
    await page.fill('#audit-filters input[name=hospitalization]', 'B-200');
    await page.click('#audit-filters button[type=submit]');
    await page.waitForURL(/hospitalization=B-200/);
    expect(await page.textContent('#audit-count')).toContain('0件');
    await shot(page, 'audit');
  });

  it('the audit log filtered by an action family (出来事の手入力) and 入院番号 shows only those rows', async () => {
    // A fact recorded by hand on each stay, through the case's form.
    for (const hid of ['B-100', 'B-200']) {
      await page.goto(`${s.base}/console/stuck?view=all`);
      const caseId = (await page.locator('tr[data-case]', { hasText: hid }).getAttribute('data-case'))!;
      await page.goto(`${s.base}/console/cases/${caseId}/events/new?type=treatment_plan_shared`);
      await page.fill('#expectedLengthOfStayDays', '14');
      if (await page.locator('#reason').count()) await page.fill('#reason', '病棟からの電話で確認');
      await Promise.all([page.waitForURL(/done=recorded/), page.click('#record')]);
    }
    const rowsShown = async () => ({
      actions: await page.locator('#audit tr[data-action]').evaluateAll((rs) => rs.map((r) => r.dataset.action!)),
      text: (await page.locator('#audit').textContent())!,
    });
    // 入院番号 alone: the follow-up and the hand-recorded fact both.
    await page.goto(`${s.base}/console/audit?hospitalization=B-100`);
    const stay = await rowsShown();
    expect(stay.actions).toContain('stuck.follow_up');
    expect(stay.actions.some((a) => a.startsWith('case.fact.'))).toBe(true);
    // With the family chosen from the list: only its rows, only this stay's.
    await page.selectOption('#audit-filters select[name=action]', 'case.fact.');
    await Promise.all([page.waitForURL(/action=case.fact./), page.click('#audit-filters button[type=submit]')]);
    const family = await rowsShown();
    expect(family.actions.length).toBeGreaterThan(0);
    expect(family.actions.length).toBeLessThan(stay.actions.length);
    for (const a of family.actions) expect(a.startsWith('case.fact.')).toBe(true);
    expect(family.text).toContain('入院番号 B-100');
    expect(family.text).not.toContain('B-200');
    expect(await page.textContent('#audit-count')).toContain(`${family.actions.length}件`);
    await shot(page, 'audit-family');
  });

  it('under 600 px the stuck list is cards: no header row, each case a block as wide as the screen', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 800 }, locale: 'ja-JP' });
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(`${s.base}/console/stuck?view=all`);
    expect(await phone.locator('#stuck thead').isVisible()).toBe(false);
    const display = await phone
      .locator('#stuck tr[data-case]')
      .first()
      .evaluate((e) => getComputedStyle(e).display);
    expect(display).toBe('block');
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await shot(phone, 'phone');
    await phone.close();
  });
});
