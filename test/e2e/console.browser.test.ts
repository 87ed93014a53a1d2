import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percent } from '../../engine/console/index.js';
import { type DemoCase, demoPlan, expectedLeaks, stuckCases } from '../../scripts/demo/plan.js';
import { runDemo } from '../../scripts/demo/run.js';
import { enrolInBrowser, launchChromium, loginInBrowser } from '../support/browser.js';
import { readEveryPage } from '../support/names.js';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.js';

// End to end in headless Chromium on the demo's month: the coordination center logs in (enrolling
// its authenticator app, as an administrator must at first login), reaches
// every deliberately stuck case from the overview, resends a notice and sees it in the audit log;
// the leak rate on the metrics page equals the one computed here from the demo's plan.

const END = '2026-11-30T20:00:00+09:00';
const ARTIFACTS = 'test-artifacts';

describe('console in a real browser, on demo data', () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;
  let plan: DemoCase[];
  let caseIds: Map<number, string>;
  const cspReports: string[] = [];
  const pageViolations = () => page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations);
  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}/console-${name}.png`, fullPage: true });

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    s = await startTestServer({ smtp: false, start: END });
    plan = demoPlan({ end: Date.parse(END) });
    ({ caseIds } = await runDemo(
      { base: s.base, adminToken: ADMIN_TOKEN, setNow: (iso) => s.clock.set(iso) },
      plan,
      Date.parse(END),
    ));
    await s.admin('/v1/admin/accounts', {
      method: 'POST',
      body: {
        loginId: 'center',
        name: '三田市在宅医療・介護連携支援センター',
        role: 'admin',
        password: 'browser-test-password',
      },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'ja-JP' });
    // Every Content-Security-Policy violation on any page this test visits: Chromium's console report,
    // and the securitypolicyviolation event (the init script runs through DevTools, outside the CSP).
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspReports.push(m.text());
    });
    await page.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('logs in through the form, enrolling the second factor first', async () => {
    await page.goto(`${s.base}/console`);
    expect(page.url()).toContain('/console/login');
    await shot('login');
    await page.fill('#loginId', 'center');
    await page.fill('#password', 'browser-test-password');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/console\/two-factor/);
    await enrolInBrowser(page, s.clock.now);
    await page.click('text=控えたので続ける');
    await page.waitForURL(`${s.base}/console`);
    expect(await page.textContent('h1')).toBe('概要');
    await shot('overview');
  });

  it('the stuck list is exactly the cases the demo made stuck', async () => {
    const { items } = (await (await s.admin('/v1/admin/stuck')).json()) as { items: { caseId: string }[] };
    const expected = stuckCases(plan).map((c) => caseIds.get(c.index)!);
    expect([...new Set(items.map((i) => i.caseId))].sort()).toEqual([...expected].sort());
  });

  it('reaches every deliberately stuck case from the overview in at most two clicks', async () => {
    for (const c of stuckCases(plan)) {
      const id = caseIds.get(c.index)!;
      await page.goto(`${s.base}/console`);
      // One click: the overview lists every stuck handoff with a link to its case.
      await page.locator(`tr[data-case="${id}"] a.case-link`).first().click();
      await page.waitForURL(`${s.base}/console/cases/${id}`);
      expect(await page.textContent('h1')).toContain(c.encounter);
    }
    // And through the filterable list: overview → stuck list → case, two clicks.
    const first = caseIds.get(stuckCases(plan)[0]!.index)!;
    await page.goto(`${s.base}/console`);
    await page.click('#all-stuck');
    await page.waitForURL(`${s.base}/console/stuck`);
    await shot('stuck');
    await page.locator(`tr[data-case="${first}"] a.case-link`).first().click();
    await page.waitForURL(`${s.base}/console/cases/${first}`);
  });

  it('opens a stuck case, resends its undelivered notice and sees the resend in the audit log', async () => {
    const c = plan.find((x) => x.kind === 'stuck_nomail')!;
    const id = caseIds.get(c.index)!;
    await page.goto(`${s.base}/console`);
    await page.locator(`tr[data-case="${id}"] a.case-link`).first().click();
    await page.waitForURL(`${s.base}/console/cases/${id}`);
    // The state diagram (an SVG laid out by elkjs on the server) marks the one current state, in the stylesheet's red.
    const current = page.locator('#state-diagram g.state.current');
    expect(await current.count()).toBe(1);
    expect(await current.locator('rect').evaluate((r) => getComputedStyle(r).stroke)).toBe('rgb(192, 57, 43)');
    expect(await page.locator('#state-diagram').isVisible()).toBe(true);
    expect(await page.locator('#audit').textContent()).not.toContain('通知を再送');
    await page
      .locator('form.resend')
      .first()
      .locator('input[name=reason]')
      .fill('事業所に電話し、メールアドレスを確認した');
    await page.locator('form.resend').first().locator('button').click();
    await page.waitForURL(/done=resent/);
    expect(await page.textContent('[role=status]')).toContain('通知を再送しました');
    const audit = await page.locator('#audit').textContent();
    // The audit log speaks to people: the action in Japanese, the actor by name, no raw ids.
    expect(audit).toContain('通知を再送');
    expect(audit).toContain('三田市在宅医療・介護連携支援センター');
    expect(audit).not.toContain('account:');
    expect(audit).not.toContain('notice.resent');
    await shot('case');
  });

  it("shows the month's leak rate equal to the one computed from the demo plan", async () => {
    const expected = expectedLeaks(plan, Date.parse(END)).get('2026-11')!;
    expect(expected.leaks).toBeGreaterThan(0);
    await page.goto(`${s.base}/console/metrics?month=2026-11`);
    const shown = (await page.locator('tr[data-scope="region"][data-id="sanda"] .leak-rate').textContent())!.trim();
    expect(shown).toBe(percent(expected.leaks / expected.home));
    const row = page.locator('tr[data-scope="region"][data-id="sanda"] td.num');
    expect(await row.nth(0).textContent()).toBe(String(expected.home));
    expect(await row.nth(1).textContent()).toBe(String(expected.leaks));
    expect(await page.locator('#leak-chart rect').count()).toBeGreaterThan(0);
    await shot('metrics');
  });

  it('the remaining pages render: cases, directory, audit', async () => {
    for (const [path, name] of [
      ['/console/cases', 'cases'],
      ['/console/directory', 'directory'],
      ['/console/audit', 'audit'],
    ] as const) {
      const res = await page.goto(`${s.base}${path}`);
      expect(res!.status()).toBe(200);
      await shot(name);
    }
  });

  it('people read names, never ids: every console page reachable from the overview shows no internal id, region id or placeholder', async () => {
    const { seen, found } = await readEveryPage(page, s.base);
    // The crawl reached the pages a coordinator works in, cases included.
    expect(seen.length).toBeGreaterThan(20);
    expect(seen.some((p) => /^\/console\/cases\/case_/.test(p))).toBe(true);
    expect(seen.some((p) => p.startsWith('/console/directory/regions/'))).toBe(true);
    expect(found).toEqual([]);
  }, 300_000);

  it("people read names, never ids: hospital staff's pages too (their hospital's today, cases and forms)", async () => {
    const created = await s.admin('/v1/admin/accounts', {
      method: 'POST',
      body: {
        loginId: 'shimin-renkei',
        name: '三田市民病院 地域連携室',
        role: 'hospital_staff',
        hospitalId: 'sanda-shimin',
        password: 'browser-staff-password',
      },
    });
    expect(created.status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'ja-JP' });
    const staff = await context.newPage();
    await loginInBrowser(staff, s.base, s.clock.now, { loginId: 'shimin-renkei', password: 'browser-staff-password' });
    const { seen, found } = await readEveryPage(staff, s.base);
    expect(seen).toContain('/console/today');
    expect(seen.some((p) => /^\/console\/cases\/case_/.test(p))).toBe(true);
    expect(found).toEqual([]);
    await context.close();
  }, 300_000);

  it('no page breaks the Content-Security-Policy: no violation reported, and the stylesheets apply', async () => {
    for (const path of [
      '/console',
      '/console/stuck',
      '/console/metrics',
      '/console/two-factor',
      `/console/cases/${caseIds.get(stuckCases(plan)[0]!.index)!}`,
      '/docs',
    ]) {
      const res = await page.goto(`${s.base}${path}`);
      expect(res!.headers()['content-security-policy']).toContain("script-src 'none'");
      expect(await pageViolations()).toEqual([]);
    }
    await page.goto(`${s.base}/console`);
    // Styled from the served stylesheet: the console's body is 80rem wide.
    expect(await page.evaluate(() => getComputedStyle(document.body).maxWidth)).toBe('1280px');
    expect(cspReports).toEqual([]);
  });

  it('the violation watch itself works: an inline style added to a page is refused and reported', async () => {
    await page.goto(`${s.base}/console`);
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body{max-width:10px}';
      document.head.append(style);
    });
    await expect.poll(async () => (await pageViolations())?.length ?? 0).toBeGreaterThan(0);
    await expect.poll(() => cspReports.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => getComputedStyle(document.body).maxWidth)).toBe('1280px');
  });
});
