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
