import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchPhone, layoutWidth, PHONE } from '../support/browser.js';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';
import { waitForMails } from '../support/smtp.js';

// Sanda A⑤ 看護サマリー on a phone (390 px wide) in headless Chromium: the care manager opens the
// notice's link, sees only a button, presses it, reads the summary without sideways scrolling.

describe('Sanda A⑤ 看護サマリー on a phone, in a real browser', () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;
  let link: string;
  const fitsThePhone = () => layoutWidth(page);

  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-16T11:00:00+09:00' });
    await registerCareOffice(s);
    await s.sendEvent('sanda-shimin', admittedEvent('E-summary-phone'));
    const fact = (type: string, occurredAt: string, data: unknown) => ({
      type,
      hospitalizationId: 'E-summary-phone',
      occurredAt,
      data,
    });
    await s.sendEvent(
      'sanda-shimin',
      fact('discharged', '2026-12-15T10:00:00+09:00', { destination: 'home', nursingSummarySent: false }),
    );
    await s.sendEvent(
      'sanda-shimin',
      fact('nursing_summary_sent', '2026-12-15T16:00:00+09:00', {
        summary: {
          expectedCareProblems:
            '夜間のトイレ移動で転倒の恐れがあります。手すりの設置とポータブルトイレの検討をお願いします。',
          lastBowelMovementOn: '2026-12-14',
          lastBathOn: '2026-12-12',
          medication: 'アムロジピン5mg 朝1錠、マグミット330mg 毎食後\n一包化、家族が管理',
          adl: { mobility: '杖歩行・見守り', eating: '自立', toileting: '夜間ポータブルトイレ', bathing: '一部介助' },
          skin: '仙骨部に発赤あり (褥瘡なし)。体位変換と保湿を継続してください。',
          nurseNotes: 'ご家族は日中不在のため、訪問看護の導入をご検討ください。',
          writer: { name: '看護 花子', ward: '4階東病棟', phone: '079-563-1111' },
        },
      }),
    );
    await s.sweep();
    const mail = (await waitForMails(s.smtp!.mails, 1)).find((m) => m.subject.includes('看護サマリー'))!;
    link = /https?:\/\/\S+\/n\/[0-9A-Z]+/.exec(mail.text)![0];
    ({ browser, page } = await launchPhone());
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('Sanda A⑤ 看護サマリー: the link shows only a button; the press shows the summary, fitting a 390 px phone', async () => {
    await page.goto(link);
    expect(await page.textContent('h1')).toBe('看護サマリー');
    const before = (await page.textContent('body')) ?? '';
    expect(before).not.toContain('山田');
    expect(before).not.toContain('転倒');
    await page.click('button:has-text("看護サマリーを表示する")');
    await page.waitForSelector('.nursing-summary');
    const body = (await page.textContent('body')) ?? '';
    expect(body).toContain('山田 花子 様');
    expect(body).toContain('夜間のトイレ移動で転倒の恐れがあります。');
    expect(body).toContain('一包化、家族が管理');
    expect(await page.locator('th', { hasText: '最終排便日' }).count()).toBe(1);
    expect(await fitsThePhone()).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: `${ARTIFACTS}/nursing-summary-phone.png`, fullPage: true });
  });
});
