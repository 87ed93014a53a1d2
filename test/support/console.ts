import type { TestServer } from './server.js';

/** A browser-like client: keeps the session cookie, sends Origin on forms, reads the CSRF field. */
export function consoleClient(s: TestServer) {
  let cookie = '';
  const c = {
    async get(path: string) {
      return fetch(`${s.base}${path}`, { headers: { cookie }, redirect: 'manual' });
    },
    async post(path: string, form: Record<string, string>, opts: { origin?: string; csrf?: boolean } = {}) {
      let body = new URLSearchParams(form);
      if (opts.csrf !== false && cookie) {
        const html = await (await c.get('/console')).text();
        body = new URLSearchParams({ ...form, _csrf: /name="_csrf" value="([^"]+)"/.exec(html)![1]! });
      }
      const res = await fetch(`${s.base}${path}`, {
        method: 'POST',
        body,
        redirect: 'manual',
        headers: { cookie, origin: opts.origin ?? s.base, 'content-type': 'application/x-www-form-urlencoded' },
      });
      const set = res.headers.get('set-cookie');
      if (set?.startsWith('__Host-renkei_session=')) cookie = set.split(';')[0]!;
      return res;
    },
    login: (loginId: string, password: string) => c.post('/console/login', { loginId, password, next: '/console' }),
    get cookie() {
      return cookie;
    },
  };
  return c;
}

/** The two console accounts most tests log in with: the region's administrator and 三田市民病院's staff. */
export const ACCOUNTS = {
  admin: { loginId: 'center', password: 'center-password-1' },
  staff: { loginId: 'shimin', password: 'shimin-password-1', hospitalId: 'sanda-shimin' },
} as const;

export async function createConsoleAccounts(s: Pick<TestServer, 'admin'>): Promise<void> {
  await s.admin('/v1/admin/accounts', {
    method: 'POST',
    body: {
      loginId: ACCOUNTS.admin.loginId,
      name: '支援センター 佐藤',
      role: 'admin',
      password: ACCOUNTS.admin.password,
    },
  });
  await s.admin('/v1/admin/accounts', {
    method: 'POST',
    body: {
      loginId: ACCOUNTS.staff.loginId,
      name: '市民病院 田中',
      role: 'hospital_staff',
      hospitalId: ACCOUNTS.staff.hospitalId,
      password: ACCOUNTS.staff.password,
    },
  });
}

/** A console client already logged in as one of ACCOUNTS. */
export async function loggedIn(s: TestServer, who: keyof typeof ACCOUNTS) {
  const c = consoleClient(s);
  await c.login(ACCOUNTS[who].loginId, ACCOUNTS[who].password);
  return c;
}

/** A 地域包括支援センター of Sanda in the directory, for route B's assignments. */
export async function registerSupportCenter(s: Pick<TestServer, 'admin'>, id = 'sanda-houkatsu-1'): Promise<string> {
  await s.admin(`/v1/admin/care-offices/${id}`, {
    method: 'PUT',
    body: {
      name: '三田市北部地域包括支援センター',
      kind: 'community_support_center',
      phone: '079-559-0000',
      fax: '079-559-0001',
      region: 'sanda',
    },
  });
  return id;
}
