import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchPhone, layoutWidth, PHONE } from '../support/browser.js';
import { signInOfficeInBrowser } from '../support/office.js';
import { pdfText } from '../support/pdf.js';
import {
  admittedEvent,
  conferenceHeldEvent,
  registerCareOffice,
  startTestServer,
  type TestServer,
} from '../support/server.js';

// Issue 16 items 4 and 6 on a phone (390 px wide) in headless Chromium: the care manager opens the
// client's stay from the office page, files the 退院・退所情報記録書 prefilled from the hospital's
// conference (seed 002 ❷: 日時、開催場所、出席者、内容の要点), sees it beside the hospital's facts,
// and downloads the PDF of the region's form.

const OFFICE = 'cm@kyotaku.example.jp';
const KEY_POINTS = '肺炎は治癒。杖歩行で見守りが必要。';

describe('退院・退所情報記録書 on a phone, in a real browser', () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}/discharge-record-${name}.png`, fullPage: true });
  /** Nothing wider than the phone: no sideways scrolling. */
  const fitsThePhone = () => layoutWidth(page);
  const card = () => page.locator('.stay', { hasText: '山田 花子 様' });

  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-16T11:00:00+09:00' });
    await registerCareOffice(s);
    await s.sendEvent('sanda-shimin', admittedEvent('E-record-phone', { occurredAt: '2026-12-04T10:30:00+09:00' }));
    // The hospital's facts: a pre-discharge conference on 12/15 15:00 with a physician and the care manager.
    await s.sendEvent('sanda-shimin', conferenceHeldEvent('E-record-phone', '2026-12-15T15:00:00+09:00'));
    ({ browser, page } = await launchPhone({ acceptDownloads: true }));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it("the stay card links to the record; the form is prefilled from the hospital's conference and fits the phone", async () => {
    await signInOfficeInBrowser(page, s, OFFICE);
    expect(await card().textContent()).toContain('ケアマネジャーの退院・退所情報記録書がまだありません');
    await card().locator('a', { hasText: '退院・退所情報記録書を書く' }).click();
    await page.waitForURL(/\/office\/stays\/[^/]+\/record$/);
    expect(await page.textContent('h1')).toBe('退院・退所情報記録書');
    expect(await page.textContent('dl')).toContain('山田 花子 様');
    // Prefilled from the hospital's conference: its day, its time, its attendees' professions.
    expect(await page.inputValue('#receivedOn')).toBe('2026-12-15');
    expect(await page.inputValue('#time')).toBe('15:00');
    expect(await page.isChecked('input[name=conference]')).toBe(true);
    expect(await page.getByLabel('出席者1の職種').inputValue()).toBe('physician');
    expect(await page.getByLabel('出席者2の職種').inputValue()).toBe('care_manager');
    expect(await page.getByLabel('出席者2の所属').inputValue()).toBe('home');
    expect(await fitsThePhone()).toBeLessThanOrEqual(PHONE.width);
    await shot('form');
  });

  it('内容の要点 is required: an empty one is refused with 「内容の要点を入力してください。」 next to the field, what was typed kept', async () => {
    await page.getByLabel('出席者1の氏名').fill('山田 太郎');
    await page.getByLabel('出席者2の氏名').fill('鈴木 一郎');
    await page.click('button:has-text("記録する")');
    await page.waitForSelector('.notice.error');
    // The message sits between the field's label and the field itself.
    const beside = await page.evaluate(() => {
      const field = document.getElementById('keyPoints')!;
      return [
        field.previousElementSibling?.textContent,
        field.previousElementSibling?.previousElementSibling?.textContent,
      ];
    });
    expect(beside).toEqual(['内容の要点を入力してください。', '内容の要点']);
    expect(await page.locator('.notice.error').allTextContents()).toEqual(['内容の要点を入力してください。']);
    expect(await page.getByLabel('出席者1の氏名').inputValue()).toBe('山田 太郎');
    expect(await page.locator('text=記録済み').count()).toBe(0);
    expect(await fitsThePhone()).toBeLessThanOrEqual(PHONE.width);
    await shot('refused');
  });

  it("filed: the record shows beside the hospital's facts, which agree; the office page says so too", async () => {
    await page.fill('#keyPoints', KEY_POINTS);
    await page.fill('#services', '訪問看護 週1回');
    await page.click('button:has-text("記録する")');
    await page.waitForURL(/\/record\?filed=1$/);
    expect(await page.textContent('[role=status]')).toContain('記録しました。');
    const evidence = await page.textContent('.record-evidence');
    expect(evidence).toContain('一致しています');
    expect(evidence).toContain('カンファレンス 12/15: 2名');
    expect(evidence).toContain('出席者 2名 (介護支援専門員・医師)');
    expect(await page.inputValue('#keyPoints')).toBe(KEY_POINTS);
    expect(await fitsThePhone()).toBeLessThanOrEqual(PHONE.width);
    await shot('filed');
    await page.click('a:has-text("利用者の一覧へ")');
    await page.waitForURL(`${s.base}/office`);
    expect(await card().textContent()).toContain('一致しています');
    expect(await card().locator('a', { hasText: '退院・退所情報記録書を見る・直す' }).count()).toBe(1);
  });

  it('refiled with a different profession: the comparison says how the attendees differ, in Japanese', async () => {
    await card().locator('a', { hasText: '退院・退所情報記録書を見る・直す' }).click();
    await page.waitForURL(/\/record$/);
    await page.getByLabel('出席者2の職種').selectOption('nurse');
    await page.click('button:has-text("記録し直す")');
    await page.waitForURL(/\/record\?filed=1$/);
    expect(await page.textContent('body')).toContain('2回目の記録');
    const evidence = await page.textContent('.record-evidence');
    expect(evidence).toContain('食い違いがあります');
    expect(await page.locator('.record-evidence li').allTextContents()).toEqual([
      '出席者の職種が異なります: 病院の記録のみ 介護支援専門員 記録書のみ 看護師',
    ]);
    expect(await fitsThePhone()).toBeLessThanOrEqual(PHONE.width);
    await shot('disagree');
  });

  it("the PDF downloads from the page, and pdftotext reads the region's form name and the key points back", async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a:has-text("PDFをダウンロード")'),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const pdf = new Uint8Array(await readFile((await download.path())!));
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const { flat } = await pdfText(pdf);
    for (const item of ['退院・退所情報記録書', '山田花子', '山田太郎', KEY_POINTS, '看護師'])
      expect(flat).toContain(item);
  });
});
