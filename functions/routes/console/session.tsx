import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { auditDenied, LOGIN_WINDOW_MS, type SessionStage, sessionFor } from '../../../engine/access/index.js';
import type { Deps } from '../../../engine/deps.js';
import { refusedWithoutCsrf } from '../../csrfToken.js';
import type { AppEnv } from '../../env.js';
import type { PageContext } from '../../pages/console/common.js';
import { LoginPage } from '../../pages/console/login.js';

// What every console page shares, apart from the console app that mounts them: the page groups
// (case, directory) import this and the console app imports them, so nothing imports back.

/** `__Host-`: only over a secure origin (localhost counts), path /, no Domain: no subdomain can set or read it. */
export const SESSION_COOKIE = '__Host-renkei_session';

/** Only paths inside the console: never an open redirect. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/console(\/[^/\\]|$|\?)/.test(next) ? next : '/console';
}

/** What a locked login id reads, at the password and at the second factor alike. */
export const LOCKED_OUT = `ログインの失敗が続いたため、しばらく(${LOGIN_WINDOW_MS / 60_000}分)ログインできません。`;

/** The session cookie, living as long as the session row it names. */
export function setSessionCookie(c: Context<AppEnv>, token: string, ttlMs: number) {
  setCookie(c, SESSION_COOKIE, token, {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: Math.floor(ttlMs / 1000),
  });
}

/** Where a session whose second factor is still to come may go (and logout): nowhere else. */
export const SECOND_FACTOR_PAGE: Record<Exclude<SessionStage, 'full'>, string> = {
  code: '/console/login/code',
  enrol: '/console/two-factor',
};

export const pageContext = (c: Context<AppEnv>): PageContext => ({
  principal: c.get('principal'),
  csrf: c.get('csrfToken'),
});

/** Signed-in people only; every form POST carries the session's CSRF token. */
export function requireSession(deps: Deps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.path === '/console/login') return next();
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await sessionFor(deps, token) : null;
    if (!session) {
      if (c.req.method === 'GET')
        return c.redirect(`/console/login?next=${encodeURIComponent(c.req.path + new URL(c.req.url).search)}`, 303);
      return c.html(
        <LoginPage next="/console" error="ログインの有効期限が切れました。もう一度ログインしてください。" />,
        401,
      );
    }
    const refused = await refusedWithoutCsrf(deps, c, session.principal.actor, session.csrfToken);
    if (refused) return refused;
    if (session.stage !== 'full') {
      const page = SECOND_FACTOR_PAGE[session.stage];
      if (c.req.path !== page && c.req.path !== '/console/logout') {
        if (c.req.method === 'GET') return c.redirect(page, 303);
        await auditDenied(deps, session.principal.actor, c.get('requester'), {
          method: c.req.method,
          path: c.req.path,
          reason: 'second_factor_required',
        });
        return c.text('二段階認証を済ませてから操作してください。', 403);
      }
    }
    c.set('principal', session.principal);
    c.set('sessionStage', session.stage);
    c.set('csrfToken', session.csrfToken);
    c.header('Cache-Control', 'no-store');
    await next();
  });
}
