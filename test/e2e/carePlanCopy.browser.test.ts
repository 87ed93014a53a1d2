import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchPhone, layoutWidth, PHONE } from '../support/browser.js';
import { signInOfficeInBrowser } from '../support/office.js';
import { carePlanPdf, pdfText } from '../support/pdf.js';
import { faxesTo, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';
import { dischargedStay } from '../support/stays.js';
import { waitUntil } from '../support/wait.js';

// A⑤ ケアプランの写し from a phone (390 px wide) in headless Chromium: the care manager picks the PDF on
// the task page from the discharge notice, a wrong file is told next to the field with the dates kept,
// the right one goes to the hospital's window by FAX, and the office page shows how far it got.

const WINDOW_FAX = '079-565-8018';

describe('A⑤ ケアプランの写し uploaded from a phone, in a real browser', () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;
  let link: string;
  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}/care-plan-copy-${name}.png`, fullPage: true });
  const fitsThePhone = () => layoutWidth(page);

  beforeAll(async () => {
    s = await startTestServer({ fax: true, start: '2026-12-20T10:05:00+09:00' });
    await registerCareOffice(s);
    ({ link } = await dischargedStay(s, 'sanda-shimin', 'E-cp-phone'));
    ({ browser, page } = await launchPhone());
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('A⑤ a file that is not a PDF is refused next to the file field; the dates typed stay', async () => {
    await page.goto(link);
    expect(await page.getAttribute('#carePlanPdf', 'accept')).toBe('application/pdf');
    await page.fill('#sentOn', '2026-12-21');
    await page.fill('#servicesStartedOn', '2026-12-24');
    await page.setInputFiles('#carePlanPdf', {
      name: 'ケアプラン.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('スキャナの設定ファイル'),
    });
    await page.check('input[name=confirm]');
    await page.click('button[type=submit]');
    await page.waitForSelector('#carePlanPdf-error');
    expect(await page.textContent('#carePlanPdf-error')).toContain('PDFファイルではありません');
    // The message follows the field it is about.
    expect(
      await page.evaluate(
        () =>
          document
            .getElementById('carePlanPdf')!
            .compareDocumentPosition(document.getElementById('carePlanPdf-error')!) & Node.DOCUMENT_POSITION_FOLLOWING,
      ),
    ).toBeTruthy();
    expect(await page.inputValue('#sentOn')).toBe('2026-12-21');
    expect(await page.inputValue('#servicesStartedOn')).toBe('2026-12-24');
    expect(await fitsThePhone()).toBeLessThanOrEqual(PHONE.width);
    await shot('refused');
  });

  it("A⑤ the PDF picked on the phone is recorded and reaches the hospital's window by FAX after its cover", async () => {
    await page.setInputFiles('#carePlanPdf', {
      name: 'ケアプラン.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(await carePlanPdf(2, 'PHONEPLAN')),
    });
    await page.check('input[name=confirm]');
    await page.click('button[type=submit]');
    await page.waitForSelector('h1:has-text("記録しました")');
    await shot('done');
    await waitUntil(() => faxesTo(s, WINDOW_FAX).length > 0, 30_000);
    const fax = faxesTo(s, WINDOW_FAX)[0]!;
    const read = await pdfText(new Uint8Array(fax.attachments[0]!.content));
    expect(read.pages).toBe(3);
    expect(read.flat).toContain('ケアプランの写し');
    expect(read.flat).toContain('PHONEPLAN-PAGE-2');
  });

  it('A⑤ the office page shows the copy sent and waiting for the hospital’s receipt, and opens its PDF', async () => {
    await signInOfficeInBrowser(page, s, 'cm@kyotaku.example.jp');
    const copy = page.locator('[data-care-plan-copy]');
    await copy.waitFor();
    const text = await copy.textContent();
    expect(text).toContain('ケアプランの写し (PDF 2ページ)');
    expect(text).toContain('総合支援センター 退院支援連携室へ送付');
    expect(text).toContain('病院の受信確認待ち');
    const href = await copy.locator('a', { hasText: 'PDFを開く' }).getAttribute('href');
    const pdf = await page.request.get(new URL(href!, page.url()).toString());
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdfText(new Uint8Array(await pdf.body()))).flat).toContain('PHONEPLAN-PAGE-1');
    expect(await fitsThePhone()).toBeLessThanOrEqual(PHONE.width);
    await shot('office');
  });
});
