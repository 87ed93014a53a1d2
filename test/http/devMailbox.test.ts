import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admittedEvent, registerCareOffice, startTestServer, type TestServer, taskLinks } from '../support/server.js';

describe('development mailbox: npm start with nothing else installed', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    await registerCareOffice(s);
  });
  afterAll(async () => {
    await s.close();
  });

  it('a signed admission produces an email at /dev/mailbox whose link works', async () => {
    expect((await s.sendEvent('sanda-shimin', admittedEvent('E-dev'))).status).toBe(202);
    let items: { subject: string; text: string; to: string }[] = [];
    for (let i = 0; i < 100 && items.length === 0; i++) {
      items = ((await (await fetch(`${s.base}/dev/mailbox.json`)).json()) as { items: typeof items }).items;
      if (items.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(items).toHaveLength(1);
    expect(items[0]!.subject).toBe('【入院のお知らせ】三田市民病院');
    expect(items[0]!.to).toBe('cm@kyotaku.example.jp');
    const res = await fetch(`${s.base}/dev/mailbox`);
    expect(res.headers.get('content-security-policy')).toMatch(
      /default-src 'self'; script-src 'none'; style-src 'self'.*frame-ancestors 'none'/,
    );
    const page = await res.text();
    expect(page).toContain('【入院のお知らせ】三田市民病院');
    expect(page).not.toMatch(/<script|<style|\sstyle=/);
    const [link] = taskLinks(items[0]!.text);
    expect(page).toContain(`href="${link}"`);
    const task = await fetch(link!);
    expect(task.status).toBe(200);
    expect(await task.text()).toContain('入院連絡の確認');
  });

  it('a forged or truncated task link shows a Japanese error and records nothing', async () => {
    const res = await fetch(`${s.base}/t/not-a-token`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('このリンクは無効です');
    const post = await fetch(`${s.base}/t/not-a-token`, {
      method: 'POST',
      body: new URLSearchParams({ confirm: 'yes' }),
    });
    expect(post.status).toBe(404);
  });
});
