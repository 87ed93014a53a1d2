import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_PAGE_SIZE } from '../../engine/console/index.js';
import { launchChromium, loginInBrowser } from '../support/browser.js';
import { HANAKO, seedCaseSearch, YURINOKI } from '../support/caseSearch.js';
import { ACCOUNTS, createConsoleAccounts } from '../support/console.js';
import { startTestServer, type TestServer } from '../support/server.js';

// Find a case (issue 17 item 3) in headless Chromium, on /console/cases as a person types into its
// form: the coordination center finds a stay by 入院番号, by its care office's name, by the patient's
// name + birth date (exact, through the keyed hash); a name without a birth date is refused in Japanese
// beside the field; the list pages by 100 with links. Hospital staff find only their own hospital's
// stays. Screenshots in test-artifacts/ (and the page's Japanese is drawn with a CJK font, not boxes).

const ARTIFACTS = 'test-artifacts';

describe('find a case in a real browser', () => {
  let s: TestServer;
  let browser: Browser;
  let center: Page;
  let staff: Page;
  const shot = (p: Page, name: string) => p.screenshot({ path: `${ARTIFACTS}/search-${name}.png`, fullPage: true });

  /** Opens an empty search form, types `fields` into it and submits; answers the page's status. */
  async function search(p: Page, fields: Record<string, string>): Promise<number> {
    await p.goto(`${s.base}/console/cases`);
    for (const [name, value] of Object.entries(fields)) await p.fill(`#case-search [name=${name}]`, value);
    const [res] = await Promise.all([
      p.waitForResponse((r) => r.url().startsWith(`${s.base}/console/cases?`)),
      p.click('#case-search button[type=submit]'),
    ]);
    await p.waitForLoadState('load');
    return res.status();
  }
  /** The 入院番号 in the result table, in order, and the hospitals they are at. */
  const found = (p: Page) => p.locator('#cases tr td:nth-child(3) a').allTextContents();
  const hospitalsShown = async (p: Page) => [
    ...new Set(await p.locator('#cases tr td:nth-child(2)').allTextContents()),
  ];

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    s = await startTestServer({ smtp: false });
    await createConsoleAccounts(s);
    await seedCaseSearch(s);
    browser = await launchChromium();
    center = await browser.newPage({ viewport: { width: 1300, height: 900 }, locale: 'ja-JP' });
    staff = await browser.newPage({ viewport: { width: 1300, height: 900 }, locale: 'ja-JP' });
    await loginInBrowser(center, s.base, s.clock.now, ACCOUNTS.admin);
    await loginInBrowser(staff, s.base, s.clock.now, ACCOUNTS.staff);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('the center finds a stay by its 入院番号, named by its hospital, and opens it', async () => {
    expect(await search(center, { hospitalizationId: 'N-0001' })).toBe(200);
    expect(await found(center)).toEqual(['N-0001']);
    expect(await hospitalsShown(center)).toEqual(['三田西病院']);
    // Part of a number is not a number: no stay starts with it by accident.
    await search(center, { hospitalizationId: 'S-000' });
    expect(await found(center)).toEqual([]);
    expect(await center.textContent('#case-count')).toBe('該当する入院はありません。');
    await search(center, { hospitalizationId: 'N-0001' });
    await shot(center, 'by-number');
    await Promise.all([center.waitForURL(/\/console\/cases\/[^?]+$/), center.click('#cases a:text-is("N-0001")')]);
    expect(await center.textContent('h1')).toContain('N-0001');
  });

  it("the center finds a stay by part of its care office's name, and the matched office is named", async () => {
    await search(center, { office: 'ゆりのき' });
    expect(await found(center)).toEqual(['S-0001']);
    expect(await center.locator('body').textContent()).toContain(`該当する事業所: ${YURINOKI.name}`);
    await search(center, { office: '存在しない事業所' });
    expect(await found(center)).toEqual([]);
    expect(await center.locator('body').textContent()).toContain('該当する居宅介護支援事業所がありません。');
  });

  it('the center finds a patient by name + birth date, exactly (full-width space aside), at both hospitals; the page says why', async () => {
    await search(center, { patientName: '山田　花子', birthDate: HANAKO.birthDate });
    expect((await found(center)).sort()).toEqual(['N-0001', 'S-0000']);
    expect((await hospitalsShown(center)).sort()).toEqual(['三田市民病院', '三田西病院'].sort());
    expect(await center.textContent('p.hint')).toContain(
      '氏名と生年月日の両方が登録内容と一致する入院だけが見つかります',
    );
    await shot(center, 'by-patient');
    // Part of the name, or the day after, finds nothing: there is only the hash to compare.
    await search(center, { patientName: '山田', birthDate: HANAKO.birthDate });
    expect(await found(center)).toEqual([]);
    await search(center, { patientName: HANAKO.name, birthDate: '1941-05-03' });
    expect(await found(center)).toEqual([]);
  });

  it('a name without a birth date is refused in Japanese beside the birth-date field, the name kept as typed', async () => {
    expect(await search(center, { patientName: HANAKO.name })).toBe(400);
    const beside = center.locator('#case-search label:has([name=birthDate]) #birthDate-error');
    expect(await beside.isVisible()).toBe(true);
    expect(await beside.textContent()).toContain('氏名で探すときは生年月日も入れてください');
    expect(await center.inputValue('#case-search [name=patientName]')).toBe(HANAKO.name);
    expect(await found(center)).toEqual([]);
    await shot(center, 'error');
  });

  it(`the list pages by ${CASE_PAGE_SIZE}: the next link shows the one over the page, the previous link goes back`, async () => {
    await search(center, {});
    const first = await found(center);
    expect(first).toHaveLength(CASE_PAGE_SIZE);
    expect(await center.textContent('#case-count')).toContain(`1〜${CASE_PAGE_SIZE}件目を表示`);
    expect(await center.locator('nav.pager a[rel=prev]').count()).toBe(0);
    await Promise.all([center.waitForURL(/page=2/), center.click('nav.pager a[rel=next]')]);
    const second = await found(center);
    expect(second).toHaveLength(1);
    expect(await center.textContent('#case-count')).toContain(`${CASE_PAGE_SIZE + 1}〜${CASE_PAGE_SIZE + 1}件目を表示`);
    expect(await center.locator('nav.pager a[rel=next]').count()).toBe(0);
    // No stay twice and none missed across the page boundary.
    expect(new Set([...first, ...second]).size).toBe(CASE_PAGE_SIZE + 1);
    await shot(center, 'page-2');
    await Promise.all([center.waitForURL(/page=1/), center.click('nav.pager a[rel=prev]')]);
    expect(await found(center)).toEqual(first);
  });

  it("hospital staff never see another hospital's stay: not by its 入院番号, not by the patient, not in the list", async () => {
    await search(staff, { hospitalizationId: 'N-0001' });
    expect(await found(staff)).toEqual([]);
    expect(await staff.textContent('#case-count')).toBe('該当する入院はありません。');
    await search(staff, { patientName: HANAKO.name, birthDate: HANAKO.birthDate });
    expect(await found(staff)).toEqual(['S-0000']);
    await shot(staff, 'staff');
    // Exactly a page of their own: no next page, and every row at their hospital.
    await search(staff, {});
    expect(await found(staff)).toHaveLength(CASE_PAGE_SIZE);
    expect(await hospitalsShown(staff)).toEqual(['三田市民病院']);
    expect(await staff.locator('nav.pager a[rel=next]').count()).toBe(0);
    // Opening the other hospital's stay by address does not show it either.
    const nishi = await center.goto(`${s.base}/console/cases?hospitalizationId=N-0001`);
    expect(nishi!.status()).toBe(200);
    const href = (await center.locator('#cases a:text-is("N-0001")').getAttribute('href'))!;
    const res = await staff.goto(`${s.base}${href}`);
    expect(res!.status()).toBe(404);
    expect(await staff.locator('body').textContent()).not.toContain('N-0001');
  });

  it('the screenshots show Japanese: the headings are drawn with an installed CJK font, not boxes', async () => {
    await center.goto(`${s.base}/console/cases`);
    const cdp = await center.context().newCDPSession(center);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'h1' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    expect(await center.textContent('h1')).toBe('入院一覧・検索');
    // Every glyph of 「入院一覧・検索」 comes from a CJK font (Debian's fonts-noto-cjk), none from a fallback.
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f.familyName).toMatch(/CJK|Noto Sans JP|Hiragino|Yu Gothic/);
    await cdp.detach();
  });
});
