import { type Authenticator, authenticator, nextCode, pageReads } from './authenticator.js';
import type { TestServer } from './server.js';

/** Each server's enrolled accounts, by login id: the phones of the people who use it. */
const phones = new WeakMap<TestServer, Map<string, Authenticator>>();

/** The authenticator app enrolled for this login id on this server, once the client has enrolled it. */
export function phoneOf(s: TestServer, loginId: string): Authenticator | undefined {
  return phones.get(s)?.get(loginId);
}

/**
 * A browser-like client: keeps the session cookie, sends Origin on forms, reads the CSRF field.
 * `login` signs in the way a person does: the password, then the second factor when the account has
 * one (a code from the enrolled app, or a recovery code when the app has no fresh code at a test's
 * standing clock); an administrator without one enrols first (reading the key off the page), logs
 * out and signs in with a code, so every login ends like a plain one: 303 with the session cookie.
 */
export function consoleClient(s: TestServer) {
  let cookie = '';
  if (!phones.has(s)) phones.set(s, new Map());
  const enrolled = phones.get(s)!;
  const csrfOf = async (page: string) => {
    const html = await (await c.get(page)).text();
    return /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  };
  const c = {
    async get(path: string) {
      return fetch(`${s.base}${path}`, { headers: { cookie }, redirect: 'manual' });
    },
    /** A form post; the CSRF token is read from `csrfFrom` (the overview unless told). */
    async post(
      path: string,
      /** A field given as a list repeats, as check boxes do. */
      form: Record<string, string | string[]>,
      opts: { origin?: string; csrf?: boolean; csrfFrom?: string } = {},
    ) {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
      if (opts.csrf !== false && cookie) body.set('_csrf', (await csrfOf(opts.csrfFrom ?? '/console'))!);
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
    /** A multipart form (a file upload) with the session's CSRF token, as the browser posts it. */
    async upload(path: string, fields: Record<string, string | Blob>) {
      const body = new FormData();
      body.set('_csrf', (await csrfOf('/console'))!);
      for (const [k, v] of Object.entries(fields)) body.set(k, v);
      return fetch(`${s.base}${path}`, {
        method: 'POST',
        body,
        redirect: 'manual',
        headers: { cookie, origin: s.base },
      });
    },
    /** The password alone: 303 to the second factor's page, when the account has (or must enrol) one. */
    password: (loginId: string, password: string) => c.post('/console/login', { loginId, password, next: '/console' }),
    /** The second factor's form, with what a person types into it. */
    code: (code: string) =>
      c.post('/console/login/code', { code, next: '/console' }, { csrfFrom: '/console/login/code' }),
    /** Enrols the authenticator from the enrolment page; answers the page of recovery codes. */
    async enrol(loginId: string) {
      const page = await (await c.get('/console/two-factor')).text();
      const app = authenticator(pageReads.secret(page)!);
      const res = await c.post(
        '/console/two-factor',
        { code: nextCode(app, s.clock.now().getTime())!, next: '/console' },
        { csrfFrom: '/console/two-factor' },
      );
      if (res.status !== 200) throw new Error(`enrolment of ${loginId}: ${res.status}`);
      const html = await res.text();
      app.recoveryCodes = pageReads.recoveryCodes(html);
      enrolled.set(loginId, app);
      return html;
    },
    async login(loginId: string, password: string): Promise<Response> {
      const res = await c.password(loginId, password);
      const to = res.headers.get('location') ?? '';
      if (res.status !== 303 || !/^\/console\/(login\/code|two-factor)\?/.test(to)) return res;
      if (to.startsWith('/console/two-factor')) {
        await c.enrol(loginId);
        await c.post('/console/logout', {});
        return c.login(loginId, password);
      }
      const app = enrolled.get(loginId);
      if (!app) throw new Error(`${loginId} has a second factor this test client never enrolled`);
      const code = nextCode(app, s.clock.now().getTime());
      if (code) return c.code(code);
      const recovery = app.recoveryCodes.shift();
      if (!recovery) throw new Error(`${loginId}: no fresh code and no recovery code left at this clock`);
      const signedIn = await c.code(recovery);
      if (app.recoveryCodes.length === 0) {
        const issued = await c.post('/console/two-factor/recovery-codes', {}, { csrfFrom: '/console/two-factor' });
        app.recoveryCodes = pageReads.recoveryCodes(await issued.text());
      }
      return signedIn;
    },
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

/** An account created through the API (as the bootstrap administrator): its id and its API token (rk_…). */
export async function createAccount(
  s: Pick<TestServer, 'admin'>,
  body: { loginId: string; name: string; role: 'admin' | 'hospital_staff'; hospitalId?: string; password?: string },
): Promise<{ id: string; apiToken: string }> {
  const res = await s.admin('/v1/admin/accounts', { method: 'POST', body });
  if (res.status !== 201) throw new Error(`account ${body.loginId}: ${res.status} ${await res.text()}`);
  const created = (await res.json()) as { account: { id: string }; apiToken: string };
  return { id: created.account.id, apiToken: created.apiToken };
}

/** 三田市民病院's staff account of ACCOUNTS alone; answers its API token. */
export async function createStaffAccount(s: Pick<TestServer, 'admin'>): Promise<string> {
  const { loginId, password, hospitalId } = ACCOUNTS.staff;
  return (await createAccount(s, { loginId, name: '市民病院 田中', role: 'hospital_staff', hospitalId, password }))
    .apiToken;
}

/** A request to the API as the holder of an API token: JSON in when there is a body. */
export function asToken(s: Pick<TestServer, 'base'>, token: string) {
  return (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${s.base}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
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

/** The values of a page's <select id="…"> options, in order (what a person can pick). */
export const selectOptions = (html: string, select: string) =>
  [
    ...(new RegExp(`<select id="${select}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? '').matchAll(
      /value="([^"]*)"/g,
    ),
  ].map((m) => m[1]);
