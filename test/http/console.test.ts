import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, caseEvents, tasks } from '../../db/schema.js';
import { consoleClient as client } from '../support/console.js';
import { admittedEvent, startTestServer, type TestServer } from '../support/server.js';

describe('console: login, pages, permissions, forms', () => {
  let s: TestServer;
  let ownCase = '';
  let otherCase = '';
  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    // An office without email: its admission notice is dead-lettered, a stuck handoff to find.
    await s.admin('/v1/admin/care-offices/no-mail', {
      method: 'PUT',
      body: { name: 'メール未登録の事業所', phone: '079-111-2222', fax: '079-111-3333', region: 'sanda' },
    });
    await s.admin('/v1/admin/accounts', {
      method: 'POST',
      body: { loginId: 'center', name: '支援センター 佐藤', role: 'admin', password: 'center-password-1' },
    });
    await s.admin('/v1/admin/accounts', {
      method: 'POST',
      body: {
        loginId: 'shimin',
        name: '市民病院 田中',
        role: 'hospital_staff',
        hospitalId: 'sanda-shimin',
        password: 'shimin-password-1',
      },
    });
    ownCase = (
      (await (await s.sendEvent('sanda-shimin', admittedEvent('E-1', { careOfficeId: 'no-mail' }))).json()) as {
        caseId: string;
      }
    ).caseId;
    otherCase = (
      (await (
        await s.sendEvent('sanda-nishi', {
          ...admittedEvent('E-2', { careOfficeId: 'no-mail' }),
          data: {
            ...admittedEvent('E-2').data,
            careOfficeId: 'no-mail',
            patient: { name: '別院 太郎', birthDate: '1940-01-01' },
          },
        })
      ).json()) as { caseId: string }
    ).caseId;
    await s.sweep();
  });
  afterAll(async () => {
    await s.close();
  });

  it('the console needs a login: pages redirect to the login form', async () => {
    const res = await fetch(`${s.base}/console/stuck`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/login?next=%2Fconsole%2Fstuck');
  });

  it('the case and directory pages, mounted as their own groups, sit behind the same login and CSRF checks', async () => {
    for (const path of [
      '/console/cases/x',
      '/console/cases/x/events/new',
      '/console/directory',
      '/console/directory/hospitals/new',
    ]) {
      const res = await fetch(`${s.base}${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toBe(`/console/login?next=${encodeURIComponent(path)}`);
    }
    const anonymous = client(s);
    expect((await anonymous.post('/console/cases/x/links/revoke', { reason: 'x' })).status).toBe(401);
    const c = client(s);
    await c.login('center', 'center-password-1');
    expect((await c.post('/console/directory/care-offices/new', { id: 'x', name: 'x' }, { csrf: false })).status).toBe(
      403,
    );
    expect(
      (await c.post('/console/directory/care-offices/new', { id: 'x', name: 'x' }, { origin: 'https://evil.example' }))
        .status,
    ).toBe(403);
  });

  it('a wrong password is refused and audited; the session cookie is __Host-, Secure, HttpOnly, SameSite=Lax', async () => {
    const c = client(s);
    expect((await c.login('center', 'wrong-password')).status).toBe(401);
    const ok = await c.login('center', 'center-password-1');
    expect(ok.status).toBe(303);
    expect(ok.headers.get('set-cookie')).toMatch(
      /^__Host-renkei_session=[\w-]{43}; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
    const audit = await s.running.deps.database.db.select().from(auditLog);
    expect(audit.filter((a) => a.action === 'login.failed' && a.target === 'center')).toHaveLength(1);
    expect(audit.some((a) => a.action === 'login.succeeded' && a.actor === 'account:center')).toBe(true);
  });

  it('each page renders in Japanese for an administrator', async () => {
    const c = client(s);
    await c.login('center', 'center-password-1');
    for (const [path, text] of [
      ['/console', '滞留中の引き継ぎ'],
      ['/console/stuck', '通知の不達: 入院のお知らせ'],
      ['/console/cases', '入院一覧'],
      [`/console/cases/${ownCase}`, '状態遷移図'],
      ['/console/metrics', '調整漏れの割合'],
      ['/console/directory', '三田市民病院'],
      ['/console/audit', '監査ログ'],
      [`/console/cases/${ownCase}/events/new?type=discharged`, '退院先'],
    ] as const) {
      const res = await c.get(path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toContain(text);
    }
    const csv = await c.get('/console/metrics.csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain(
      '月,区分,ID,名称,参加病院,自宅への退院,調整漏れ(引継ぎなし),調整漏れ率(%),連絡の遅れ(目安日数未満),連絡の遅れの割合(%)',
    );
  });

  it("the case page cites the stage's step in its region's own words; pages without a region number no step", async () => {
    const c = client(s);
    await c.login('center', 'center-password-1');
    const page = await (await c.get(`/console/cases/${ownCase}`)).text();
    const stage = /<dd id="current-state">([\s\S]*?)<\/dd>/.exec(page)![1]!;
    expect(stage).toMatch(/三田市入退院支援ルール A①「入院時の連絡」/);
    for (const path of ['/console', '/console/stuck', '/console/cases']) {
      const html = await (await c.get(path)).text();
      expect(html, path).not.toMatch(/[AB][①②③④⑤]/);
    }
  });

  it("the case page draws its route's state diagram (SVG) with the current state marked, and the rule's steps with the day each was reached", async () => {
    const c = client(s);
    await c.login('center', 'center-password-1');
    const page = await (await c.get(`/console/cases/${ownCase}`)).text();
    const svg = /<svg[^>]*id="state-diagram"[\s\S]*?<\/svg>/.exec(page)![0];
    expect(svg).toMatch(/<g class="state current" data-state="admissionNotice">/);
    expect(svg).toMatch(/<g class="move taken" data-from="admission" data-to="admissionNotice"/);
    // Route A's stay: route B's steps are not drawn.
    expect(svg).not.toContain('eligibilityScreening');
    const steps = /<ol class="progress" id="rule-steps">([\s\S]*?)<\/ol>/.exec(page)![1]!;
    const step = (key: string) => new RegExp(`<li( class="[a-z]+")? data-step="${key}">([\\s\\S]*?)</li>`).exec(steps)!;
    expect(step('admission')[1]).toBe(' class="current"');
    expect(step('admission')[2]).toContain('A①「入院時の連絡」');
    expect(step('admission')[2]).toContain('12/4(金)');
    expect(step('inpatient')[1]).toBeUndefined();
    expect(step('inpatient')[2]).toContain('まだ');
    expect(steps.match(/<li/g)).toHaveLength(5);
  });

  it("pages link the site's icon, served from this origin as SVG (the CSP's img-src 'self'), also at /favicon.ico", async () => {
    const login = await fetch(`${s.base}/console/login`);
    const href = /<link rel="icon" href="([^"]+)" type="image\/svg\+xml"/.exec(await login.text())?.[1];
    expect(href).toMatch(/^\/assets\/favicon\.[0-9a-z]+\.svg$/);
    for (const path of [href!, '/favicon.ico']) {
      const icon = await fetch(`${s.base}${path}`);
      expect(icon.status, path).toBe(200);
      expect(icon.headers.get('content-type'), path).toBe('image/svg+xml');
      expect(await icon.text(), path).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>$/);
    }
    expect((await fetch(`${s.base}/assets/favicon.0.svg`)).status).toBe(404);
  });

  it("hospital staff see their own hospital only: another hospital's case page is 404 with no data", async () => {
    const c = client(s);
    await c.login('shimin', 'shimin-password-1');
    expect((await c.get(`/console/cases/${ownCase}`)).status).toBe(200);
    const other = await c.get(`/console/cases/${otherCase}`);
    expect(other.status).toBe(404);
    const html = await other.text();
    expect(html).not.toContain('別院');
    expect(html).not.toContain('E-2');
    const stuck = await (await c.get('/console/stuck?hospital=sanda-nishi')).text();
    expect(stuck).toContain('E-1');
    expect(stuck).not.toContain('E-2');
    expect((await c.get('/console/audit')).status).toBe(403);
    expect((await c.get('/console/directory/care-offices/no-mail')).status).toBe(403);
  });

  it("forms need the session's CSRF token and a same-origin Origin", async () => {
    const c = client(s);
    await c.login('center', 'center-password-1');
    const noToken = await c.post(`/console/cases/${ownCase}/notices/x/resend`, {}, { csrf: false });
    expect(noToken.status).toBe(403);
    const crossSite = await c.post(
      `/console/cases/${ownCase}/notices/x/resend`,
      {},
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).toBe(403);
  });

  it('resending a dead notice from the case page queues a new notice linked to it, audited', async () => {
    const c = client(s);
    await c.login('center', 'center-password-1');
    type Stuck = { items: { caseId: string; kind: string; noticeId: string | null }[] };
    const deadBefore = ((await (await s.admin('/v1/admin/stuck')).json()) as Stuck).items.filter(
      (i) => i.caseId === ownCase && i.kind === 'dead_notice',
    );
    expect(deadBefore).toHaveLength(1);
    const page = await (await c.get(`/console/cases/${ownCase}`)).text();
    const action = `/console/cases/${ownCase}/notices/${deadBefore[0]!.noticeId}/resend`;
    expect(page).toContain(`action="${action}"`);
    const res = await c.post(action, { reason: '電話で確認した' });
    expect(res.status).toBe(303);
    const after = await (await c.get(res.headers.get('location')!)).text();
    expect(after).toContain('通知を再送しました');
    expect(after).toContain('再送 (元の通知');
    expect(after).toMatch(/notice\.resent/);
    // The resend replaces the dead notice in the stuck list; the office still has no address, so it dies too.
    await s.sweep();
    const deadAfter = ((await (await s.admin('/v1/admin/stuck')).json()) as Stuck).items.filter(
      (i) => i.caseId === ownCase && i.kind === 'dead_notice',
    );
    expect(deadAfter.map((i) => i.noticeId)).not.toContain(deadBefore[0]!.noticeId);
    expect(deadAfter).toHaveLength(1);
  });

  it("「リンクを無効にする」 on the case page revokes the case's task links, needs the CSRF token, and is audited with the account", async () => {
    const c = client(s);
    await c.login('center', 'center-password-1');
    const action = `/console/cases/${ownCase}/links/revoke`;
    expect(await (await c.get(`/console/cases/${ownCase}`)).text()).toContain(`action="${action}"`);
    expect((await c.post(action, { reason: 'x' }, { csrf: false })).status).toBe(403);
    const generation = async () =>
      (await s.running.deps.database.db.select().from(tasks).where(eq(tasks.caseId, ownCase))).map(
        (t) => t.linkGeneration,
      );
    const before = await generation();
    const res = await c.post(action, { reason: '誤送信の連絡' });
    expect(res.status).toBe(303);
    expect(await (await c.get(res.headers.get('location')!)).text()).toContain('リンクを無効にしました');
    expect(await generation()).toEqual(before.map((g) => g + 1));
    const audit = await s.running.deps.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'case.links.revoked'));
    expect(audit).toEqual([
      expect.objectContaining({ actor: 'account:center', target: ownCase, detail: { reason: '誤送信の連絡' } }),
    ]);
  });

  it('a fact recorded by hand dated before 2000-01-01 is refused with a Japanese message naming 日時, and records nothing', async () => {
    const c = client(s);
    await c.login('center', 'center-password-1');
    const before = (await s.running.deps.database.db.select().from(caseEvents)).length;
    const res = await c.post(`/console/cases/${ownCase}/events`, {
      type: 'admission_acknowledged',
      occurredAt: '1999-12-31T10:00',
      reason: 'ケアマネに電話で確認',
      nonce: 'form_test_1999',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('日時は2000年1月1日以降にしてください。');
    expect((await s.running.deps.database.db.select().from(caseEvents)).length).toBe(before);
  });

  it('a fact recorded by hand needs a reason (Japanese error), then goes through the machine with source admin', async () => {
    const c = client(s);
    await c.login('center', 'center-password-1');
    const missing = await c.post(`/console/cases/${ownCase}/events`, {
      type: 'admission_acknowledged',
      occurredAt: '2026-12-04T10:50',
      reason: '',
    });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('理由を入力してください。');
    const ok = await c.post(`/console/cases/${ownCase}/events`, {
      type: 'admission_acknowledged',
      occurredAt: '2026-12-04T10:50',
      reason: 'ケアマネに電話で確認',
      nonce: 'form_test_1',
    });
    expect(ok.status).toBe(303);
    const d = (await (await s.admin(`/v1/admin/hospitalizations/${ownCase}`)).json()) as {
      state: string;
      timeline: { type?: string; source?: string; manual?: { by: string; reason: string } }[];
    };
    expect(d.state).toBe('informationProvision');
    expect(d.timeline.find((t) => t.type === 'admission_acknowledged')).toMatchObject({
      source: 'admin',
      manual: { by: 'account:center', reason: 'ケアマネに電話で確認' },
    });
    // On the page, the person who recorded it by name, never the account's id.
    const page = await (await c.get(`/console/cases/${ownCase}`)).text();
    expect(page).toContain('手入力: 支援センター 佐藤 / 理由: ケアマネに電話で確認');
    expect(page).not.toContain('account:');
    // The audit log says the same in Japanese: the detail's names and the time in Japan time, no ids.
    const audit = (await (await c.get('/console/audit?action=case.fact.')).text()).replace(/<[^>]*>/g, ' ');
    expect(audit).toContain('理由: ケアマネに電話で確認 / 出来事の日時: 2026/12/04 10:50');
    expect(audit).not.toMatch(/occurredAt|reason:|caseId/);
  });

  it('directory editing validates with Japanese messages', async () => {
    const c = client(s);
    await c.login('center', 'center-password-1');
    const bad = await c.post('/console/directory/care-offices/new', {
      id: 'new-office',
      name: '',
      email: 'not-mail',
      fax: 'FAX!',
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    for (const m of [
      '名称を入力してください。',
      'メールアドレスの形式が正しくありません。',
      'FAX番号の形式が正しくありません。',
    ])
      expect(html).toContain(m);
    const good = await c.post('/console/directory/care-offices/new', {
      id: 'new-office',
      name: '新しい事業所',
      email: 'new@example.jp',
      region: 'sanda',
      open: '09:00',
      close: '17:00',
      closedDays: 'sun',
    });
    expect(good.status).toBe(303);
    const window = await c.post('/console/directory/hospitals/sanda-aino', {
      name: 'あいの病院',
      region: 'sanda',
      'w0.id': 'sanda-aino-renkei',
      'w0.name': '地域連携室',
      'w0.fax': '079-000-9999',
      'w0.email': 'renkei@aino.example.jp',
      'w0.purposes': 'general',
    });
    expect(window.status).toBe(303);
    const directory = await (await c.get('/console/directory')).text();
    expect(directory).toContain('079-000-9999');
    expect(directory).toContain('renkei@aino.example.jp');
    const form = await (await c.get('/console/directory/hospitals/sanda-aino')).text();
    expect(form).toContain('value="renkei@aino.example.jp"');
  });
});

describe('console sessions end after 30 minutes without a request (a shared ward PC left open)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false, start: '2026-12-04T09:00:00+09:00' });
    await s.admin('/v1/admin/accounts', {
      method: 'POST',
      body: { loginId: 'center', name: '支援センター 佐藤', role: 'admin', password: 'center-password-1' },
    });
  });
  afterAll(async () => {
    await s.close();
  });

  it('a request within 30 minutes keeps the session; 30 minutes without one ends it', async () => {
    const c = client(s);
    expect((await c.login('center', 'center-password-1')).status).toBe(303);
    s.clock.set('2026-12-04T09:25:00+09:00');
    expect((await c.get('/console')).status).toBe(200);
    s.clock.set('2026-12-04T09:50:00+09:00');
    expect((await c.get('/console')).status).toBe(200);
    s.clock.set('2026-12-04T10:20:30+09:00');
    const res = await c.get('/console/stuck');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/login?next=%2Fconsole%2Fstuck');
  });
});

describe('console sessions end 12 hours after login, however active (checked by the server, not only the cookie)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false, start: '2026-12-04T08:00:00+09:00' });
    await s.admin('/v1/admin/accounts', {
      method: 'POST',
      body: { loginId: 'center', name: '支援センター 佐藤', role: 'admin', password: 'center-password-1' },
    });
  });
  afterAll(async () => {
    await s.close();
  });

  it('a session used every 20 minutes still ends 12 hours after login', async () => {
    const c = client(s);
    expect((await c.login('center', 'center-password-1')).status).toBe(303);
    const login = s.clock.now().getTime();
    // Never idle for 30 minutes: only the 12-hour limit can end it.
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      s.clock.set(new Date(login + minutes * 60_000).toISOString());
      expect((await c.get('/console')).status, `${minutes} minutes after login`).toBe(200);
    }
    s.clock.set(new Date(login + 12 * 60 * 60_000).toISOString());
    const res = await c.get('/console');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/login?next=%2Fconsole');
  });
});
