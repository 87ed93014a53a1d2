// Console login lockout: after 10 failed logins within 15 minutes, a login id is refused for a while.
// Each attempt is counted in the database before its password is checked, so concurrent attempts
// (or several processes) cannot check more passwords than the lockout allows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleClient as client } from '../support/console.js';
import { startTestServer, type TestServer } from '../support/server.js';

const PASSWORD = 'center-password-1';

describe('console login lockout: 10 failures within 15 minutes lock the login id', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false, start: '2026-12-04T09:00:00+09:00' });
    for (const loginId of ['center', 'raced']) {
      await s.admin('/v1/admin/accounts', {
        method: 'POST',
        body: { loginId, name: '支援センター 佐藤', role: 'admin', password: PASSWORD },
      });
    }
  });
  afterAll(async () => {
    await s.close();
  });

  it('the 11th attempt after 10 failures is refused even with the right password; 15 minutes later it logs in', async () => {
    const c = client(s);
    for (let i = 0; i < 10; i++) expect((await c.login('center', `wrong-${i}`)).status, `attempt ${i + 1}`).toBe(401);
    const locked = await c.login('center', PASSWORD);
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('ログインの失敗が続いたため');
    expect(c.cookie).toBe('');
    s.clock.set('2026-12-04T09:14:00+09:00');
    expect((await c.login('center', PASSWORD)).status).toBe(429);
    s.clock.set('2026-12-04T09:15:01+09:00');
    expect((await c.login('center', PASSWORD)).status).toBe(303);
  });

  it('40 concurrent wrong attempts check at most 10 passwords; the right password after them is refused', async () => {
    s.clock.set('2026-12-04T11:00:00+09:00');
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        client(s)
          .login('raced', `wrong-${i}`)
          .then((r) => r.status),
      ),
    );
    // 401: a password was checked and was wrong; 429: refused before any check.
    expect(statuses.filter((st) => st === 401)).toHaveLength(10);
    expect(statuses.filter((st) => st === 429)).toHaveLength(30);
    expect((await client(s).login('raced', PASSWORD)).status).toBe(429);
  });
});
