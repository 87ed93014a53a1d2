// Two-factor sign-in for the console (MHLW guideline 6.0: two-factor authentication by FY2027):
// administrators must enrol an authenticator app, hospital staff may; the code is counted by the
// same lockout as the password; an administrator's reset of another account's factor is audited;
// API tokens are unchanged.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema.js';
import { authenticator, codeAt, nextCode, pageReads } from '../support/authenticator.js';
import { consoleClient as client, phoneOf } from '../support/console.js';
import { startTestServer, type TestServer } from '../support/server.js';

const PASSWORD = 'center-password-1';

describe('two-factor sign-in for the console', () => {
  let s: TestServer;
  const auditOf = (action: string) =>
    s.running.deps.database.db.select().from(auditLog).where(eq(auditLog.action, action));
  async function account(loginId: string, role: 'admin' | 'hospital_staff') {
    const res = await s.admin('/v1/admin/accounts', {
      method: 'POST',
      body: {
        loginId,
        name: role === 'admin' ? '支援センター 佐藤' : '三田市民病院 連携室',
        role,
        password: PASSWORD,
        ...(role === 'hospital_staff' ? { hospitalId: 'sanda-shimin' } : {}),
      },
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { account: { id: string }; apiToken: string };
  }

  beforeAll(async () => {
    s = await startTestServer({ smtp: false, start: '2026-12-04T09:00:15+09:00' });
  });
  afterAll(async () => {
    await s.close();
  });

  it('an administrator without a factor is sent to enrolment after the password and can do nothing else until done', async () => {
    const { apiToken } = await account('first-admin', 'admin');
    const c = client(s);
    const res = await c.password('first-admin', PASSWORD);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/two-factor?next=%2Fconsole');
    // The halfway session lasts 10 minutes, not 12 hours.
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=600;/);
    for (const path of ['/console', '/console/audit', '/console/cases', '/console/login/code']) {
      const page = await c.get(path);
      expect(page.status, path).toBe(303);
      expect(page.headers.get('location'), path).toBe('/console/two-factor');
    }
    const post = await c.post(
      '/console/directory/care-offices/new',
      { id: 'x', name: 'x' },
      { csrfFrom: '/console/two-factor' },
    );
    expect(post.status).toBe(403);
    expect(await post.text()).toContain('二段階認証を済ませてから');
    const denied = await auditOf('access.denied');
    expect(denied.some((d) => (d.detail as { reason?: string }).reason === 'second_factor_required')).toBe(true);
    // The enrolment page: the QR code is inline SVG under the same strict policy, with the key to type.
    const enrol = await c.get('/console/two-factor');
    expect(enrol.headers.get('content-security-policy')).toContain("script-src 'none'");
    const html = await enrol.text();
    expect(html).toMatch(/<svg class="qr"[^>]*viewBox="0 0 \d+ \d+"/);
    expect(html).not.toContain('<script');
    expect(pageReads.secret(html)).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{1,4})+$/);
    // API tokens are unchanged: no second factor on the API.
    const api = await fetch(`${s.base}/v1/admin/accounts`, { headers: { authorization: `Bearer ${apiToken}` } });
    expect(api.status).toBe(200);
  });

  it('enrolment is switched on only by a first right code; then 10 recovery codes are shown once', async () => {
    const c = client(s);
    await c.password('first-admin', PASSWORD);
    const app = authenticator(pageReads.secret(await (await c.get('/console/two-factor')).text())!);
    const now = s.clock.now().getTime();
    const wrong = await c.post(
      '/console/two-factor',
      { code: codeAt(app.secret, now + 5 * 30_000) },
      { csrfFrom: '/console/two-factor' },
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('コードが違います');
    expect((await c.get('/console')).headers.get('location')).toBe('/console/two-factor');
    const ok = await c.post(
      '/console/two-factor',
      { code: nextCode(app, now)!, next: '/console/stuck' },
      { csrfFrom: '/console/two-factor' },
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-cookie')).toMatch(/Max-Age=43200;/);
    const page = await ok.text();
    expect(pageReads.recoveryCodes(page)).toHaveLength(10);
    expect(page).toContain('href="/console/stuck"');
    // Signed in now; the status page never shows the codes again.
    expect((await c.get('/console')).status).toBe(200);
    const status = await (await c.get('/console/two-factor')).text();
    expect(status).toContain('有効');
    expect(/id="recovery-left">(\d+)</.exec(status)![1]).toBe('10');
    expect(pageReads.recoveryCodes(status)).toEqual([]);
    expect((await auditOf('two_factor.enabled')).map((a) => a.actor)).toEqual(['account:first-admin']);
  });

  it('the second factor is counted by the login lockout: 10 failures (passwords and codes together) lock the id, 9 do not', async () => {
    s.clock.set('2026-12-04T10:00:15+09:00');
    await account('counted', 'admin');
    await client(s).login('counted', PASSWORD);
    const app = phoneOf(s, 'counted')!;
    s.clock.set('2026-12-04T10:30:15+09:00');
    const c = client(s);
    for (let i = 0; i < 4; i++) expect((await c.password('counted', `wrong-${i}`)).status).toBe(401);
    await c.password('counted', PASSWORD);
    for (let i = 0; i < 5; i++) expect((await c.code(`00000${i}`)).status, `code ${i + 1}`).toBe(401);
    // 9 failures: the right code still passes.
    expect((await c.code(nextCode(app, s.clock.now().getTime())!)).status).toBe(303);
    await c.post('/console/logout', {});
    await c.password('counted', PASSWORD);
    // The 10th failure, then the right code is refused before it is checked, and so is the password.
    expect((await c.code('999999')).status).toBe(401);
    const locked = await c.code(nextCode(app, s.clock.now().getTime())!);
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('ログインの失敗が続いたため');
    expect((await client(s).password('counted', PASSWORD)).status).toBe(429);
    const failed = (await auditOf('login.failed')).filter((a) => a.target !== 'counted');
    expect(failed.filter((a) => (a.detail as { factor?: string } | null)?.factor === 'second')).toHaveLength(6);
  });

  it('20 wrong codes at once on one halfway session check at most 10', async () => {
    s.clock.set('2026-12-04T12:00:15+09:00');
    await account('raced-code', 'admin');
    await client(s).login('raced-code', PASSWORD);
    s.clock.set('2026-12-04T12:30:15+09:00');
    const c = client(s);
    await c.password('raced-code', PASSWORD);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await c.get('/console/login/code')).text())![1]!;
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fetch(`${s.base}/console/login/code`, {
          method: 'POST',
          body: new URLSearchParams({ code: String(100000 + i), _csrf: csrf }),
          redirect: 'manual',
          headers: { cookie: c.cookie, origin: s.base, 'content-type': 'application/x-www-form-urlencoded' },
        }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((st) => st === 401)).toHaveLength(10);
    expect(statuses.filter((st) => st === 429)).toHaveLength(10);
  });

  it('a code is taken once: the same code on a second login is refused', async () => {
    s.clock.set('2026-12-04T14:00:15+09:00');
    await account('replayed', 'admin');
    await client(s).login('replayed', PASSWORD);
    const app = phoneOf(s, 'replayed')!;
    s.clock.set('2026-12-04T14:10:15+09:00');
    const code = nextCode(app, s.clock.now().getTime())!;
    const first = client(s);
    await first.password('replayed', PASSWORD);
    expect((await first.code(code)).status).toBe(303);
    const second = client(s);
    await second.password('replayed', PASSWORD);
    expect((await second.code(code)).status).toBe(401);
  });

  it('a recovery code signs in once; the halfway session ends after 10 minutes', async () => {
    s.clock.set('2026-12-04T15:00:15+09:00');
    await account('lost-phone', 'admin');
    await client(s).login('lost-phone', PASSWORD);
    const [code] = phoneOf(s, 'lost-phone')!.recoveryCodes;
    const c = client(s);
    await c.password('lost-phone', PASSWORD);
    expect((await c.code(code!)).status).toBe(303);
    expect((await c.get('/console')).status).toBe(200);
    const again = client(s);
    await again.password('lost-phone', PASSWORD);
    expect((await again.code(code!)).status).toBe(401);
    s.clock.set('2026-12-04T15:10:16+09:00');
    expect((await again.get('/console/login/code')).headers.get('location')).toBe(
      '/console/login?next=%2Fconsole%2Flogin%2Fcode',
    );
    const signedIn = await auditOf('login.succeeded');
    expect(
      signedIn.some(
        (a) => a.actor === 'account:lost-phone' && (a.detail as { factor?: string })?.factor === 'recovery',
      ),
    ).toBe(true);
  });

  it('hospital staff sign in with the password alone until they choose to enrol; an administrator reset is audited', async () => {
    s.clock.set('2026-12-04T16:00:15+09:00');
    const staff = await account('ward', 'hospital_staff');
    const c = client(s);
    const plain = await c.password('ward', PASSWORD);
    // Hospital staff land on their hospital's work today.
    expect(plain.headers.get('location')).toBe('/console/today');
    expect((await c.get('/console')).status).toBe(200);
    // By choice, from the console's own page.
    expect(await (await c.get('/console')).text()).toContain('href="/console/two-factor"');
    await c.enrol('ward');
    const next = client(s);
    expect((await next.password('ward', PASSWORD)).headers.get('location')).toBe(
      '/console/login/code?next=%2Fconsole%2Ftoday',
    );
    expect((await next.login('ward', PASSWORD)).status).toBe(303);
    const reset = await s.admin(`/v1/admin/accounts/${staff.account.id}/two-factor/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(((await reset.json()) as { twoFactor: boolean }).twoFactor).toBe(false);
    // Its sessions end with it, and the next login asks the password alone again.
    expect((await next.get('/console')).status).toBe(303);
    expect((await client(s).password('ward', PASSWORD)).headers.get('location')).toBe('/console/today');
    const audited = await auditOf('two_factor.reset');
    expect(audited.map((a) => [a.actor, a.target])).toEqual([['bootstrap-admin', staff.account.id]]);
    // Hospital staff cannot reset anyone's.
    const denied = await fetch(`${s.base}/v1/admin/accounts/${staff.account.id}/two-factor/reset`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff.apiToken}` },
    });
    expect(denied.status).toBe(403);
  });
});
