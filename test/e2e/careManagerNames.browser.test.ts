import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devMailbox } from '../../db/schema.js';
import { demoPlan } from '../../scripts/demo/plan.js';
import { runDemo } from '../../scripts/demo/run.js';
import { launchPhone } from '../support/browser.js';
import { readEveryPage, renderedText, unreadable } from '../support/names.js';
import { signInLink } from '../support/office.js';
import { ADMIN_TOKEN, startTestServer, type TestServer, taskLinks } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

// People read names, never ids — on the care manager's side too: every mail the demo month sends,
// the task pages its links open, and the care office's own page with every page it links to. The demo
// reads its links from the development mailbox, as `npm run demo` does, so the mails are read there.

const END = '2026-11-30T20:00:00+09:00';

describe("people read names, never ids: the care manager's mails, task pages and office page on the demo month", () => {
  let s: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    s = await startTestServer({ smtp: false, start: END });
    await runDemo(
      { base: s.base, adminToken: ADMIN_TOKEN, setNow: (iso) => s.clock.set(iso) },
      demoPlan({ end: Date.parse(END) }),
      Date.parse(END),
    );
    await s.running.idle();
    ({ browser, page } = await launchPhone());
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  const mailsSent = () => s.running.deps.database.db.select().from(devMailbox);

  it('no mail of the month shows an internal id, an actor key, a region id or a missed value', async () => {
    const mails = await mailsSent();
    expect(mails.length).toBeGreaterThan(20);
    const found = mails.flatMap((m) => unreadable(`mail ${m.id} to ${m.to}`, `${m.subject}\n${m.text}`));
    expect(found).toEqual([]);
  });

  it('the task pages the mails link to show none either', async () => {
    const links = [...new Set((await mailsSent()).flatMap((m) => taskLinks(m.text)))];
    expect(links.length).toBeGreaterThan(5);
    const found: string[] = [];
    for (const link of links.slice(0, 40)) {
      const res = await page.goto(link);
      expect(res!.status(), link).toBeLessThan(500);
      found.push(...unreadable(new URL(link).pathname.slice(0, 12), await renderedText(page)));
    }
    expect(found).toEqual([]);
  }, 120_000);

  it("the care office's page and every page it links to show none either", async () => {
    // Signs in as the care manager does: asks for the link, opens the mailed link, presses its button.
    const email = 'cm1@demo.example.jp';
    const link = async () => (await mailsSent()).find((m) => m.to.includes(email) && signInLink(m.text) !== undefined);
    await page.goto(`${s.base}/office`);
    await page.fill('#email', email);
    await page.click('button[type=submit]');
    await waitUntil(async () => (await link()) !== undefined, 20_000, 'the sign-in mail');
    await page.goto(signInLink((await link())!.text)!);
    await page.click('button[type=submit]');
    await page.waitForURL(`${s.base}/office`);
    const { seen, found } = await readEveryPage(page, s.base, '/office');
    expect(seen.length).toBeGreaterThan(3);
    expect(found).toEqual([]);
  }, 120_000);
});
