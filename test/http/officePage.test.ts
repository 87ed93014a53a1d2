import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_LINKS_PER_WINDOW } from '../../engine/access/index.js';
import { officeClient, signInLink } from '../support/office.js';
import { admittedEvent, mailsSent, registerCareOffice, startTestServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

// Issue 16 (1): a care office signs in by mail, without a password, and sees its own clients only.

const OFFICE_MAIL = 'cm@kyotaku.example.jp';
const signInMails = (s: TestServer) => mailsSent(s).filter((m) => m.subject.includes('事業所のページへのログイン'));

describe("the care office's page: signed in by a mailed link, scoped to the office", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ start: '2026-12-04T11:00:00+09:00' });
    await registerCareOffice(s);
    await registerCareOffice(s, 'sanda-kyotaku-02', 'other@kyotaku.example.jp');
    await s.sendEvent('sanda-shimin', admittedEvent('E-office-1'));
    const other = admittedEvent('E-office-2', { careOfficeId: 'sanda-kyotaku-02' });
    other.data.patient = { name: '鈴木 一郎', birthDate: '1938-01-20' };
    await s.sendEvent('sanda-shimin', other);
    await waitUntil(() => mailsSent(s).filter((m) => m.subject.startsWith('【入院のお知らせ】')).length >= 2);
  });
  afterAll(async () => {
    await s.close();
  });

  /** The office may be mailed a few links per 15 minutes: each test's link is asked for 16 minutes later. */
  const tick = () => s.clock.set(new Date(s.clock.now().getTime() + 16 * 60_000).toISOString());

  /** Asks for a link as a phone would, and returns the mailed link. */
  async function mailedLink(email = OFFICE_MAIL) {
    tick();
    const before = signInMails(s).length;
    const res = await officeClient(s).post('/office/signin', { email });
    expect(res.status).toBe(200);
    await waitUntil(() => signInMails(s).length > before);
    return signInLink(signInMails(s).at(-1)!.text)!;
  }

  it('GET /office without a session asks for the email address, not a password', async () => {
    const html = await (await officeClient(s).get('/office')).text();
    expect(html).toContain('事業所のメールアドレス');
    expect(html).not.toContain('password');
  });

  it('an unknown address gets the same answer as a registered one, and no mail', async () => {
    const before = mailsSent(s).length;
    const unknown = await officeClient(s).post('/office/signin', { email: 'nobody@example.jp' });
    const known = await officeClient(s).post('/office/signin', { email: ' CM@Kyotaku.example.jp ' });
    expect(unknown.status).toBe(known.status);
    expect(await unknown.text()).toBe(await known.text());
    await waitUntil(() => signInMails(s).length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    const mailed = mailsSent(s).slice(before);
    expect(mailed.map((m) => m.to)).toEqual([[OFFICE_MAIL]]);
  });

  it('the link is scanner-safe: GET shows a button and opens no session; POST signs in, once', async () => {
    const link = await mailedLink();
    const scanner = await fetch(link);
    expect(scanner.status).toBe(200);
    expect(scanner.headers.get('set-cookie')).toBeNull();
    expect(await scanner.text()).toContain('ログインする');
    const phone = officeClient(s);
    const first = await phone.post(link, {});
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/office');
    expect(phone.cookie).toMatch(/^__Host-renkei_office=/);
    const again = await officeClient(s).post(link, {});
    expect(again.status).toBe(404);
    expect((await fetch(link)).status).toBe(404);
  });

  it('a link unused for 15 minutes no longer signs in', async () => {
    const link = await mailedLink();
    s.clock.set(new Date(s.clock.now().getTime() + 15 * 60_000 + 1000).toISOString());
    expect((await officeClient(s).post(link, {})).status).toBe(404);
  });

  it('the page lists its own clients with stage, deadline in business days and task links; never another office’s', async () => {
    const phone = officeClient(s);
    await phone.post(await mailedLink(), {});
    const res = await phone.get('/office');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('三田ケアプランセンター');
    expect(html).toContain('山田 花子 様');
    expect(html).not.toContain('鈴木');
    expect(html).toContain('入院時の連絡');
    // Admitted Fri 4 Dec; the sheet is due within 3 days (Sun 6 Dec), and the office is closed at weekends.
    expect(html).toContain('入院時情報提供シートの提供: 2026年12月6日(日)まで (事業所の営業日は今日が最後)');
    expect(html).toMatch(/href="http:\/\/127\.0\.0\.1:\d+\/t\/[^"]+">入院連絡の確認</);
    expect(html).toContain('入院のお知らせ (山田 花子 様)');
    // What a person reads: the text, not the links' addresses.
    expect(html.replace(/<[^>]*>/g, ' ')).not.toMatch(/case_|sanda-/);
  });

  it('001 特定事業所医療介護連携加算: the page counts the office’s 退院・退所加算 linkages of the twelve months against 35', async () => {
    const phone = officeClient(s);
    await phone.post(await mailedLink(), {});
    const html = await (await phone.get('/office')).text();
    expect(html).toContain('特定事業所医療介護連携加算 125単位/月');
    expect(html).toContain('退院・退所加算に係る連携: 0回 (2026年1月〜2026年12月、算定月で数える)');
    expect(html).toContain('退院・退所加算に係る連携が年間35回以上必要 (記録: 0回)');
  });

  it('every view is audited as the office', async () => {
    const phone = officeClient(s);
    await phone.post(await mailedLink(), {});
    await phone.get('/office');
    const { items } = (await (await s.admin('/v1/admin/audit?limit=1000')).json()) as {
      items: { actor: string; action: string; target: string }[];
    };
    expect(items.some((e) => e.action === 'office.viewed' && e.actor === 'care_office:sanda-kyotaku-01')).toBe(true);
    expect(items.some((e) => e.action === 'office.signed_in' && e.target === 'sanda-kyotaku-01')).toBe(true);
  });

  it('a form without the session’s CSRF token is refused; logout with it ends the session', async () => {
    const phone = officeClient(s);
    await phone.post(await mailedLink(), {});
    expect((await phone.post('/office/logout', {}, { csrf: false })).status).toBe(403);
    expect((await phone.post('/office/logout', {})).status).toBe(303);
    expect(await (await phone.get('/office')).text()).toContain('事業所のメールアドレス');
  });

  it(`at most ${SIGN_IN_LINKS_PER_WINDOW} links are mailed to one office in 15 minutes, whatever is asked`, async () => {
    tick();
    const before = signInMails(s).length;
    for (let i = 0; i < SIGN_IN_LINKS_PER_WINDOW + 2; i++) {
      const res = await fetch(`${s.base}/office/signin`, {
        method: 'POST',
        body: new URLSearchParams({ email: OFFICE_MAIL }),
        headers: { origin: s.base, 'x-forwarded-for': `198.51.100.${i}` },
      });
      expect(res.status).toBe(200);
    }
    await waitUntil(() => signInMails(s).length >= before + SIGN_IN_LINKS_PER_WINDOW);
    await new Promise((r) => setTimeout(r, 300));
    expect(signInMails(s).length - before).toBe(SIGN_IN_LINKS_PER_WINDOW);
  });

  it('notices to a care office link to the office page', async () => {
    const admission = mailsSent(s).find((m) => m.subject.startsWith('【入院のお知らせ】'))!;
    expect(admission.text).toContain(`${s.base}/office`);
  });
});
